/**
 * How a budget pool's total is split across its campaigns: the target of
 * each strategy, and the step from today's budgets toward it. Pure functions
 * over plain data; the pool service (`BudgetPools`) turns a step into
 * proposals for the decision cycle.
 *
 * **Why Thompson sampling allocates by opportunity weighting, not by equal
 * marginal returns under the power law below**: measured on the simulator,
 * the power law with one elasticity misstates marginal returns at both ends
 * of the simulator's saturating curve (near-linear at small budgets, flat near
 * saturation); "optimal for the draw" under it starved small campaigns and
 * lost to equal distribution (seeds 1–6, 90 days: 14,690 conversions against
 * equal's 15,491), while sampling the rate inside the opportunity rule reached
 * 17,828 (best fixed in hindsight: 18,227). See `Simulation`.
 *
 * **The power-law model** (kept in `posteriors` and `sampler` for reference; see `assess` for the model behind confidence and impact). A campaign's daily outcome (conversions, or
 * revenue = conversions × value per conversion) is taken as
 * `f(b) = v · a · min(b, c)^β`: a power law in the budget `b` (the
 * constant-elasticity response the `budget_shift` policy fits; `β < 1` is
 * diminishing returns), flat past the campaign's capacity `c` (saturation:
 * a campaign that did not spend its whole budget cannot use more), with
 *
 * - `β`, the elasticity of conversions to spend: the least-squares slope of
 *   log daily conversions on log daily spend, shrunk toward a prior
 *   (`BudgetShift.elasticity`), with its standard deviation;
 * - `a`, conversions per unit of *effective* spend `s^β`: conversions as a
 *   Poisson process in effective spend with a Gamma prior give the
 *   conjugate posterior `a ~ Gamma(α₀ + C, ρ₀ + Σ_d s_d^β)` (shape, rate),
 *   `C` the conversions of the lookback days, `s_d` each day's spend. The
 *   prior is worth one conversion at the pool's average rate
 *   (`α₀ = 1`, `ρ₀ = 1 / ā`), so a campaign with no data is assumed average
 *   and uncertain;
 * - `v`, revenue per conversion (1 for the conversions objective), shrunk
 *   toward the pool's by one conversion;
 * - `c`, capacity: for a campaign that is not budget-limited, its highest
 *   daily spend of the last 7 days times `1 + capacityMargin`; unbounded for
 *   a budget-limited one.
 *
 * **Targets** (each then clipped to `[minBudget, maxBudget]` and filled to
 * the pool total by bisection on a common scale; money a strategy's useful
 * caps leave over is spread by the same weights up to `maxBudget`, so the
 * whole total is allocated unless every campaign is at its maximum):
 *
 * | strategy | target |
 * |---|---|
 * | `equal_distribution` | `b_i = T / n` |
 * | `performance_based` | `b_i ∝ v_i · (C_i + 1) / (S_i + S₀)`: posterior mean conversions (or revenue: ROAS) per unit of spend, a Gamma(1 + C, S₀ + S) posterior whose prior is one conversion at the pool's spend per conversion `S₀` |
 * | `opportunity_weighted` | `b_i ∝ performance_i × potential_i`, capped at `potential_i`: `potential` = capacity for a campaign that is not budget-limited, `mean spend / impression share` for a budget-limited one that reports its impression share (the spend at which it would win every auction it now loses), else `budget × (1 + maxMoveShare)` |
 * | `thompson` | one draw `θ̃_i ~ Gamma(1 + C_i, S₀ + S_i)` of each campaign's conversions per unit of spend (× `v_i`), then opportunity weighting with the draw: `b_i ∝ θ̃_i × potential_i`, capped at `potential_i`. A campaign whose rate is uncertain is sometimes drawn high and gets budget (exploration); as evidence accrues the draws concentrate and the allocation settles |
 *
 * **The step** from today's budgets `b⁰` toward the target `t`, in whole
 * cents: each campaign moves by `clamp(t_i − b⁰_i, ±maxMoveShare · b⁰_i)`
 * (so the envelope's relative step limit passes it); moves under `minMove`
 * are dropped; then raises are scaled down until they fit in what the cuts
 * free plus what the pool held unallocated. Hence, if `Σ b⁰ ≤ T`, the new
 * budgets sum to at most `T` and `allocated + remaining = total` holds in
 * cents. A pool that is over its total (someone raised a budget outside it)
 * gets no raise until the cuts bring it back.
 *
 * @since 0.1.0
 */
