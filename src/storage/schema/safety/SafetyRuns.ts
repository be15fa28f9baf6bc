/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_runs: executions per requester and run, for the envelope's
 * per-run cap. Rows untouched for a day are pruned.
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyRuns = Table.make({
  name: "safety_runs",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Safety envelope state: executions per requester and run",
  primaryKey: "run_key",
  columns: {
    run_key: Column.text().check("length(run_key) > 0", Column.nonEmpty()),
    requester: Column.text().check("length(requester) > 0", Column.nonEmpty()),
    run_id: Column.text(),
    executions: Column.integer().check("executions >= 0", Column.atLeast(0)).default("0"),
    last_at: Column.timestamptz(),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
