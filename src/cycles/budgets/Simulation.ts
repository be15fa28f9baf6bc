/**
 * Budget pool strategies measured on the simulated platform's response model
 * (`platform/internal/response.ts`, the model `SimulatedPlatform` runs; used
 * directly, without storage, so 90 days × every strategy × several seeds run
 * in well under a second).
 *
 * A world: `campaigns` campaigns drawn from the seed (`drawCampaign`), each
 * with one keyword bidding its reference CPC at quality score 7 and no
 * audiences. The pool's total is `budgetShare` of the campaigns' summed mean
 * full spend (what buying every available click would cost), so money is
 * scarce and where it goes matters. Every strategy starts from the equal
 * split with `warmupDays` of history at it, and reallocates once a day from
 * the last `lookbackDays` of its own observations (the same days, demand,
 * noise and shocks for every strategy: the model's draws are keyed by seed,
 * campaign and day, never by the decisions).
 *
 * **Regret** is measured against the best fixed allocation in hindsight: the
 * daily budgets, constant over the 90 days and within the same limits, that
 * maximise the 90 days' conversions given every day's realised demand. The
 * model's closed form makes this exact: on day `d` campaign `i` converts
 * `C_{i,d} · (1 − e^{−κ_i·min(b, F_{i,d})/F_{i,d}}) / (1 − e^{−κ_i})` at
 * budget `b` (`F` the day's full spend, `C` the conversions of buying
 * every click), a concave function of `b`, so the 90-day sum is concave too
 * and a greedy fill in `total / 2000` increments finds the optimum to one
 * increment. Both the strategies and the hindsight allocation are scored by
 * that closed form.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as Response from "../platform/internal/response.ts"
import * as Allocation from "./Allocation.ts"

/**
 * A simulation's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed: number
  readonly campaigns: number
  readonly days: number
  readonly warmupDays: number
  readonly lookbackDays: number
  /** the pool's total as a share of the campaigns' summed mean full spend */
  readonly budgetShare: number
  readonly maxMoveShare: number
  readonly minBudget: number
  readonly minMove: number
  /** the first simulated day (`YYYY-MM-DD`) */
  readonly start: string
}

/**
 * Defaults: 8 campaigns, 90 days after 14 of warm-up, 28-day lookback, the
 * pool at half the full spend, 20% step, minimum budget 5, minimum move 1.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults: Omit<Options, "seed"> = {
  campaigns: 8,
  days: 90,
  warmupDays: 14,
  lookbackDays: 28,
  budgetShare: 0.5,
  maxMoveShare: 0.2,
  minBudget: 5,
  minMove: 1,
  start: "2026-01-05"
}

/**
 * What one strategy did.
 *
 * @since 0.1.0
 * @category models
 */
export interface StrategyResult {
  readonly strategy: Allocation.Strategy
  /** conversions per day */
  readonly daily: ReadonlyArray<number>
  readonly conversions: number
  /** best fixed allocation's conversions minus this strategy's, per day */
  readonly regret: ReadonlyArray<number>
  readonly totalRegret: number
  /** final budgets */
  readonly budgets: ReadonlyArray<number>
}

/**
 * A world's outcome: the pool total, the best fixed allocation and its
 * conversions, and each strategy's result.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorldResult {
  readonly seed: number
  readonly total: number
  readonly bestFixed: ReadonlyArray<number>
  readonly bestFixedConversions: number
  readonly strategies: ReadonlyArray<StrategyResult>
}

interface Day {
  readonly full: number
  readonly fullConversions: number
}

/**
 * A simulated world: the campaigns' parameters and each day's full spend
 * and full conversions, and the closed form of conversions at a budget.
 *
 * @since 0.1.0
 * @category constructors
 */
export const world = (options: Options) => {
  const first = Response.dayNumber(options.start) - options.warmupDays
  const params = Array.from({ length: options.campaigns }, (_, i) => Response.drawCampaign(options.seed, i))
  const groups = params.map((p) => [{ keywords: [{ bid: p.referenceCpc, qualityScore: 7, weight: 1 }], audiences: [] }])
  const dayCount = options.warmupDays + options.days
  const days: Array<Array<Day>> = params.map((p, i) =>
    Array.from({ length: dayCount }, (_, k) => {
      const r = Response.simulateDay(p, 1e12, groups[i]!, first + k)
      return { full: r?.spend ?? 0, fullConversions: r?.conversions ?? 0 }
    })
  )
  /** conversions of campaign `i` on day index `k` (0 = first warm-up day) at budget `b`, by the closed form */
  const conversionsAt = (i: number, k: number, b: number): number => {
    const d = days[i]![k]!
    if (d.full <= 0) return 0
    const kappa = params[i]!.curvature
    return d.fullConversions * (1 - Math.exp((-kappa * Math.min(Math.max(b, 0), d.full)) / d.full)) / (1 - Math.exp(-kappa))
  }
  /** what the platform reports for campaign `i` on day index `k` at budget `b` */
  const observe = (i: number, k: number, b: number) => Response.simulateDay(params[i]!, b, groups[i]!, first + k)
  const meanFull = days.map((ds) => ds.slice(options.warmupDays).reduce((s, d) => s + d.full, 0) / options.days)
  const total = Math.round(options.budgetShare * meanFull.reduce((a, b) => a + b, 0))
  return { params, days, conversionsAt, observe, total, first }
}

