/**
 * A competitor observation: one row of an ad platform's auction insights
 * report for one period (Google Ads and Microsoft Advertising report the
 * same measures), optionally with the keywords both advertisers bid on.
 *
 * The rates are shares in [0, 1] as the platforms define them:
 * - `impressionShare` — the competitor's impressions over the auctions it
 *   was eligible for;
 * - `overlapRate` — how often its ad showed when ours did;
 * - `outrankingShare` — how often our ad ranked higher than its ad, or ours
 *   showed and its did not (higher is better for us);
 * - `positionAboveRate` — when both showed, how often its ad was above ours
 *   (higher is worse for us);
 * - `topOfPageRate`, `absoluteTopOfPageRate` — optional.
 *
 * `keywordOverlap` lists the keywords both bid on (from a host's keyword
 * research or a platform's keyword planner) and how many we bid on.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const Share = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
const IsoDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))

/**
 * @since 0.1.0
 * @category models
 */
export const KeywordOverlap = Schema.Struct({
  shared: Schema.Array(Schema.NonEmptyString),
  ourKeywords: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
})

/**
 * One observation of a competitor for one period.
 *
 * @since 0.1.0
 * @category models
 */
export const Observation = Schema.Struct({
  /** the competitor as the report names it (its display domain) */
  competitor: Schema.NonEmptyString,
  /** the campaign the report was run for; null for the whole account */
  campaignId: Schema.NullOr(Schema.String),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  impressionShare: Share,
  overlapRate: Share,
  outrankingShare: Share,
  positionAboveRate: Share,
  topOfPageRate: Schema.optionalKey(Share),
  absoluteTopOfPageRate: Schema.optionalKey(Share),
  keywordOverlap: Schema.optionalKey(KeywordOverlap)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Observation = typeof Observation.Type
