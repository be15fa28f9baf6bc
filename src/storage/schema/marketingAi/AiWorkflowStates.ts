/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"

/**
 * ai_workflow_states (named in seed 003, designed here): one row per instance
 * of a multi-step AI process (a decision cycle, a budget reallocation, an
 * experiment's lifecycle): its current step, accumulated state and status.
 * `(workflow_name, instance_key)` is unique, so a run is resumed, not
 * duplicated. `cycle_id` optionally links the master cycle that started it.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiWorkflowStates = Table.make({
  name: "ai_workflow_states",
  origin: "seed-003-named",
  description: "State of multi-step AI processes: current step, accumulated state, status and error",
  primaryKey: "id",
  checks: [
    {
      name: "ai_workflow_states_steps_check",
      field: "step_index",
      description: "step_index must not exceed total_steps",
      holds: (row) => ordered(row.step_index, row.total_steps)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    cycle_id: Column.uuid().nullable(),
    workflow_name: Column.text().check("length(workflow_name) > 0; UNIQUE (workflow_name, instance_key)", Column.nonEmpty()),
    workflow_type: Column.text().check("length(workflow_type) > 0", Column.nonEmpty()),
    instance_key: Column.text().check("length(instance_key) > 0", Column.nonEmpty()),
    current_step: Column.text().nullable(),
    step_index: Column.integer().default("0").check("step_index >= 0", Column.atLeast(0)).check(
      "step_index <= total_steps (ai_workflow_states_steps_check)"
    ),
    total_steps: Column.integer().nullable().check("total_steps >= 1", Column.atLeast(1)),
    state: Column.jsonObject().default("'{}'"),
    status: Column.oneOf(["pending", "running", "waiting", "completed", "failed", "cancelled"]).default("'pending'"),
    attempt: Column.integer().default("1").check("attempt >= 1", Column.atLeast(1)),
    error_message: Column.text().nullable(),
    error_details: Column.jsonb().nullable(),
    started_at: Column.timestamptz().default("now()"),
    completed_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
