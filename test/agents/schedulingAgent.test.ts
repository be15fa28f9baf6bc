/**
 * The `scheduling` agent on the demo event (two days, 6 rooms, 52 sessions,
 * 36 speakers, ~2,300 registrations), through the registry on PGlite:
 *
 * - shadow mode (training) solves and writes nothing;
 * - a live run writes a schedule that breaks no hard constraint, checked on
 *   the rows written (not on the solver's own score): no room or speaker in
 *   two places, room capacity, every session inside the grid, no speaker in
 *   an unavailable interval; and records the version as an insight;
 * - one transaction: a failure after the session updates (the version's
 *   insight cannot be recorded) leaves every session as it was;
 * - after one speaker becomes unavailable when they present, a re-run moves
 *   few sessions, that one among them, and the diff says from where to where;
 *   against a recorded version the diff counts from that version;
 * - a pinned session stays where it is and blocks its room; a session whose
 *   speaker is away for the whole event is unscheduled (room and times
 *   cleared) and reported as `speaker_unavailable`, not left where it breaks
 *   a hard constraint;
 * - a bad `settings.scheduling` names its field;
 * - the grid lays out daily hours in the event's time zone across a DST change.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import * as Grid from "../../src/agents/builtin/scheduling/Grid.ts"
import { SchedulingAgent } from "../../src/agents/builtin/SchedulingAgent.ts"
import { Events } from "../../src/storage/schema/events/Events.ts"
import { Rooms } from "../../src/storage/schema/events/Rooms.ts"
import { SessionAttendees } from "../../src/storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../src/storage/schema/events/Sessions.ts"
import { SessionSpeakers } from "../../src/storage/schema/events/SessionSpeakers.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiInsights } from "../../src/storage/schema/eventsAi/AiInsights.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { agentWorld, loadDemoEvent } from "../support/agentWorld.ts"
import { pglite } from "../support/databases.ts"

/** Registers the type unless the built-in layer already does (so this test survives its wiring). */
const schedulingType = Layer.effectDiscard(Effect.gen(function*() {
  const registry = yield* AgentRegistry
  const types = yield* registry.types
  if (!types.some((t) => t.type === SchedulingAgent.type)) yield* registry.register(SchedulingAgent)
}))

const world = schedulingType.pipe(Layer.provideMerge(agentWorld(pglite())))

const HOUR = 3_600_000

const snapshot = Effect.fnUntraced(function*(eventId: string) {
  const storage = yield* Storage
  const rows = (yield* storage.find(Sessions, { where: { event_id: eventId }, orderBy: [{ column: "id" }] })).items
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    room: s.room_id,
    start: s.starts_at?.getTime() ?? null,
    end: s.ends_at?.getTime() ?? null,
    status: s.status,
    capacity: s.capacity
  }))
})

/**
 * Checks the hard constraints on the rows as stored: no two overlapping
 * sessions share a room or a speaker, a room holds the session's expected
 * audience, every session lies inside one grid block, and no speaker presents
 * inside one of their unavailable intervals.
 */
const assertNoHardViolation = Effect.fnUntraced(function*(
  eventId: string,
  blocks: ReadonlyArray<readonly [number, number]>,
  unavailable: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>
) {
  const storage = yield* Storage
  const rows = (yield* snapshot(eventId)).filter((s) => s.start !== null)
  const ids = rows.map((s) => s.id)
  const speakers = (yield* storage.find(SessionSpeakers, { where: { session_id: { in: ids } } })).items
  const rooms = new Map((yield* storage.find(Rooms, { where: { event_id: eventId } })).items.map((r) => [r.id, r.capacity]))
  const regs = (yield* storage.find(SessionAttendees, { where: { session_id: { in: ids } } })).items
  const speakersOf = (id: string) => speakers.filter((l) => l.session_id === id).map((l) => l.speaker_id)
  for (const [i, a] of rows.entries()) {
    const audience = Math.max(a.capacity ?? 0, regs.filter((r) => r.session_id === a.id && r.status !== "cancelled" && r.status !== "no_show").length)
    assert.isAtLeast(rooms.get(a.room!) ?? Infinity, audience, `${a.title}: room too small`)
    assert.isTrue(blocks.some(([s, e]) => s <= a.start! && a.end! <= e), `${a.title}: outside the grid`)
    for (const p of speakersOf(a.id)) {
      for (const [s, e] of unavailable.get(p) ?? []) assert.isFalse(a.start! < e && s < a.end!, `${a.title}: speaker ${p} unavailable`)
    }
    for (const b of rows.slice(i + 1)) {
      if (!(a.start! < b.end! && b.start! < a.end!)) continue
      assert.notStrictEqual(a.room, b.room, `${a.title} and ${b.title} share a room`)
      const shared = speakersOf(a.id).filter((p) => speakersOf(b.id).includes(p))
      assert.deepStrictEqual(shared, [], `${a.title} and ${b.title} share a speaker`)
    }
  }
  return rows
})

