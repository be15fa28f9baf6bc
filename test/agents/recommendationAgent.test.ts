/**
 * The `recommendation` agent on the demo event, through the registry and
 * storage: it writes `ai_recommendations` rows with confidence in [0, 1],
 * reasoning naming what matched and an expiry; no row recommends a session
 * the attendee registered for or one that overlaps in time with one they
 * registered for; in shadow mode (training) it writes nothing. Feedback on
 * earlier recommendations becomes behavioural preferences, idempotently.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import { RecommendationAgent } from "../../src/agents/builtin/RecommendationAgent.ts"
import { Attendees } from "../../src/storage/schema/events/Attendees.ts"
import { SessionAttendees } from "../../src/storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../src/storage/schema/events/Sessions.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiRecommendations } from "../../src/storage/schema/eventsAi/AiRecommendations.ts"
import { AiTrainingData } from "../../src/storage/schema/eventsAi/AiTrainingData.ts"
import { UserPreferences } from "../../src/storage/schema/eventsAi/UserPreferences.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { agentWorld, loadDemoEvent } from "../support/agentWorld.ts"
import { pglite } from "../support/databases.ts"

const world = agentWorld(pglite())

describe("recommendation agent", () => {
  layer(world, { timeout: "120 seconds" })((it) => {
    it.effect("recommends sessions to the demo event's attendees, never a registered or clashing one", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const registry = yield* AgentRegistry
        const { account, event } = yield* loadDemoEvent
        const training = yield* storage.insert(AiAgents, {
          name: "Recommender (training)",
          type: "recommendation",
          version: "1.0.0",
          account_id: account.id,
          status: "training"
        })
        const shadow = yield* registry.runAs(RecommendationAgent, training.id, { eventId: event.id })
        assert.strictEqual(shadow.mode, "shadow")
        assert.strictEqual(shadow.output.written, 0)
        assert.isAbove(shadow.output.recommendations, 0)
        assert.strictEqual(yield* storage.count(AiRecommendations, { event_id: event.id }), 0)

        const agent = yield* storage.insert(AiAgents, {
          name: "Recommender",
          type: "recommendation",
          version: "1.0.0",
          account_id: account.id,
          configuration: { ranker: { limit: 5 }, expiresInHours: 48 }
        })
        const result = yield* registry.runAs(RecommendationAgent, agent.id, { eventId: event.id })
        const rows = (yield* storage.find(AiRecommendations, { where: { event_id: event.id } })).items
        assert.strictEqual(rows.length, result.output.written)
        assert.isAbove(rows.length, 0)
        const withUsers = (yield* storage.find(Attendees, { where: { event_id: event.id } })).items.filter((a) => a.user_id !== null)
        assert.isAtMost(rows.length, withUsers.length * 5)
        for (const row of rows) {
          assert.isAtLeast(row.confidence_score, 0)
          assert.isAtMost(row.confidence_score, 1)
          assert.isNotNull(row.expires_at)
          assert.strictEqual(row.expires_at!.getTime(), 48 * 3_600_000, "the expiry is 48 h after the run (TestClock at 0)")
        }
        // no recommended session is registered by, or overlaps a registration of, that user's attendee
        const sessions = new Map((yield* storage.find(Sessions, { where: { event_id: event.id } })).items.map((s) => [s.id, s]))
        const registrations = (yield* storage.find(SessionAttendees)).items
        const attendeeOfUser = new Map(withUsers.map((a) => [a.user_id!, a.id]))
        let checked = 0
        for (const row of rows) {
          const attendee = attendeeOfUser.get(row.user_id)!
          const mine = registrations.filter((r) => r.attendee_id === attendee && r.status === "registered").map((r) => sessions.get(r.session_id)!)
          const recommended = sessions.get(row.recommended_item_id)!
          for (const taken of mine) {
            assert.notStrictEqual(taken.id, recommended.id)
            if (taken.starts_at && taken.ends_at && recommended.starts_at && recommended.ends_at) {
              const overlaps = recommended.starts_at < taken.ends_at && taken.starts_at < recommended.ends_at
              assert.isFalse(overlaps, `${recommended.title} clashes with ${taken.title}`)
              checked++
            }
          }
        }
        assert.isAbove(checked, 0, "the clash check saw registered sessions")
        assert.isAbove(result.output.samples.length, 0)
      }))
  })

  layer(agentWorld(pglite()), { timeout: "120 seconds" })((it) => {
    it.effect("turns acceptance and feedback scores into behavioural preferences, once", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const registry = yield* AgentRegistry
        const { account, event } = yield* loadDemoEvent
        const attendee = (yield* storage.find(Attendees, { where: { event_id: event.id }, orderBy: [{ column: "email" }] })).items
          .find((a) => a.user_id !== null)!
        const user = attendee.user_id!
        const sessions = (yield* storage.find(Sessions, { where: { event_id: event.id }, orderBy: [{ column: "title" }] })).items
        const liked = sessions.find((s) => s.tags.length > 0)!
        const disliked = sessions.find((s) => s.tags.length > 0 && s.tags.every((t) => !liked.tags.includes(t)))!
        const answer = (session: typeof liked, fields: { is_accepted?: boolean; feedback_score?: number }) =>
          storage.insert(AiRecommendations, {
            user_id: user,
            event_id: event.id,
            recommendation_type: "session",
            recommended_item_id: session.id,
            recommended_item_type: "session",
            confidence_score: 0.5,
            ...fields
          })
        yield* answer(liked, { is_accepted: true, feedback_score: 5 })
        yield* answer(disliked, { is_accepted: false, feedback_score: 1 })

        const shadowAgent = yield* storage.insert(AiAgents, {
          name: "Recommender (training)", type: "recommendation", version: "1.0.0", account_id: account.id, status: "training"
        })
        const shadow = yield* registry.runAs(RecommendationAgent, shadowAgent.id, { eventId: event.id, attendeeIds: [attendee.id] })
        assert.strictEqual(shadow.output.learned.users, 1, "shadow mode computes what it would learn")
        assert.strictEqual(shadow.output.learned.preferences, 0)
        assert.strictEqual(yield* storage.count(UserPreferences, { user_id: user, source: "behavioral" }), 0)

        const agent = yield* storage.insert(AiAgents, {
          name: "Recommender", type: "recommendation", version: "1.0.0", account_id: account.id
        })
        const first = yield* registry.runAs(RecommendationAgent, agent.id, { eventId: event.id, attendeeIds: [attendee.id] })
        assert.strictEqual(first.output.learned.feedback, 2)
        assert.strictEqual(first.output.learned.users, 1)
        const learned = (yield* storage.find(UserPreferences, { where: { user_id: user, source: "behavioral" } })).items
        const confidence = new Map(learned.map((p) => [p.preference_value as string, Number(p.confidence_level)]))
        // acceptance (+1) and score 5 (+1) give signal 1: c = 0 + 0.3 * 1 * (1 - 0) = 0.3 (default learning rate)
        for (const tag of liked.tags) assert.strictEqual(confidence.get(tag.toLowerCase()), 0.3, tag)
        // rejection (-1) and score 1 (-1) push toward 0 from 0: below minConfidence, so no row
        for (const tag of disliked.tags) assert.isFalse(confidence.has(tag.toLowerCase()), tag)
        assert.strictEqual(learned.length, first.output.learned.preferences)
        const examples = (yield* storage.find(AiTrainingData, { where: { data_type: "feedback", source_user_id: user } })).items
        assert.strictEqual(examples.length, 2, "one example from the shadow run, one from the live run")
        assert.strictEqual(Number(examples[0]!.quality_score), 1)

        const again = yield* registry.runAs(RecommendationAgent, agent.id, { eventId: event.id, attendeeIds: [attendee.id] })
        assert.strictEqual(again.output.learned.users, 0, "no new feedback, nothing relearned")
        assert.strictEqual(yield* storage.count(UserPreferences, { user_id: user, source: "behavioral" }), learned.length)
        assert.strictEqual(yield* storage.count(AiTrainingData, { data_type: "feedback", source_user_id: user }), 2)
      }))
  })
})
