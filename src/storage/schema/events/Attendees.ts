/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * attendees: people registered for an event (optionally linked to a user),
 * with registration status, registration answers and check-in time.
 *
 * @since 0.1.0
 * @category tables
 */
export const Attendees = Table.make({
  name: "attendees",
  origin: "core-events",
  description: "People registered for an event, with status, answers and check-in",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    user_id: Column.uuid().nullable(),
    full_name: Column.text().check("length(full_name) > 0", Column.nonEmpty()),
    email: Column.text().check(`email ${Checks.emailSql}`, Checks.email),
    company: Column.text().nullable(),
    job_title: Column.text().nullable(),
    status: Column.oneOf(["registered", "confirmed", "waitlisted", "cancelled", "no_show"]).default("'registered'"),
    badge_name: Column.text().nullable(),
    interests: Column.textArray().default("'{}'"),
    answers: Column.jsonObject().default("'{}'"),
    checked_in_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
