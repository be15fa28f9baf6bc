/**
 * Restore recovered campaigns: a campaign paused for wasted spend is given
 * another chance once a cool-off has passed, if it had been converting well
 * before it stopped.
 *
 * **What a paused campaign shows.** A paused campaign serves nothing, so the
 * platform reports no metrics for it (the simulated platform writes no
 * `campaign_daily_metrics` row for a paused campaign, and real platforms
 * report zeros): recovery cannot be observed while it is paused. The policy
 * therefore uses a probation rule over the campaign's record in the facts
 * (its days with metrics, oldest first):
 *
 * - the **waste streak** is the record's longest suffix of days without a
 *   conversion (the days that got it paused; with `onlyAfterWaste`, the
 *   default, a paused campaign without such a streak was paused for another
 *   reason, say by a person, and is left alone);
 * - the **evidence** is the `evidenceDays` days of record before the streak:
 *   it must hold at least `minConversions` conversions at a CPA of at most
 *   `maxCpaRatio × target CPA` (the campaign's `targetCpa`, else
 *   `defaultTargetCpa`; without either, a ROAS of at least 1);
 * - the **cool-off**: the campaign must have had no day of metrics for
 *   `coolOffDays × backoff^failed` days, where `failed` counts the
 *   probations already spent (runs of days, separated by `gapDays` or more
 *   days without metrics, that started inside the waste streak: a restore
 *   that did not convert and was paused again).
 *
 * **Hysteresis with PauseWaste.** Pausing needs spend past a threshold with
 * no conversion in the current run of activity; restoring needs converting
 * evidence from before the waste and a cool-off longer than PauseWaste's
 * `gapDays` (true of the defaults), so a restored campaign starts a new run
 * and is judged only on its new days; each failed probation multiplies the cool-off
 * by `backoff`, so a campaign that stays broken is tried ever more rarely and
 * stops being tried when its converting evidence leaves the facts' lookback.
 *
 * **Confidence** is the posterior probability (Gamma, as in PauseWaste) that
 * the evidence's CPA is below the target; **predicted impact**: the
 * evidence's conversions per day over `impactDays` (`conversions`).
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
export const decisionType = "restore_recovered"

/**
 * The policy's configuration; every field has a default (`{}` decodes).
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  /** days without metrics before a first restore (default 7; keep above PauseWaste's gapDays) */
  coolOffDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(7))
  ),
  /** the cool-off is multiplied by this for each failed probation (default 2) */
  backoff: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(2))),
  /** days of record before the waste streak used as evidence (default 14) */
  evidenceDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 365 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(14))
  ),
  /** least conversions in the evidence (default 3) */
  minConversions: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(3))),
  /** the evidence's CPA must be at most this times the target CPA (default 1.5: converting acceptably; BidCut corrects the rest) */
  maxCpaRatio: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(1.5))),
  /** days without metrics that separate two runs of a campaign (default 2) */
  gapDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(2))
  ),
  /** restore only campaigns whose record ends in days without conversions (default true) */
  onlyAfterWaste: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
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
    const record = cf.days.filter((d) => d.date < facts.today)
    if (campaign.status !== "paused" || record.length === 0) return []

    let streakStart = record.length
    while (streakStart > 0 && record[streakStart - 1]!.conversions <= 0) streakStart--
    if (config.onlyAfterWaste && streakStart === record.length) return []
    if (streakStart === 0) return [] // nothing but waste in the record: no evidence

    let failed = 0
    for (let i = streakStart + 1; i < record.length; i++) {
      if (Evidence.dayNumber(record[i]!.date) - Evidence.dayNumber(record[i - 1]!.date) - 1 >= config.gapDays) failed++
    }
    const last = record[record.length - 1]!
    const idle = Evidence.dayNumber(facts.today) - Evidence.dayNumber(last.date) - 1
    const coolOff = Math.ceil(config.coolOffDays * Math.pow(config.backoff, failed))
    if (idle < coolOff) return []

    const before = record.slice(0, streakStart)
    const evidenceEnd = Evidence.dayNumber(before[before.length - 1]!.date)
    const evidenceDays = before.filter((d) => Evidence.dayNumber(d.date) > evidenceEnd - config.evidenceDays)
    const e = DecisionProvider.totals(evidenceDays)
    if (e.conversions < config.minConversions) return []
    const target = campaign.targetCpa ?? config.defaultTargetCpa
    const evidenceCpa = DecisionProvider.cpa(e)
    const evidenceRoas = DecisionProvider.roas(e)
    if (target === null ? evidenceRoas < 1 : evidenceCpa > config.maxCpaRatio * target) return []

    // without a target, ROAS ≥ 1 is a CPA at most the average revenue per conversion
    const reference = target === null ? e.revenue / e.conversions : config.maxCpaRatio * target
    const confidence = 1 - Evidence.probabilityCpaAbove(e.conversions, e.spend, reference)
    const perDay = e.conversions / evidenceDays.length
    const expected = Math.round(perDay * config.impactDays * 100) / 100
    const streak = record.slice(streakStart)
    const wasted = DecisionProvider.totals(streak)
    const criterion = target === null
      ? `ROAS ${Evidence.fmt(evidenceRoas)} ≥ 1`
      : `CPA ${Evidence.fmt(evidenceCpa)} ≤ ${Evidence.fmt(config.maxCpaRatio * target)}`
    return [{
      decisionType,
      change: new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "active" }),
      rationale: `${campaign.name} has been paused for ${idle} days (cool-off ${coolOff}` +
        (failed > 0 ? `, doubled after ${failed} failed ${failed === 1 ? "probation" : "probations"}` : "") +
        `) after ${streak.length} days without a conversion (${Evidence.fmt(wasted.spend)} ${campaign.currency} spent). ` +
        `Before that it converted ${Evidence.fmt(e.conversions)} times in ${evidenceDays.length} days at ${criterion}. ` +
        `Restoring it on probation: about ${Evidence.fmt(expected)} conversions over ${config.impactDays} days if it converts as before.`,
      confidence,
      impact: new DecisionProvider.PredictedImpact({ metric: "conversions", delta: expected, windowDays: config.impactDays }),
      context: {
        campaignId: campaign.id,
        lastActiveDay: last.date,
        idleDays: idle,
        coolOffDays: coolOff,
        failedProbations: failed,
        wasteDays: streak.length,
        wasteSpend: Evidence.cents(wasted.spend),
        evidenceFrom: evidenceDays[0]!.date,
        evidenceTo: evidenceDays[evidenceDays.length - 1]!.date,
        evidenceConversions: e.conversions,
        evidenceSpend: Evidence.cents(e.spend),
        evidenceCpa: Evidence.cents(evidenceCpa),
        evidenceRoas: Evidence.cents(evidenceRoas),
        targetCpa: target
      }
    }]
  })

/**
 * The provider, under the name `restore_recovered`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: Config = defaults): DecisionProvider.DecisionProvider => ({
  name: decisionType,
  description: `Restores campaigns paused after days without conversions once they have rested ${config.coolOffDays} days ` +
    `(×${config.backoff} per failed probation), if they converted at most ${config.maxCpaRatio} × target CPA before.`,
  propose: (facts) => Effect.sync(() => proposals(config, facts))
})
