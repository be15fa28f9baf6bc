/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_insights: findings about an event with confidence, impact and actionable
 * items (seed 000 §5).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiInsights = Table.make({
  name: "ai_insights",
  origin: "seed-000",
  description: "Findings about an event: confidence, impact, actionable items",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid(),
    insight_type: Column.oneOf([
      "attendee_behavior",
      "sponsor_performance",
      "content_engagement",
      "networking_success",
      "revenue_optimization",
      "operational_efficiency"
    ]),
    insight_title: Column.text(),
    insight_description: Column.text(),
    insight_data: Column.jsonb(),
    confidence_score: Column.numeric(3, 2),
    impact_score: Column.numeric(3, 2),
    actionable_items: Column.jsonArray().nullable().default("'[]'"),
    generated_by_agent_id: Column.uuid().nullable(),
    is_implemented: Column.boolean().nullable().default("false"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
