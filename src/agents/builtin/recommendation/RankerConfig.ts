/**
 * The ranker's weights and knobs as an Effect Schema: every field has a
 * default, so `{}` decodes to {@link defaults}.
 *
 * How a session's score is made (see `Ranker`):
 *
 * - `relevance = (textWeight * text + popularityWeight * popularity +
 *   collaborativeWeight * collaborative) / (sum of the three weights)`, each
 *   signal normalised to [0, 1]; this is the recommendation's confidence.
 * - `text` is MiniSearch's BM25+ score of the attendee's weighted preference
 *   terms, divided by the best score among the attendee's candidates. A
 *   term's weight is `sourceWeights[source] * confidence` summed over the
 *   preferences that contain it, plus `registrationTagWeight` times the share
 *   of the attendee's registered sessions tagged with it.
 * - `popularity` is the smoothed registration rate `(n + α) / (A + α + β)`
 *   (n registrations, A attendees, α = `popularityPriorRegistrations`,
 *   β = `popularityPriorNonRegistrations`), divided by the largest one.
 * - `collaborative` is item-to-item co-registration: for each session the
 *   attendee registered for, the cosine `co(i, j) / sqrt(n_i * n_j)` of the
 *   sets of attendees registered for i and for j, summed, divided by the best
 *   candidate's sum.
 * - Diversity: the list is built greedily; a candidate's ranking score is
 *   `relevance * (1 - trackPenalty)^m` where m is the number of sessions of
 *   the same track already picked.
 *
 * Sessions the attendee registered for, and sessions that overlap in time
 * with one of them, are never recommended (a hard filter, not a weight).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"

const weight = (value: number) =>
  Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(value)))

const unit = (value: number) =>
  Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMaximum: true })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(value))
  )

/**
 * Multipliers of a preference's confidence by its source.
 *
 * @since 0.1.0
 * @category models
 */
export const SourceWeights = Schema.Struct({
  /** stated by the attendee: trusted most */
  explicit: weight(1),
  /** inferred (e.g. from a profile): weaker evidence */
  inferred: weight(0.6),
  /** learnt from accepted recommendations and ratings */
  behavioral: weight(0.8)
})

/**
 * BM25+ field boosts: a term in a tag counts more than one in the title,
 * which counts more than one in the abstract.
 *
 * @since 0.1.0
 * @category models
 */
export const FieldBoosts = Schema.Struct({
  title: weight(2),
  abstract: weight(1),
  tags: weight(3)
})

/**
 * The ranker's configuration; decode `{}` for the defaults.
 *
 * @since 0.1.0
 * @category models
 */
export const RankerConfig = Schema.Struct({
  /** weight of text relevance (BM25+ over preferences) */
  textWeight: weight(0.6),
  /** weight of the smoothed popularity prior */
  popularityWeight: weight(0.1),
  /** weight of co-registration (collaborative filtering) */
  collaborativeWeight: weight(0.3),
  sourceWeights: SourceWeights.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  /** weight of the tags of the attendee's registered sessions as query terms */
  registrationTagWeight: weight(0.5),
  fieldBoosts: FieldBoosts.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  /** α: pseudo-registrations of every session */
  popularityPriorRegistrations: weight(1),
  /** β: pseudo-non-registrations of every session */
  popularityPriorNonRegistrations: weight(10),
  /** per-track diversity penalty in [0, 1) */
  trackPenalty: unit(0.15),
  /** sessions whose confidence (relevance) is below this are not recommended; 0 keeps every candidate */
  minConfidence: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0))
  ),
  /** how many sessions to recommend per attendee */
  limit: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(10)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type RankerConfig = typeof RankerConfig.Type

/**
 * What a caller may pass: any subset of the fields.
 *
 * @since 0.1.0
 * @category models
 */
export type RankerConfigInput = typeof RankerConfig.Encoded

/**
 * The default configuration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: RankerConfig = Schema.decodeUnknownSync(RankerConfig)({})
