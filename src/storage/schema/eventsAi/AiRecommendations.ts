/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_recommendations (schema `events_ai`): what an agent recommends to a
 * user at an event, with confidence and the user's feedback (seed 000 §4).
 * Seed 003 has its own table of this name, in `marketing_ai`.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiRecommendations = Table.make({
  name: "ai_recommendations",
  schema: "events_ai",
  origin: "seed-000",
  description: "Recommendations to a user at an event: item, confidence, feedback",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    user_id: Column.uuid(),
    event_id: Column.uuid(),
    recommendation_type: Column.oneOf(["session", "networking", "sponsor", "content", "activity"]),
    recommended_item_id: Column.uuid(),
    recommended_item_type: Column.text(),
    confidence_score: Column.numeric(3, 2).check(
      "confidence_score >= 0 AND confidence_score <= 1 (inline and check_confidence_score)",
      Column.between(0, 1)
    ),
    reasoning: Column.jsonObject().nullable().default("'{}'"),
    is_accepted: Column.boolean().nullable(),
    feedback_score: Column.integer().nullable().check(
      "feedback_score >= 1 AND feedback_score <= 5 (inline and check_feedback_score)",
      Column.between(1, 5)
    ),
    created_at: Column.timestamptz().nullable().default("now()"),
    expires_at: Column.timestamptz().nullable()
  }
})