describe("scheduling agent", () => {
  layer(world, { timeout: "120 seconds" })((it) => {
    it.effect("schedules the demo event in one transaction, re-schedules stably, unschedules what cannot be placed, and writes nothing in shadow mode", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const registry = yield* AgentRegistry
        const sql = yield* SqlClient.SqlClient
        const { account, event } = yield* loadDemoEvent
        // the demo's programme: 75-minute slots from 09:00 UTC, six a day, on two days (src/demo/DemoData.ts)
        const day0 = event.starts_at.getTime()
        const blocks = [[day0, day0 + 7.5 * HOUR], [day0 + 24 * HOUR, day0 + 31.5 * HOUR]] as const
        const grid = {
          slotMinutes: 75,
          blocks: blocks.map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() }))
        }
        yield* storage.update(Events, event.id, { settings: { ...event.settings, scheduling: { grid } } })
        const configuration = { seed: 3, iterations: 20_000 }
        const original = yield* snapshot(event.id)

        // shadow: solves, reports, writes nothing
        const training = yield* storage.insert(AiAgents, { name: "Scheduler (training)", type: "scheduling", version: "1.0.0", account_id: account.id, status: "training", configuration })
        const shadow = yield* registry.runAs(SchedulingAgent, training.id, { eventId: event.id })
        assert.strictEqual(shadow.mode, "shadow")
        assert.strictEqual(shadow.output.sessions, original.length)
        assert.strictEqual(shadow.output.placed, original.length)
        assert.strictEqual(shadow.output.written, 0)
        assert.isNull(shadow.output.recordedAs)
        assert.deepStrictEqual(yield* snapshot(event.id), original)
        assert.strictEqual(yield* storage.count(AiInsights, { event_id: event.id }), 0)

        // live: a schedule without hard violations, as written; the version recorded
        const agent = yield* storage.insert(AiAgents, { name: "Scheduler", type: "scheduling", version: "1.0.0", account_id: account.id, configuration })
        const first = yield* registry.runAs(SchedulingAgent, agent.id, { eventId: event.id })
        assert.strictEqual(first.output.placed, original.length)
        assert.strictEqual(first.output.unplaced, 0)
        assert.strictEqual(first.output.score.hardTotal, 0)
        assert.strictEqual(first.output.version, 1)
        assert.isNotNull(first.output.recordedAs)
        const v1 = yield* assertNoHardViolation(event.id, blocks, new Map())
        const afterFirst = yield* snapshot(event.id)
        assert.strictEqual(v1.length, original.length)
        assert.isTrue(v1.every((s) => s.status === "scheduled"))
        // the diff is exactly the sessions whose rows changed
        const changedRows = original.filter((o) => {
          const n = v1.find((s) => s.id === o.id)!
          return n.room !== o.room || n.start !== o.start || n.end !== o.end
        }).map((s) => s.id).sort()
        assert.deepStrictEqual(first.output.diff.map((c) => c.sessionId).sort(), changedRows)
        // a 45-minute talk in a 75-minute slot keeps its 45 minutes
        for (const s of v1) assert.strictEqual(s.end! - s.start!, original.find((o) => o.id === s.id)!.end! - original.find((o) => o.id === s.id)!.start!)
        const insight = yield* storage.get(AiInsights, first.output.recordedAs!)
        assert.strictEqual(insight.insight_type, "operational_efficiency")
        assert.strictEqual(insight.generated_by_agent_id, agent.id)
        assert.strictEqual(insight.actionable_items?.length, first.output.changed)

        // one speaker becomes unavailable while they present (a morning-long interval on day two)
        const talk = v1.find((s) => s.start! >= blocks[1][0])!
        const speaker = (yield* storage.find(SessionSpeakers, { where: { session_id: talk.id } })).items[0]!.speaker_id
        const away = [talk.start!, talk.start! + 2 * HOUR] as const
        yield* storage.update(Events, event.id, {
          settings: { ...event.settings, scheduling: { grid, unavailable: { speakers: { [speaker]: [{ start: new Date(away[0]).toISOString(), end: new Date(away[1]).toISOString() }] } } } }
        })

        // one transaction: recording the version fails after the session updates, and nothing stays written
        yield* sql.unsafe(`create function ringmaster_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`)
        yield* sql.unsafe(`create trigger refuse_insight before insert on ${AiInsights.sqlName} for each row execute function ringmaster_test_refuse()`)
        const failed = yield* Effect.flip(registry.runAs(SchedulingAgent, agent.id, { eventId: event.id }))
        assert.strictEqual(failed._tag, "AgentRunFailed")
        assert.deepStrictEqual(yield* snapshot(event.id), afterFirst)
        assert.strictEqual(yield* storage.count(AiInsights, { event_id: event.id }), 1)
        yield* sql.unsafe(`drop trigger refuse_insight on ${AiInsights.sqlName}`)

        // baseline: the same solve without the stability weight (shadow, writes nothing)
        const unstable = yield* storage.insert(AiAgents, { name: "Scheduler without stability", type: "scheduling", version: "1.0.0", account_id: account.id, status: "training", configuration: { ...configuration, weights: { moved: 0 } } })
        const baseline = yield* registry.runAs(SchedulingAgent, unstable.id, { eventId: event.id })
        assert.strictEqual(baseline.output.score.hardTotal, 0)

        // re-run: few sessions move, the unavailable speaker's session among them
        const second = yield* registry.runAs(SchedulingAgent, agent.id, { eventId: event.id })
        assert.strictEqual(second.output.version, 2)
        assert.strictEqual(second.output.score.hardTotal, 0)
        assert.strictEqual(second.output.unplaced, 0)
        const v2 = yield* assertNoHardViolation(event.id, blocks, new Map([[speaker, [away]]]))
        const moved = second.output.diff.map((c) => c.sessionId)
        assert.include(moved, talk.id)
        // measured over 11 runs (seeds 3-8; row ids are random UUIDs, which changes tie-breaking): 1-3 of the 52
        // sessions moved, against 49-52 without the stability weight
        assert.isAtMost(second.output.changed, 5)
        assert.isAtMost(second.output.changed * 8, baseline.output.changed)
        const change = second.output.diff.find((c) => c.sessionId === talk.id)!
        assert.strictEqual(change.kind, "moved")
        assert.strictEqual(Date.parse(change.from!.startsAt), talk.start)
        assert.strictEqual(Date.parse(change.to!.startsAt), v2.find((s) => s.id === talk.id)!.start)
        for (const c of second.output.diff) {
          const before = v1.find((s) => s.id === c.sessionId)!
          assert.strictEqual(Date.parse(c.from!.startsAt), before.start)
          assert.strictEqual(c.from!.roomId, before.room)
        }

        // against version 1: the same changes counted from the recorded version
        const third = yield* registry.runAs(SchedulingAgent, agent.id, { eventId: event.id, against: first.output.recordedAs! })
        assert.strictEqual(third.output.against, first.output.recordedAs)
        assert.include(third.output.diff.map((c) => c.sessionId), talk.id)
        const unknown = yield* Effect.flip(registry.runAs(SchedulingAgent, agent.id, { eventId: event.id, against: agent.id }))
        assert.match(unknown.message, /no recorded schedule version/)

        // a pinned session stays put and blocks its room; a speaker away for the whole event is unscheduled, not left in place
        const pinned = v2.find((s) => s.id !== talk.id)!
        yield* storage.update(Sessions, pinned.id, { metadata: { pinned: true } })
        // a speaker of exactly one session (so exactly one conflict), not of the pinned one
        const links = (yield* storage.find(SessionSpeakers, { where: { session_id: { in: v2.map((s) => s.id) } } })).items
        const sessionsOf = (speaker: string) => links.filter((l) => l.speaker_id === speaker).map((l) => l.session_id)
        const absentee = links.find((l) => l.session_id !== pinned.id && sessionsOf(l.speaker_id).length === 1)!
        const whole = [blocks[0][0], blocks[1][1]] as const
        yield* storage.update(Events, event.id, {
          settings: { ...event.settings, scheduling: { grid, unavailable: { speakers: { [absentee.speaker_id]: [{ start: new Date(whole[0]).toISOString(), end: new Date(whole[1]).toISOString() }] } } } }
        })
        const fourth = yield* registry.runAs(SchedulingAgent, agent.id, { eventId: event.id })
        assert.strictEqual(fourth.output.sessions, original.length - 1, "the pinned session is not scheduled by the agent")
        assert.deepStrictEqual(fourth.output.conflicts.map((c) => [c.sessionId, c.kind]), [[absentee.session_id, "speaker_unavailable"]])
        assert.strictEqual(fourth.output.score.hardTotal, 0)
        const gone = fourth.output.diff.find((c) => c.sessionId === absentee.session_id)!
        assert.strictEqual(gone.kind, "unscheduled")
        assert.isNull(gone.to)
        const absentRow = yield* storage.get(Sessions, absentee.session_id)
        assert.deepStrictEqual([absentRow.room_id, absentRow.starts_at, absentRow.ends_at, absentRow.status], [null, null, null, "confirmed"])
        const pinnedRow = yield* storage.get(Sessions, pinned.id)
        assert.deepStrictEqual([pinnedRow.room_id, pinnedRow.starts_at?.getTime()], [pinned.room, pinned.start])
        yield* assertNoHardViolation(event.id, blocks, new Map([[absentee.speaker_id, [whole]]]))

        // a bad event setting names the field
        yield* storage.update(Events, event.id, { settings: { scheduling: { grid: { slotMinutes: 2 } } } })
        const bad = yield* Effect.flip(registry.runAs(SchedulingAgent, agent.id, { eventId: event.id }))
        assert.match(bad.message, /settings\.scheduling\.grid\.slotMinutes/)
      }))
  })
})

