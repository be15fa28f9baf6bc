/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_decisions: every decision the safety envelope took, live
 * or shadow, written in the action's own transaction: the request, the
 * outcome (`passed`, `clamped`, `blocked`, `pending_approval`) with its reason,
 * the parameters that ran (after clamping), the handler's result or error.
 * A live `pending_approval` row carries `approval = 'pending'` until a person
 * approves or rejects it; the decision taken on approval is its own row,
 * linked by `resolution_id`.
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyDecisions = Table.make({
  name: "safety_decisions",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Every safety envelope decision with its request and reason; pending approvals",
  primaryKey: "id",
  checks: [
    {
      name: "safety_decisions_approval_state_check",
      field: "approval",
      description: "approval is set exactly on live pending_approval decisions",
      holds: (row) =>
        row.outcome === undefined || row.mode === undefined ||
        ((row.approval !== undefined && row.approval !== null) === (row.outcome === "pending_approval" && row.mode === "live"))
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    request_id: Column.text().check("length(request_id) > 0", Column.nonEmpty()),
    action: Column.text().check("length(action) > 0", Column.nonEmpty()),
    requester: Column.text().check("length(requester) > 0", Column.nonEmpty()),
    run_id: Column.text().nullable(),
    entity: Column.text().nullable(),
    outcome: Column.oneOf(["passed", "clamped", "blocked", "pending_approval"]),
    reason_code: Column.text().check("length(reason_code) > 0", Column.nonEmpty()),
    reason: Column.text(),
    mode: Column.oneOf(["live", "shadow"]),
    status: Column.oneOf(["succeeded", "failed", "not_run"]),
    request: Column.jsonb(),
    decision: Column.jsonb(),
    parameters: Column.jsonb().nullable(),
    result: Column.jsonb().nullable(),
    error: Column.text().nullable(),
    decided_at: Column.timestamptz(),
    started_at: Column.timestamptz().nullable(),
    finished_at: Column.timestamptz().nullable(),
    approval: Column.oneOf(["pending", "approved", "rejected"]).nullable(),
    resolved_by: Column.text().nullable(),
    resolved_at: Column.timestamptz().nullable(),
    resolution_note: Column.text().nullable(),
    resolution_id: Column.uuid().nullable(),
    created_at: Column.timestamptz().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
