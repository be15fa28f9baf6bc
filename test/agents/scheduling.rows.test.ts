import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Generator from "../../src/agents/builtin/scheduling/Generator.ts"
import * as SessionRows from "../../src/agents/builtin/scheduling/SessionRows.ts"
import * as Solver from "../../src/agents/builtin/scheduling/Solver.ts"
import { Sessions } from "../../src/storage/schema/events/Sessions.ts"

describe("scheduling: schedule to sessions rows", () => {
  it.effect("every placed talk becomes a sessions update that passes sessions_schedule_check and spans its slots", () =>
    Effect.gen(function*() {
      const { problem } = Generator.make({ seed: 2, longTalks: 0.4 })
      const schedule = yield* Solver.solve(problem, { seed: 1, iterations: 5_000 })
      // 45-minute slots, 15 minutes apart, from 09:00 (morning block) or 14:00 (afternoon) UTC
      const times = new Map<string, SessionRows.SlotTime>()
      for (const [b, block] of problem.sessions.entries()) {
        block.slots.forEach((slot, i) => {
          const start = new Date(`${block.date}T${b % 2 === 0 ? "09" : "14"}:00:00Z`)
          start.setUTCMinutes(i * 60)
          times.set(slot, { start, end: new Date(start.getTime() + 45 * 60_000) })
        })
      }
      const rows = yield* SessionRows.fromPlacements(schedule.assignments, times)
      assert.strictEqual(rows.length, problem.talks.length)
      for (const row of rows) {
        for (const check of Sessions.checks) assert.isTrue(check.holds(row), `${row.id}: ${check.name}`)
        const talk = problem.talks.find((t) => t.id === row.id)!
        assert.strictEqual(row.ends_at.getTime() - row.starts_at.getTime(), (talk.duration * 60 - 15) * 60_000)
      }
      const missing = yield* Effect.flip(SessionRows.fromPlacements(schedule.assignments, new Map()))
      assert.strictEqual(missing._tag, "MissingSlotTime")
    }))
})
