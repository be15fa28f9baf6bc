/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"

/**
 * ai_budget_management: AI-controlled budget pools (seed 003 §12): total,
 * allocated and remaining budget, the allocation strategy and how often the
 * pool is reallocated. `allocated_budget <= total_budget` is a table CHECK.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiBudgetManagement = Table.make({
  name: "ai_budget_management",
  origin: "seed-003",
  description: "AI-controlled budget pools: total, allocated and remaining budget and the reallocation strategy",
  primaryKey: "id",
  checks: [
    {
      name: "ai_budget_management_allocation_check",
      field: "allocated_budget",
      description: "allocated_budget must not exceed total_budget",
      holds: (row) => ordered(row.allocated_budget ?? 0, row.total_budget)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    budget_pool_name: Column.text(),
    total_budget: Column.numeric(12, 2).check("total_budget >= 0", Column.atLeast(0)),
    allocated_budget: Column.numeric(12, 2).nullable().default("0")
      .check("allocated_budget >= 0", Column.atLeast(0))
      .check("allocated_budget <= total_budget (ai_budget_management_allocation_check)"),
    remaining_budget: Column.numeric(12, 2).nullable(),
    allocation_strategy: Column.oneOf(["performance_based", "equal_distribution", "opportunity_weighted"]).nullable(),
    reallocation_frequency: Column.oneOf(["continuous", "hourly", "daily", "weekly"]).nullable().default("'daily'"),
    performance_thresholds: Column.jsonb().nullable(),
    last_reallocation_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