/**
 * The best fixed allocation in hindsight over the measured days (greedy
 * fill of a concave separable objective, `total / 2000` increments).
 *
 * @since 0.1.0
 * @category constructors
 */
export const bestFixed = (options: Options, w: ReturnType<typeof world>): ReadonlyArray<number> => {
  const n = options.campaigns
  const measured = Array.from({ length: options.days }, (_, k) => options.warmupDays + k)
  const value = (i: number, b: number) => measured.reduce((s, k) => s + w.conversionsAt(i, k, b), 0)
  const budgets = Array.from({ length: n }, () => options.minBudget)
  const current = budgets.map((b, i) => value(i, b))
  const increment = w.total / 2000
  let left = w.total - options.minBudget * n
  while (left >= increment - 1e-9) {
    let best = -1, bestGain = 0
    for (let i = 0; i < n; i++) {
      const gain = value(i, budgets[i]! + increment) - current[i]!
      if (gain > bestGain) {
        bestGain = gain
        best = i
      }
    }
    if (best < 0) break
    budgets[best] = budgets[best]! + increment
    current[best] = current[best]! + bestGain
    left -= increment
  }
  return budgets
}

/**
 * Runs one strategy through the measured days.
 *
 * @since 0.1.0
 * @category constructors
 */
export const runStrategy = (
  options: Options,
  w: ReturnType<typeof world>,
  strategy: Allocation.Strategy,
  fixed: ReadonlyArray<number>
): StrategyResult => {
  const n = options.campaigns
  const ids = Array.from({ length: n }, (_, i) => `c${i}`)
  const constraints: Allocation.Constraints = {
    total: w.total,
    minBudget: options.minBudget,
    maxBudget: w.total,
    maxMoveShare: options.maxMoveShare,
    minMove: options.minMove
  }
  let budgets = ids.map(() => Math.floor((w.total / n) * 100) / 100)
  const history: Array<Array<{ budget: number; spend: number; conversions: number; revenue: number; share: number | null }>> = ids.map(() => [])
  const observeDay = (k: number) => {
    for (let i = 0; i < n; i++) {
      const r = w.observe(i, k, budgets[i]!)
      history[i]!.push({ budget: budgets[i]!, spend: r?.spend ?? 0, conversions: r?.conversions ?? 0, revenue: r?.revenue ?? 0, share: r?.searchImpressionShare ?? null })
    }
  }
  for (let k = 0; k < options.warmupDays; k++) observeDay(k)
  const daily: Array<number> = []
  const regret: Array<number> = []
  for (let m = 0; m < options.days; m++) {
    const k = options.warmupDays + m
    const stats: Array<Allocation.CampaignStats> = ids.map((id, i) => {
      const h = history[i]!.slice(-options.lookbackDays)
      const last7 = h.slice(-7)
      const shares = last7.flatMap((d) => (d.share === null ? [] : [d.share]))
      const last = h.at(-1)
      return {
        id,
        budget: budgets[i]!,
        days: h,
        budgetLimited: last !== undefined && last.spend >= 0.95 * budgets[i]!,
        peakSpend: Math.max(0, ...last7.map((d) => d.spend)),
        impressionShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : undefined
      }
    })
    const step = Allocation.allocate(strategy, stats, constraints, { seed: options.seed * 1000 + m + 1 })
    if (Result.isSuccess(step)) budgets = ids.map((id) => step.success.budgets.get(id)!)
    let today = 0, best = 0
    for (let i = 0; i < n; i++) {
      today += w.conversionsAt(i, k, budgets[i]!)
      best += w.conversionsAt(i, k, fixed[i]!)
    }
    daily.push(today)
    regret.push(best - today)
    observeDay(k)
  }
  return {
    strategy,
    daily,
    conversions: daily.reduce((a, b) => a + b, 0),
    regret,
    totalRegret: regret.reduce((a, b) => a + b, 0),
    budgets
  }
}

/**
 * Every strategy in one world, and the best fixed allocation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (options: Options): WorldResult => {
  const w = world(options)
  const fixed = bestFixed(options, w)
  let fixedConversions = 0
  for (let m = 0; m < options.days; m++) {
    for (let i = 0; i < options.campaigns; i++) fixedConversions += w.conversionsAt(i, options.warmupDays + m, fixed[i]!)
  }
  return {
    seed: options.seed,
    total: w.total,
    bestFixed: fixed,
    bestFixedConversions: fixedConversions,
    strategies: Allocation.strategies.map((s) => runStrategy(options, w, s, fixed))
  }
}
