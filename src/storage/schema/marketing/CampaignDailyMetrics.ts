/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * campaign_daily_metrics: what the ad platform reports for a campaign and a
 * day (in the campaign's currency), one row per (campaign_id, metric_date).
 * Derived ratios (CTR, CPC, CPA, ROAS) are computed, not stored. `is_final`
 * is false while the platform may still restate the day.
 *
 * @since 0.1.0
 * @category tables
 */
export const CampaignDailyMetrics = Table.make({
  name: "campaign_daily_metrics",
  origin: "core-marketing",
  description: "Daily metrics a platform reports per campaign: impressions, clicks, conversions, spend, revenue",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    campaign_id: Column.uuid().check("UNIQUE (campaign_id, metric_date)"),
    metric_date: Column.date(),
    impressions: Column.integer().default("0").check("impressions >= 0", Column.atLeast(0)),
    clicks: Column.integer().default("0").check("clicks >= 0", Column.atLeast(0)),
    conversions: Column.numeric(12, 2).default("0").check("conversions >= 0", Column.atLeast(0)),
    spend: Column.numeric(12, 2).default("0").check("spend >= 0", Column.atLeast(0)),
    revenue: Column.numeric(12, 2).default("0").check("revenue >= 0", Column.atLeast(0)),
    reach: Column.integer().nullable().check("reach >= 0", Column.atLeast(0)),
    video_views: Column.integer().nullable().check("video_views >= 0", Column.atLeast(0)),
    view_through_conversions: Column.numeric(12, 2).nullable().check("view_through_conversions >= 0", Column.atLeast(0)),
    search_impression_share: Column.numeric(5, 2).nullable().check(
      "search_impression_share BETWEEN 0 AND 100",
      Column.between(0, 100)
    ),
    is_final: Column.boolean().default("false"),
    synced_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
