/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_training_data: examples an agent learns from, with their source event
 * and user and a quality score (seed 000 §3).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiTrainingData = Table.make({
  name: "ai_training_data",
  origin: "seed-000",
  description: "Training examples per agent, with source and quality score",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    agent_id: Column.uuid(),
    data_type: Column.oneOf(["content", "behavior", "feedback", "performance", "interaction"]),
    source_event_id: Column.uuid().nullable(),
    source_user_id: Column.uuid().nullable(),
    raw_data: Column.jsonb(),
    processed_data: Column.jsonb().nullable(),
    quality_score: Column.numeric(3, 2).nullable().check(
      "quality_score >= 0 AND quality_score <= 1 (inline and check_quality_score)",
      Column.between(0, 1)
    ),
    is_verified: Column.boolean().nullable().default("false"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
