/**
 * The `recommendation` agent on the demo event, through the registry and
 * storage: it writes `ai_recommendations` rows with confidence in [0, 1],
 * reasoning naming what matched and an expiry; no row recommends a session
 * the attendee registered for or one that overlaps in time with one they
 * registered for; in shadow mode (training) it writes nothing.
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
})
