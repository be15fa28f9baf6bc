/**
 * The `sponsorship` agent on the demo event, through the registry and
 * storage: leads within each package's entitlement (read from `benefits` in
 * both forms) and the attendee cap, opted-out attendees and declined pairs
 * never appear, an accepted lead is kept and counted, a malformed sponsor is
 * left out, one `sponsor_performance` insight per sponsor with an
 * entitlement, re-running replaces instead of duplicating, and shadow mode
 * writes nothing.
 *
 * The demo's packages name no leads and its sponsors no topics, so the test
 * gives them some. The world registers the agent type itself
 * (`Agent.layer(SponsorshipAgent)`) over the registry, the envelope and a
 * database, like `agentWorld` but without the other built-in types.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import * as Agent from "../../src/agents/Agent.ts"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import { SponsorshipAgent } from "../../src/agents/builtin/SponsorshipAgent.ts"
import { Attendees } from "../../src/storage/schema/events/Attendees.ts"
import { SessionAttendees } from "../../src/storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../src/storage/schema/events/Sessions.ts"
import { Sponsors } from "../../src/storage/schema/events/Sponsors.ts"
import { SponsorshipPackages } from "../../src/storage/schema/events/SponsorshipPackages.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiInsights } from "../../src/storage/schema/eventsAi/AiInsights.ts"
import { AiRecommendations } from "../../src/storage/schema/eventsAi/AiRecommendations.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { loadDemoEvent } from "../support/agentWorld.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const world = <E>(database: Layer.Layer<Storage | SqlClient.SqlClient, E>) =>
  Agent.layer(SponsorshipAgent).pipe(
    Layer.provideMerge(AgentRegistry.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(database)
  )

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    layer(world(database), { timeout: "120 seconds" })((it) => {
      it.effect("writes leads within entitlements and caps, with vetoes, and one insight per sponsor; re-runs replace", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const registry = yield* AgentRegistry
          const { account, event } = yield* loadDemoEvent
          const packages = (yield* storage.find(SponsorshipPackages, { where: { event_id: event.id }, orderBy: [{ column: "tier_rank" }] })).items
          const [platinum, gold] = [packages[0]!, packages[1]!]
          // entitlements in both forms the rows allow: a string next to the demo's, and the fixtures' object form
          // the demo's packages entitle leads already ("60 leads"); the test states its own
          const withoutLeads = (benefits: unknown) => (benefits as Array<string>).filter((b) => !/\bleads\b/.test(b))
          for (const p of packages) yield* storage.update(SponsorshipPackages, p.id, { benefits: withoutLeads(p.benefits) })
          yield* storage.update(SponsorshipPackages, platinum.id, { benefits: [...withoutLeads(platinum.benefits), "12 leads"] })
          yield* storage.update(SponsorshipPackages, gold.id, { benefits: [...withoutLeads(gold.benefits), { kind: "leads", count: 6 }] })
          const sponsors = (yield* storage.find(Sponsors, { where: { event_id: event.id }, orderBy: [{ column: "contract_amount", direction: "desc" }, { column: "name" }] })).items
          const people = (yield* storage.find(Attendees, { where: { event_id: event.id }, orderBy: [{ column: "email" }] })).items
          const withUsers = people.filter((p) => p.user_id !== null && (p.status === "registered" || p.status === "confirmed"))
          // the demo's most common interests become the other sponsors' topics
          const counts = new Map<string, number>()
          for (const p of people) for (const t of p.interests) counts.set(t, (counts.get(t) ?? 0) + 1)
          const common = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([t]) => t)
          const niche = sponsors[0]!
          for (const [k, s] of sponsors.entries()) {
            yield* storage.update(Sponsors, s.id, { metadata: { topics: k === 0 ? ["badge printers"] : [common[k % 6]!, common[(k + 3) % 6]!] } })
          }
          const broken = sponsors[3]!
          yield* storage.update(Sponsors, broken.id, { metadata: { topics: "not a list" } })
          // four attendees with the niche sponsor's topic: one opted out, one declined it before, one accepted it before
          const [fan, optedOut, decliner, accepter] = [withUsers[0]!, withUsers[1]!, withUsers[2]!, withUsers[3]!]
          for (const p of [fan, optedOut, decliner, accepter]) yield* storage.update(Attendees, p.id, { interests: ["badge printers"] })
          yield* storage.update(Attendees, optedOut.id, { answers: { sponsorship: { optedOut: true } } })
          const answered = (user: string, accepted: boolean) => ({
            user_id: user,
            event_id: event.id,
            recommendation_type: "sponsor" as const,
            recommended_item_id: niche.id,
            recommended_item_type: "sponsor",
            confidence_score: 0.9,
            is_accepted: accepted
          })
          yield* storage.insertMany(AiRecommendations, [answered(decliner.user_id!, false), answered(accepter.user_id!, true)])
          // the fan attended a session on the niche topic
          const session = (yield* storage.find(Sessions, { where: { event_id: event.id }, limit: 1 })).items[0]!
          yield* storage.update(Sessions, session.id, { tags: [...session.tags, "badge printers"] })
          const existing = (yield* storage.find(SessionAttendees, { where: { session_id: session.id, attendee_id: fan.id } })).items[0]
          if (existing === undefined) yield* storage.insert(SessionAttendees, { session_id: session.id, attendee_id: fan.id, status: "attended" })
          else yield* storage.update(SessionAttendees, existing.id, { status: "attended" })
          // a hostile answer: that attendee is left out, the run goes on
          const hostile = withUsers[4]!
          yield* storage.update(Attendees, hostile.id, { answers: { sponsorship: { maxSponsors: "lots" } } })

          const sponsorRows = () => storage.find(AiRecommendations, { where: { event_id: event.id, recommendation_type: "sponsor" } })
          const training = yield* storage.insert(AiAgents, { name: "Sponsor desk (training)", type: "sponsorship", version: "1.0.0", account_id: account.id, status: "training" })
          const shadow = yield* registry.runAs(SponsorshipAgent, training.id, { eventId: event.id })
          assert.strictEqual(shadow.mode, "shadow")
          assert.strictEqual(shadow.output.written, 0)
          assert.isAbove(shadow.output.leads, 0)
          assert.strictEqual((yield* sponsorRows()).items.length, 2, "shadow mode writes no lead")
          assert.strictEqual(yield* storage.count(AiInsights, { event_id: event.id }), 0, "nor an insight")

          const agent = yield* storage.insert(AiAgents, { name: "Sponsor desk", type: "sponsorship", version: "1.0.0", account_id: account.id, configuration: { maxSponsorsPerAttendee: 2 } })
          const first = yield* registry.runAs(SponsorshipAgent, agent.id, { eventId: event.id })
          const out = first.output
          assert.deepStrictEqual(out.malformed, { sponsors: 1, attendees: 1 })
          assert.strictEqual(out.kept, 1)
          assert.strictEqual(out.declinedPairs, 1)
          const rows = (yield* sponsorRows()).items
          const pending = rows.filter((r) => r.is_accepted === null)
          assert.strictEqual(pending.length, out.leads)
          assert.strictEqual(out.written, out.leads + out.insights)
          const entitlement = new Map(sponsors.map((s) => [s.id, s.package_id === platinum.id ? 12 : s.package_id === gold.id ? 6 : 0] as const))
          const perSponsor = new Map<string, number>()
          const perUser = new Map<string, number>()
          for (const r of rows.filter((r) => r.is_accepted !== false)) {
            perSponsor.set(r.recommended_item_id, (perSponsor.get(r.recommended_item_id) ?? 0) + 1)
            perUser.set(r.user_id, (perUser.get(r.user_id) ?? 0) + 1)
          }
          for (const [sponsor, n] of perSponsor) assert.isAtMost(n, entitlement.get(sponsor)!, "never more leads than the package entitles")
          for (const [, n] of perUser) assert.isAtMost(n, 2, "nobody goes to more sponsors than the cap")
          assert.isFalse(pending.some((r) => r.recommended_item_id === broken.id), "a malformed sponsor gets no lead")
          assert.isFalse(pending.some((r) => r.user_id === optedOut.user_id), "an opted-out attendee never appears")
          assert.isFalse(pending.some((r) => r.user_id === hostile.user_id), "nor one whose answers do not decode")
          assert.isFalse(pending.some((r) => r.user_id === decliner.user_id && r.recommended_item_id === niche.id), "a declined pair is never proposed again")
          assert.isFalse(pending.some((r) => r.user_id === accepter.user_id && r.recommended_item_id === niche.id), "an accepted lead is kept, not duplicated")
          const fanLead = pending.find((r) => r.user_id === fan.user_id && r.recommended_item_id === niche.id)
          assert.isDefined(fanLead, "the planted fan is the niche sponsor's lead")
          assert.deepStrictEqual(fanLead!.reasoning!["topics"], ["badge printers"])
          assert.strictEqual(fanLead!.recommended_item_type, "sponsor")
          assert.isNotNull(fanLead!.expires_at)
          for (const r of pending) {
            assert.isAtLeast(r.confidence_score, 0)
            assert.isAtMost(r.confidence_score, 1)
          }
          // the gold and platinum sponsors with popular topics are served in full
          assert.isAbove(out.underDelivered, 0)
          const served = sponsors.filter((s) => s.id !== niche.id && s.id !== broken.id && entitlement.get(s.id)! > 0)
          for (const s of served) assert.strictEqual(perSponsor.get(s.id) ?? 0, entitlement.get(s.id), "entitlement met where demand allows")

          const insights = (yield* storage.find(AiInsights, { where: { event_id: event.id } })).items
          assert.strictEqual(insights.length, out.insights)
          assert.strictEqual(insights.length, served.length + 1, "one insight per sponsor with an entitlement")
          for (const x of insights) {
            assert.strictEqual(x.insight_type, "sponsor_performance")
            assert.strictEqual(x.generated_by_agent_id, agent.id)
            assert.isAtLeast(x.confidence_score, 0)
            assert.isAtMost(x.confidence_score, 1)
            assert.isAtLeast(x.impact_score, 0)
            assert.isAtMost(x.impact_score, 1)
            assert.isAbove(x.actionable_items!.length, 0)
          }
          const nicheInsight = insights.find((x) => (x.insight_data as { sponsorId: string }).sponsorId === niche.id)!
          const data = nicheInsight.insight_data as { delivered: number; entitlement: number; demand: number; findings: Array<{ kind: string }> }
          assert.deepStrictEqual([data.delivered, data.entitlement, data.demand], [2, 12, 2], "the fan and the kept acceptance, of 12")
          assert.include(data.findings.map((f) => f.kind), "under_delivered")
          assert.strictEqual((nicheInsight.actionable_items![0] as { action: string }).action, "broaden_topics")
          assert.include(nicheInsight.insight_title, niche.name)

          // a re-run replaces the unanswered leads and this agent's insights: nothing is duplicated
          const again = yield* registry.runAs(SponsorshipAgent, agent.id, { eventId: event.id })
          assert.strictEqual(again.output.leads, out.leads)
          assert.strictEqual((yield* sponsorRows()).items.length, rows.length)
          assert.strictEqual(yield* storage.count(AiInsights, { event_id: event.id }), insights.length)
          assert.strictEqual(yield* storage.count(AiRecommendations, { event_id: event.id, recommendation_type: "sponsor", is_accepted: false }), 1)
        }))
    })
  })

suite("sponsorship agent (PGlite)", pglite())
if (serverUrl !== undefined) suite("sponsorship agent (server)", server(serverUrl))
