import { assert, describe, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import * as Scheduler from "../../src/rules/Scheduler.ts"
import * as Trigger from "../../src/rules/Trigger.ts"

const decode = Schema.decodeUnknownExit(Trigger.Trigger)

describe("Trigger", () => {
  it("decodes each kind of trigger from JSON and encodes it back", () => {
    const inputs: ReadonlyArray<unknown> = [
      { _tag: "Fact", factType: "campaign.metrics" },
      { _tag: "Frequency", frequency: "hourly" },
      { _tag: "Frequency", frequency: "daily", missedRuns: "all" },
      { _tag: "Cron", expression: "0 9 * * 1-5", timezone: "Europe/Paris", missedRuns: "skip" }
    ]
    for (const input of inputs) {
      const decoded = Schema.decodeUnknownSync(Trigger.Trigger)(input)
      assert.deepStrictEqual(Schema.encodeSync(Trigger.Trigger)(decoded), input)
    }
  })

  it("rejects invalid cron expressions, time zones, frequencies and policies", () => {
    assert.isTrue(decode({ _tag: "Cron", expression: "every tuesday" })._tag === "Failure")
    assert.isTrue(decode({ _tag: "Cron", expression: "61 * * * *" })._tag === "Failure")
    assert.isTrue(decode({ _tag: "Cron", expression: "0 * * * *", timezone: "Mars/Olympus" })._tag === "Failure")
    assert.isTrue(decode({ _tag: "Frequency", frequency: "weekly" })._tag === "Failure")
    assert.isTrue(decode({ _tag: "Frequency", frequency: "hourly", missedRuns: "twice" })._tag === "Failure")
    assert.isTrue(decode({ _tag: "Fact", factType: "" })._tag === "Failure")
    assert.throws(() => Trigger.cron("nope"))
  })

  it("maps frequencies onto UTC cron schedules", () => {
    const start = DateTime.makeUnsafe(Date.UTC(2024, 4, 1, 10, 30))
    const next = (t: Trigger.ScheduledTrigger) => DateTime.formatIso(Scheduler.nextRun(t, start)!)
    assert.strictEqual(next(Trigger.every("continuous")), "2024-05-01T10:31:00.000Z")
    assert.strictEqual(next(Trigger.every("hourly")), "2024-05-01T11:00:00.000Z")
    assert.strictEqual(next(Trigger.every("daily")), "2024-05-02T00:00:00.000Z")
    assert.strictEqual(next(Trigger.cron("0 12 * * *", { timezone: "Asia/Tokyo" })), "2024-05-02T03:00:00.000Z")
    assert.strictEqual(Trigger.missedRunPolicy(Trigger.every("hourly")), Trigger.defaultMissedRunPolicy)
    assert.isFalse(Trigger.isScheduled(Trigger.fact("x")))
  })
})
