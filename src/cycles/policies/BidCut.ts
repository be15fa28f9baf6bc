/**
 * Cut bids where CPA exceeds target.
 *
 * **Keyword metrics do not exist.** The schema's daily metrics are per
 * campaign (`campaign_daily_metrics`); there is no per-keyword spend or
 * conversion. So the policy judges CPA per campaign and cuts the bids of the
 * campaign's keywords together: each active, non-negative keyword of an
 * active ad group that has its own bid gets `SetKeywordBid`, and each active
 * ad group whose default bid serves active keywords without their own bid
 * gets `SetAdGroupBid`, all cut by the same share. When per-keyword metrics
 * arrive, the same rule applies per keyword.
 *
 * **CPA now.** CPA is cost per click over conversion rate. The conversion
 * rate hardly depends on the bid, so it is measured over the whole window
 * (`windowDays`, many clicks); the cost per click follows the bids at once,
 * so it is measured over the last `recentDays` days. Their ratio is the CPA
 * at the current bids: a cut made yesterday shows up today, and the policy
 * does not cut again for the same overshoot (it assumes one decision per
 * complete day, as a daily cycle makes).
 *
 * **Rule.** A campaign with at least `minConversions` conversions in the
 * window whose CPA now exceeds `(1 + tolerance) × target CPA` (the
 * campaign's `targetCpa`, else `defaultTargetCpa`; campaigns with neither
 * are left alone) has its bids cut by `min(maxCut, gain × (1 − target/CPA))`,
 * proportional to the overshoot, never below `minBid`. Campaigns with no
 * conversion are PauseWaste's.
 *
 * **Confidence** is the posterior probability (Gamma, as in PauseWaste) that
 * the window's CPA is above the target; **predicted impact**: to first order
 * the cost per click falls with the bid, so the campaign's CPA falls by
 * `cut × CPA now` (`cpa`, negative delta, over `impactDays`).
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
export const decisionType = "bid_cut"

/**
 * The policy's configuration; every field has a default (`{}` decodes).
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  /** calendar days over which the conversion rate is measured (default 14) */
  windowDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(14))
  ),
  /** calendar days over which the cost per click is measured (default 1: the bids of the last day) */
  recentDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(1))
  ),
  /** least conversions in the window to judge a CPA (default 5) */
  minConversions: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(5))),
  /** act when CPA exceeds the target by more than this share (default 0.1) */
  tolerance: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.1))
  ),
  /** the cut is this times the overshoot `1 − target/CPA` (default 0.5) */
  gain: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.5))
  ),
  /** largest cut in one decision, a share of the bid (default 0.25) */
  maxCut: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true }))
    .pipe(Schema.withDecodingDefaultKey(Effect.succeed(0.25))),
  /** lowest bid proposed (default 0.05) */
  minBid: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(0.05))),
  /** target CPA of campaigns that have none (default none: they are left alone) */
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
    const target = campaign.targetCpa ?? config.defaultTargetCpa
    if (campaign.status !== "active" || target === null) return []
    const w = Evidence.window(cf.days, facts.today, config.windowDays)
    const recent = Evidence.window(cf.days, facts.today, config.recentDays)
    if (w.conversions < config.minConversions || w.clicks === 0 || recent.clicks === 0) return []
    const conversionRate = w.conversions / w.clicks
    const cpcNow = recent.spend / recent.clicks
    const cpaNow = cpcNow / conversionRate
    if (cpaNow <= (1 + config.tolerance) * target) return []
    const cut = Math.min(config.maxCut, config.gain * (1 - target / cpaNow))
    const confidence = Evidence.probabilityCpaAbove(w.conversions, w.spend, target)
    const delta = -Evidence.cents(cut * cpaNow)
    const impact = new DecisionProvider.PredictedImpact({ metric: "cpa", delta, windowDays: config.impactDays })
    const why = `${campaign.name}: CPA ${Evidence.fmt(cpaNow)} ${campaign.currency} against a target of ${Evidence.fmt(target)} ` +
      `(cost per click ${Evidence.fmt(cpcNow)} over the last ${config.recentDays} ${config.recentDays === 1 ? "day" : "days"} ÷ ` +
      `conversion rate ${Evidence.pct(conversionRate)} from ${Evidence.fmt(w.conversions)} conversions in ${
        Evidence.fmt(w.clicks)
      } clicks over ${config.windowDays} days), ${Evidence.pct(cpaNow / target - 1)} over.`
    const context = {
      campaignId: campaign.id,
      targetCpa: target,
      cpaNow: Evidence.cents(cpaNow),
      windowCpa: Evidence.cents(DecisionProvider.cpa(w)),
      cpcNow: Evidence.cents(cpcNow),
      conversionRate,
      conversions: w.conversions,
      clicks: w.clicks,
      spend: Evidence.cents(w.spend),
      cut
    }
    const activeGroups = new Map(cf.adGroups.filter((g) => g.status === "active").map((g) => [g.id, g]))
    const serving = cf.keywords.filter((k) => k.status === "active" && !k.isNegative && activeGroups.has(k.adGroupId))
    const cutBid = (bid: number) => Math.max(config.minBid, Evidence.cents(bid * (1 - cut)))
    const out: Array<DecisionProvider.Proposal> = []
    for (const k of serving) {
      if (k.maxCpc === null) continue
      const bid = cutBid(k.maxCpc)
      if (bid >= k.maxCpc) continue
      out.push({
        decisionType,
        change: new AdPlatform.SetKeywordBid({ keywordId: k.id, bid }),
        rationale: `${why} Cutting "${k.text}" (${k.matchType}) from ${Evidence.fmt(k.maxCpc)} to ${Evidence.fmt(bid)} ` +
          `(−${Evidence.pct(cut)}) should bring the campaign's CPA down by about ${Evidence.fmt(-delta)}.`,
        confidence,
        impact,
        context: { ...context, keywordId: k.id, bidBefore: k.maxCpc, bidAfter: bid }
      })
    }
    for (const g of activeGroups.values()) {
      if (g.defaultMaxCpc === null || !serving.some((k) => k.adGroupId === g.id && k.maxCpc === null)) continue
      const bid = cutBid(g.defaultMaxCpc)
      if (bid >= g.defaultMaxCpc) continue
      out.push({
        decisionType,
        change: new AdPlatform.SetAdGroupBid({ adGroupId: g.id, bid }),
        rationale: `${why} Cutting the default bid of ad group ${g.name} from ${Evidence.fmt(g.defaultMaxCpc)} to ` +
          `${Evidence.fmt(bid)} (−${Evidence.pct(cut)}) should bring the campaign's CPA down by about ${Evidence.fmt(-delta)}.`,
        confidence,
        impact,
        context: { ...context, adGroupId: g.id, bidBefore: g.defaultMaxCpc, bidAfter: bid }
      })
    }
    return out
  })

/**
 * The provider, under the name `bid_cut`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: Config = defaults): DecisionProvider.DecisionProvider => ({
  name: decisionType,
  description: `Cuts the bids of campaigns whose CPA exceeds target by more than ${Evidence.pct(config.tolerance)} ` +
    `(by ${config.gain} × the overshoot, at most ${Evidence.pct(config.maxCut)}).`,
  propose: (facts) => Effect.sync(() => proposals(config, facts))
})
