/**
 * Shift budget toward campaigns with better marginal ROAS.
 *
 * **Marginal ROAS.** What matters when moving a unit of budget is what the
 * next unit returns, not the average. The policy fits the constant-elasticity
 * (power-law) response `revenue = a · spend^β`, the usual concave media
 * response: its marginal ROAS is `β × ROAS`, with `β < 1` the diminishing
 * returns. `β` is the slope of a least-squares regression of log daily
 * revenue on log daily spend over the last `lookbackDays` days, shrunk toward
 * the prior `elasticityPrior` (normal prior, standard deviation
 * `elasticityPriorSd`, weighted by the fit's standard error) and clamped to
 * [0, 1]. A campaign whose daily spend hardly varied (coefficient of variation
 * below `minSpendVariation`, the common case of a budget-limited campaign
 * with a constant budget) cannot inform a slope, so it takes the prior.
 * Why this rather than last-7 against prior-7 changes: a difference of two
 * weekly sums divides noise by a small spend change and is undefined when
 * spend did not change; the regression uses every day and degrades to the
 * prior gracefully. Why not a saturating fit (`a·(1 − e^{−s/k})`): it needs
 * spend spread widely around the knee, which budget-limited campaigns never
 * show in two weeks.
 *
 * **Who gives, who receives.** Only a budget-limited campaign can turn more
 * budget into spend: one whose spend on the last complete day reached
 * `limitedShare` of its current budget. Receivers are budget-limited
 * campaigns whose marginal ROAS is at least `minMarginalRoas` (default 1:
 * the next unit of spend pays for itself), highest first; sources are the other active
 * campaigns with a budget, lowest first, where a campaign that is not
 * budget-limited gives from its unused budget (budget − its highest daily
 * spend of the last 7 days) at a marginal ROAS of 0. The k-th receiver is
 * paired with the k-th source (up to `maxPairs` pairs, each campaign in one
 * pair) when the receiver's marginal ROAS exceeds the source's by `minGap`
 * (relative). Each pair moves the same amount, at most `maxShiftShare` of the
 * source's budget (and its unused budget when it is not budget-limited), at
 * most `maxIncreaseShare` of the receiver's, never leaving the source below
 * `minBudget`: two `SetCampaignBudget` proposals whose budgets sum to the
 * pair's, so the account's total daily budget is conserved.
 *
 * A known bias: on days a campaign is not budget-limited its spend follows
 * demand, and revenue with it, which pulls the fitted slope toward 1; the
 * shrinkage toward the prior and the elasticity's uncertainty in the
 * confidence temper it.
 *
 * **Confidence** is the probability that the receiver's marginal ROAS is
 * higher than the source's, a normal approximation whose variance adds, for
 * each campaign, the uncertainty of its mean daily ROAS (times the
 * elasticity) and of its elasticity (the posterior standard deviation, or
 * the prior's; times the ROAS). **Predicted
 * impact**: `revenue`, `±amount × marginal ROAS × impactDays` per campaign.
 *
 * @since 0.1.0
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf"
import { Effect, Schema } from "effect"
import * as DecisionProvider from "../DecisionProvider.ts"
import * as AdPlatform from "../platform/AdPlatform.ts"
import * as Evidence from "./internal/evidence.ts"

/**
 * The decision type of this policy's proposals.
 *
 * @since 0.1.0
 * @category constants
 */
export const decisionType = "budget_shift"

const Share = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }))

