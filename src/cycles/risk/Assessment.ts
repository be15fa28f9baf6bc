/**
 * The three risk assessments, as pure functions over a campaign's budget,
 * daily rows and settings. Each answers the probability (0–1) that the risk
 * materialises, the money at risk if it does, and the money the campaign
 * handles over the same horizon (its exposure).
 *
 * **Budget overspend** (per month and lifetime budget). `Pacing.pace`
 * (the alerts' projection: spent so far + 7-day run-rate × days left)
 * names the periods projected at or above `candidateRatio` of their
 * budget. The days left are modelled as independent draws with the mean
 * and sample standard deviation `sd` of the same run-rate days, so the rest
 * of the period spends `R ~ Normal(runRate · d, sd² · d)`; with `μ = spent +
 * runRate · d − budget` and `σ = sd · √d`:
 * - probability `P = Φ(μ / σ)` (1 or 0 when `σ = 0`);
 * - money at risk `E[overrun | overrun > 0] = (μ·Φ(μ/σ) + σ·φ(μ/σ)) / P`;
 * - exposure the budget.
 * The budget action's target is the alerts' on-budget daily rate.
 *
 * **Performance decline** (CPA up, ROAS down). The last `weeks` whole weeks
 * before today are aggregated (week CPA = spend / conversions, ROAS =
 * revenue / spend; weeks without conversions or spend are left out; at
 * least `minWeeks` must remain). The Mann–Kendall test (`Trend`) gives the
 * one-sided p of the worsening direction; a decline is found when `p <
 * alpha`. Its probability is `1 − p`: the confidence that the series is
 * worsening rather than noise. Money at risk: if the Theil–Sen slope holds
 * for `horizonWeeks` more weeks, the extra cost of the same conversions
 * (CPA: `slope · c̄ · H(H+1)/2`, `c̄` the mean weekly conversions) or the
 * revenue lost on the same spend (ROAS: `|slope| · s̄ · H(H+1)/2`, `s̄` the
 * mean weekly spend); exposure `s̄ · H`.
 *
 * **Policy flags**: the host (its platform sync) stores the platform's
 * policy review in `campaigns.settings.policy` as `{ "status":
 * "disapproved" | "limited" | "under_review", "reason"?: string }` (Google
 * Ads' review states DISAPPROVED, APPROVED_LIMITED, UNDER_REVIEW; an
 * approved campaign has no flag). These are not statistical estimates but
 * fixed readings: `disapproved` has happened (P = 1.0: the ads do not
 * serve), `limited` serves to part of the audience (P = 0.6), `under_review`
 * may end either way (P = 0.3). Money at risk: the last 7 days' revenue
 * (their spend when no revenue is tracked) — what a week without serving
 * loses; exposure the same.
 *
 * @since 0.1.0
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf"
import { Schema } from "effect"
import type * as Metrics from "../alerts/Metrics.ts"
import * as Pacing from "../alerts/Pacing.ts"
import * as Trend from "../scores/Trend.ts"
import * as Days from "./internal/days.ts"

/**
 * One assessed risk.
 *
 * @since 0.1.0
 * @category models
 */
