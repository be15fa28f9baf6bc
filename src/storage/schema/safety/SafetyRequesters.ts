/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_requesters: the safety envelope's state per requester (a
 * rule, an agent, a person): executions on the current UTC day, the circuit
 * breaker's pause and the start of its window, and the latest time a decision
 * for it used (`high_water_at`, which keeps day and window accounting
 * monotonic when a clock moves back).
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyRequesters = Table.make({
  name: "safety_requesters",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Safety envelope state per requester: day, executions today, breaker pause, high-water time",
  primaryKey: "requester",
  columns: {
    requester: Column.text().check("length(requester) > 0", Column.nonEmpty()),
    high_water_at: Column.timestamptz(),
    day: Column.date(),
    executions_today: Column.integer().check("executions_today >= 0", Column.atLeast(0)).default("0"),
    paused_until: Column.timestamptz().nullable(),
    breaker_since: Column.timestamptz().nullable(),
    updated_at: Column.timestamptz().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
