/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_automation_rules: AI automation rules (seed 003 §11): trigger
 * conditions, action parameters and safety limits (decoded by the rules
 * engine), how often they run, and execution counters.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiAutomationRules = Table.make({
  name: "ai_automation_rules",
  origin: "seed-003",
  description: "AI automation rules with trigger conditions, actions, safety limits and execution counters",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    rule_name: Column.text(),
    rule_type: Column.text().check("length(rule_type) > 0", Column.nonEmpty()),
    trigger_conditions: Column.jsonb(),
    action_parameters: Column.jsonb(),
    safety_limits: Column.jsonb().nullable(),
    is_active: Column.boolean().nullable().default("true"),
    execution_frequency: Column.oneOf(["continuous", "hourly", "daily"]).nullable().default("'hourly'"),
    last_execution_at: Column.timestamptz().nullable(),
    execution_count: Column.integer().nullable().default("0").check("execution_count >= 0", Column.atLeast(0)),
    success_rate: Column.numeric(5, 2).nullable().check("success_rate BETWEEN 0 AND 100", Column.between(0, 100)),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