/**
 * The policy's configuration; every field has a default (`{}` decodes).
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  /** calendar days of metrics the estimate uses (default 14) */
  lookbackDays: Schema.Int.check(Schema.isBetween({ minimum: 2, maximum: 365 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(14))
  ),
  /** least days with spend in the lookback to take part (default 7) */
  minDays: Schema.Int.check(Schema.isBetween({ minimum: 2, maximum: 365 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(7))
  ),
  /** prior elasticity of revenue to spend (default 0.5) */
  elasticityPrior: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.5))
  ),
  /** standard deviation of that prior (default 0.25) */
  elasticityPriorSd: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.25))
  ),
  /** least coefficient of variation of daily spend to fit the elasticity (default 0.1) */
  minSpendVariation: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.1))
  ),
  /** budget-limited: the last day's spend reached this share of the budget (default 0.95) */
  limitedShare: Share.pipe(Schema.withDecodingDefaultKey(Effect.succeed(0.95))),
  /** most of a source's budget moved in one decision (default 0.1) */
  maxShiftShare: Share.pipe(Schema.withDecodingDefaultKey(Effect.succeed(0.1))),
  /** most a receiver's budget grows in one decision, as a share (default 0.2) */
  maxIncreaseShare: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.2))
  ),
  /** a receiver's marginal ROAS must be at least this: the next unit of spend pays for itself (default 1) */
  minMarginalRoas: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(1))
  ),
  /** the receiver's marginal ROAS must exceed the source's by this share (default 0.25) */
  minGap: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.25))
  ),
  /** most pairs per decision round (default 2) */
  maxPairs: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(2))),
  /** smallest amount worth moving (default 1) */
  minMove: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(1))),
  /** a source's budget never goes below this (default 5) */
  minBudget: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(5))),
  /** days the predicted impact covers (default 7) */
  impactDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(7))
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The configuration with every default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults: Config = Schema.decodeUnknownSync(Config)({})

/**
 * What the policy estimated for one campaign.
 *
 * @since 0.1.0
 * @category models
 */
export interface Estimate {
  readonly campaign: AdPlatform.Campaign
  readonly budget: number
  readonly days: number
  readonly roas: number
  readonly elasticity: number
  /** `fit` when the regression informed it, `prior` when spend did not vary enough */
  readonly elasticitySource: "fit" | "prior"
  /** standard deviation of `elasticity` (the posterior's, or the prior's) */
  readonly elasticitySd: number
  readonly marginalRoas: number
  /** standard error of `marginalRoas` (from the mean daily ROAS and the elasticity) */
  readonly standardError: number
  readonly budgetLimited: boolean
  /** budget minus the highest daily spend of the last 7 days (0 when budget-limited) */
  readonly unusedBudget: number
  readonly lastSpend: number
}

const mean = (xs: ReadonlyArray<number>) => xs.reduce((s, x) => s + x, 0) / xs.length
const variance = (xs: ReadonlyArray<number>) => {
  const m = mean(xs)
  return xs.reduce((s, x) => s + (x - m) * (x - m), 0) / (xs.length - 1)
}

/**
 * The elasticity of revenue to spend: least-squares slope of log revenue on
 * log spend shrunk toward the prior, or the prior when spend did not vary.
 *
 * @since 0.1.0
 * @category constructors
 */
export const elasticity = (
  config: Config,
  days: ReadonlyArray<{ readonly spend: number; readonly revenue: number }>
): { readonly value: number; readonly sd: number; readonly source: "fit" | "prior" } => {
  const points = days.filter((d) => d.spend > 0 && d.revenue > 0)
  const prior = { value: config.elasticityPrior, sd: config.elasticityPriorSd, source: "prior" as const }
  if (points.length < Math.max(3, config.minDays)) return prior
  const spend = points.map((d) => d.spend)
  if (Math.sqrt(variance(spend)) / mean(spend) < config.minSpendVariation) return prior
  const x = spend.map(Math.log)
  const y = points.map((d) => Math.log(d.revenue))
  const mx = mean(x), my = mean(y)
  let sxx = 0, sxy = 0
  for (let i = 0; i < x.length; i++) {
    sxx += (x[i]! - mx) ** 2
    sxy += (x[i]! - mx) * (y[i]! - my)
  }
  if (sxx <= 0) return prior
  const slope = sxy / sxx
  let sse = 0
  for (let i = 0; i < x.length; i++) sse += (y[i]! - my - slope * (x[i]! - mx)) ** 2
  const se2 = Math.max(sse / (x.length - 2), 1e-12) / sxx
  const tau2 = config.elasticityPriorSd ** 2
  const posterior = (config.elasticityPrior / tau2 + slope / se2) / (1 / tau2 + 1 / se2)
  return { value: Evidence.clamp(posterior, 0, 1), sd: Math.sqrt(1 / (1 / tau2 + 1 / se2)), source: "fit" }
}

