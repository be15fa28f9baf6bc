/**
 * Pause wasted spend: a campaign that spent past a threshold since its last
 * conversion is paused.
 *
 * **Rule.** The *streak* of an active campaign is the longest run of its most
 * recent days with metrics holding at most `maxConversions` conversions in
 * all (default 0: the days since its last conversion), within its current
 * run of activity (days with metrics not separated by `gapDays` or more days
 * without: a pause ends a run). When the streak covers at least `minDays`
 * days and its spend is at least `max(minSpend, targetCpaMultiple × target
 * CPA)`, the campaign gets `SetCampaignStatus paused`. The target CPA is the
 * campaign's `targetCpa`, else `defaultTargetCpa`; without either the
 * threshold is `minSpend`. (A fixed window of N days would never catch a
 * campaign whose target CPA is more than N days of its budget.)
 *
 * **Confidence** is the probability that the campaign's CPA is above its
 * reference (the target CPA; without one `minSpend / targetCpaMultiple`)
 * given what it spent and converted in the streak: conversions as a Poisson
 * process in spend with a flat prior give a Gamma posterior on conversions
 * per unit of spend; with no conversion the confidence is
 * `1 − exp(−spend/reference)` (3 target CPAs spent without a conversion: 0.95).
 *
 * **Predicted impact**: the streak's average daily spend over `impactDays`
 * is saved (`spend`, negative delta).
 *
 * **With RestoreRecovered** (hysteresis): a restored campaign starts a new
 * run after a cool-off longer than `gapDays`, so it is judged only on the
 * days after its restoration, never again on the days that paused it.
 *
 * @since 0.1.0
 */
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
export const decisionType = "pause_wasted_spend"

/**
 * The policy's configuration; every field has a default (`{}` decodes).
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  /** least days in the streak (default 3) */
  minDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 365 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(3))
  ),
  /** days without metrics that end a run of activity (default 2) */
  gapDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(2))
  ),
  /** least spend in the streak that counts as waste (default 100, in the campaign's currency) */
  minSpend: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(100))),
  /** with a target CPA, the threshold is at least this many target CPAs (default 3) */
  targetCpaMultiple: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(3))
  ),
  /** most conversions in the streak that still count as "not converting" (default 0) */
  maxConversions: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0))
  ),
  /** target CPA of campaigns that have none (default none) */
  defaultTargetCpa: Schema.NullOr(Schema.Finite.check(Schema.isGreaterThan(0))).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(null))
  ),
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
 * The proposals for some facts (the provider's pure kernel).
 *
 * @since 0.1.0
 * @category constructors
 */
export const proposals = (config: Config, facts: DecisionProvider.Facts): ReadonlyArray<DecisionProvider.Proposal> =>
  facts.campaigns.flatMap((cf): Array<DecisionProvider.Proposal> => {
    const campaign = cf.campaign
    if (campaign.status !== "active") return []
    const record = cf.days.filter((d) => d.date < facts.today)
    let start = record.length
    let conversions = 0
    while (start > 0) {
      const day = record[start - 1]!
      if (conversions + day.conversions > config.maxConversions) break
      if (
        start < record.length &&
        Evidence.dayNumber(record[start]!.date) - Evidence.dayNumber(day.date) - 1 >= config.gapDays
      ) break
      conversions += day.conversions
      start--
    }
    const streak = record.slice(start)
    if (streak.length < config.minDays) return []
    const w = DecisionProvider.totals(streak)
    const target = campaign.targetCpa ?? config.defaultTargetCpa
    const threshold = Math.max(config.minSpend, target === null ? 0 : config.targetCpaMultiple * target)
    if (w.spend < threshold) return []
    const reference = target ?? config.minSpend / config.targetCpaMultiple
    const confidence = Evidence.probabilityCpaAbove(w.conversions, w.spend, reference)
    const saved = Evidence.cents((w.spend / streak.length) * config.impactDays)
    const conversionsSeen = w.conversions === 0 ? "no conversion" : `only ${Evidence.fmt(w.conversions)} conversions`
    return [{
      decisionType,
      change: new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "paused" }),
      rationale: `${campaign.name} spent ${Evidence.fmt(w.spend)} ${campaign.currency} over its last ${streak.length} days ` +
        `(since ${streak[0]!.date}) with ${conversionsSeen}, past the threshold of ${Evidence.fmt(threshold)}` +
        (target === null ? "" : ` (${config.targetCpaMultiple} × target CPA ${Evidence.fmt(target)})`) +
        `. Pausing it saves about ${Evidence.fmt(saved)} over ${config.impactDays} days.`,
      confidence,
      impact: new DecisionProvider.PredictedImpact({ metric: "spend", delta: -saved, windowDays: config.impactDays }),
      context: {
        campaignId: campaign.id,
        streakFrom: streak[0]!.date,
        streakTo: streak[streak.length - 1]!.date,
        streakDays: streak.length,
        spend: Evidence.cents(w.spend),
        conversions: w.conversions,
        clicks: w.clicks,
        threshold: Evidence.cents(threshold),
        targetCpa: target,
        referenceCpa: Evidence.cents(reference)
      }
    }]
  })

/**
 * The provider, under the name `pause_wasted_spend`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: Config = defaults): DecisionProvider.DecisionProvider => ({
  name: decisionType,
  description: `Pauses active campaigns that spent at least max(${config.minSpend}, ${config.targetCpaMultiple} × target CPA) ` +
    `over at least ${config.minDays} days with at most ${config.maxConversions} conversions.`,
  propose: (facts) => Effect.sync(() => proposals(config, facts))
})
