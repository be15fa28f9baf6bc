/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * sessions: the talks, workshops, panels and breaks of an event's programme,
 * with track, room, schedule and capacity. Unscheduled sessions have neither
 * `starts_at` nor `ends_at`.
 *
 * @since 0.1.0
 * @category tables
 */
export const Sessions = Table.make({
  name: "sessions",
  origin: "core-events",
  description: "Talks, workshops, panels and breaks of an event's programme",
  primaryKey: "id",
  checks: [
    {
      name: "sessions_schedule_check",
      field: "ends_at",
      description: "starts_at and ends_at are both set, with ends_at after starts_at, or both empty",
      holds: (row) => {
        const starts = row.starts_at ?? null
        const ends = row.ends_at ?? null
        return (starts === null && ends === null) || (starts !== null && ends !== null && ends.getTime() > starts.getTime())
      }
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    track_id: Column.uuid().nullable(),
    room_id: Column.uuid().nullable(),
    title: Column.text().check("length(title) > 0", Column.nonEmpty()),
    abstract: Column.text().nullable(),
    session_type: Column.oneOf(["keynote", "talk", "panel", "workshop", "lightning_talk", "roundtable", "networking", "break"])
      .default("'talk'"),
    status: Column.oneOf(["draft", "confirmed", "scheduled", "cancelled"]).default("'draft'"),
    level: Column.oneOf(["beginner", "intermediate", "advanced"]).nullable(),
    language: Column.text().nullable(),
    starts_at: Column.timestamptz().nullable().check("set together with ends_at (sessions_schedule_check)"),
    ends_at: Column.timestamptz().nullable().check("ends_at > starts_at, both set or both NULL (sessions_schedule_check)"),
    capacity: Column.integer().nullable().check("capacity > 0", Column.greaterThan(0)),
    tags: Column.textArray().default("'{}'"),
    metadata: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
