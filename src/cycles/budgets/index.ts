/**
 * Budget pools (`ai_budget_management`): the seed's three allocation
 * strategies plus Thompson sampling, a pool service whose provider moves
 * budgets through the safety envelope as one all-or-nothing group, and the
 * simulation they are measured in.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Allocation from "./Allocation.ts"

/**
 * @since 0.1.0
 */
export * as BudgetError from "./BudgetError.ts"

/**
 * @since 0.1.0
 */
export * as BudgetPools from "./BudgetPools.ts"

/**
 * @since 0.1.0
 */
export * as Simulation from "./Simulation.ts"
