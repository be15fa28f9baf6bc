/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * marketing_ai.ai_recommendations: AI-generated optimization recommendations
 * (seed 003 §5). Lives in the `marketing_ai` schema because seed 000 defines
 * a different `ai_recommendations` (in `events_ai`).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiRecommendations = Table.make({
  name: "ai_recommendations",
  schema: "marketing_ai",
  origin: "seed-003",
  description: "AI-generated optimization recommendations for a campaign, ad group or keyword",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    recommendation_type: Column.text().check("length(recommendation_type) > 0", Column.nonEmpty()),
    target_entity_type: Column.text().check("length(target_entity_type) > 0", Column.nonEmpty()),
    target_entity_id: Column.uuid().nullable(),
    current_state: Column.jsonb().nullable(),
    recommended_changes: Column.jsonb(),
    expected_impact: Column.jsonb().nullable(),
    confidence_level: Column.numeric(3, 1).nullable().check("confidence_level BETWEEN 0 AND 10", Column.between(0, 10)),
    priority_score: Column.integer().nullable().default("5").check("priority_score BETWEEN 1 AND 10", Column.between(1, 10)),
    implementation_complexity: Column.oneOf(["low", "medium", "high"]).nullable().default("'medium'"),
    status: Column.oneOf(["pending", "approved", "implemented", "rejected"]).nullable().default("'pending'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    implemented_at: Column.timestamptz().nullable(),
    /** Ringmaster (migration 0008): the decision waiting for approval */
    decision_id: Column.uuid().nullable(),
    /** Ringmaster (migration 0008): the pending envelope decision (unique) */
    safety_decision_id: Column.uuid().nullable().check("UNIQUE WHERE NOT NULL")
  }
})
