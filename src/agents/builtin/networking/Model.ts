/**
 * The networking engine's input and output as Effect Schemas, usable without
 * a database.
 *
 * Where it comes from later: an {@link Attendee} is a row of `attendees`
 * (`id`, `interests`, and the networking answers kept in `answers`: intents,
 * opt-out, cap); a {@link DeclinedPair} is a networking recommendation one of
 * the two declined (`ai_recommendations` with `recommendation_type =
 * 'networking'` and `is_accepted = false`). A {@link Match} becomes two
 * `ai_recommendations` rows (one for each side) with `reasoning` =
 * its {@link Reason} list.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const Id = Schema.String.check(Schema.isMinLength(1))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * What an attendee wants from networking. Roles come in complementary pairs:
 * `buyer`/`seller` (business), `hiring`/`seeking` (hiring),
 * `investing`/`raising` (investing), `mentor`/`mentee` (mentoring).
 *
 * @since 0.1.0
 * @category models
 */
export const Role = Schema.Literals(["buyer", "seller", "hiring", "seeking", "investing", "raising", "mentor", "mentee"])

/**
 * @since 0.1.0
 * @category models
 */
export type Role = typeof Role.Type

/**
 * The kind of a complementary intent.
 *
 * @since 0.1.0
 * @category models
 */
export const IntentKind = Schema.Literals(["business", "hiring", "investing", "mentoring"])

/**
 * @since 0.1.0
 * @category models
 */
export type IntentKind = typeof IntentKind.Type

/**
 * The complementary role of each role (an involution: `complement(complement(r)) = r`).
 *
 * @since 0.1.0
 * @category models
 */
export const complement: { readonly [R in Role]: Role } = {
  buyer: "seller",
  seller: "buyer",
  hiring: "seeking",
  seeking: "hiring",
  investing: "raising",
  raising: "investing",
  mentor: "mentee",
  mentee: "mentor"
}

/**
 * The kind of intent a role belongs to.
 *
 * @since 0.1.0
 * @category models
 */
export const kindOf: { readonly [R in Role]: IntentKind } = {
  buyer: "business",
  seller: "business",
  hiring: "hiring",
  seeking: "hiring",
  investing: "investing",
  raising: "investing",
  mentor: "mentoring",
  mentee: "mentoring"
}

/**
 * An intent: a role, optionally about a topic (e.g. a seller of "cloud
 * security"). Two intents are complementary when their roles are and, if both
 * name a topic, the topics are equal (case and surrounding spaces ignored).
 *
 * @since 0.1.0
 * @category models
 */
export const Intent = Schema.Struct({
  role: Role,
  topic: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Intent = typeof Intent.Type

/**
 * An attendee as the matcher sees it. `optedOut` attendees never appear in any
 * match; `maxMatches` overrides the run's default cap for this person (0 means
 * no matches).
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({
  id: Id,
  interests: Schema.Array(Schema.String),
  intents: Schema.Array(Intent),
  optedOut: Schema.optionalKey(Schema.Boolean),
  maxMatches: Schema.optionalKey(NonNegativeInt)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * A hard veto: one of the two declined the other; they are never matched
 * (the order of `a` and `b` does not matter).
 *
 * @since 0.1.0
 * @category models
 */
export const DeclinedPair = Schema.Struct({ a: Id, b: Id })

/**
 * @since 0.1.0
 * @category models
 */
export type DeclinedPair = typeof DeclinedPair.Type

/**
 * The matcher's input: the event's attendees and the declined pairs.
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({
  attendees: Schema.Array(Attendee),
  declined: Schema.Array(DeclinedPair)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Input = typeof Input.Type

/**
 * A reason for a match: the interests both share (normalised: lower case,
 * trimmed), or one complementary intent (`roleOfA` is the role of the match's
 * `a`, `roleOfB` of its `b`; `topic` when either intent named one).
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Union([
  Schema.TaggedStruct("SharedInterests", {
    interests: Schema.Array(Schema.String),
    jaccard: Schema.Finite
  }),
  Schema.TaggedStruct("ComplementaryIntent", {
    kind: IntentKind,
    roleOfA: Role,
    roleOfB: Role,
    topic: Schema.optionalKey(Schema.String)
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * One match between two attendees (`a < b` by id: a match is unordered), its
 * score (see the `Score` module) and the reasons, given from `a`'s side.
 *
 * @since 0.1.0
 * @category models
 */
export const Match = Schema.Struct({
  a: Id,
  b: Id,
  score: Schema.Finite,
  reasons: Schema.Array(Reason)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Match = typeof Match.Type

/**
 * Counters of a run: attendees eligible (not opted out, cap above 0),
 * candidate pairs generated, and the total score after the greedy and after
 * local improvement.
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
 * The matcher's output: the matches (best first, then by ids), their total
 * score, and the run's counters.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  matches: Schema.Array(Match),
  totalScore: Schema.Finite,
  stats: Stats
})

/**
 * @since 0.1.0
 * @category models
 */
export type Output = typeof Output.Type
