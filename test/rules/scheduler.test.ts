import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Fiber, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as Scheduler from "../../src/rules/Scheduler.ts"
import * as Trigger from "../../src/rules/Trigger.ts"

const hour = 3600_000
const at = (millis: number) => DateTime.makeUnsafe(millis)

/** Forks a job, moves the TestClock, and returns the runs it asked for. */
const collect = (job: Scheduler.ScheduledJob, moves: ReadonlyArray<number>, options?: Scheduler.Options) =>
  Effect.gen(function*() {
    const runs = yield* Ref.make<ReadonlyArray<Scheduler.ScheduledRun>>([])
    const fiber = yield* Effect.forkChild(
      Scheduler.runJob(job, (run) => Ref.update(runs, (all) => [...all, run]), options)
    )
    for (const millis of moves) yield* TestClock.adjust(millis)
    yield* Fiber.interrupt(fiber)
    return yield* Ref.get(runs)
  })

const times = (runs: ReadonlyArray<Scheduler.ScheduledRun>) => runs.map((r) => DateTime.toEpochMillis(r.scheduledAt))

describe("Scheduler", () => {
  it.effect("runs an hourly trigger at the top of every hour, on time", () =>
    Effect.gen(function*() {
      const runs = yield* collect({ id: "r", trigger: Trigger.every("hourly") }, [hour / 2, hour, hour, hour / 2])
      assert.deepStrictEqual(times(runs), [hour, 2 * hour, 3 * hour])
      assert.isTrue(runs.every((r) => !r.missed && r.coalesced === 1 && r.jobId === "r"))
    }))

  it.effect("runs a cron expression in its time zone", () =>
    Effect.gen(function*() {
      // 09:00 in Paris is 08:00 UTC in January 1970 (UTC+1)
      const runs = yield* collect(
        { id: "c", trigger: Trigger.cron("0 9 * * *", { timezone: "Europe/Paris" }) },
        [24 * hour, 24 * hour]
      )
      assert.deepStrictEqual(times(runs), [8 * hour, 32 * hour])
    }))

  it.effect("continuous runs every minute; daily at midnight UTC", () =>
    Effect.gen(function*() {
      const continuous = yield* collect({ id: "c", trigger: Trigger.every("continuous") }, [5 * 60_000])
      assert.strictEqual(continuous.length, 5)
      const daily = yield* collect({ id: "d", trigger: Trigger.every("daily") }, [3 * 24 * hour])
      assert.deepStrictEqual(times(daily).map((t) => t % (24 * hour)), [0, 0, 0])
    }))

  it.effect("missed-run policy `all` catches up on every missed occurrence after downtime", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10 * hour + 5 * 60_000)
      const runs = yield* collect({ id: "r", trigger: Trigger.every("hourly", "all"), lastRunAt: at(7 * hour) }, [
        55 * 60_000
      ])
      assert.deepStrictEqual(times(runs), [8 * hour, 9 * hour, 10 * hour, 11 * hour])
      assert.deepStrictEqual(runs.map((r) => r.missed), [true, true, true, false])
    }))

  it.effect("missed-run policy `once` runs once for all missed occurrences", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10 * hour + 5 * 60_000)
      const runs = yield* collect({ id: "r", trigger: Trigger.every("hourly", "once"), lastRunAt: at(7 * hour) }, [
        55 * 60_000
      ])
      assert.deepStrictEqual(times(runs), [10 * hour, 11 * hour])
      assert.strictEqual(runs[0]!.coalesced, 3)
      assert.isTrue(runs[0]!.missed)
    }))

  it.effect("missed-run policy `skip` drops missed occurrences", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10 * hour + 5 * 60_000)
      const runs = yield* collect({ id: "r", trigger: Trigger.every("hourly", "skip"), lastRunAt: at(7 * hour) }, [
        55 * 60_000
      ])
      assert.deepStrictEqual(times(runs), [11 * hour])
    }))

  it.effect("a run that overruns makes the occurrences it covered missed runs", () =>
    Effect.gen(function*() {
      const runs = yield* Ref.make<ReadonlyArray<Scheduler.ScheduledRun>>([])
      const fiber = yield* Effect.forkChild(
        Scheduler.runJob(
          { id: "slow", trigger: Trigger.every("continuous", "once") },
          (run) => Effect.andThen(Ref.update(runs, (all) => [...all, run]), Effect.sleep("150 seconds"))
        )
      )
      yield* TestClock.adjust("10 minutes")
      yield* Fiber.interrupt(fiber)
      const all = yield* Ref.get(runs)
      // runs start at 1, 3.5, 6, 8.5 minutes: each covers the occurrences its predecessor overran
      assert.deepStrictEqual(all.map((r) => DateTime.toEpochMillis(r.startedAt)), [60_000, 210_000, 360_000, 510_000])
      assert.deepStrictEqual(all.map((r) => r.coalesced), [1, 2, 3, 2])
    }))

  it("plan: every policy runs only due occurrences, `all` runs each exactly once (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("*/5 * * * *", "0 * * * *", "15 3 * * *", "0 0 * * 1"),
        fc.constantFrom<Trigger.MissedRunPolicy>("skip", "once", "all"),
        fc.integer({ min: 0, max: 30 * 24 * hour }),
        fc.integer({ min: 0, max: 3 * 24 * hour }),
        (expression, policy, last, gap) => {
          const trigger = Trigger.cron(expression, { missedRuns: policy })
          const { runs } = Scheduler.plan({ jobId: "p", trigger, lastConsideredAt: at(last), now: at(last + gap) })
          const due: Array<number> = []
          for (let t = Scheduler.nextRun(trigger, at(last)); t !== undefined;) {
            const millis = DateTime.toEpochMillis(t)
            if (millis > last + gap) break
            due.push(millis)
            t = Scheduler.nextRun(trigger, t)
          }
          const planned = times(runs)
          for (const t of planned) assert.isTrue(due.includes(t))
          if (policy === "all") assert.deepStrictEqual(planned, due)
          if (policy === "once") assert.strictEqual(planned.length, due.length === 0 ? 0 : 1)
          if (policy === "skip") assert.isAtMost(planned.length, 1)
        }
      ),
      { numRuns: 100 }
    )
  })
})
