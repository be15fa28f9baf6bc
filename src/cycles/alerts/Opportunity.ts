/**
 * Opportunities: a campaign held back by its daily budget while it returns
 * more than its target ROAS — more budget would likely buy more of the same.
 *
 * Budget-limited: on at least `minCappedDays` of the last seven days before
 * today, spend reached `capShare` (95%) of the current daily budget.
 * Profitable: ROAS over the last 14 days (revenue / spend) at least
 * `target × (1 + margin)`, on at least `minConversions` conversions (a ROAS
 * over three orders is luck). The target is the campaign's `target_roas`,
 * else the service's default, else there is no opportunity to judge. When
 * the platform reports search impression share, its median over the week is
 * kept as evidence (the share not won is the room to grow).
 *
 * @since 0.1.0
 */
import * as Robust from "./internal/robust.ts"
import * as Dates from "./internal/dates.ts"
import type * as Metrics from "./Metrics.ts"
import * as Severity from "./Severity.ts"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly capShare: number
  readonly minCappedDays: number
  readonly margin: number
  readonly minConversions: number
  /** the raise recommended, as a fraction of the daily budget (default 0.2) */
  readonly raise: number
  readonly severityCuts: Severity.Cuts
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  capShare: 0.95,
  minCappedDays: 5,
  margin: 0.1,
  minConversions: 10,
  raise: 0.2,
  severityCuts: Severity.opportunityCuts
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Finding {
  readonly dailyBudget: number
  readonly cappedDays: number
  readonly roas: number
  readonly targetRoas: number
  /** roas / targetRoas */
  readonly ratio: number
  readonly conversions: number
  readonly spend: number
  readonly medianImpressionShare: number | null
  readonly proposedDailyBudget: number
  readonly severity: Severity.Severity
}

/**
 * The opportunity of a campaign on `today`, if it has one.
 *
 * @since 0.1.0
 * @category detection
 */
export const find = (
  campaign: { readonly dailyBudget: number | null; readonly targetRoas: number | null },
  days: ReadonlyArray<Metrics.Day>,
  today: string,
  options: Options = defaultOptions
): Finding | undefined => {
  const todayN = Dates.dayNumber(today)
  const budget = campaign.dailyBudget
  const target = campaign.targetRoas
  if (todayN === undefined || budget === null || budget <= 0 || target === null || target <= 0) return undefined
  const within = (n: number) =>
    days.filter((d) => {
      const day = Dates.dayNumber(d.date)
      return day !== undefined && day < todayN && day >= todayN - n
    })
  const week = within(7)
  const cappedDays = week.filter((d) => d.spend >= options.capShare * budget).length
  if (cappedDays < options.minCappedDays) return undefined
  const fortnight = within(14)
  const spend = fortnight.reduce((a, d) => a + d.spend, 0)
  const revenue = fortnight.reduce((a, d) => a + d.revenue, 0)
  const conversions = fortnight.reduce((a, d) => a + d.conversions, 0)
  if (spend <= 0 || conversions < options.minConversions) return undefined
  const roas = revenue / spend
  const ratio = roas / target
  if (ratio < 1 + options.margin) return undefined
  const shares = week.flatMap((d) =>
    d.searchImpressionShare === null || d.searchImpressionShare === undefined ? [] : [d.searchImpressionShare]
  )
  return {
    dailyBudget: budget,
    cappedDays,
    roas,
    targetRoas: target,
    ratio,
    conversions,
    spend: Math.round(spend * 100) / 100,
    medianImpressionShare: shares.length === 0 ? null : Robust.median(shares),
    proposedDailyBudget: Math.round(budget * (1 + options.raise) * 100) / 100,
    severity: Severity.fromSize(ratio, options.severityCuts)
  }
}