import gammaRandom from "@stdlib/random-base-gamma"
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile"
import { Result } from "effect"
import { mulberry32 } from "../../internal/random.ts"
import * as BudgetShift from "../policies/BudgetShift.ts"
import { InvalidBudgetPool } from "./BudgetError.ts"

/**
 * The strategies: the seed's three and Thompson sampling.
 *
 * @since 0.1.0
 * @category models
 */
export type Strategy = "performance_based" | "equal_distribution" | "opportunity_weighted" | "thompson"

/**
 * Every strategy, in a fixed order.
 *
 * @since 0.1.0
 * @category constants
 */
export const strategies: ReadonlyArray<Strategy> = ["performance_based", "equal_distribution", "opportunity_weighted", "thompson"]

/**
 * What the pool maximises: conversions, or revenue (the ROAS-weighted sum).
 *
 * @since 0.1.0
 * @category models
 */
export type Objective = "conversions" | "revenue"

/**
 * One day of a campaign's metrics.
 *
 * @since 0.1.0
 * @category models
 */
export interface DayStats {
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  /** the day's budget, when known: a day that spent under `limitedShare` of it was demand-limited */
  readonly budget?: number | undefined
}

/**
 * What the allocation knows about a campaign.
 *
 * @since 0.1.0
 * @category models
 */
export interface CampaignStats {
  readonly id: string
  /** today's daily budget */
  readonly budget: number
  /** the lookback's days, oldest first */
  readonly days: ReadonlyArray<DayStats>
  /** its spend on the last complete day reached `limitedShare` of its budget */
  readonly budgetLimited: boolean
  /** its highest daily spend of the last 7 days */
  readonly peakSpend: number
  /** its mean search impression share (0–100) of the last 7 days, when reported */
  readonly impressionShare?: number | undefined
}

/**
 * The pool's limits.
 *
 * @since 0.1.0
 * @category models
 */
export interface Constraints {
  /** the pool's total daily budget */
  readonly total: number
  /** no campaign is set below this (the platform's minimum is 1) */
  readonly minBudget: number
  /** no campaign is set above this */
  readonly maxBudget: number
  /** most a campaign's budget moves in one step, as a share of it (the envelope's step limit is 0.3 by default) */
  readonly maxMoveShare: number
  /** smallest move worth making */
  readonly minMove: number
}

/**
 * Model settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface ModelOptions {
  readonly objective: Objective
  /** capacity of a campaign that is not budget-limited: peak spend × (1 + this) */
  readonly capacityMargin: number
  /** prior elasticity and its standard deviation (see `BudgetShift.elasticity`) */
  readonly elasticityPrior: number
  readonly elasticityPriorSd: number
  /** a day spent at least this share of its budget: budget-limited (default 0.95) */
  readonly limitedShare: number
}

/**
 * Default model settings: conversions, 10% capacity margin, elasticity prior 0.5 ± 0.25.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultModel: ModelOptions = { objective: "conversions", capacityMargin: 0.1, elasticityPrior: 0.5, elasticityPriorSd: 0.25, limitedShare: 0.95 }

/**
 * A campaign's posterior under the response model.
 *
 * @since 0.1.0
 * @category models
 */
