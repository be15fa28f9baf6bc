/**
 * The system's own scores, as pure functions over one period's records:
 *
 * - **accuracy** — of the decisions made in the period that have been
 *   scored so far (`ai_decision_logs.validation_status` `validated` or
 *   `incorrect`; `pending` ones are counted aside), the share validated, in
 *   percent, with its Wilson 95% interval (`Wilson`).
 * - **efficiency** — the account's cost per conversion in the period
 *   (`campaign_daily_metrics`: Σ spend / Σ conversions); lower is better.
 * - **roi_impact** — the money the system's changes made: over the changes
 *   applied in the period whose impact has been measured
 *   (`ai_optimization_history.actual_improvement`, written by learning:
 *   `{ metric, actual, ... }`), revenue deltas count `+actual`, spend deltas
 *   `−actual` (a saving is a gain); conversions, ROAS and CPA deltas carry
 *   no price and are counted as `unpriced`. The score is that net money as
 *   a percentage of the account's spend in the period (return on the
 *   managed spend); the money itself is kept beside it.
 *
 * `ai_performance_scores.score_value` and `benchmark_comparison` are
 * NUMERIC(5,2): a value beyond ±999.99 is stored at the bound, flagged
 * `capped`, with the exact value beside it.
 *
 * @since 0.1.0
 */
import * as Wilson from "./Wilson.ts"

/**
 * The metric types scored (seed 003 names accuracy, efficiency and
 * roi_impact among its examples).
 *
 * @since 0.1.0
 * @category models
 */
export type MetricType = "accuracy" | "efficiency" | "roi_impact"

/**
 * Which way is better for each metric type.
 *
 * @since 0.1.0
 * @category constants
 */
export const better: Readonly<Record<MetricType, "higher" | "lower">> = {
  accuracy: "higher",
  efficiency: "lower",
  roi_impact: "higher"
}

/**
 * The benchmark `metric_name` each metric type is compared with.
 *
 * @since 0.1.0
 * @category constants
 */
export const benchmarkMetric: Readonly<Record<MetricType, string>> = {
  accuracy: "decision_accuracy",
  efficiency: "cpa",
  roi_impact: "roi_impact"
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Accuracy {
  readonly score: number
  readonly interval: Wilson.Interval
  readonly pending: number
}

/**
 * Accuracy from validation statuses; undefined when none was scored.
 *
 * @since 0.1.0
 * @category scoring
 */
export const accuracy = (statuses: ReadonlyArray<string | null>, confidence = 0.95): Accuracy | undefined => {
  const validated = statuses.filter((s) => s === "validated").length
  const incorrect = statuses.filter((s) => s === "incorrect").length
  if (validated + incorrect === 0) return undefined
  const interval = Wilson.interval(validated, validated + incorrect, confidence)
  return { score: interval.proportion * 100, interval, pending: statuses.length - validated - incorrect }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Efficiency {
  readonly score: number
  readonly spend: number
  readonly conversions: number
}

/**
 * Cost per conversion; undefined without conversions.
 *
 * @since 0.1.0
 * @category scoring
 */
export const efficiency = (days: ReadonlyArray<{ readonly spend: number; readonly conversions: number }>): Efficiency | undefined => {
  const spend = days.reduce((a, d) => a + d.spend, 0)
  const conversions = days.reduce((a, d) => a + d.conversions, 0)
  return conversions > 0 ? { score: spend / conversions, spend, conversions } : undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RoiImpact {
  /** net money / spend × 100 */
  readonly score: number
  readonly net: number
  readonly priced: number
  readonly unpriced: number
  readonly spend: number
}

/**
 * The ROI impact of measured changes against the period's spend;
 * undefined when no change was priced or nothing was spent.
 *
 * @since 0.1.0
 * @category scoring
 */
export const roiImpact = (improvements: ReadonlyArray<unknown>, spend: number): RoiImpact | undefined => {
  let net = 0
  let priced = 0
  let unpriced = 0
  for (const raw of improvements) {
    const i = raw as { readonly metric?: unknown; readonly actual?: unknown } | null
    if (i === null || typeof i !== "object" || typeof i.actual !== "number" || !Number.isFinite(i.actual)) continue
    if (i.metric === "revenue") {
      net += i.actual
      priced++
    } else if (i.metric === "spend") {
      net -= i.actual
      priced++
    } else unpriced++
  }
  if (priced === 0 || !(spend > 0)) return undefined
  return { score: (net / spend) * 100, net, priced, unpriced, spend }
}

/**
 * How a score compares with a benchmark's median, in percent better (+)
 * or worse (−): `(score − p50) / p50 × 100` when higher is better,
 * `(p50 − score) / p50 × 100` when lower is better.
 *
 * @since 0.1.0
 * @category scoring
 */
export const comparison = (score: number, p50: number, direction: "higher" | "lower"): number =>
  ((direction === "higher" ? score - p50 : p50 - score) / Math.abs(p50)) * 100

/**
 * Where a score falls among a benchmark's percentiles (`below_p25`,
 * `p25_p50`, `p50_p75`, `above_p75`, or against the median only), in the
 * metric's own order (for a lower-is-better metric, `below_p25` is best).
 *
 * @since 0.1.0
 * @category scoring
 */
export const band = (score: number, p25: number | null, p50: number, p75: number | null): string => {
  if (p25 !== null && score < p25) return "below_p25"
  if (p75 !== null && score > p75) return "above_p75"
  if (p25 === null || p75 === null) return score < p50 ? "below_p50" : score > p50 ? "above_p50" : "at_p50"
  return score <= p50 ? "p25_p50" : "p50_p75"
}

/**
 * A value within NUMERIC(5,2), and whether it had to be capped.
 *
 * @since 0.1.0
 * @category scoring
 */
export const fit = (value: number): { readonly value: number; readonly capped: boolean } => {
  const rounded = Math.round(value * 100) / 100
  return rounded > 999.99 ? { value: 999.99, capped: true } : rounded < -999.99 ? { value: -999.99, capped: true } : { value: rounded, capped: false }
}
