/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_optimization_history: every optimization the AI applied (seed 003 §9):
 * before/after state, expected and actual improvement, and rollback data.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiOptimizationHistory = Table.make({
  name: "ai_optimization_history",
  origin: "seed-003",
  description: "AI optimization actions with before/after state, results and rollback data",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    target_entity_type: Column.text().check("length(target_entity_type) > 0", Column.nonEmpty()),
    target_entity_id: Column.uuid().nullable(),
    optimization_type: Column.text().check("length(optimization_type) > 0", Column.nonEmpty()),
    before_state: Column.jsonb(),
    after_state: Column.jsonb(),
    expected_improvement: Column.jsonb().nullable(),
    actual_improvement: Column.jsonb().nullable(),
    success_metrics: Column.jsonb().nullable(),
    rollback_data: Column.jsonb().nullable(),
    created_at: Column.timestamptz().nullable().default("now()"),
    /** Ringmaster (migration 0008): the decision that made this change */
    decision_id: Column.uuid().nullable(),
    /** Ringmaster (migration 0008): the safety envelope's record */
    safety_decision_id: Column.uuid().nullable(),
    /** Ringmaster (migration 0008): the id the platform was given (`ringmaster.platform_changes`) */
    platform_change_id: Column.uuid().nullable(),
    /** Ringmaster (migration 0008): the change this entry rolls back (at most one rollback per change) */
    rollback_of: Column.uuid().nullable().check("UNIQUE WHERE NOT NULL"),
    /** Ringmaster (migration 0008): the entry that rolled this change back */
    rolled_back_by: Column.uuid().nullable()
  }
})
