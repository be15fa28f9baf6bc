/**
 * The scheduling agent's engine (issue 9): assigns talks to rooms and time
 * slots. A pure function over an in-memory problem: JSON in (decoded by
 * `Problem`), a schedule and a per-constraint score breakdown out.
 *
 * - `Problem`: the input Schema and its reference checks
 * - `Solver`: greedy construction + feasibility walk + seeded simulated annealing
 * - `Score`: the per-constraint breakdown of any schedule
 * - `Generator`: seeded realistic instances with a planted feasible schedule
 * - `Exact`: the MIP on HiGHS, for small instances and gap measurement
 * - `Grid`: an event's slot grid (daily hours in its time zone, or explicit blocks)
 * - `EventProblem`: an event's rows in the core tables to a `Problem`
 * - `ScheduleDiff`: what changed between two versions of a programme
 * - `SessionRows`: a schedule to `sessions` updates
 * - `Summary`: a human summary of a schedule
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as EventProblem from "./EventProblem.ts"

/**
 * @since 0.1.0
 */
export * as Exact from "./Exact.ts"

/**
 * @since 0.1.0
 */
export * as Generator from "./Generator.ts"

/**
 * @since 0.1.0
 */
export * as Grid from "./Grid.ts"

/**
 * @since 0.1.0
 */
export * as Problem from "./Problem.ts"

/**
 * @since 0.1.0
 */
export * as ScheduleDiff from "./ScheduleDiff.ts"

/**
 * @since 0.1.0
 */
export * as SchedulingError from "./SchedulingError.ts"

/**
 * @since 0.1.0
 */
export * as Score from "./Score.ts"

/**
 * @since 0.1.0
 */
export * as SessionRows from "./SessionRows.ts"

/**
 * @since 0.1.0
 */
export * as Solver from "./Solver.ts"

/**
 * @since 0.1.0
 */
export * as Summary from "./Summary.ts"
