/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import { ordered } from "../internal/tableChecks.ts"

/**
 * ai_performance_benchmarks (named in seed 003, designed here): industry
 * benchmarks: the 25th/50th/75th percentile of a metric (CTR, CPC, CPA,
 * conversion rate, ROAS …) per industry, platform, region and period, with its
 * source. `account_id` NULL means shared reference data; an account's own
 * rows are private benchmarks.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiPerformanceBenchmarks = Table.make({
  name: "ai_performance_benchmarks",
  origin: "seed-003-named",
  description: "Industry benchmark percentiles (p25/p50/p75) of a metric per industry, platform and period",
  primaryKey: "id",
  checks: [
    {
      name: "ai_performance_benchmarks_period_range_check",
      field: "period_end",
      description: "period_end must not be before period_start",
      holds: (row) => ordered(row.period_start, row.period_end)
    },
    {
      name: "ai_performance_benchmarks_percentiles_check",
      field: "p50",
      description: "p25 <= p50 <= p75",
      holds: (row) => ordered(row.p25, row.p50) && ordered(row.p50, row.p75)
    }
  ],
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    industry: Column.text().check("length(industry) > 0", Column.nonEmpty()),
    platform: Column.text().nullable().check("length(platform) > 0", Column.nonEmpty()),
    region: Column.text().nullable(),
    metric_name: Column.text().check("length(metric_name) > 0", Column.nonEmpty()),
    unit: Column.text().nullable(),
    p25: Column.numeric(14, 4).nullable().check("p25 <= p50 (ai_performance_benchmarks_percentiles_check)"),
    p50: Column.numeric(14, 4),
    p75: Column.numeric(14, 4).nullable().check("p50 <= p75 (ai_performance_benchmarks_percentiles_check)"),
    sample_size: Column.integer().nullable().check("sample_size >= 0", Column.atLeast(0)),
    period: Column.oneOf(["monthly", "quarterly", "yearly"]),
    period_start: Column.date(),
    period_end: Column.date().check("period_end >= period_start (ai_performance_benchmarks_period_range_check)"),
    source: Column.text().check("length(source) > 0", Column.nonEmpty()),
    metadata: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
