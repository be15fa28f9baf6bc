/**
 * The sponsorship engine's input and output as Effect Schemas, usable
 * without a database.
 *
 * Where it comes from later (see `Rows.ts`): a {@link Sponsor} is a
 * `sponsors` row whose status is `confirmed`, with the topics of its offering
 * (`metadata.topics`) and its lead entitlement, read from the `benefits` of
 * its `sponsorship_packages` row; an {@link Attendee} is an `attendees` row
 * (`interests`, and the sponsorship answers kept in
 * `answers.sponsorship`: opt-out, a personal cap, extra topics the attendee
 * is looking for). A {@link LeadPair} is an earlier lead the attendee
 * answered (`ai_recommendations` with `recommendation_type = 'sponsor'`):
 * accepted ones are kept and count against both caps, declined ones are never
 * proposed again. A {@link Lead} becomes one `ai_recommendations` row.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const Id = Schema.String.check(Schema.isMinLength(1))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * A sponsor as the matcher sees it: the topics of its offering and how many
 * leads its package entitles it to (in total, earlier accepted leads
 * included).
 *
 * @since 0.1.0
 * @category models
 */
export const Sponsor = Schema.Struct({
  id: Id,
  topics: Schema.Array(Schema.String),
  entitlement: NonNegativeInt
})

/**
 * @since 0.1.0
 * @category models
 */
export type Sponsor = typeof Sponsor.Type

/**
 * An attendee as the matcher sees it. `optedOut` attendees (no consent to be
 * passed to sponsors) are never a lead; `maxSponsors` overrides the run's
 * default number of sponsors per attendee (0 means none).
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({
  id: Id,
  interests: Schema.Array(Schema.String),
  optedOut: Schema.optionalKey(Schema.Boolean),
  maxSponsors: Schema.optionalKey(NonNegativeInt)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * A sponsor and an attendee.
 *
 * @since 0.1.0
 * @category models
 */
export const LeadPair = Schema.Struct({ sponsorId: Id, attendeeId: Id })

/**
 * @since 0.1.0
 * @category models
 */
export type LeadPair = typeof LeadPair.Type

/**
 * The matcher's input: sponsors, attendees, earlier leads the attendee
 * accepted (kept; they use up entitlement and the attendee's cap) and
 * declined (never proposed again).
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({
  sponsors: Schema.Array(Sponsor),
  attendees: Schema.Array(Attendee),
  accepted: Schema.Array(LeadPair),
  declined: Schema.Array(LeadPair)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Input = typeof Input.Type

/**
 * One new lead: a sponsor, an attendee, the relevance score in [0, 1] (see
 * `Matcher`) and the sponsor topics the attendee's interests matched
 * (normalised: lower case, trimmed).
 *
 * @since 0.1.0
 * @category models
 */
export const Lead = Schema.Struct({
  sponsorId: Id,
  attendeeId: Id,
  score: Schema.Finite,
  topics: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Lead = typeof Lead.Type

/**
 * What a run gave one sponsor: its entitlement, the earlier accepted leads
 * kept, the new leads, and its demand (attendees who could be its lead: not
 * opted out, not declined, relevance above `minScore`, the kept ones
 * included).
 *
 * @since 0.1.0
 * @category models
 */
export const SponsorStats = Schema.Struct({
  sponsorId: Id,
  entitlement: NonNegativeInt,
  kept: NonNegativeInt,
  delivered: NonNegativeInt,
  demand: NonNegativeInt
})

/**
 * @since 0.1.0
 * @category models
 */
export type SponsorStats = typeof SponsorStats.Type

/**
 * Counters of a run: attendees eligible (not opted out, cap above 0),
 * candidate pairs, total score after the greedy and after local improvement.
 *
 * @since 0.1.0
 * @category models
 */
export const Stats = Schema.Struct({
  eligible: NonNegativeInt,
  candidatePairs: NonNegativeInt,
  greedyScore: Schema.Finite,
  improvedScore: Schema.Finite,
  improvingMoves: NonNegativeInt
})

/**
 * @since 0.1.0
 * @category models
 */
export type Stats = typeof Stats.Type

/**
 * The matcher's output: the new leads (best first, then by ids), their total
 * score, per-sponsor figures (in input order) and the run's counters.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  leads: Schema.Array(Lead),
  totalScore: Schema.Finite,
  sponsors: Schema.Array(SponsorStats),
  stats: Stats
})

/**
 * @since 0.1.0
 * @category models
 */
export type Output = typeof Output.Type
