/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * sponsors: companies sponsoring an event, the package they took, the deal's
 * status and amount, and the contact.
 *
 * @since 0.1.0
 * @category tables
 */
export const Sponsors = Table.make({
  name: "sponsors",
  origin: "core-events",
  description: "Companies sponsoring an event: package, status, contract, contact",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    package_id: Column.uuid().nullable(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    description: Column.text().nullable(),
    website_url: Column.text().nullable(),
    logo_url: Column.text().nullable(),
    contact_name: Column.text().nullable(),
    contact_email: Column.text().nullable().check(`contact_email ${Checks.emailSql}`, Checks.email),
    status: Column.oneOf(["prospect", "negotiating", "confirmed", "cancelled"]).default("'prospect'"),
    contract_amount: Column.numeric(12, 2).nullable().check("contract_amount >= 0", Column.atLeast(0)),
    currency: Column.text().nullable().check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    booth_location: Column.text().nullable(),
    metadata: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