export interface Posterior {
  readonly id: string
  readonly budget: number
  /** Gamma posterior of `a` (conversions per unit of effective spend `s^β`): shape and rate */
  readonly shape: number
  readonly rate: number
  readonly elasticity: number
  readonly elasticitySd: number
  /** revenue per conversion (1 for the conversions objective) */
  readonly value: number
  /** budget past which nothing more is bought (Infinity when budget-limited) */
  readonly capacity: number
  /** budget the campaign could usefully take (opportunity_weighted's headroom) */
  readonly potential: number
  /** the prior's rate `ρ₀` (in effective-spend units at `elasticity`) */
  readonly priorRate: number
  /** the daily spends of the lookback's days with spend */
  readonly spends: ReadonlyArray<number>
  /** posterior mean outcome per unit of spend: `v · (C + 1) / (S + S₀)`, `S₀` the pool's spend per conversion (performance_based's weight) */
  readonly efficiency: number
  /** the Gamma posterior of conversions per unit of spend behind `efficiency`: shape `1 + C`, rate `S₀ + S` */
  readonly efficiencyShape: number
  readonly efficiencyRate: number
}

/**
 * A step of the allocation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Allocation {
  readonly strategy: Strategy
  readonly total: number
  /** the strategy's target for each campaign (before the step limits) */
  readonly target: ReadonlyMap<string, number>
  /** the budgets after this step, in cents */
  readonly budgets: ReadonlyMap<string, number>
  /** sum of `budgets` */
  readonly allocated: number
  /** `total − allocated` (negative only when the pool started over its total) */
  readonly remaining: number
}

const elasticityBounds = [0.05, 0.95] as const
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))
const sum = (xs: Iterable<number>) => {
  let s = 0
  for (const x of xs) s += x
  return s
}

/**
 * Checks a pool's limits for `n` campaigns.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (constraints: Constraints, n: number): InvalidBudgetPool | undefined => {
  const c = constraints
  const bad = (field: string, value: unknown, rule: string) => new InvalidBudgetPool({ field, value, rule })
  if (!(Number.isFinite(c.total) && c.total >= 0)) return bad("total", c.total, "must be a finite number >= 0")
  if (!(Number.isFinite(c.minBudget) && c.minBudget >= 0)) return bad("minBudget", c.minBudget, "must be a finite number >= 0")
  if (!(c.maxBudget >= c.minBudget)) return bad("maxBudget", c.maxBudget, `must be at least minBudget (${c.minBudget})`)
  if (!(c.maxMoveShare > 0 && c.maxMoveShare <= 1)) return bad("maxMoveShare", c.maxMoveShare, "must be in (0, 1]")
  if (!(Number.isFinite(c.minMove) && c.minMove >= 0)) return bad("minMove", c.minMove, "must be a finite number >= 0")
  if (n * c.minBudget > c.total + 1e-9) {
    return bad("minBudget", c.minBudget, `${n} campaigns at the minimum need ${n * c.minBudget}, more than the total ${c.total}`)
  }
  return undefined
}

/**
 * The posterior of every campaign (see the module documentation).
 *
 * @since 0.1.0
 * @category constructors
 */
