/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"
import * as Checks from "../core/internal/checks.ts"
import * as Marketing from "./internal/checks.ts"

/**
 * campaigns: an advertising campaign of an account on one ad platform (or the
 * simulated platform): objective, channel, budget, schedule and bid strategy.
 * The entity seed 003's decisions, alerts, recommendations and forecasts act
 * on. `platform` is an open vocabulary (`google_ads`, `meta`, `linkedin`,
 * `tiktok`, `microsoft_ads`, `simulated`; plugins add more).
 *
 * @since 0.1.0
 * @category tables
 */
export const Campaigns = Table.make({
  name: "campaigns",
  origin: "core-marketing",
  description: "Advertising campaigns of an account on an ad platform: objective, budget, schedule, bid strategy",
  primaryKey: "id",
  checks: [
    {
      name: "campaigns_schedule_check",
      field: "end_date",
      description: "end_date must not be before start_date",
      holds: (row) => ordered(row.start_date, row.end_date)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    platform: Column.text().check("platform ~ '^[a-z][a-z0-9_]*$'", Marketing.platformKey),
    external_id: Column.text().nullable().check("unique per (account_id, platform) when set"),
    status: Column.oneOf(["draft", "active", "paused", "completed", "archived"]).default("'draft'"),
    objective: Column.oneOf(["awareness", "traffic", "engagement", "leads", "app_promotion", "sales"]).nullable(),
    channel: Column.oneOf(["search", "display", "video", "shopping", "social", "app", "multi_channel"]).nullable(),
    daily_budget: Column.numeric(12, 2).nullable().check("daily_budget >= 0", Column.atLeast(0)),
    lifetime_budget: Column.numeric(12, 2).nullable().check("lifetime_budget >= 0", Column.atLeast(0)),
    currency: Column.text().default("'USD'").check("currency ~ '^[A-Z]{3}$'", Checks.currencyCode),
    start_date: Column.date().nullable(),
    end_date: Column.date().nullable().check("end_date >= start_date (campaigns_schedule_check)"),
    bid_strategy: Column.oneOf([
      "manual_cpc",
      "enhanced_cpc",
      "maximize_clicks",
      "maximize_conversions",
      "maximize_conversion_value",
      "target_cpa",
      "target_roas",
      "target_impression_share",
      "lowest_cost",
      "cost_cap",
      "bid_cap"
    ]).nullable(),
    target_cpa: Column.numeric(12, 2).nullable().check("target_cpa > 0", Column.greaterThan(0)),
    target_roas: Column.numeric(8, 2).nullable().check("target_roas > 0", Column.greaterThan(0)),
    settings: Column.jsonObject().default("'{}'"),
    last_synced_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
