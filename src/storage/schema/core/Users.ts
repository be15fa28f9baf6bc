/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "./internal/checks.ts"

/**
 * users: one row per person who signs in. `id` is the identity `auth.uid()`
 * returns; email is unique case-insensitively (`users_email_lower_key`).
 *
 * @since 0.1.0
 * @category tables
 */
export const Users = Table.make({
  name: "users",
  origin: "core-events",
  description: "People who sign in; id is what auth.uid() returns",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    email: Column.text().check(`email ${Checks.emailSql}; unique on lower(email)`, Checks.email),
    full_name: Column.text().nullable(),
    avatar_url: Column.text().nullable(),
    locale: Column.text().default("'en'"),
    timezone: Column.text().default("'UTC'"),
    last_seen_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