export const posteriors = (
  stats: ReadonlyArray<CampaignStats>,
  constraints: Constraints,
  model: ModelOptions = defaultModel
): ReadonlyArray<Posterior> => {
  const config = { ...BudgetShift.defaults, elasticityPrior: model.elasticityPrior, elasticityPriorSd: model.elasticityPriorSd }
  const fitted = stats.map((s) => {
    // only budget-limited days say how conversions answer the budget; on the others spend followed demand
    const limitedDays = s.days.filter((d) => d.budget === undefined || d.spend >= model.limitedShare * d.budget)
    const e = BudgetShift.elasticity(config, limitedDays.map((d) => ({ spend: d.spend, revenue: d.conversions })))
    const beta = clip(e.value, elasticityBounds[0], elasticityBounds[1])
    const effective = sum(s.days.map((d) => (d.spend > 0 ? d.spend ** beta : 0)))
    const conversions = sum(s.days.map((d) => d.conversions))
    const revenue = sum(s.days.map((d) => d.revenue))
    const spend = sum(s.days.map((d) => d.spend))
    return { s, beta, sd: e.sd, effective, conversions, revenue, spend }
  })
  const poolEffective = sum(fitted.map((f) => f.effective))
  const poolConversions = sum(fitted.map((f) => f.conversions))
  const poolRevenue = sum(fitted.map((f) => f.revenue))
  const rate0 = poolEffective > 0 && poolConversions > 0 ? poolEffective / poolConversions : 1 // 1 / ā
  const poolValue = poolConversions > 0 ? poolRevenue / poolConversions : 1
  const poolSpend = sum(fitted.map((f) => f.spend))
  const spendPerConversion = poolConversions > 0 && poolSpend > 0 ? poolSpend / poolConversions : 1
  return fitted.map(({ beta, conversions, effective, revenue, s, sd, spend }): Posterior => {
    const capacity = s.budgetLimited ? Infinity : s.peakSpend * (1 + model.capacityMargin)
    const lastWeek = s.days.slice(-7)
    const meanSpend = lastWeek.length > 0 ? sum(lastWeek.map((d) => d.spend)) / lastWeek.length : 0
    const share = s.impressionShare
    const potential = !s.budgetLimited ?
      capacity :
      share !== undefined && share > 0 && meanSpend > 0 ?
      Math.max(s.budget, meanSpend / (share / 100)) :
      s.budget * (1 + constraints.maxMoveShare)
    const value = model.objective === "revenue" ? (revenue + poolValue) / (conversions + 1) : 1
    return {
      id: s.id,
      budget: s.budget,
      shape: 1 + conversions,
      rate: rate0 + effective,
      elasticity: beta,
      elasticitySd: sd,
      value,
      capacity,
      potential,
      priorRate: rate0,
      spends: s.days.filter((d) => d.spend > 0).map((d) => d.spend),
      efficiency: value * (conversions + 1) / (spend + spendPerConversion),
      efficiencyShape: conversions + 1,
      efficiencyRate: spend + spendPerConversion
    }
  })
}

/**
 * Expected daily outcome of a campaign at a budget, at the posterior means.
 *
 * @since 0.1.0
 * @category getters
 */
export const expectedOutcome = (p: Posterior, budget: number): number =>
  p.value * (p.shape / p.rate) * Math.max(0, Math.min(budget, p.capacity)) ** p.elasticity

/** Fills `total` with `clip(w_i · s, lo, hi_i)` by bisection on `s` (equal weights when all are 0). */
const fillProportional = (
  weights: ReadonlyArray<number>,
  lo: number,
  hi: ReadonlyArray<number>,
  total: number
): Array<number> => {
  const w = weights.every((x) => !(x > 0)) ? weights.map(() => 1) : weights.map((x) => (x > 0 ? x : 0))
  const at = (scale: number) => w.map((x, i) => clip(x * scale, lo, hi[i]!))
  if (sum(hi) <= total) return [...hi]
  let a = 0, b = 1
  while (sum(at(b)) < total) b *= 2
  for (let k = 0; k < 200; k++) {
    const m = (a + b) / 2
    if (sum(at(m)) < total) a = m
    else b = m
  }
  return at(b)
}

/** Fills first up to each campaign's useful cap, then spreads what is left by the same weights up to `maxBudget`. */
const withSpare = (
  first: Array<number>,
  weights: ReadonlyArray<number>,
  constraints: Constraints
): Array<number> => {
  const left = constraints.total - sum(first)
  if (left <= 1e-9) return first
  const room = first.map((b) => Math.max(0, constraints.maxBudget - b))
  const extra = fillProportional(weights, 0, room, left)
  return first.map((b, i) => b + extra[i]!)
}

