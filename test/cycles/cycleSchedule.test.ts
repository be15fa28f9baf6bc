/**
 * Scheduled cycles: two runners for one account (two processes, or a
 * restart) run each daily period once, keyed by the period; the database's
 * unique index, not memory, decides.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { DateTime, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as Cycles from "../../src/cycles/DecisionCycles.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { MasterAiCycles } from "../../src/storage/schema/marketingAi/MasterAiCycles.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { cycleWorld } from "../support/cycleWorld.ts"
import { pglite } from "../support/databases.ts"

describe("scheduled cycles", () => {
  layer(cycleWorld(pglite(), Layer.empty), { timeout: "120 seconds" })((it) => {
    it.effect("two runners run each day's cycle once", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const account = yield* storage.insert(Accounts, { name: "Scheduled", slug: "scheduled" })
        const a = yield* Effect.forkChild(Cycles.runScheduled(account.id, "daily"))
        const b = yield* Effect.forkChild(Cycles.runScheduled(account.id, "daily"))
        const cyclesSoFar = storage.count(MasterAiCycles, { account_id: account.id, status: "completed" })
        /** lets the runners work (on the live clock) until `n` cycles completed */
        const settle = (n: number) =>
          Effect.gen(function*() {
            for (let i = 0; i < 100 && (yield* cyclesSoFar) < n; i++) yield* Effect.sleep("50 millis").pipe(TestClock.withLive)
            yield* Effect.sleep("50 millis").pipe(TestClock.withLive)
          })
        for (let day = 0; day < 3; day++) {
          yield* settle(day + 1)
          yield* TestClock.adjust("1 day")
        }
        yield* settle(4)
        yield* Fiber.interrupt(a)
        yield* Fiber.interrupt(b)
        const rows = (yield* storage.find(MasterAiCycles, { where: { account_id: account.id }, orderBy: [{ column: "idempotency_key" }] })).items
        assert.deepStrictEqual(rows.map((r) => r.idempotency_key), ["daily:1970-01-01", "daily:1970-01-02", "daily:1970-01-03", "daily:1970-01-04"])
        assert.isTrue(rows.every((r) => r.status === "completed" && r.trigger_event === "schedule:daily"))
      }))
  })

  it.effect("names periods by day or hour", () =>
    Effect.sync(() => {
      const at = DateTime.makeUnsafe(Date.UTC(2026, 10, 23, 14, 5))
      assert.strictEqual(Cycles.periodKey("daily", at), "daily:2026-11-23")
      assert.strictEqual(Cycles.periodKey("hourly", at), "hourly:2026-11-23T14")
    }))
})
