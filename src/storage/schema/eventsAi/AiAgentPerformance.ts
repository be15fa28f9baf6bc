/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_agent_performance: time series of named metrics per agent (seed 000 §1).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiAgentPerformance = Table.make({
  name: "ai_agent_performance",
  origin: "seed-000",
  description: "Named metric values per agent over time",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    agent_id: Column.uuid(),
    metric_name: Column.text(),
    metric_value: Column.numeric(10, 4),
    measurement_date: Column.timestamptz(),
    context: Column.jsonObject().nullable().default("'{}'"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
