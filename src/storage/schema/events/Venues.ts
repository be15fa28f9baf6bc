/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * venues: a physical place an account runs events at (address, geo position,
 * capacity). Reused across the account's events.
 *
 * @since 0.1.0
 * @category tables
 */
export const Venues = Table.make({
  name: "venues",
  origin: "core-events",
  description: "Physical places an account runs events at",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    address_line1: Column.text().nullable(),
    address_line2: Column.text().nullable(),
    city: Column.text().nullable(),
    region: Column.text().nullable(),
    postal_code: Column.text().nullable(),
    country_code: Column.text().nullable().check("country_code ~ '^[A-Z]{2}$'", Checks.countryCode),
    latitude: Column.numeric(8, 6).nullable().check("latitude >= -90 AND latitude <= 90", Column.between(-90, 90)),
    longitude: Column.numeric(9, 6).nullable().check("longitude >= -180 AND longitude <= 180", Column.between(-180, 180)),
    timezone: Column.text().nullable(),
    capacity: Column.integer().nullable().check("capacity > 0", Column.greaterThan(0)),
    metadata: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
