/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_performance_scores: how well the AI system itself performs (seed 003 §3):
 * a score per metric and measurement period, its benchmark and trend.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiPerformanceScores = Table.make({
  name: "ai_performance_scores",
  origin: "seed-003",
  description: "AI system performance scores per metric and period, with benchmark comparison and trend",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    metric_type: Column.text().check("length(metric_type) > 0", Column.nonEmpty()),
    score_value: Column.numeric(5, 2),
    measurement_period: Column.oneOf(["hourly", "daily", "weekly"]).nullable(),
    context_filters: Column.jsonObject().nullable().default("'{}'"),
    benchmark_comparison: Column.numeric(5, 2).nullable(),
    trend_direction: Column.oneOf(["improving", "declining", "stable"]).nullable(),
    calculated_at: Column.timestamptz().nullable().default("now()"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
