/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "./internal/checks.ts"

/**
 * accounts: one row per tenant (an organiser company or team). Events, venues
 * and account-owned AI agents hang off it; membership is `account_users`.
 *
 * @since 0.1.0
 * @category tables
 */
export const Accounts = Table.make({
  name: "accounts",
  origin: "core-events",
  description: "Tenants: an organiser company or team that owns events, venues and agents",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    slug: Column.text().check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'; unique", Checks.slug),
    billing_email: Column.text().nullable().check(`billing_email ${Checks.emailSql}`, Checks.email),
    default_currency: Column.text().default("'USD'").check("default_currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    timezone: Column.text().default("'UTC'"),
    settings: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
