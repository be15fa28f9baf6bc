/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * speakers: an event's speaker profiles (pretalx style: per event, optionally
 * linked to a user account).
 *
 * @since 0.1.0
 * @category tables
 */
export const Speakers = Table.make({
  name: "speakers",
  origin: "core-events",
  description: "An event's speaker profiles, optionally linked to a user",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    user_id: Column.uuid().nullable(),
    full_name: Column.text().check("length(full_name) > 0", Column.nonEmpty()),
    email: Column.text().nullable().check(`email ${Checks.emailSql}`, Checks.email),
    headline: Column.text().nullable(),
    company: Column.text().nullable(),
    bio: Column.text().nullable(),
    avatar_url: Column.text().nullable(),
    social_links: Column.jsonObject().default("'{}'"),
    topics: Column.textArray().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