/**
 * The estimates of the campaigns that take part: active, with a budget and
 * at least `minDays` days with spend in the lookback.
 *
 * @since 0.1.0
 * @category constructors
 */
export const estimates = (config: Config, facts: DecisionProvider.Facts): ReadonlyArray<Estimate> =>
  facts.campaigns.flatMap((cf): Array<Estimate> => {
    const c = cf.campaign
    if (c.status !== "active" || c.dailyBudget === null || c.dailyBudget <= 0) return []
    const days = Evidence.lastDays(cf.days, facts.today, config.lookbackDays).filter((d) => d.spend > 0)
    if (days.length < config.minDays) return []
    const t = DecisionProvider.totals(days)
    const e = elasticity(config, days)
    const roas = DecisionProvider.roas(t)
    const dailyRoas = days.map((d) => d.revenue / d.spend)
    const last = Evidence.lastDays(cf.days, facts.today, 1)[0]
    const lastSpend = last?.spend ?? 0
    const budgetLimited = lastSpend >= config.limitedShare * c.dailyBudget
    const peak = Math.max(0, ...Evidence.lastDays(cf.days, facts.today, 7).map((d) => d.spend))
    return [{
      campaign: c,
      budget: c.dailyBudget,
      days: days.length,
      roas,
      elasticity: e.value,
      elasticitySource: e.source,
      elasticitySd: e.sd,
      marginalRoas: e.value * roas,
      standardError: Math.sqrt(e.value ** 2 * variance(dailyRoas) / days.length + (roas * e.sd) ** 2),
      budgetLimited,
      unusedBudget: budgetLimited ? 0 : Math.max(0, c.dailyBudget - peak),
      lastSpend
    }]
  })

const describe = (e: Estimate, asSource: boolean) => {
  const spent = `spent ${Evidence.fmt(e.lastSpend)} of ${Evidence.fmt(e.budget)} yesterday`
  const how = `ROAS ${Evidence.fmt(e.roas)} over ${e.days} days × elasticity ${Evidence.fmt(e.elasticity)} (${
    e.elasticitySource === "fit" ? "fitted on its daily spend and revenue" : "prior: its spend did not vary"
  })`
  if (asSource && !e.budgetLimited && e.unusedBudget > 0) {
    return `${e.campaign.name} is not budget-limited (${spent}; ${Evidence.fmt(e.unusedBudget)} of its budget went unused ` +
      `on its busiest day this week), so its unused budget returns nothing`
  }
  return `${e.campaign.name} ${e.budgetLimited ? "is budget-limited" : "is not budget-limited"} (${spent}) and returns ` +
    `an estimated ${Evidence.fmt(e.marginalRoas)} per extra ${e.campaign.currency} (${how})`
}

/**
 * The proposals for some facts (the provider's pure kernel): pairs of
 * `SetCampaignBudget` whose budgets sum to what they were.
 *
 * @since 0.1.0
 * @category constructors
 */
