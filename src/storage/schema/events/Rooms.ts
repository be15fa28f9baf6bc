/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * rooms: where an event's sessions take place, physical or virtual (a stage
 * with a stream URL), as pretalx rooms / Open Event Server microlocations.
 *
 * @since 0.1.0
 * @category tables
 */
export const Rooms = Table.make({
  name: "rooms",
  origin: "core-events",
  description: "Rooms and virtual stages an event's sessions take place in",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    name: Column.text().check("length(name) > 0; unique per event", Column.nonEmpty()),
    capacity: Column.integer().nullable().check("capacity > 0", Column.greaterThan(0)),
    location_note: Column.text().nullable(),
    is_virtual: Column.boolean().default("false"),
    stream_url: Column.text().nullable(),
    position: Column.integer().default("0"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
