/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_decision_logs: every autonomous AI decision (seed 003 §2): its type,
 * context, rationale, confidence (0–100), action, predicted and actual impact,
 * and whether it was later validated.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiDecisionLogs = Table.make({
  name: "ai_decision_logs",
  origin: "seed-003",
  description: "All autonomous AI decisions, with rationale, confidence and predicted vs actual impact",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    cycle_id: Column.uuid().nullable(),
    decision_type: Column.text().check("length(decision_type) > 0", Column.nonEmpty()),
    context_data: Column.jsonObject().default("'{}'"),
    decision_rationale: Column.text().nullable(),
    confidence_score: Column.numeric(5, 2).nullable().check("confidence_score BETWEEN 0 AND 100", Column.between(0, 100)),
    action_taken: Column.text().nullable(),
    impact_prediction: Column.jsonb().nullable(),
    actual_impact: Column.jsonb().nullable(),
    validation_status: Column.oneOf(["pending", "validated", "incorrect"]).nullable().default("'pending'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    /** Ringmaster (migration 0008): the safety envelope's record of this decision's action */
    safety_decision_id: Column.uuid().nullable(),
    /** Ringmaster (migration 0008): when the impact window ends and the decision is scored */
    impact_due_at: Column.timestamptz().nullable()
  }
})
