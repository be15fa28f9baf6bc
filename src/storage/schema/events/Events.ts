/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"
import * as Checks from "../core/internal/checks.ts"

/**
 * events: one row per event an account organises (conference, meetup,
 * festival): schedule, format, status, capacity and currency. Seed 000's AI
 * tables and RLS policies hang off it (`events.account_id`).
 *
 * @since 0.1.0
 * @category tables
 */
export const Events = Table.make({
  name: "events",
  origin: "core-events",
  description: "Events an account organises; the seed's AI tables and RLS policies hang off it",
  primaryKey: "id",
  checks: [
    {
      name: "events_schedule_check",
      field: "ends_at",
      description: "ends_at must not be before starts_at",
      holds: (row) => ordered(row.starts_at, row.ends_at)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    venue_id: Column.uuid().nullable(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    slug: Column.text().check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'; unique per account", Checks.slug),
    description: Column.text().nullable(),
    status: Column.oneOf(["draft", "published", "live", "completed", "cancelled", "archived"]).default("'draft'"),
    format: Column.oneOf(["in_person", "virtual", "hybrid"]).default("'in_person'"),
    starts_at: Column.timestamptz(),
    ends_at: Column.timestamptz().check("ends_at >= starts_at (events_schedule_check)"),
    timezone: Column.text().default("'UTC'"),
    capacity: Column.integer().nullable().check("capacity > 0", Column.greaterThan(0)),
    currency: Column.text().default("'USD'").check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    website_url: Column.text().nullable(),
    tags: Column.textArray().default("'{}'"),
    settings: Column.jsonObject().default("'{}'"),
    created_by: Column.uuid().nullable(),
    published_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
