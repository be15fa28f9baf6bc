/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_outcomes: each executed handler's success or failure, for
 * the envelope's circuit breaker. Rows older than a week are pruned.
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyOutcomes = Table.make({
  name: "safety_outcomes",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Safety envelope state: handler outcomes for the circuit breaker",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    requester: Column.text().check("length(requester) > 0", Column.nonEmpty()),
    at: Column.timestamptz(),
    success: Column.boolean(),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
