/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"

/**
 * ai_campaign_forecasts: AI performance forecasts for a campaign and period
 * (seed 003 §8), with actual metrics and an accuracy score once the period
 * ends. `campaign_id` references `campaigns(id)` ON DELETE SET NULL.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiCampaignForecasts = Table.make({
  name: "ai_campaign_forecasts",
  origin: "seed-003",
  description: "AI performance forecasts per campaign and period, scored against actuals when the period ends",
  primaryKey: "id",
  checks: [
    {
      name: "ai_campaign_forecasts_period_check",
      field: "forecast_period_end",
      description: "forecast_period_end must not be before forecast_period_start",
      holds: (row) => ordered(row.forecast_period_start, row.forecast_period_end)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    campaign_id: Column.uuid().nullable(),
    forecast_type: Column.text().check("length(forecast_type) > 0", Column.nonEmpty()),
    forecast_period_start: Column.date().nullable(),
    forecast_period_end: Column.date().nullable().check(
      "forecast_period_end >= forecast_period_start (ai_campaign_forecasts_period_check)"
    ),
    predicted_metrics: Column.jsonb(),
    confidence_intervals: Column.jsonb().nullable(),
    model_used: Column.text().nullable(),
    actual_metrics: Column.jsonb().nullable(),
    accuracy_score: Column.numeric(5, 2).nullable(),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
