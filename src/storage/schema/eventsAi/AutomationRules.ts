/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * automation_rules: declarative rules (trigger conditions, actions) with
 * execution statistics (seed 000 §7).
 *
 * @since 0.1.0
 * @category tables
 */
export const AutomationRules = Table.make({
  name: "automation_rules",
  origin: "seed-000",
  description: "Declarative rules: trigger conditions, actions, execution statistics",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    rule_name: Column.text(),
    rule_type: Column.oneOf(["trigger", "condition", "action", "sequence"]),
    trigger_conditions: Column.jsonb(),
    action_definitions: Column.jsonb(),
    is_active: Column.boolean().nullable().default("true"),
    execution_count: Column.integer().nullable().default("0"),
    success_rate: Column.numeric(3, 2).nullable().default("0.0"),
    last_executed_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().nullable().default("now()"),
    updated_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
