/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * user_preferences: explicit, inferred or behavioural preferences of a user
 * with a confidence level (seed 000 §4).
 *
 * @since 0.1.0
 * @category tables
 */
export const UserPreferences = Table.make({
  name: "user_preferences",
  origin: "seed-000",
  description: "A user's preferences (explicit, inferred, behavioural) with confidence",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    user_id: Column.uuid(),
    preference_type: Column.text(),
    preference_value: Column.jsonb(),
    confidence_level: Column.numeric(3, 2).nullable().default("0.5"),
    source: Column.oneOf(["explicit", "inferred", "behavioral"]).nullable().default("'explicit'"),
    last_updated: Column.timestamptz().nullable().default("now()"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