/**
 * A draw from each campaign's posterior, seeded: `β̃ ~ N(elasticity, sd)`
 * clipped to [0.05, 0.95], then `ã ~ Gamma(shape, ρ₀·s̄^(β̃−β) + Σ_d s_d^β̃)`,
 * the conjugate posterior of `a` given `β̃` (the prior's rate re-expressed at
 * the campaign's mean daily spend `s̄`). Gamma variates from
 * `@stdlib/random-base-gamma` (`factory({ seed })`, shape and rate).
 *
 * @since 0.1.0
 * @category constructors
 */
export const sampler = (seed: number) => {
  const gamma = gammaRandom.factory({ seed: (seed >>> 0) || 1 })
  const uniform = mulberry32(seed ^ 0x5bd1e995)
  return (p: Posterior): { readonly elasticity: number; readonly a: number } => {
    const u = clip(uniform(), 1e-12, 1 - 1e-12)
    const beta = clip(p.elasticity + p.elasticitySd * normalQuantile(u, 0, 1), elasticityBounds[0], elasticityBounds[1])
    const mean = p.spends.length > 0 ? sum(p.spends) / p.spends.length : Math.max(1, p.budget)
    const rate = p.priorRate * mean ** (beta - p.elasticity) + sum(p.spends.map((s) => s ** beta))
    return { elasticity: beta, a: gamma(p.shape, rate) }
  }
}

/**
 * Each strategy's target, before the step limits (see the module
 * documentation). `seed` drives Thompson sampling's draw.
 *
 * @since 0.1.0
 * @category constructors
 */
export const target = (
  strategy: Strategy,
  posteriorList: ReadonlyArray<Posterior>,
  constraints: Constraints,
  seed = 1
): ReadonlyMap<string, number> => {
  const n = posteriorList.length
  const lo = constraints.minBudget
  const max = posteriorList.map(() => constraints.maxBudget)
  let budgets: Array<number>
  switch (strategy) {
    case "equal_distribution":
      budgets = fillProportional(posteriorList.map(() => 1), lo, max, constraints.total)
      break
    case "performance_based": {
      const w = posteriorList.map((p) => p.efficiency)
      budgets = fillProportional(w, lo, max, constraints.total)
      break
    }
    case "opportunity_weighted": {
      const perf = posteriorList.map((p) => p.efficiency)
      const cap = posteriorList.map((p) => clip(Math.min(constraints.maxBudget, p.potential), lo, constraints.maxBudget))
      const w = perf.map((x, i) => x * posteriorList[i]!.potential)
      budgets = withSpare(fillProportional(w, lo, cap, constraints.total), perf, constraints)
      break
    }
    case "thompson": {
      const gamma = gammaRandom.factory({ seed: (seed >>> 0) || 1 })
      const theta = posteriorList.map((p) => p.value * gamma(p.efficiencyShape, p.efficiencyRate))
      const cap = posteriorList.map((p) => clip(Math.min(constraints.maxBudget, p.potential), lo, constraints.maxBudget))
      const w = theta.map((x, i) => x * posteriorList[i]!.potential)
      budgets = withSpare(fillProportional(w, lo, cap, constraints.total), theta, constraints)
      break
    }
  }
  return new Map(posteriorList.map((p, i) => [p.id, n === 0 ? 0 : budgets[i]!]))
}

/**
 * The step from today's budgets toward a target (see the module
 * documentation), in whole cents.
 *
 * @since 0.1.0
 * @category constructors
 */