export const proposals = (config: Config, facts: DecisionProvider.Facts): ReadonlyArray<DecisionProvider.Proposal> => {
  const all = estimates(config, facts)
  const sourceMarginal = (e: Estimate) => (!e.budgetLimited && e.unusedBudget >= config.minMove ? 0 : e.marginalRoas)
  const sourceSe = (e: Estimate) => (sourceMarginal(e) === 0 ? 0 : e.standardError)
  const receivers = all.filter((e) => e.budgetLimited && e.marginalRoas >= config.minMarginalRoas)
    .sort((a, b) => b.marginalRoas - a.marginalRoas)
  const sources = [...all].sort((a, b) => sourceMarginal(a) - sourceMarginal(b))
  const used = new Set<string>()
  const out: Array<DecisionProvider.Proposal> = []
  let pairs = 0
  for (const r of receivers) {
    if (pairs >= config.maxPairs) break
    if (used.has(r.campaign.id)) continue
    const s = sources.find((s) => !used.has(s.campaign.id) && s.campaign.id !== r.campaign.id)
    if (s === undefined) break
    const ms = sourceMarginal(s)
    if (!(r.marginalRoas > ms * (1 + config.minGap)) || r.marginalRoas <= 0) break
    const fromUnused = ms === 0 && !s.budgetLimited
    const cap = Math.min(
      config.maxShiftShare * s.budget,
      fromUnused ? s.unusedBudget : Infinity,
      config.maxIncreaseShare * r.budget,
      s.budget - config.minBudget
    )
    const amount = Evidence.centsDown(cap)
    if (!(amount >= config.minMove)) continue
    used.add(r.campaign.id)
    used.add(s.campaign.id)
    pairs++
    const receiverBudget = Evidence.cents(r.budget + amount)
    const sourceBudget = Evidence.cents(s.budget - amount)
    const sd = Math.sqrt(r.standardError ** 2 + sourceSe(s) ** 2)
    const gap = r.marginalRoas - ms
    const confidence = sd > 0 ? normalCdf(gap / sd, 0, 1) : 1
    const gain = amount * r.marginalRoas * config.impactDays
    const loss = amount * ms * config.impactDays
    const story = `${describe(r, false)}; ${describe(s, true)}. Moving ${Evidence.fmt(amount)} ${r.campaign.currency}/day ` +
      `from ${s.campaign.name} to ${r.campaign.name} (total daily budget unchanged) should add about ` +
      `${Evidence.fmt(gain - loss)} revenue over ${config.impactDays} days`
    const context = (e: Estimate, role: "receiver" | "source") => ({
      campaignId: e.campaign.id,
      role,
      counterpartId: (role === "receiver" ? s : r).campaign.id,
      amount,
      budgetBefore: e.budget,
      roas: Evidence.cents(e.roas),
      elasticity: e.elasticity,
      elasticitySource: e.elasticitySource,
      elasticitySd: e.elasticitySd,
      marginalRoas: role === "source" ? ms : e.marginalRoas,
      standardError: role === "source" ? sourceSe(e) : e.standardError,
      budgetLimited: e.budgetLimited,
      unusedBudget: Evidence.cents(e.unusedBudget),
      days: e.days
    })
    out.push({
      decisionType,
      change: new AdPlatform.SetCampaignBudget({ campaignId: r.campaign.id, dailyBudget: receiverBudget }),
      rationale: `${story}: ${r.campaign.name} ${Evidence.fmt(r.budget)} → ${Evidence.fmt(receiverBudget)}.`,
      confidence,
      impact: new DecisionProvider.PredictedImpact({
        metric: "revenue",
        delta: Evidence.cents(gain),
        windowDays: config.impactDays
      }),
      context: context(r, "receiver"),
      group: `budget_shift:${s.campaign.id}->${r.campaign.id}`
    }, {
      decisionType,
      change: new AdPlatform.SetCampaignBudget({ campaignId: s.campaign.id, dailyBudget: sourceBudget }),
      rationale: `${story}: ${s.campaign.name} ${Evidence.fmt(s.budget)} → ${Evidence.fmt(sourceBudget)}.`,
      confidence,
      impact: new DecisionProvider.PredictedImpact({
        metric: "revenue",
        delta: loss === 0 ? 0 : -Evidence.cents(loss),
        windowDays: config.impactDays
      }),
      context: context(s, "source"),
      group: `budget_shift:${s.campaign.id}->${r.campaign.id}`
    })
  }
  return out
}

/**
 * The provider, under the name `budget_shift`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: Config = defaults): DecisionProvider.DecisionProvider => ({
  name: decisionType,
  description: `Moves up to ${Evidence.pct(config.maxShiftShare)} of a campaign's budget a day to budget-limited campaigns ` +
    `whose marginal ROAS is at least ${Evidence.pct(config.minGap)} higher; the total budget is unchanged.`,
  propose: (facts) => Effect.sync(() => proposals(config, facts))
})
