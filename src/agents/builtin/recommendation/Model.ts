/**
 * The recommendation engine's input and output as Effect Schemas, usable
 * without a database.
 *
 * Where it comes from and lands later: a {@link Session} is a row of
 * `sessions` (`title`, `abstract`, `tags`, `track_id`, `starts_at`,
 * `ends_at`); a {@link Preference} is a row of `user_preferences`
 * (`preference_type`, `preference_value`, `source`, `confidence_level`);
 * an attendee's registrations are its `session_attendees` rows; a
 * {@link Recommendation} becomes a row of `events_ai.ai_recommendations`
 * with `recommendation_type = 'session'`, `confidence_score = confidence`
 * and `reasoning` = {@link Reasoning} as JSON.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const Id = Schema.String.check(Schema.isMinLength(1))
const Unit = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * A session of the programme. Unscheduled sessions have neither `startsAt`
 * nor `endsAt`; they never clash with anything.
 *
 * @since 0.1.0
 * @category models
 */
export const Session = Schema.Struct({
  id: Id,
  title: Schema.String,
  abstract: Schema.optionalKey(Schema.String),
  tags: Schema.Array(Schema.String),
  trackId: Schema.optionalKey(Schema.String),
  startsAt: Schema.optionalKey(Schema.Date),
  endsAt: Schema.optionalKey(Schema.Date)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Session = typeof Session.Type

/**
 * Where a preference comes from, as in `user_preferences.source`: stated by
 * the attendee, inferred (e.g. from a profile), or learnt from behaviour
 * (accepted recommendations, ratings).
 *
 * @since 0.1.0
 * @category models
 */
export const PreferenceSource = Schema.Literals(["explicit", "inferred", "behavioral"])

/**
 * @since 0.1.0
 * @category models
 */
export type PreferenceSource = typeof PreferenceSource.Type

/**
 * One preference: free text (`value`, e.g. "machine learning") of some
 * `type` (e.g. "topic", "tag"), with its source and a confidence in [0, 1].
 * The ranker matches the value's terms against session titles, abstracts
 * and tags.
 *
 * @since 0.1.0
 * @category models
 */
export const Preference = Schema.Struct({
  type: Schema.String,
  value: Schema.String,
  source: PreferenceSource,
  confidence: Unit
})

/**
 * @since 0.1.0
 * @category models
 */
export type Preference = typeof Preference.Type

/**
 * An attendee with preferences and the ids of the sessions registered for.
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({
  id: Id,
  preferences: Schema.Array(Preference),
  registrations: Schema.Array(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * Everything the ranker reads: the programme and the attendees to recommend
 * for. Popularity and co-registration are computed over all `attendees`.
 *
 * @since 0.1.0
 * @category models
 */
export const RecommendationInput = Schema.Struct({
  sessions: Schema.Array(Session),
  attendees: Schema.Array(Attendee)
})

/**
 * @since 0.1.0
 * @category models
 */
export type RecommendationInput = typeof RecommendationInput.Type

/**
 * A query term that matched a session: the term, the session fields it was
 * found in, the preference sources it came from, and its query weight.
 *
 * @since 0.1.0
 * @category models
 */
export const MatchedTerm = Schema.Struct({
  term: Schema.String,
  fields: Schema.Array(Schema.String),
  sources: Schema.Array(Schema.Union([PreferenceSource, Schema.Literal("registrations")])),
  weight: NonNegative
})

/**
 * @since 0.1.0
 * @category models
 */
export type MatchedTerm = typeof MatchedTerm.Type

/**
 * The signals a score is made of.
 *
 * @since 0.1.0
 * @category models
 */
export const SignalName = Schema.Literals(["text", "popularity", "collaborative"])

/**
 * @since 0.1.0
 * @category models
 */
export type SignalName = typeof SignalName.Type

/**
 * One signal: its normalised value in [0, 1], its weight, and its
 * contribution (`value * weight`) to the score.
 *
 * @since 0.1.0
 * @category models
 */
export const Signal = Schema.Struct({
  signal: SignalName,
  value: Unit,
  weight: NonNegative,
  contribution: NonNegative
})

/**
 * @since 0.1.0
 * @category models
 */
export type Signal = typeof Signal.Type

/**
 * Why a session was recommended: the query terms that matched it, the
 * session tags among them, the sessions co-registered with it, each signal's
 * contribution, the diversity factor applied, and a one-line summary.
 *
 * @since 0.1.0
 * @category models
 */
export const Reasoning = Schema.Struct({
  summary: Schema.String,
  matchedTerms: Schema.Array(MatchedTerm),
  matchedTags: Schema.Array(Schema.String),
  coRegisteredWith: Schema.Array(Schema.String),
  signals: Schema.Array(Signal),
  diversityFactor: Unit
})

/**
 * @since 0.1.0
 * @category models
 */
export type Reasoning = typeof Reasoning.Type

/**
 * The parts of a score: the normalised signals, the weighted `relevance`
 * (their weighted sum, in [0, 1]) and the `rankingScore` after the
 * diversity penalty, which orders the list.
 *
 * @since 0.1.0
 * @category models
 */
export const ScoreParts = Schema.Struct({
  text: Unit,
  popularity: Unit,
  collaborative: Unit,
  relevance: Unit,
  rankingScore: Unit
})

/**
 * @since 0.1.0
 * @category models
 */
export type ScoreParts = typeof ScoreParts.Type

/**
 * One recommended session, with rank (1-based), confidence in [0, 1]
 * (`ai_recommendations.confidence_score`), score parts and reasoning. The
 * confidence is the weighted sum of the normalised signals (`relevance`),
 * before the diversity penalty; on generated events the share of relevant
 * sessions rises with it (about 0.1 below 0.3, 0.6 in [0.3, 0.6), 0.87
 * above), though it is not a calibrated probability.
 *
 * @since 0.1.0
 * @category models
 */
export const Recommendation = Schema.Struct({
  sessionId: Id,
  rank: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  confidence: Unit,
  score: ScoreParts,
  reasoning: Reasoning
})

/**
 * @since 0.1.0
 * @category models
 */
export type Recommendation = typeof Recommendation.Type

/**
 * The ranked recommendations for one attendee, with how many sessions the
 * hard filters removed (already registered; clashing in time with a
 * registration).
 *
 * @since 0.1.0
 * @category models
 */
export const AttendeeRecommendations = Schema.Struct({
  attendeeId: Id,
  recommendations: Schema.Array(Recommendation),
  excluded: Schema.Struct({
    registered: Schema.Int,
    clashing: Schema.Int
  })
})

/**
 * @since 0.1.0
 * @category models
 */
export type AttendeeRecommendations = typeof AttendeeRecommendations.Type

/**
 * The ranker's output: one entry per input attendee, in input order.
 *
 * @since 0.1.0
 * @category models
 */
export const RecommendationOutput = Schema.Struct({
  attendees: Schema.Array(AttendeeRecommendations)
})

/**
 * @since 0.1.0
 * @category models
 */
export type RecommendationOutput = typeof RecommendationOutput.Type
