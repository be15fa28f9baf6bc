/**
 * The demo data set: generated deterministically, loaded through the port in
 * one transaction, and replaced (not duplicated) when loaded again.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Demo from "../src/demo/Demo.ts"
import * as DemoData from "../src/demo/DemoData.ts"
import { pglite } from "./support/databases.ts"

describe("demo", () => {
  layer(pglite(), { timeout: "120 seconds" })((it) => {
    it.effect("loads what it generated, and replaces it on a second run", () =>
      Effect.gen(function*() {
        // it.effect runs on the TestClock (time 0), so "today" is 1970-01-01: the data is relative to it
        const data = DemoData.generate(2026, 0)
        const first = yield* Demo.run({ seed: 2026 })
        const count = (name: string) => first.counts.find(([table]) => table === name)?.[1]
        assert.strictEqual(first.today, data.today)
        assert.strictEqual(count("sessions"), data.sessions.length)
        assert.strictEqual(count("attendees"), data.attendees.length)
        assert.strictEqual(count("orders"), data.attendees.length)
        assert.strictEqual(count("session_attendees"), data.registrations.length)
        assert.strictEqual(count("campaign_daily_metrics"), data.campaigns.length * 30)
        assert.strictEqual(count("keywords"), data.campaigns.length * 3 * 5)
        const expectedSpend = data.campaigns.flatMap((c) => c.metrics).reduce((acc, m) => acc + m.spend, 0)
        assert.closeTo(first.campaignTotals.spend, expectedSpend, 0.01)
        const second = yield* Demo.run({ seed: 2026 })
        assert.deepStrictEqual(second.counts, first.counts)
        assert.match(Demo.format(second), /Ringmaster Summit 2026/)

        // the rules act through the envelope: the brand campaign is protected, no step moves more than 25%,
        // every decision is recorded, and one pending trim was approved by the owner
        const rules = second.rules!
        assert.isDefined(rules)
        const codes = new Map(rules.outcomes.map(([, reason, n]) => [reason, n]))
        assert.isAtLeast(codes.get("protected_entity") ?? 0, 1)
        for (const [name, before, after] of rules.budgets) {
          if (name.includes("Brand")) assert.strictEqual(after, before)
          assert.isAtMost(Math.abs(after - before), before * 0.25 + 0.01)
        }
        assert.strictEqual(rules.decisionsRecorded, rules.outcomes.reduce((n, [, , count]) => n + count, 0))
        assert.match(Demo.format(second), /decisions recorded in ringmaster\.safety_decisions/)

        // the session recommender ran on the event and wrote its recommendations
        const agents = second.agents!
        assert.strictEqual(agents.recommendations.attendees, data.attendees.length)
        assert.isAbove(agents.recommendations.written, 0)
        assert.match(Demo.format(second), /session recommender ranked/)
        // the matchmaker paired attendees, some on the intents the demo data states
        assert.isAbove(agents.networking.matches, 0)
        assert.isAbove(agents.networking.complementary, 0)
        assert.isAtMost(agents.networking.matches, Math.floor((data.attendees.length * 3) / 2))
        // sponsors got leads and insights; the scheduler placed the programme without hard violations
        assert.isAbove(agents.sponsorship.leads, 0)
        assert.strictEqual(agents.sponsorship.insights, data.sponsors.length)
        assert.strictEqual(agents.scheduling.hardViolations, 0)
        assert.strictEqual(agents.scheduling.placed + agents.scheduling.unplaced, agents.scheduling.sessions)

        // 30 simulated days of cycles: decisions went through the envelope, learning scored them,
        // the owner rolled one back, and the managed account beat the same account left alone
        const cycles = second.cycles!
        assert.strictEqual(cycles.days, 30)
        assert.isAbove(cycles.decisions.reduce((n, d) => n + d.count, 0), 0)
        assert.isAbove(cycles.learning.reduce((n, l) => n + l.validated + l.incorrect, 0), 0)
        assert.isDefined(cycles.rollback)
        assert.isAbove(cycles.managed.revenue - cycles.managed.spend, cycles.alone.revenue - cycles.alone.spend)
        assert.match(Demo.format(second), /Left alone: +conversions/)
        assert.strictEqual(first.counts.find(([t]) => t === "accounts")?.[1], 1, "a second run replaced the simulated accounts")
      }))
  })

  it("generates the same data from the same seed and day", () => {
    const a = DemoData.generate(7, Date.UTC(2026, 10, 23))
    const b = DemoData.generate(7, Date.UTC(2026, 10, 23))
    assert.deepStrictEqual(a, b)
    assert.notDeepEqual(DemoData.generate(8, Date.UTC(2026, 10, 23)).attendees, a.attendees)
  })
})
