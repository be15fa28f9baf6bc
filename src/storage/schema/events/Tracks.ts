/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * tracks: thematic tracks of an event's programme (e.g. "AI & Data").
 *
 * @since 0.1.0
 * @category tables
 */
export const Tracks = Table.make({
  name: "tracks",
  origin: "core-events",
  description: "Thematic tracks of an event's programme",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    name: Column.text().check("length(name) > 0; unique per event", Column.nonEmpty()),
    description: Column.text().nullable(),
    color: Column.text().nullable().check("color ~ '^#[0-9A-Fa-f]{6}$'", Checks.hexColor),
    position: Column.integer().default("0"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
