/**
 * The `networking` agent type: attendee-to-attendee matches for an event,
 * stored in `events_ai.ai_recommendations` (`recommendation_type =
 * 'networking'`, the other attendee as the recommended item).
 *
 * It reads the event's attendees (interests; intents, opt-out and a personal
 * cap from `answers.networking`, see `networking/AttendeeRow.ts`; anyone not
 * registered or confirmed is left out, and so is anyone whose
 * `answers.networking` does not decode, counted in `malformed`) and every earlier networking
 * recommendation a user declined (`is_accepted = false`): a declined pair is
 * never matched again. It matches with the pure engine in `networking/`
 * (indexed candidates, greedy b-matching with local improvement, a cap per
 * person) and writes one row for each side of a match whose attendee has a
 * user, with the score as confidence (scaled to [0, 1]) and the reasons. In
 * shadow mode (the agent is `training`) it matches and reports but writes
 * nothing.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import { Attendees } from "../../storage/schema/events/Attendees.ts"
import { AiRecommendations } from "../../storage/schema/eventsAi/AiRecommendations.ts"
import { Storage } from "../../storage/Storage.ts"
import * as Agent from "../Agent.ts"
import * as AttendeeRow from "./networking/AttendeeRow.ts"
import * as Matcher from "./networking/Matcher.ts"

/**
 * The agent's configuration (`ai_agents.configuration`).
 *
 * @since 0.1.0
 * @category models
 */
export const Configuration = Schema.Struct({
  /** matches per person unless the attendee asks for fewer */
  maxMatches: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(3))),
  /** run the local improvement after the greedy (about 5% more total score, slower) */
  improve: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
  expiresInHours: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(72)))
})

/**
 * The event to match attendees of.
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({ eventId: Schema.String })

/**
 * What a run did.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  eligible: Schema.Int,
  matches: Schema.Int,
  /** matches that satisfy a complementary intent (buyer/seller, hiring/seeking, ...) */
  complementary: Schema.Int,
  declinedPairs: Schema.Int,
  /** attendees left out because their `answers.networking` does not decode */
  malformed: Schema.Int,
  written: Schema.Int,
  totalScore: Schema.Finite
})

/**
 * The agent type.
 *
 * @since 0.1.0
 * @category agents
 */
export const NetworkingAgent = Agent.make({
  type: "networking",
  version: "1.0.0",
  description: "Attendee matches from shared interests and complementary intents, with vetoes and a cap per person",
  configuration: Configuration,
  input: Input,
  output: Output,
  handler: (input, context) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const rows = (yield* storage.find(Attendees, { where: { event_id: input.eventId } })).items
      // one attendee's malformed answers.networking leaves that attendee out (counted), not the whole run
      const decoded = yield* Effect.forEach(rows, (row) => Effect.option(AttendeeRow.toAttendee(row)))
      const attendees = decoded.flatMap((a) => (a._tag === "Some" ? [a.value] : []))
      const malformed = decoded.length - attendees.length
      const attendeeOfUser = new Map(rows.flatMap((r) => (r.user_id === null ? [] : [[r.user_id, r.id] as const])))
      const userOf = new Map(rows.map((r) => [r.id, r.user_id]))
      const previous = (yield* storage.find(AiRecommendations, {
        where: { event_id: input.eventId, recommendation_type: "networking", is_accepted: false }
      })).items
      const declined = previous.flatMap((r) => {
        const a = attendeeOfUser.get(r.user_id)
        return a === undefined ? [] : [{ a, b: r.recommended_item_id }]
      })
      const output = yield* Effect.orDie(Matcher.match({ attendees, declined }, {
        maxMatches: context.configuration.maxMatches,
        improve: context.configuration.improve
      }))
      const best = output.matches.reduce((m, x) => Math.max(m, x.score), 0)
      const now = yield* Clock.currentTimeMillis
      const expiresAt = new Date(now + context.configuration.expiresInHours * 3_600_000)
      const toWrite = output.matches.flatMap((match) =>
        ([[match.a, match.b], [match.b, match.a]] as const).flatMap(([self, other]) => {
          const user = userOf.get(self)
          return user === null || user === undefined ? [] : [{
            user_id: user,
            event_id: input.eventId,
            recommendation_type: "networking" as const,
            recommended_item_id: other,
            recommended_item_type: "attendee",
            confidence_score: best === 0 ? 0 : Math.round((match.score / best) * 100) / 100,
            reasoning: { score: match.score, reasons: match.reasons.map((r) => ({ ...r })) } as Record<string, Schema.Json>,
            expires_at: expiresAt
          }]
        })
      )
      if (context.mode === "live" && toWrite.length > 0) yield* storage.insertMany(AiRecommendations, toWrite)
      return {
        eligible: output.stats.eligible,
        matches: output.matches.length,
        complementary: output.matches.filter((m) => m.reasons.some((r) => r._tag === "ComplementaryIntent")).length,
        declinedPairs: declined.length,
        malformed,
        written: context.mode === "live" ? toWrite.length : 0,
        totalScore: output.totalScore
      }
    })
})
