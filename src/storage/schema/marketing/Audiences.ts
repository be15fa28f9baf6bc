/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Marketing from "./internal/checks.ts"

/**
 * audiences: an audience an account targets: its kind, the platform it lives
 * on (NULL: platform-agnostic), its definition (rules, sources, lookalike
 * seed) and the platform's size estimate.
 *
 * @since 0.1.0
 * @category tables
 */
export const Audiences = Table.make({
  name: "audiences",
  origin: "core-marketing",
  description: "Audiences an account targets: kind, definition and size estimate",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    audience_type: Column.oneOf(["custom", "lookalike", "remarketing", "customer_list", "interest", "demographic"]).default("'custom'"),
    platform: Column.text().nullable().check("platform ~ '^[a-z][a-z0-9_]*$'", Marketing.platformKey),
    external_id: Column.text().nullable(),
    description: Column.text().nullable(),
    definition: Column.jsonObject().default("'{}'"),
    size_estimate: Column.integer().nullable().check("size_estimate >= 0", Column.atLeast(0)),
    size_estimated_at: Column.timestamptz().nullable(),
    status: Column.oneOf(["building", "active", "too_small", "archived"]).default("'active'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
