/**
 * Retention (src/storage/Retention.ts): rules as data applied by bounded
 * batched deletes at the `Clock`'s time (TestClock here): old rows go, young
 * rows stay, no batch exceeds the batch size, a run stops at `maxBatches`,
 * each batch leaves one `retention.purge` entry in the system audit chain, the
 * scheduled runner deletes rows as they age, and a rule on the audit trail
 * prunes chains that still verify. Cutoffs are checked against PostgreSQL's
 * own interval arithmetic.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Fiber, Layer, Queue, Schedule } from "effect"
import { TestClock } from "effect/testing"
import { SqlClient } from "effect/sql"
import * as Audit from "../../src/storage/Audit.ts"
import * as Retention from "../../src/storage/Retention.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { AiErrorLogs } from "../../src/storage/schema/eventsAi/AiErrorLogs.ts"
import { AiAuditTrail } from "../../src/storage/schema/marketingAi/AiAuditTrail.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"

const now = Date.parse("2026-06-01T00:00:00Z")
const day = 86_400_000

const errorRows = (label: string, ages: ReadonlyArray<number>) =>
  ages.map((ageDays) => ({
    error_type: label,
    error_message: `${label} ${ageDays} days old`,
    severity: "low" as const,
    created_at: new Date(now - ageDays * day)
  }))

const remainingAges = (label: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const rows = (yield* storage.find(AiErrorLogs, { where: { error_type: label } })).items
    return rows.map((r) => Math.round((now - r.created_at!.getTime()) / day)).sort((a, b) => a - b)
  })

const errorLogsRule: Retention.Rule = { name: "errors_1y", table: AiErrorLogs, column: "created_at", maxAge: { years: 1 } }

describe("retention", () => {
  describe("on PGlite with the audit trail", () => {
    const database = Audit.layer.pipe(Layer.provideMerge(pglite()))
    layer(database, { timeout: "120 seconds" })((it) => {
      it.effect("deletes rows older than the rule's age in batches of at most batchSize, keeps younger rows, audits each batch", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const audit = yield* Audit.Audit
          yield* TestClock.setTime(now)
          // 366 days is past one year back from 2026-06-01 (2025-06-01 = 365 days), 364 is not
          yield* storage.insertMany(AiErrorLogs, errorRows("batch", [366, 400, 500, 700, 800, 900, 1000, 364, 10]))
          const retention = yield* Retention.make([errorLogsRule], { batchSize: 3 })
          const dry = yield* retention.run({ dryRun: true })
          assert.strictEqual(dry[0]!.deleted, 7)
          assert.deepStrictEqual(yield* remainingAges("batch"), [10, 364, 366, 400, 500, 700, 800, 900, 1000], "a dry run deletes nothing")
          const purgesBefore = yield* storage.count(AiAuditTrail, { action: "retention.purge" })
          const [report] = yield* retention.run()
          assert.deepStrictEqual(
            { deleted: report!.deleted, batches: report!.batches, more: report!.more, cutoff: report!.cutoff.toISOString() },
            { deleted: 7, batches: 3, more: false, cutoff: "2025-06-01T00:00:00.000Z" }
          )
          assert.deepStrictEqual(yield* remainingAges("batch"), [10, 364])
          const purges = (yield* storage.find(AiAuditTrail, { where: { action: "retention.purge" }, orderBy: [{ column: "seq" }] })).items.slice(purgesBefore)
          assert.deepStrictEqual(purges.map((p) => (p.metadata as { deleted_rows: number }).deleted_rows), [3, 3, 1], "one entry per batch, none above 3")
          assert.isTrue(purges.every((p) => p.account_id === null && p.actor_type === "system"))
          assert.strictEqual((yield* audit.verify(null))._tag, "Verified")
        }))

      it.effect("stops at maxBatches and says more rows are left", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          yield* TestClock.setTime(now)
          yield* storage.insertMany(AiErrorLogs, errorRows("bounded", [400, 401, 402, 403, 404]))
          const retention = yield* Retention.make([errorLogsRule], { batchSize: 2, maxBatches: 1 })
          const [first] = yield* retention.run()
          assert.deepStrictEqual([first!.deleted, first!.batches, first!.more], [2, 1, true])
          assert.strictEqual((yield* remainingAges("bounded")).length, 3)
        }))

      it.effect("the scheduled runner deletes rows as the Clock makes them old", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          yield* TestClock.setTime(now)
          yield* storage.insertMany(AiErrorLogs, errorRows("scheduled", [0, 2, 5]).map((r) => ({ ...r, created_at: new Date(now - (r.error_message.startsWith("scheduled 0") ? 0 : r.error_message.startsWith("scheduled 2") ? 2 * day - 3_600_000 : 5 * day)) })))
          const retention = yield* Retention.make([{ name: "errors_2d", table: AiErrorLogs, column: "created_at", maxAge: { days: 2 } }])
          const runs = yield* Queue.unbounded<number>()
          const fiber = yield* Retention.runScheduled({
            schedule: Schedule.spaced("1 day"),
            onRun: (reports) => Queue.offer(runs, reports[0]!.deleted).pipe(Effect.asVoid)
          }).pipe(Effect.provideService(Retention.Retention, retention), Effect.forkChild)
          // (the table also holds old rows of the tests above, so count this test's rows)
          yield* Queue.take(runs)
          assert.strictEqual((yield* remainingAges("scheduled")).length, 2, "the first run, at start, removes the 5-day-old row")
          yield* TestClock.adjust(day)
          assert.strictEqual(yield* Queue.take(runs), 1, "a day later the row that was 2 days minus an hour old is past 2 days")
          assert.strictEqual((yield* remainingAges("scheduled")).length, 1)
          yield* TestClock.adjust(day)
          assert.strictEqual(yield* Queue.take(runs), 0, "the row written at start is exactly 2 days old: not older, so it stays (the seed's <)")
          yield* TestClock.adjust(day)
          assert.strictEqual(yield* Queue.take(runs), 1, "a day later it goes")
          assert.strictEqual((yield* remainingAges("scheduled")).length, 0)
          yield* Fiber.interrupt(fiber)
        }))

      it.effect("a rule on the audit trail prunes each chain's old prefix and the chains still verify", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const audit = yield* Audit.Audit
          yield* TestClock.setTime(now - 400 * day)
          const old = yield* storage.insert(Accounts, { name: "Old Co", slug: "old-co-retention" })
          yield* storage.update(Accounts, old.id, { name: "Old Co 2" })
          yield* TestClock.setTime(now)
          yield* storage.update(Accounts, old.id, { name: "Old Co 3" })
          const retention = yield* Retention.make([Retention.auditRule({ days: 365 })], { batchSize: 1 })
          const [report] = yield* retention.run()
          assert.isAtLeast(report!.deleted, 2)
          const chain = (yield* storage.find(AiAuditTrail, { where: { account_id: old.id }, orderBy: [{ column: "seq" }] })).items
          assert.deepStrictEqual(chain.map((e) => e.action), ["update", "audit.prune", "audit.prune"], "the two old entries went, one per batch, each leaving a checkpoint")
          for (const chainAccount of yield* audit.chains()) {
            const v = yield* audit.verify(chainAccount)
            assert.strictEqual(v._tag, "Verified", Audit.format(v))
          }
        }))

      it.effect("refuses a rule on a column that is not a time, or a negative age, naming it", () =>
        Effect.gen(function*() {
          const bad = yield* Effect.flip(Retention.make([{ name: "bad", table: AiErrorLogs, column: "severity", maxAge: { days: 1 } }]))
          assert.deepStrictEqual([bad.rule, bad.field], ["bad", "column"])
          const negative = yield* Effect.flip(Retention.make([{ ...errorLogsRule, maxAge: { days: -1 } }]))
          assert.deepStrictEqual([negative.rule, negative.field], ["errors_1y", "maxAge.days"])
          const missing = yield* Effect.flip(Retention.make([{ ...errorLogsRule, column: "nope" }]))
          assert.strictEqual(missing.field, "column")
        }))

      it.effect("the seed's four rules apply as written", () =>
        Effect.gen(function*() {
          yield* TestClock.setTime(now)
          const reports = yield* (yield* Retention.make()).run({ dryRun: true })
          assert.deepStrictEqual(reports.map((r) => [r.rule, r.cutoff.toISOString()]), [
            ["ai_performance_retention", "2024-06-01T00:00:00.000Z"],
            ["ai_error_logs_retention", "2025-06-01T00:00:00.000Z"],
            ["ai_training_data_retention", "2021-06-01T00:00:00.000Z"],
            ["ai_recommendations_expiry", "2026-06-01T00:00:00.000Z"]
          ])
        }))

      it.effect("cutoffs agree with PostgreSQL's timestamptz - interval in UTC", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const cases: ReadonlyArray<readonly [string, Retention.Age, string]> = [
            ["2024-03-31T12:00:00Z", { months: 1 }, "1 month"],
            ["2024-02-29T00:00:00Z", { years: 1 }, "1 year"],
            ["2026-01-31T05:00:00Z", { years: 2, months: 3, days: 4, hours: 5 }, "2 years 3 months 4 days 5 hours"],
            ["2025-12-31T23:59:59Z", { days: 365 }, "365 days"]
          ]
          for (const [at, age, interval] of cases) {
            const [row] = yield* sql.unsafe<{ t: string }>(
              `select to_char(($1::timestamptz at time zone 'UTC') - $2::interval, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t`,
              [at, interval]
            )
            assert.strictEqual(Retention.cutoffOf(Date.parse(at), age).toISOString().replace(".000Z", "Z"), row!.t, `${at} - ${interval}`)
          }
        }))
    })
  })

  it("seedRules are the seed's four tables", () => {
    assert.deepStrictEqual(Retention.seedRules.map((r) => `${r.table.schema}.${r.table.name}.${r.column}`), [
      "public.ai_performance_metrics.measurement_timestamp",
      "public.ai_error_logs.created_at",
      "public.ai_training_data.created_at",
      "events_ai.ai_recommendations.expires_at"
    ])
  })
})
