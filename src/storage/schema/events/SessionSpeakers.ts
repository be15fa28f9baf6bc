/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * session_speakers: who speaks at a session and in what role; one row per
 * (session, speaker).
 *
 * @since 0.1.0
 * @category tables
 */
export const SessionSpeakers = Table.make({
  name: "session_speakers",
  origin: "core-events",
  description: "Speakers of a session and their role",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    session_id: Column.uuid(),
    speaker_id: Column.uuid(),
    role: Column.oneOf(["speaker", "moderator", "panelist", "host"]).default("'speaker'"),
    position: Column.integer().default("0"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
