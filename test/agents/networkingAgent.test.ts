/**
 * The `networking` agent on the demo event, through the registry and
 * storage: matches are written for both sides, a pair a user declined is
 * never matched again, opted-out attendees never appear, nobody gets more
 * than the cap, a planted buyer/seller pair is matched, and shadow mode
 * writes nothing.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import { NetworkingAgent } from "../../src/agents/builtin/NetworkingAgent.ts"
import { Attendees } from "../../src/storage/schema/events/Attendees.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiRecommendations } from "../../src/storage/schema/eventsAi/AiRecommendations.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { agentWorld, loadDemoEvent } from "../support/agentWorld.ts"
import { pglite } from "../support/databases.ts"

const world = agentWorld(pglite())

describe("networking agent", () => {
  layer(world, { timeout: "120 seconds" })((it) => {
    it.effect("matches the demo event's attendees with vetoes, opt-outs and caps, on both sides", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const registry = yield* AgentRegistry
        const { account, event } = yield* loadDemoEvent
        const people = (yield* storage.find(Attendees, { where: { event_id: event.id }, orderBy: [{ column: "email" }] })).items
        const withUsers = people.filter((p) => p.user_id !== null)
        const [buyer, seller, declinerUser, declined, optedOut] = [withUsers[0]!, withUsers[1]!, withUsers[2]!, withUsers[3]!, people.find((p) => p.user_id === null)!]
        // a planted buyer/seller pair on a topic nobody else has
        const intent = (role: "buyer" | "seller") => ({ networking: { intents: [{ role, topic: "badge printers" }] } })
        yield* storage.update(Attendees, buyer.id, { answers: intent("buyer"), interests: ["badge printers", "hardware"] })
        yield* storage.update(Attendees, seller.id, { answers: intent("seller"), interests: ["badge printers", "hardware"] })
        // two people with everything in common, one of whom declined the other before
        yield* storage.update(Attendees, declinerUser.id, { answers: intent("buyer"), interests: ["quantum", "origami"] })
        yield* storage.update(Attendees, declined.id, { answers: intent("seller"), interests: ["quantum", "origami"] })
        yield* storage.insert(AiRecommendations, {
          user_id: declinerUser.user_id!,
          event_id: event.id,
          recommendation_type: "networking",
          recommended_item_id: declined.id,
          recommended_item_type: "attendee",
          confidence_score: 0.9,
          is_accepted: false
        })
        yield* storage.update(Attendees, optedOut.id, { answers: { networking: { optedOut: true } } })
        // hostile answers: an unknown role and a negative cap — that attendee is left out, the run goes on
        const hostile = people.filter((p) => p.user_id === null)[1]!
        yield* storage.update(Attendees, hostile.id, { answers: { networking: { intents: [{ role: "overlord" }], maxMatches: -1 } } })

        const training = yield* storage.insert(AiAgents, { name: "Matchmaker (training)", type: "networking", version: "1.0.0", account_id: account.id, status: "training" })
        const shadow = yield* registry.runAs(NetworkingAgent, training.id, { eventId: event.id })
        assert.strictEqual(shadow.output.written, 0)
        assert.isAbove(shadow.output.matches, 0)
        assert.strictEqual(yield* storage.count(AiRecommendations, { event_id: event.id, recommendation_type: "networking" }), 1)

        const agent = yield* storage.insert(AiAgents, { name: "Matchmaker", type: "networking", version: "1.0.0", account_id: account.id, configuration: { maxMatches: 2 } })
        const result = yield* registry.runAs(NetworkingAgent, agent.id, { eventId: event.id })
        assert.strictEqual(result.output.declinedPairs, 1)
        assert.strictEqual(result.output.malformed, 1)
        const rows = (yield* storage.find(AiRecommendations, {
          where: { event_id: event.id, recommendation_type: "networking", is_accepted: { isNull: true } }
        })).items
        assert.strictEqual(rows.length, result.output.written)
        const attendeeOfUser = new Map(withUsers.map((p) => [p.user_id!, p.id]))
        const perAttendee = new Map<string, number>()
        for (const row of rows) {
          const self = attendeeOfUser.get(row.user_id)!
          perAttendee.set(self, (perAttendee.get(self) ?? 0) + 1)
          assert.notStrictEqual(row.recommended_item_id, optedOut.id, "an opted-out attendee never appears")
          assert.notStrictEqual(row.recommended_item_id, hostile.id, "nor one whose answers do not decode")
          assert.isFalse(self === declinerUser.id && row.recommended_item_id === declined.id, "a declined pair is never matched again")
          assert.isFalse(self === declined.id && row.recommended_item_id === declinerUser.id)
          assert.isAtLeast(row.confidence_score, 0)
          assert.isAtMost(row.confidence_score, 1)
        }
        for (const [, n] of perAttendee) assert.isAtMost(n, 2, "nobody gets more than the cap")
        const buyerMatches = rows.filter((r) => r.user_id === buyer.user_id).map((r) => r.recommended_item_id)
        assert.include(buyerMatches, seller.id, "the planted buyer/seller pair is matched")
        const sellerMatches = rows.filter((r) => r.user_id === seller.user_id).map((r) => r.recommended_item_id)
        assert.include(sellerMatches, buyer.id, "and written for both sides")
        assert.isAtLeast(result.output.complementary, 1)
      }))
  })
})
