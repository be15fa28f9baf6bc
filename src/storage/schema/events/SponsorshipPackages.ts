/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * sponsorship_packages: the sponsorship tiers an event offers (Gold,
 * Silver, ...): price, how many sponsors can take it, benefits.
 *
 * @since 0.1.0
 * @category tables
 */
export const SponsorshipPackages = Table.make({
  name: "sponsorship_packages",
  origin: "core-events",
  description: "Sponsorship tiers an event offers: price, slots, benefits",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    name: Column.text().check("length(name) > 0; unique per event", Column.nonEmpty()),
    description: Column.text().nullable(),
    tier_rank: Column.integer().default("0"),
    price: Column.numeric(12, 2).check("price >= 0", Column.atLeast(0)),
    currency: Column.text().check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    max_sponsors: Column.integer().nullable().check("max_sponsors > 0", Column.greaterThan(0)),
    benefits: Column.jsonArray().default("'[]'"),
    is_active: Column.boolean().default("true"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
