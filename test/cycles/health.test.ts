/**
 * System health: uptime from heartbeats (exact union of covered intervals,
 * checked against a brute-force count over random beats), and the service
 * on storage at explicit times: beats update one row per component, a check
 * marks a silent component offline and raises one alert that later checks
 * update, the beat that brings it back resolves the alert, and the uptime
 * follows the definition.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import * as fc from "fast-check"
import * as Alert from "../../src/cycles/alerts/Alert.ts"
import { SystemHealth } from "../../src/cycles/health/SystemHealth.ts"
import * as Uptime from "../../src/cycles/health/Uptime.ts"
import { AiSmartAlerts } from "../../src/storage/schema/marketingAi/AiSmartAlerts.ts"
import { AiSystemHealth } from "../../src/storage/schema/marketingAi/AiSystemHealth.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

describe("uptime", () => {
  it("a worked example: beats every 60 s at 0, 60, 120, silence, a beat at 600", () => {
    let spans: ReadonlyArray<Uptime.Span> = []
    for (const t of [0, 60, 120, 600]) spans = Uptime.beat(spans, t * 1000, 60_000)
    assert.deepStrictEqual(spans, [{ start: 0, end: 180_000 }, { start: 600_000, end: 660_000 }])
    // covered 180 s + 60 s of a 660 s window
    assert.closeTo(Uptime.uptime(spans, 0, 660_000), (240 / 660) * 100, 1e-12)
    assert.closeTo(Uptime.uptime(spans, 0, 300_000), 60, 1e-12)
    assert.deepStrictEqual(Uptime.prune(spans, 200_000), [{ start: 600_000, end: 660_000 }])
  })

  it("equals a brute-force count of covered instants for any beats, interval and window", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 1, max: 200 }),
        (beats, interval, from, length) => {
          let spans: ReadonlyArray<Uptime.Span> = []
          for (const b of [...beats].sort((a, b) => a - b)) spans = Uptime.beat(spans, b, interval)
          let count = 0
          for (let t = from; t < from + length; t++) if (beats.some((b) => t >= b && t < b + interval)) count++
          assert.strictEqual(Uptime.covered(spans, from, from + length), count)
          for (let i = 1; i < spans.length; i++) assert.isAbove(spans[i]!.start, spans[i - 1]!.end)
        }
      ),
      { seed: 10, numRuns: 300 }
    )
  })
})

const T = Date.parse("2026-03-11T06:00:00Z")
const at = (seconds: number) => atTime(T + seconds * 1000)
const decodeAlert = Schema.decodeUnknownSync(Alert.Document)

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    layer(SystemHealth.layer.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("beats, silence, offline with one alert, recovery resolves it; uptime from the beats", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const health = yield* SystemHealth
          const runner = { name: "cycle_runner", interval: "1 minute" } as const
          const scheduler = { name: "rule_scheduler", interval: "5 minutes" } as const
          yield* health.beat(runner, { cyclesRun: 1 }).pipe(at(0))
          yield* health.beat(runner, { cyclesRun: 2 }).pipe(at(60))
          yield* health.beat(scheduler, { rulesFired: 4 }, { status: "warning", errors: ["rule 7 timed out"] }).pipe(at(100))
          const third = yield* health.beat(runner, { cyclesRun: 3 }).pipe(at(120))
          assert.strictEqual(third.health_status, "healthy")
          assert.strictEqual(third.uptime_percentage, 100)
          assert.strictEqual(yield* storage.count(AiSystemHealth, { component_name: "cycle_runner" }), 1)
          assert.deepInclude(third.performance_metrics as object, { beats: 3, metrics: { cyclesRun: 3 } })

          const calm = yield* health.check().pipe(at(150))
          assert.deepStrictEqual(calm.wentOffline, [])

          // 80 s after the last beat of a 60 s component: offline, one alert
          const silent = yield* health.check().pipe(at(200))
          assert.deepStrictEqual(silent.wentOffline, ["cycle_runner"])
          const row = (yield* storage.find(AiSystemHealth, { where: { component_name: "cycle_runner" } })).items[0]!
          assert.strictEqual(row.health_status, "offline")
          // covered [0, 180) of [0, 200): 90%
          assert.strictEqual(row.uptime_percentage, 90)
          const scheduled = (yield* storage.find(AiSystemHealth, { where: { component_name: "rule_scheduler" } })).items[0]!
          assert.strictEqual(scheduled.health_status, "warning")
          assert.deepStrictEqual((scheduled.error_logs as Array<{ message: string }>).map((e) => e.message), ["rule 7 timed out"])

          const later = yield* health.check().pipe(at(300))
          assert.deepStrictEqual(later.stillOffline, ["cycle_runner"])
          const alerts = (yield* storage.find(AiSmartAlerts, { where: { affected_entity_id: row.id } })).items
          assert.strictEqual(alerts.length, 1)
          assert.strictEqual(alerts[0]!.alert_type, "risk")
          assert.strictEqual(alerts[0]!.status, "active")
          assert.strictEqual(decodeAlert(alerts[0]!.recommended_actions).occurrences, 2)
          // [0, 180) of [0, 300): 60%
          assert.strictEqual((yield* storage.get(AiSystemHealth, row.id)).uptime_percentage, 60)

          const back = yield* health.beat(runner, { cyclesRun: 4 }).pipe(at(600))
          assert.strictEqual(back.health_status, "healthy")
          // [0, 180) of [0, 600): 30%
          assert.strictEqual(back.uptime_percentage, 30)
          const closed = yield* storage.get(AiSmartAlerts, alerts[0]!.id)
          assert.strictEqual(closed.status, "resolved")
          assert.isNotNull(closed.resolved_at)
        }))

      it.effect("a bad heartbeat fails naming the field", () =>
        Effect.gen(function*() {
          const health = yield* SystemHealth
          const nan = yield* Effect.flip(health.beat({ name: "agent:networking", interval: "1 minute" }, { latencyMs: Number.NaN }))
          assert.deepInclude(nan, { _tag: "InvalidHeartbeat", component: "agent:networking", field: "metrics.latencyMs" })
          const never = yield* Effect.flip(health.beat({ name: "agent:networking", interval: 0 }))
          assert.deepInclude(never, { _tag: "InvalidHeartbeat", field: "interval" })
          const options = yield* Effect.flip(Layer.build(SystemHealth.layerOptions({ grace: 0.5 })))
          assert.deepInclude(options, { _tag: "InvalidHealthOptions", field: "grace" })
        }).pipe(Effect.scoped))
    })
  })

suite("system health on PGlite", pglite())
if (serverUrl !== undefined) suite("system health on a server", server(serverUrl))