export interface Assessment {
  /** `month` / `lifetime` for overspend, `cpa` / `roas` for decline, `policy` for a flag */
  readonly metric: string
  /** 0–1 */
  readonly probability: number
  readonly moneyAtRisk: number
  readonly exposure: number
  /** how the money at risk was computed, in words */
  readonly basis: string
  readonly evidence: { readonly [key: string]: unknown }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface OverspendOptions {
  /** periods projected at or above this share of their budget are assessed (default 0.8) */
  readonly candidateRatio: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Overspend extends Assessment {
  readonly period: "month" | "lifetime"
  readonly budget: number
  readonly projected: number
  /** the daily budget that lands the period on budget */
  readonly onBudgetDaily: number
}

const round2 = (n: number) => Math.round(n * 100) / 100
const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)

/**
 * The budget-overspend assessments of a campaign on `today`.
 *
 * @since 0.1.0
 * @category assessments
 */
export const overspend = (
  budget: Pacing.Budget,
  days: ReadonlyArray<Metrics.Day>,
  today: string,
  options: OverspendOptions = { candidateRatio: 0.8 }
): ReadonlyArray<Overspend> => {
  const todayN = Days.dayNumber(today)
  if (todayN === undefined) return []
  const findings = Pacing.pace(budget, days, today, {
    ...Pacing.defaultOptions,
    overTolerance: options.candidateRatio - 1,
    underTolerance: 1,
    underMinDays: Number.POSITIVE_INFINITY
  }).filter((f) => f.direction === "over")
  if (findings.length === 0) return []
  // the same run-rate days as Pacing: the last seven days before today that have a row
  const recent: Array<number> = []
  const spendOn = new Map<number, number>()
  for (const d of days) {
    const n = Days.dayNumber(d.date)
    if (n !== undefined && n < todayN) spendOn.set(n, d.spend)
  }
  for (let n = todayN - 7; n < todayN; n++) {
    const s = spendOn.get(n)
    if (s !== undefined) recent.push(s)
  }
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length
  const sd = Math.sqrt(recent.reduce((a, b) => a + (b - mean) ** 2, 0) / (recent.length - 1))
  return findings.map((f) => {
    const mu = f.spentSoFar + mean * f.daysLeft - f.budget
    const sigma = sd * Math.sqrt(f.daysLeft)
    const probability = sigma > 0 ? normalCdf(mu / sigma, 0, 1) : mu > 0 ? 1 : 0
    const expectedOverrun = sigma > 0 ? mu * normalCdf(mu / sigma, 0, 1) + sigma * phi(mu / sigma) : Math.max(0, mu)
    return {
      metric: f.period,
      period: f.period,
      probability,
      moneyAtRisk: probability > 0 ? round2(expectedOverrun / probability) : 0,
      exposure: f.budget,
      basis: `expected overrun of the ${f.period} budget given an overrun, daily spend ~ Normal(${round2(mean)}, ${round2(sd)}²) for ${f.daysLeft} days`,
      budget: f.budget,
      projected: f.projected,
      onBudgetDaily: f.onBudgetDaily,
      evidence: { ...f, dailySd: round2(sd), mu: round2(mu), sigma: round2(sigma) }
    }
  })
}

/**
 * @since 0.1.0
 * @category models
 */
export interface DeclineOptions {
  /** whole weeks before today tested (default 8) */
  readonly weeks: number
  /** weeks with data needed for a test (default 6) */
  readonly minWeeks: number
  /** one-sided Mann–Kendall significance (default 0.05) */
  readonly alpha: number
  /** weeks ahead the money at risk is counted over (default 4) */
  readonly horizonWeeks: number
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultDeclineOptions: DeclineOptions = { weeks: 8, minWeeks: 6, alpha: 0.05, horizonWeeks: 4 }

/**
 * @since 0.1.0
 * @category models
 */
export interface Decline extends Assessment {
  readonly metric: "cpa" | "roas"
  readonly pValue: number
  readonly slope: number
  /** the weekly values tested, oldest first (null for a week left out) */
  readonly series: ReadonlyArray<number | null>
}

/**
 * Weekly totals of the `weeks` whole weeks before `today`, oldest first:
 * week `k` covers the 7 days ending `7 · (weeks − 1 − k)` days before
 * yesterday.
 *
 * @since 0.1.0
 * @category assessments
 */
export const weekly = (
  days: ReadonlyArray<Metrics.Day>,
  today: string,
  weeks: number
): ReadonlyArray<{ readonly spend: number; readonly conversions: number; readonly revenue: number; readonly days: number }> => {
  const todayN = Days.dayNumber(today)
  const out = Array.from({ length: weeks }, () => ({ spend: 0, conversions: 0, revenue: 0, days: 0 }))
  if (todayN === undefined) return out
  const start = todayN - 7 * weeks
  for (const d of days) {
    const n = Days.dayNumber(d.date)
    if (n === undefined || n < start || n >= todayN) continue
    const w = out[Math.floor((n - start) / 7)]!
    w.spend += d.spend
    w.conversions += d.conversions
    w.revenue += d.revenue
    w.days += 1
  }
  return out
}

/**
 * The performance-decline assessments of a campaign on `today`: at most
 * one for CPA and one for ROAS, only when significant.
 *
 * @since 0.1.0
 * @category assessments
 */
export const decline = (
  days: ReadonlyArray<Metrics.Day>,
  today: string,
  options: DeclineOptions = defaultDeclineOptions
): ReadonlyArray<Decline> => {
  const weeks = weekly(days, today, options.weeks)
  const out: Array<Decline> = []
  const h = options.horizonWeeks
  const tri = (h * (h + 1)) / 2
  for (const metric of ["cpa", "roas"] as const) {
    const series = weeks.map((w) =>
      metric === "cpa" ? (w.conversions > 0 ? w.spend / w.conversions : null) : w.spend > 0 ? w.revenue / w.spend : null
    )
    const used = weeks.filter((_, i) => series[i] !== null)
    if (used.length < options.minWeeks) continue
    const xs: Array<number> = []
    const ys: Array<number> = []
    series.forEach((v, i) => {
      if (v !== null) {
        xs.push(i)
        ys.push(v)
      }
    })
    const line = Trend.theilSen(xs, ys)
    const mk = Trend.mannKendall(ys)
    const p = metric === "cpa" ? mk.pIncreasing : mk.pDecreasing
    const worsening = metric === "cpa" ? line.slope > 0 : line.slope < 0
    if (!(p < options.alpha) || !worsening) continue
    const meanSpend = used.reduce((a, w) => a + w.spend, 0) / used.length
    const meanConversions = used.reduce((a, w) => a + w.conversions, 0) / used.length
    const moneyAtRisk = metric === "cpa" ? line.slope * meanConversions * tri : Math.abs(line.slope) * meanSpend * tri
    out.push({
      metric,
      probability: 1 - p,
      pValue: p,
      slope: line.slope,
      series,
      moneyAtRisk: round2(moneyAtRisk),
      exposure: round2(meanSpend * h),
      basis: metric === "cpa" ?
        `extra cost of ${meanConversions.toFixed(1)} weekly conversions over ${h} weeks if CPA keeps rising ${line.slope.toFixed(2)} a week` :
        `revenue lost on ${meanSpend.toFixed(2)} weekly spend over ${h} weeks if ROAS keeps falling ${Math.abs(line.slope).toFixed(3)} a week`,
      evidence: {
        series,
        slope: line.slope,
        intercept: line.intercept,
        mannKendall: { s: mk.s, z: mk.z, tau: mk.tau, p },
        weeks: used.length
      }
    })
  }
  return out
}

/**
 * The policy flag a host stores in `campaigns.settings.policy`.
 *
 * @since 0.1.0
 * @category models
 */
export const PolicyFlag = Schema.Struct({
  status: Schema.Literals(["disapproved", "limited", "under_review"]),
  reason: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type PolicyFlag = typeof PolicyFlag.Type

/**
 * The probability each policy status is read as (see the module notes).
 *
 * @since 0.1.0
 * @category constants
 */
export const policyProbability: Readonly<Record<PolicyFlag["status"], number>> = {
  disapproved: 1,
  limited: 0.6,
  under_review: 0.3
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Policy extends Assessment {
  readonly flag: PolicyFlag
}

/**
 * What reading a campaign's policy flag gave: nothing (no flag), a flag
 * that does not decode (with the reason), or the assessment.
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyReading =
  | { readonly _tag: "None" }
  | { readonly _tag: "Invalid"; readonly value: unknown; readonly reason: string }
  | { readonly _tag: "Flagged"; readonly assessment: Policy }

const decodeFlag = Schema.decodeUnknownResult(PolicyFlag)

/**
 * The policy assessment of a campaign from its settings and its last 7
 * days before `today`.
 *
 * @since 0.1.0
 * @category assessments
 */
export const policy = (
  settings: { readonly [key: string]: unknown },
  days: ReadonlyArray<Metrics.Day>,
  today: string
): PolicyReading => {
  const raw = settings["policy"]
  if (raw === undefined || raw === null) return { _tag: "None" }
  const decoded = decodeFlag(raw)
  if (decoded._tag === "Failure") return { _tag: "Invalid", value: raw, reason: decoded.failure.message }
  const flag = decoded.success
  const week = weekly(days, today, 1)[0]!
  const base = week.revenue > 0 ? week.revenue : week.spend
  return {
    _tag: "Flagged",
    assessment: {
      metric: "policy",
      flag,
      probability: policyProbability[flag.status],
      moneyAtRisk: round2(base),
      exposure: round2(base),
      basis: week.revenue > 0 ? "revenue of the last 7 days: what a week without serving loses" : "spend of the last 7 days (no revenue tracked)",
      evidence: { flag, lastWeek: week }
    }
  }
}
