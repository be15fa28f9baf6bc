/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * session_attendees: an attendee's registration for a session, with session
 * check-in and a 1–5 rating; one row per (session, attendee).
 *
 * @since 0.1.0
 * @category tables
 */
export const SessionAttendees = Table.make({
  name: "session_attendees",
  origin: "core-events",
  description: "Attendees registered for a session, with check-in and rating",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    session_id: Column.uuid(),
    attendee_id: Column.uuid(),
    status: Column.oneOf(["registered", "waitlisted", "attended", "cancelled", "no_show"]).default("'registered'"),
    registered_at: Column.timestamptz().default("now()"),
    checked_in_at: Column.timestamptz().nullable(),
    rating: Column.integer().nullable().check("rating >= 1 AND rating <= 5", Column.between(1, 5)),
    feedback: Column.text().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