describe("scheduling grid", () => {
  it.effect("lays daily hours out in the event's time zone, across a DST change", () =>
    Effect.gen(function*() {
      const grid = yield* Schema.decodeUnknownEffect(Grid.Grid)({ slotMinutes: 45, daily: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "14:30" }] })
      const layout = yield* Grid.layout(grid, {
        startsAt: new Date("2026-03-28T08:00:00Z"),
        endsAt: new Date("2026-03-29T16:00:00Z"),
        timeZone: "Europe/Berlin"
      })
      assert.deepStrictEqual(layout.blocks.map((b) => [b.id, b.slots.length]), [
        ["2026-03-28 09:00", 4],
        ["2026-03-28 13:00", 2],
        ["2026-03-29 09:00", 4],
        ["2026-03-29 13:00", 2]
      ])
      // reference: python3 3.11.7 zoneinfo: datetime(2026,3,28,9,tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC) = 08:00Z,
      // and on 2026-03-29 (after the switch to CEST) 09:00 local = 07:00Z
      assert.strictEqual(layout.slotTimes.get("2026-03-28 09:00")!.start.toISOString(), "2026-03-28T08:00:00.000Z")
      assert.strictEqual(layout.slotTimes.get("2026-03-29 09:00")!.start.toISOString(), "2026-03-29T07:00:00.000Z")
      assert.strictEqual(layout.slotTimes.get("2026-03-29 11:15")!.end.toISOString(), "2026-03-29T10:00:00.000Z")
      const unknownZone = yield* Effect.flip(Grid.layout(grid, { startsAt: new Date(0), endsAt: new Date(0), timeZone: "Mars/Base" }))
      assert.strictEqual(unknownZone.field, "timezone")
      const overlapping = yield* Schema.decodeUnknownEffect(Grid.Grid)({ daily: [{ start: "09:00", end: "12:00" }, { start: "11:00", end: "13:00" }] })
      const clash = yield* Effect.flip(Grid.layout(overlapping, { startsAt: new Date(0), endsAt: new Date(0), timeZone: "UTC" }))
      assert.match(clash.rule, /overlap/)
    }))
})
