/**
 * The `recommendation` agent type: session recommendations for an event's
 * attendees, stored in `events_ai.ai_recommendations`.
 *
 * It reads the event's sessions, attendees, their registrations
 * (`session_attendees` that are not cancelled), their users' preferences
 * (`user_preferences`) and the attendees' own interests (as `inferred`
 * preferences), ranks with the pure engine in `recommendation/` (BM25 text
 * relevance, a popularity prior, co-registration, track diversity, never a
 * clashing or already registered session), and writes one row per
 * recommendation with its confidence, its reasoning and an expiry. Attendees
 * without a user account get no rows (`ai_recommendations.user_id` references
 * `users`). In shadow mode (the agent is `training`) it ranks and reports but
 * writes nothing.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import { Attendees } from "../../storage/schema/events/Attendees.ts"
import { SessionAttendees } from "../../storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../storage/schema/events/Sessions.ts"
import { AiRecommendations } from "../../storage/schema/eventsAi/AiRecommendations.ts"
import { UserPreferences } from "../../storage/schema/eventsAi/UserPreferences.ts"
import { Storage } from "../../storage/Storage.ts"
import * as Agent from "../Agent.ts"
import * as Ranker from "./recommendation/Ranker.ts"
import { RankerConfig } from "./recommendation/RankerConfig.ts"
import * as Rows from "./recommendation/Rows.ts"

/**
 * The agent's configuration (`ai_agents.configuration`): the ranker's
 * weights (every key optional) and how long recommendations stay valid.
 *
 * @since 0.1.0
 * @category models
 */
export const Configuration = Schema.Struct({
  ranker: RankerConfig.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  expiresInHours: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(72)))
})

/**
 * What to recommend for: an event, and optionally only some of its attendees.
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({
  eventId: Schema.String,
  attendeeIds: Schema.optionalKey(Schema.Array(Schema.String))
})

/**
 * What a run did: attendees ranked, recommendations made, rows written (0 in
 * shadow mode), and the top recommendation of a few attendees for a glance.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  attendees: Schema.Int,
  recommendations: Schema.Int,
  written: Schema.Int,
  samples: Schema.Array(Schema.Struct({
    attendeeId: Schema.String,
    sessionId: Schema.String,
    confidence: Schema.Finite,
    matched: Schema.Array(Schema.String)
  }))
})

const activeRegistration = new Set(["registered", "attended"])

/**
 * The agent type.
 *
 * @since 0.1.0
 * @category agents
 */
export const RecommendationAgent = Agent.make({
  type: "recommendation",
  version: "1.0.0",
  description: "Session recommendations from preferences, registrations and content (BM25, popularity, co-registration)",
  configuration: Configuration,
  input: Input,
  output: Output,
  handler: (input, context) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const sessions = (yield* storage.find(Sessions, { where: { event_id: input.eventId } })).items
        .filter((s) => s.status !== "cancelled")
      const attendees = (yield* storage.find(Attendees, { where: { event_id: input.eventId } })).items
        .filter((a) => a.status !== "cancelled")
      const sessionIds = sessions.map((s) => s.id)
      const registrations = sessionIds.length === 0 ? [] : (yield* storage.find(SessionAttendees, {
        where: { session_id: { in: sessionIds } }
      })).items.filter((r) => activeRegistration.has(r.status))
      const userIds = [...new Set(attendees.flatMap((a) => (a.user_id === null ? [] : [a.user_id])))]
      const preferenceRows = userIds.length === 0 ? [] : (yield* storage.find(UserPreferences, {
        where: { user_id: { in: userIds } }
      })).items
      const preferences = Rows.preferencesFromRows(preferenceRows.map((row) => ({
        user_id: row.user_id,
        preference_type: row.preference_type,
        preference_value: row.preference_value,
        confidence_level: row.confidence_level,
        source: row.source
      })))
      const registered = new Map<string, Array<string>>()
      for (const r of registrations) {
        const list = registered.get(r.attendee_id) ?? []
        list.push(r.session_id)
        registered.set(r.attendee_id, list)
      }
      const wanted = input.attendeeIds === undefined ? undefined : new Set(input.attendeeIds)
      const output = yield* Effect.orDie(Ranker.recommend({
        sessions: sessions.map((s) => ({
          id: s.id,
          title: s.title,
          ...(s.abstract === null ? {} : { abstract: s.abstract }),
          tags: s.tags,
          ...(s.track_id === null ? {} : { trackId: s.track_id }),
          ...(s.starts_at === null ? {} : { startsAt: s.starts_at }),
          ...(s.ends_at === null ? {} : { endsAt: s.ends_at })
        })),
        attendees: attendees.map((a) => ({
          id: a.id,
          preferences: [
            ...(a.user_id === null ? [] : preferences.get(a.user_id) ?? []),
            ...a.interests.map((value) => ({ type: "interest", value, source: "inferred" as const, confidence: 0.6 }))
          ],
          registrations: registered.get(a.id) ?? []
        }))
      }, { config: Schema.encodeSync(RankerConfig)(context.configuration.ranker) }))
      const picked = { ...output, attendees: output.attendees.filter((a) => wanted === undefined || wanted.has(a.attendeeId)) }
      const userOf = new Map(attendees.map((a) => [a.id, a.user_id ?? undefined]))
      const now = yield* Clock.currentTimeMillis
      const rows = Rows.toRecommendationRows(picked, {
        eventId: input.eventId,
        userIdOf: (id) => userOf.get(id),
        expiresAt: new Date(now + context.configuration.expiresInHours * 3_600_000)
      })
      if (context.mode === "live" && rows.length > 0) {
        yield* storage.insertMany(AiRecommendations, rows.map((row) => ({ ...row, reasoning: { ...row.reasoning } })))
      }
      return {
        attendees: picked.attendees.length,
        recommendations: picked.attendees.reduce((n, a) => n + a.recommendations.length, 0),
        written: context.mode === "live" ? rows.length : 0,
        samples: picked.attendees.slice(0, 3).flatMap((a) =>
          a.recommendations.slice(0, 1).map((r) => ({
            attendeeId: a.attendeeId,
            sessionId: r.sessionId,
            confidence: r.confidence,
            matched: r.reasoning.matchedTerms.map((t) => t.term)
          }))
        )
      }
    })
})
