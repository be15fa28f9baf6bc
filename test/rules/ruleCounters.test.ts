/**
 * A stored rule's counters under concurrent firing on a PostgreSQL server:
 * two engines (two envelopes, as two processes would have) fire the same rule
 * twenty times each at once; `execution_count` ends at exactly 40 and the
 * success rate is exact, because each firing adds itself with one atomic
 * `UPDATE` (`Storage.increment`) instead of reading and writing the row back.
 * On the server the firings race on a pool of connections; PGlite serves one
 * connection, so there they queue, and the suite checks only that the count
 * is right.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { RuleEngine } from "../../src/rules/RuleEngine.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { Storage } from "../../src/storage/Storage.ts"
import type { SqlClient } from "effect/sql"
import { pglite, server, serverUrl } from "../support/databases.ts"

const record = Action.make({
  name: "record_signal",
  parameters: Schema.Struct({ ok: Schema.Boolean }),
  handler: (p) => (p.ok ? Effect.void : Effect.fail("rejected"))
})

const engine = () =>
  RuleEngine.layer.pipe(
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(registering(record)),
    Layer.provideMerge(ActionRegistry.layer)
  )

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`rule counters under concurrent firing: ${name}`, () => {
    layer(database, { timeout: "120 seconds" })((it) => {
      it.effect("hardening: rule counters are updated atomically (no lost increments)", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const rule = yield* storage.insert(AiAutomationRules, {
            rule_name: "Signal",
            rule_type: "performance_optimization",
            trigger_conditions: { trigger: { _tag: "Fact", factType: "signal" }, conditions: { all: [] } },
            action_parameters: { actions: [{ action: "record_signal", parameters: {}, bind: { ok: { fact: "signal", path: "$.ok" } } }] },
            execution_frequency: "continuous"
          })
          const fireMany = (ok: boolean) =>
            Effect.gen(function*() {
              const rules = yield* RuleEngine
              const ruleSet = yield* rules.loadStored()
              yield* Effect.all(
                Array.from({ length: 20 }, () => rules.fire(ruleSet, { signal: { ok } }, { factType: "signal" })),
                { concurrency: "unbounded" }
              )
            }).pipe(Effect.provide(engine()))
          yield* Effect.all([fireMany(true), fireMany(false)], { concurrency: "unbounded" })
          const row = yield* storage.get(AiAutomationRules, rule.id)
          assert.strictEqual(row.execution_count, 40)
          // 20 successes in 40: the stored rate is a running mean rounded to two decimals at each step, so it stays close to 50
          assert.closeTo(row.success_rate!, 50, 1)
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))
