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
 * Feedback flows back first. Every run rebuilds each attendee's behavioural
 * preferences (`user_preferences` rows with `source = 'behavioral'` and the
 * feedback configuration's `preference_type`, one per session tag) from the
 * user's whole history of answered session recommendations (`is_accepted`,
 * `feedback_score`), oldest first, with `Feedback.behavioralPreferences`.
 * Rebuilding from the history, rather than nudging the stored rows, makes a
 * re-run idempotent and keeps learning from other events. Users whose
 * behavioural preferences changed get their rows replaced and one
 * `ai_training_data` example (`feedback`, quality = mean strength of the
 * signals) in the same transaction; the ranking then uses the new rows.
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
import type * as Table from "../../storage/Table.ts"
import * as Agent from "../Agent.ts"
import * as Feedback from "./recommendation/Feedback.ts"
import type { Preference } from "./recommendation/Model.ts"
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
  expiresInHours: Schema.Finite.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(72))),
  feedback: Feedback.FeedbackConfig.pipe(Schema.withDecodingDefaultKey(Effect.succeed({})))
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
  learned: Schema.Struct({
    /** answered recommendations read */
    feedback: Schema.Int,
    /** users whose behavioural preferences changed */
    users: Schema.Int,
    /** behavioural preference rows written (0 in shadow mode) */
    preferences: Schema.Int
  }),
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
      const storedPreferences = userIds.length === 0 ? [] : (yield* storage.find(UserPreferences, {
        where: { user_id: { in: userIds } }
      })).items
      const learned = yield* learnFromFeedback(userIds, storedPreferences, context)
      const preferenceRows = learned.preferences
      const preferences = Rows.preferencesFromRows(preferenceRows)
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
        learned: learned.summary,
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

type PreferenceRowOf = Table.Row<typeof UserPreferences>

const toPreferenceRow = (row: Table.Insert<typeof UserPreferences>): Rows.PreferenceRow => ({
  user_id: row.user_id,
  preference_type: row.preference_type,
  preference_value: row.preference_value,
  confidence_level: row.confidence_level ?? null,
  source: row.source ?? null
})

const samePreferences = (a: ReadonlyArray<Preference>, b: ReadonlyArray<Preference>): boolean =>
  a.length === b.length &&
  a.every((p, i) => p.value === b[i]!.value && Math.abs(p.confidence - b[i]!.confidence) < 0.005)

/**
 * Rebuilds the behavioural preferences of `userIds` from their answered
 * session recommendations and, in live mode, replaces the stored rows of
 * users whose preferences changed. Returns the preference rows to rank with.
 */
const learnFromFeedback = Effect.fn("RecommendationAgent.learnFromFeedback")(function*(
  userIds: ReadonlyArray<string>,
  stored: ReadonlyArray<PreferenceRowOf>,
  context: Agent.Context<typeof Configuration.Type>
) {
  const storage = yield* Storage
  const config = context.configuration.feedback
  const none = { preferences: stored.map(toPreferenceRow), summary: { feedback: 0, users: 0, preferences: 0 } }
  if (userIds.length === 0) return none
  const answered = (yield* storage.find(AiRecommendations, {
    where: { user_id: { in: [...userIds] }, recommendation_type: "session" },
    orderBy: [{ column: "created_at" }, { column: "id" }]
  })).items.filter((r) => r.is_accepted !== null || r.feedback_score !== null)
  if (answered.length === 0) return none
  const sessionIds = [...new Set(answered.map((r) => r.recommended_item_id))]
  const sessions = (yield* storage.find(Sessions, { where: { id: { in: sessionIds } } })).items
    .map((s) => ({ id: s.id, title: s.title, tags: s.tags }))
  const byUser = new Map<string, Array<Feedback.FeedbackEvent>>()
  for (const r of answered) {
    const list = byUser.get(r.user_id) ?? []
    list.push({
      sessionId: r.recommended_item_id,
      ...(r.is_accepted === null ? {} : { accepted: r.is_accepted }),
      ...(r.feedback_score === null ? {} : { feedbackScore: r.feedback_score })
    })
    byUser.set(r.user_id, list)
  }
  const isLearned = (row: PreferenceRowOf) => row.source === "behavioral" && row.preference_type === config.preferenceType
  const replaced = new Set<string>()
  const fresh: Array<Table.Insert<typeof UserPreferences>> = []
  const now = new Date(yield* Clock.currentTimeMillis)
  for (const [userId, events] of byUser) {
    const before = Rows.preferencesFromRows(
      stored.filter((row) => row.user_id === userId && isLearned(row)).map(toPreferenceRow)
    ).get(userId) ?? []
    const after = Feedback.behavioralPreferences(sessions, [], events, config)
      .map((p) => ({ ...p, confidence: Math.round(p.confidence * 100) / 100 }))
    const sorted = [...before].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    if (samePreferences(sorted, after)) continue
    replaced.add(userId)
    for (const p of after) {
      fresh.push({
        user_id: userId,
        preference_type: p.type,
        preference_value: p.value,
        confidence_level: p.confidence,
        source: "behavioral",
        last_updated: now
      })
    }
    const signals = events.map((e) => Math.abs(Feedback.signal(e, config)))
    yield* context.record({
      dataType: "feedback",
      raw: { userId, feedback: events.map((e) => ({ ...e })) },
      processed: { preferences: after.map((p) => ({ value: p.value, confidence: p.confidence })) },
      qualityScore: signals.reduce((a, b) => a + b, 0) / signals.length,
      sourceUserId: userId
    })
  }
  if (context.mode === "live" && replaced.size > 0) {
    yield* storage.deleteMany(UserPreferences, {
      user_id: { in: [...replaced] },
      source: "behavioral",
      preference_type: config.preferenceType
    })
    if (fresh.length > 0) yield* storage.insertMany(UserPreferences, fresh)
  }
  const kept = stored.filter((row) => !(replaced.has(row.user_id) && isLearned(row)))
  const preferences: ReadonlyArray<Rows.PreferenceRow> = [...kept, ...fresh].map(toPreferenceRow)
  return {
    preferences,
    summary: { feedback: answered.length, users: replaced.size, preferences: context.mode === "live" ? fresh.length : 0 }
  }
})
