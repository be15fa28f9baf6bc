/**
 * The in-memory safety state is bounded: state that can no longer affect a
 * decision (per-run counters of finished runs, cooldowns longer past than any
 * cooldown in force, outcomes outside every breaker window, past days'
 * movement, pauses that ended) is pruned. The review measured ~66 MB kept
 * after 200k submits; here 200k submits over ten simulated days, each with a
 * new run and a fresh entity, must leave only what the current day needs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { makeMemory } from "../../src/actions/internal/safetyMemory.ts"
import type { StateKey } from "../../src/actions/SafetyState.ts"

describe("SafetyState.layerMemory", () => {
  it.effect("hardening: stays bounded over 200,000 submits with a new run and entity each", () =>
    Effect.gen(function*() {
      const state = makeMemory()
      const start = Date.UTC(2030, 0, 1)
      const total = 200_000
      const perDay = total / 10
      for (let i = 0; i < total; i++) {
        const now = start + Math.floor(i / perDay) * 86_400_000 + (i % perDay) * 1000
        const key: StateKey = {
          requester: `rule:r${i % 50}`,
          runId: `run-${i}`,
          cooldownKey: JSON.stringify([`rule:r${i % 50}`, `campaign:c${i}`]),
          entity: `campaign:c${i}`,
          windowMillis: 600_000,
          cooldownMillis: 60_000
        }
        yield* state.withLock(key, now, (snapshot, writer) =>
          Effect.gen(function*() {
            yield* writer.commit(snapshot.now, { from: 100, movement: 1 })
            yield* writer.recordOutcome({ at: snapshot.now, success: i % 7 !== 0 })
            if (i % 1000 === 0) yield* writer.pause(snapshot.now + 60_000)
          }))
      }
      const sizes = state.sizes()
      // a day holds 20,000 submits; the sweep runs every 1,000 writes
      assert.isAtMost(sizes.runs, 21_000, "finished runs older than a day are dropped")
      assert.isAtMost(sizes.entities, 21_000, "past days' movement is dropped")
      assert.isAtMost(sizes.cooldowns, 2_000, "cooldowns end after a minute")
      assert.isAtMost(sizes.outcomes, 50 * 1_000, "outcomes outside the window are dropped")
      assert.strictEqual(sizes.requesters, 50)
    }), 120_000)
})
