/**
 * The built-in decision policies (issue 8), each a `DecisionProvider` with
 * its own configuration Schema:
 *
 * - `BudgetShift`: shift budget toward budget-limited campaigns with better marginal ROAS (total budget conserved)
 * - `BidCut`: cut the bids of campaigns whose CPA exceeds target, proportionally to the overshoot
 * - `PauseWaste`: pause campaigns that spend past a threshold without converting
 * - `RestoreRecovered`: restore paused campaigns on probation after a cool-off, with backoff
 * - `BuiltinPolicies`: a Layer registering all four
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as BidCut from "./BidCut.ts"
/** @since 0.1.0 */
export * as BudgetShift from "./BudgetShift.ts"
/** @since 0.1.0 */
export * as BuiltinPolicies from "./BuiltinPolicies.ts"
/** @since 0.1.0 */
export * as PauseWaste from "./PauseWaste.ts"
/** @since 0.1.0 */
export * as RestoreRecovered from "./RestoreRecovered.ts"
