/**
 * Budget pacing: will a campaign's spend overrun (or fall well short of) its
 * budget by the end of the period?
 *
 * `projected = spent so far + run-rate × days left`, where the period runs to
 * the end of the month (monthly budget) or to the campaign's `end_date`
 * (lifetime budget); "so far" is every day before today (today is still
 * accruing), "days left" counts today; the run-rate is the mean spend of the
 * last seven days before today that have a row (at least three), so a full
 * week's weekday pattern is averaged out.
 *
 * Budgets (`campaigns`): the month's budget is `settings.monthly_budget`
 * when the host stores one, else `daily_budget × days in the month` (the
 * platforms' reading of a daily budget: Google Ads bills at most 30.4 × the
 * average daily budget a month). A lifetime budget is `lifetime_budget`
 * from `start_date` to `end_date`.
 *
 * @since 0.1.0
 */
import * as Dates from "./internal/dates.ts"
import type * as Metrics from "./Metrics.ts"
import * as Severity from "./Severity.ts"

/**
 * What pacing needs to know about a campaign.
 *
 * @since 0.1.0
 * @category models
 */
export interface Budget {
  readonly dailyBudget: number | null
  readonly monthlyBudget: number | null
  readonly lifetimeBudget: number | null
  readonly startDate: string | null
  readonly endDate: string | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** over-pacing from projected / budget ≥ 1 + this (default 0.05) */
  readonly overTolerance: number
  /** under-pacing from projected / budget ≤ 1 − this (default 0.25) */
  readonly underTolerance: number
  /** under-pacing is only judged after this many days of the period (default 7) */
  readonly underMinDays: number
  /** projected / budget cuts for over-pacing severity */
  readonly severityCuts: Severity.Cuts
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  overTolerance: 0.05,
  underTolerance: 0.25,
  underMinDays: 7,
  severityCuts: Severity.overPacingCuts
}

/**
 * A pacing finding for one period.
 *
 * @since 0.1.0
 * @category models
 */
export interface Finding {
  readonly period: "month" | "lifetime"
  readonly direction: "over" | "under"
  readonly budget: number
  readonly spentSoFar: number
  readonly runRate: number
  /** days with a row behind the run-rate (3–7) */
  readonly runRateDays: number
  /** days left in the period, today included */
  readonly daysLeft: number
  readonly projected: number
  /** projected / budget */
  readonly ratio: number
  readonly severity: Severity.Severity
  /** the daily budget that would land the period on budget: (budget − spent) / days left, at least 0 */
  readonly onBudgetDaily: number
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Pacing findings for a campaign on `today` (ISO date), from its daily
 * rows: at most one per period, only for periods that are over or under.
 *
 * @since 0.1.0
 * @category detection
 */
export const pace = (
  budget: Budget,
  days: ReadonlyArray<Metrics.Day>,
  today: string,
  options: Options = defaultOptions
): ReadonlyArray<Finding> => {
  const todayN = Dates.dayNumber(today)
  if (todayN === undefined) return []
  const spendOn = new Map<number, number>()
  for (const d of days) {
    const n = Dates.dayNumber(d.date)
    if (n !== undefined && n < todayN) spendOn.set(n, d.spend)
  }
  const recent: Array<number> = []
  for (let n = todayN - 7; n < todayN; n++) {
    const s = spendOn.get(n)
    if (s !== undefined) recent.push(s)
  }
  if (recent.length < 3) return []
  const runRate = recent.reduce((a, b) => a + b, 0) / recent.length
  const spentBetween = (from: number) => {
    let total = 0
    for (const [n, s] of spendOn) if (n >= from) total += s
    return total
  }
  const judge = (period: Finding["period"], amount: number, from: number, to: number): Finding | undefined => {
    const daysLeft = to - todayN + 1
    if (amount <= 0 || daysLeft <= 0 || from > todayN) return undefined
    const spentSoFar = spentBetween(from)
    const projected = spentSoFar + runRate * daysLeft
    const ratio = projected / amount
    const elapsed = todayN - from
    const direction = ratio >= 1 + options.overTolerance ?
      "over" :
      ratio <= 1 - options.underTolerance && elapsed >= options.underMinDays ?
      "under" :
      undefined
    if (direction === undefined) return undefined
    return {
      period,
      direction,
      budget: amount,
      spentSoFar: round2(spentSoFar),
      runRate: round2(runRate),
      runRateDays: recent.length,
      daysLeft,
      projected: round2(projected),
      ratio,
      severity: direction === "over" ? Severity.fromSize(ratio, options.severityCuts) : ratio <= 0.5 ? "medium" : "low",
      onBudgetDaily: round2(Math.max(0, (amount - spentSoFar) / daysLeft))
    }
  }
  const out: Array<Finding> = []
  const month = Dates.monthOf(todayN)
  const monthly = budget.monthlyBudget ?? (budget.dailyBudget !== null ? budget.dailyBudget * month.days : null)
  if (monthly !== null) {
    const start = budget.startDate === null ? undefined : Dates.dayNumber(budget.startDate)
    const finding = judge("month", monthly, Math.max(month.first, start ?? month.first), month.first + month.days - 1)
    if (finding !== undefined) out.push(finding)
  }
  if (budget.lifetimeBudget !== null && budget.startDate !== null && budget.endDate !== null) {
    const start = Dates.dayNumber(budget.startDate)
    const end = Dates.dayNumber(budget.endDate)
    if (start !== undefined && end !== undefined) {
      const finding = judge("lifetime", budget.lifetimeBudget, start, end)
      if (finding !== undefined) out.push(finding)
    }
  }
  return out
}