export const step = (
  current: ReadonlyMap<string, number>,
  goal: ReadonlyMap<string, number>,
  constraints: Constraints
): ReadonlyMap<string, number> => {
  const ids = [...current.keys()]
  const cur = ids.map((id) => Math.round(current.get(id)! * 100))
  const totalCents = Math.round(constraints.total * 100)
  const minMove = Math.round(constraints.minMove * 100)
  const delta = ids.map((id, i) => {
    const t = Math.floor((goal.get(id) ?? current.get(id)!) * 100 + 1e-6)
    const m = Math.floor(constraints.maxMoveShare * cur[i]! + 1e-6)
    const d = clip(t - cur[i]!, -m, m)
    return Math.abs(d) < Math.max(1, minMove) ? 0 : d
  })
  const cuts = sum(delta.filter((d) => d < 0))
  const raises = sum(delta.filter((d) => d > 0))
  const available = Math.max(0, totalCents - (sum(cur) + cuts))
  if (raises > available) {
    for (let i = 0; i < delta.length; i++) {
      if (delta[i]! > 0) delta[i] = Math.floor((delta[i]! * available) / raises)
    }
  }
  return new Map(ids.map((id, i) => [id, (cur[i]! + delta[i]!) / 100]))
}

/**
 * One reallocation: the strategy's target from the campaigns' posteriors,
 * and the step toward it; or why the limits are invalid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const allocate = (
  strategy: Strategy,
  stats: ReadonlyArray<CampaignStats>,
  constraints: Constraints,
  options: { readonly model?: ModelOptions | undefined; readonly seed?: number | undefined } = {}
): Result.Result<Allocation, InvalidBudgetPool> => {
  const invalid = validate(constraints, stats.length)
  if (invalid !== undefined) return Result.fail(invalid)
  const bad = stats.find((s) => !(Number.isFinite(s.budget) && s.budget >= 0))
  if (bad !== undefined) return Result.fail(new InvalidBudgetPool({ field: `budget of ${bad.id}`, value: bad.budget, rule: "must be a finite number >= 0" }))
  const post = posteriors(stats, constraints, options.model ?? defaultModel)
  const goal = target(strategy, post, constraints, options.seed ?? 1)
  const budgets = step(new Map(stats.map((s) => [s.id, s.budget])), goal, constraints)
  const allocatedCents = sum([...budgets.values()].map((b) => Math.round(b * 100)))
  const totalCents = Math.round(constraints.total * 100)
  return Result.succeed({
    strategy,
    total: totalCents / 100,
    target: goal,
    budgets,
    allocated: allocatedCents / 100,
    remaining: (totalCents - allocatedCents) / 100
  })
}

/**
 * What a reallocation is expected to do, under the model the allocation
 * rules share (outcome linear in spend at the campaign's rate up to its
 * potential, flat past it: `f(b) = v · θ · min(b, potential)`, `θ` the
 * Gamma posterior of conversions per unit of spend): the probability that
 * the new budgets yield at least as much as today's (share of `draws` joint
 * posterior draws of `θ`), and each campaign's expected change of its daily
 * outcome (at the posterior mean).
 *
 * @since 0.1.0
 * @category constructors
 */
export const assess = (
  posteriorList: ReadonlyArray<Posterior>,
  next: ReadonlyMap<string, number>,
  options: { readonly draws: number; readonly seed: number }
): { readonly probabilityBetter: number; readonly expectedDelta: ReadonlyMap<string, number> } => {
  const gamma = gammaRandom.factory({ seed: (options.seed >>> 0) || 1 })
  const useful = (p: Posterior, b: number) => Math.max(0, Math.min(b, p.potential))
  const change = posteriorList.map((p) => p.value * (useful(p, next.get(p.id) ?? p.budget) - useful(p, p.budget)))
  let wins = 0
  for (let k = 0; k < options.draws; k++) {
    let gain = 0
    for (let i = 0; i < posteriorList.length; i++) {
      const p = posteriorList[i]!
      gain += change[i]! * gamma(p.efficiencyShape, p.efficiencyRate)
    }
    if (gain >= -1e-9) wins++
  }
  return {
    probabilityBetter: options.draws > 0 ? wins / options.draws : 0.5,
    expectedDelta: new Map(posteriorList.map((p, i) => [p.id, change[i]! * p.efficiencyShape / p.efficiencyRate]))
  }
}
