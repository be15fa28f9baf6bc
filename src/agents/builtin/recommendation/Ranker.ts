/**
 * Session recommendations per attendee, from explicit, inferred and
 * behavioural preferences, registrations and session content.
 *
 * A session's confidence is the weighted sum of three signals in [0, 1]
 * (weights in {@link RankerConfig}): text relevance of the attendee's
 * weighted preference terms (BM25+), a smoothed popularity prior, and
 * item-to-item co-registration. The list is then built greedily with a
 * per-track diversity penalty. Sessions the attendee registered for, and
 * sessions that overlap one of them in time, are never recommended.
 *
 * Why MiniSearch for text relevance: it implements BM25+ (length-normalised
 * term frequency with a lower bound, so a long abstract that mentions a term
 * once still scores above zero) with per-field boosts (tags over titles over
 * abstracts) and a per-term boost (`boostTerm`), which is exactly a weighted
 * query: one search per attendee carries every preference term with its
 * source-and-confidence weight. It is small, MIT-licensed, without
 * dependencies, typed, in-memory and deterministic, and the sessions are
 * indexed once per call for all attendees. `@orama/orama` would add vector
 * search, which this engine does not need yet.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as Kernel from "./internal/kernel.ts"
import { type RecommendationInput as Input, RecommendationInput, type RecommendationOutput } from "./Model.ts"
import * as RankerConfig from "./RankerConfig.ts"
import { InvalidRecommendationInput } from "./RecommendationError.ts"

/**
 * Ranks sessions for every attendee: pure and synchronous, on an input that
 * is already typed. Registrations of unknown sessions are ignored; use
 * {@link recommend} to decode and check an input first.
 *
 * @since 0.1.0
 * @category ranking
 */
export const rank = (input: Input, config: RankerConfig.RankerConfig = RankerConfig.defaults): RecommendationOutput =>
  Kernel.rank(input, config)

/**
 * The problems of an input that decodes but is inconsistent: duplicate
 * session or attendee ids, a session with only one of `startsAt`/`endsAt`
 * or ending before it starts, a registration of an unknown session.
 *
 * @since 0.1.0
 * @category validation
 */
export const problems = (input: Input): Array<string> => {
  const out: Array<string> = []
  const sessionIds = new Set<string>()
  for (const s of input.sessions) {
    if (sessionIds.has(s.id)) out.push(`duplicate session id ${s.id}`)
    sessionIds.add(s.id)
    if ((s.startsAt === undefined) !== (s.endsAt === undefined)) {
      out.push(`session ${s.id} has only one of startsAt and endsAt`)
    } else if (s.startsAt !== undefined && s.endsAt !== undefined) {
      const start = s.startsAt.getTime()
      const end = s.endsAt.getTime()
      if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
        out.push(`session ${s.id} must end after it starts`)
      }
    }
  }
  const attendeeIds = new Set<string>()
  for (const a of input.attendees) {
    if (attendeeIds.has(a.id)) out.push(`duplicate attendee id ${a.id}`)
    attendeeIds.add(a.id)
    for (const r of a.registrations) {
      if (!sessionIds.has(r)) out.push(`attendee ${a.id} registered for unknown session ${r}`)
    }
  }
  return out
}

/**
 * Decodes the input and the configuration (any subset of
 * {@link RankerConfig.RankerConfig}; defaults for the rest), checks the
 * input's consistency, and ranks.
 *
 * @since 0.1.0
 * @category ranking
 */
export const recommend: (
  input: unknown,
  options?: { readonly config?: RankerConfig.RankerConfigInput | undefined }
) => Effect.Effect<RecommendationOutput, InvalidRecommendationInput> = Effect.fn("Ranker.recommend")(
  function*(input, options) {
    const decoded = yield* Schema.decodeUnknownEffect(RecommendationInput)(input).pipe(
      Effect.mapError((e) => new InvalidRecommendationInput({ reason: e.message }))
    )
    const config = yield* Schema.decodeUnknownEffect(RankerConfig.RankerConfig)(options?.config ?? {}).pipe(
      Effect.mapError((e) => new InvalidRecommendationInput({ reason: `config: ${e.message}` }))
    )
    const found = problems(decoded)
    if (found.length > 0) return yield* new InvalidRecommendationInput({ reason: found.join("; ") })
    return Kernel.rank(decoded, config)
  }
)
