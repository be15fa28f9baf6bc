/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_learning_feedback: the machine-learning feedback loop (seed 003 §6):
 * feedback on a decision, its weight, and whether it was integrated.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiLearningFeedback = Table.make({
  name: "ai_learning_feedback",
  origin: "seed-003",
  description: "Feedback on AI decisions (outcome validation, user correction) that feeds learning",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    decision_id: Column.uuid().nullable(),
    feedback_type: Column.text().check("length(feedback_type) > 0", Column.nonEmpty()),
    feedback_value: Column.jsonb(),
    learning_weight: Column.numeric(3, 2).nullable().default("1.0").check("learning_weight >= 0", Column.atLeast(0)),
    integration_status: Column.oneOf(["pending", "integrated", "rejected"]).nullable().default("'pending'"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
