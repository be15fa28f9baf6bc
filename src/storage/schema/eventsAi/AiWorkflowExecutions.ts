/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_workflow_executions: one run of a workflow, optionally for an event
 * (seed 000 §2).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiWorkflowExecutions = Table.make({
  name: "ai_workflow_executions",
  origin: "seed-000",
  description: "Runs of a workflow: status, timing, input, output, errors",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    workflow_id: Column.uuid(),
    event_id: Column.uuid().nullable(),
    status: Column.oneOf(["running", "completed", "failed", "cancelled"]),
    started_at: Column.timestamptz(),
    completed_at: Column.timestamptz().nullable(),
    input_data: Column.jsonObject().nullable().default("'{}'"),
    output_data: Column.jsonObject().nullable().default("'{}'"),
    error_log: Column.jsonObject().nullable().default("'{}'"),
    performance_metrics: Column.jsonObject().nullable().default("'{}'"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
