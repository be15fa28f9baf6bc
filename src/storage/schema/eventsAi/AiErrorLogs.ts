/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_error_logs: errors raised by agents and workflows, with severity and
 * resolution (seed 000 §8).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiErrorLogs = Table.make({
  name: "ai_error_logs",
  origin: "seed-000",
  description: "Errors raised by agents and workflows: severity, context, resolution",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    agent_id: Column.uuid().nullable(),
    workflow_id: Column.uuid().nullable(),
    error_type: Column.text(),
    error_message: Column.text(),
    error_context: Column.jsonObject().nullable().default("'{}'"),
    stack_trace: Column.text().nullable(),
    severity: Column.oneOf(["low", "medium", "high", "critical"]),
    is_resolved: Column.boolean().nullable().default("false"),
    resolved_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
