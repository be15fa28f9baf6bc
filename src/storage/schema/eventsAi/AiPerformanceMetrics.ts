/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_performance_metrics: categorised metrics per agent (accuracy, latency,
 * cost, ...) over time (seed 000 §8).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiPerformanceMetrics = Table.make({
  name: "ai_performance_metrics",
  origin: "seed-000",
  description: "Categorised metrics per agent (accuracy, latency, cost) over time",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    agent_id: Column.uuid(),
    metric_category: Column.oneOf(["accuracy", "precision", "recall", "latency", "throughput", "cost"]),
    metric_name: Column.text(),
    metric_value: Column.numeric(10, 4),
    measurement_context: Column.jsonObject().nullable().default("'{}'"),
    measurement_timestamp: Column.timestamptz(),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
