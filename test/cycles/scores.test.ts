/**
 * Performance scores: the Wilson interval and the trend test against scipy
 * 1.17.1 (python3 on this machine), the scoring rules on hand-built records,
 * and the service on storage: eight weeks of decisions, metrics and
 * measured changes give accuracy with its interval and an improving trend,
 * CPA (efficiency) improving and compared with the shipped benchmark, ROI
 * impact from the priced changes; a re-score updates its rows; benchmarks
 * load idempotently and a bad one names its field.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as Benchmarks from "../../src/cycles/scores/Benchmarks.ts"
import { PerformanceScores } from "../../src/cycles/scores/PerformanceScores.ts"
import * as Scoring from "../../src/cycles/scores/Scoring.ts"
import * as Trend from "../../src/cycles/scores/Trend.ts"
import * as Wilson from "../../src/cycles/scores/Wilson.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiOptimizationHistory } from "../../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiPerformanceBenchmarks } from "../../src/storage/schema/marketingAi/AiPerformanceBenchmarks.ts"
import { AiPerformanceScores } from "../../src/storage/schema/marketingAi/AiPerformanceScores.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const close = (actual: number, expected: number, tol = 1e-12, what = "") =>
  assert.isAtMost(Math.abs(actual - expected), tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`)

describe("statistics", () => {
  it("Wilson interval equals scipy", () => {
    // scipy 1.17.1: stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
    const cases: ReadonlyArray<readonly [number, number, number, number]> = [
      [37, 50, 0.6044684273515115, 0.8412847250644762],
      [0, 12, 0, 0.24249400665524085],
      [12, 12, 0.7575059933447592, 1],
      [5, 9, 0.2666512934954931, 0.8112214789023354],
      [8, 10, 0.4901624715366418, 0.9433178485456248]
    ]
    for (const [k, n, low, high] of cases) {
      const ci = Wilson.interval(k, n)
      close(ci.low, low, 1e-12, `low ${k}/${n}`)
      close(ci.high, high, 1e-12, `high ${k}/${n}`)
    }
  })

  it("trend direction of the service's series equals scipy's test", () => {
    // scipy 1.17.1, x = range(8): stats.kendalltau(x, y, method='asymptotic', alternative='greater'|'less').pvalue, stats.theilslopes(y, x).slope
    const accuracy = [30, 40, 40, 50, 60, 60, 70, 80] // greater: p = 0.000543352300454775, slope 6.666666666666667
    const a = Trend.trend(accuracy, { better: "higher" })
    close(a.mannKendall.pIncreasing, 0.000543352300454775)
    close(a.slope, 6.666666666666667)
    assert.strictEqual(a.direction, "improving")
    const cpa = [20, 20, 21, 22, 22, 24, 25, 25].map((c) => 1000 / c) // less: p = 0.0007714201474884606, slope -1.6666666666666667
    const c = Trend.trend(cpa, { better: "lower" })
    close(c.mannKendall.pDecreasing, 0.0007714201474884606)
    close(c.slope, -1.6666666666666667)
    assert.strictEqual(c.direction, "improving")
    assert.strictEqual(Trend.trend([...cpa].reverse(), { better: "lower" }).direction, "declining")
    assert.strictEqual(Trend.trend([1, 2], { better: "lower" }).direction, "stable")
  })
})

describe("scoring rules", () => {
  it("accuracy counts scored decisions only; ROI prices revenue and spend, not the rest", () => {
    const a = Scoring.accuracy(["validated", "incorrect", "validated", "pending", null])!
    close(a.score, (2 / 3) * 100)
    assert.strictEqual(a.pending, 2)
    assert.isUndefined(Scoring.accuracy(["pending"]))
    const r = Scoring.roiImpact([{ metric: "revenue", actual: 700 }, { metric: "spend", actual: -300 }, { metric: "conversions", actual: 5 }, null], 7000)!
    assert.deepStrictEqual({ net: r.net, priced: r.priced, unpriced: r.unpriced }, { net: 1000, priced: 2, unpriced: 1 })
    close(r.score, (1000 / 7000) * 100)
    assert.isUndefined(Scoring.roiImpact([{ metric: "roas", actual: 0.2 }], 7000))
    assert.isUndefined(Scoring.efficiency([{ spend: 10, conversions: 0 }]))
  })

  it("comparison is signed by which way is better; values beyond NUMERIC(5,2) are capped and flagged", () => {
    close(Scoring.comparison(40, 66.69, "lower"), ((66.69 - 40) / 66.69) * 100)
    close(Scoring.comparison(80, 100, "higher"), -20)
    assert.deepStrictEqual(Scoring.fit(1234.5), { value: 999.99, capped: true })
    assert.deepStrictEqual(Scoring.fit(-12.346), { value: -12.35, capped: false })
    assert.strictEqual(Scoring.band(40, null, 66.69, null), "below_p50")
    assert.strictEqual(Scoring.band(5, 4, 6, 8), "p25_p50")
  })
})

const T = Date.parse("2026-03-11T06:00:00Z")
const today0 = Date.parse("2026-03-11T00:00:00Z")
const week = 7 * 86_400_000
const weekStart = (i: number) => today0 - (8 - i) * week
const validatedPerWeek = [3, 4, 4, 5, 6, 6, 7, 8]
const conversionsPerDay = [20, 20, 21, 22, 22, 24, 25, 25]

const seed = Effect.gen(function*() {
  const storage = yield* Storage
  const account = yield* storage.insert(Accounts, { name: "Scores Co", slug: `scores-${crypto.randomUUID().slice(0, 8)}` })
  const campaign = yield* storage.insert(Campaigns, { account_id: account.id, name: "Main", platform: "simulated", status: "active" })
  const decisions: Array<typeof AiDecisionLogs.Insert.Type> = []
  const metrics: Array<typeof CampaignDailyMetrics.Insert.Type> = []
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 10; j++) {
      decisions.push({
        account_id: account.id,
        decision_type: "bid_cut",
        validation_status: j < validatedPerWeek[i]! ? "validated" : "incorrect",
        created_at: new Date(weekStart(i) + 86_400_000 + j * 60_000)
      })
    }
    for (let d = 0; d < 7; d++) {
      metrics.push({
        account_id: account.id,
        campaign_id: campaign.id,
        metric_date: new Date(weekStart(i) + d * 86_400_000).toISOString().slice(0, 10),
        impressions: 10_000,
        clicks: 500,
        conversions: conversionsPerDay[i]!,
        spend: 1000,
        revenue: 3000,
        is_final: true
      })
    }
  }
  // two decisions of the latest week not scored yet
  for (const j of [0, 1]) decisions.push({ account_id: account.id, decision_type: "bid_cut", validation_status: "pending", created_at: new Date(weekStart(7) + 2 * 86_400_000 + j) })
  yield* storage.bulkInsert(AiDecisionLogs, decisions)
  yield* storage.bulkInsert(CampaignDailyMetrics, metrics)
  const change = (improvement: { metric: string; actual: number }) => ({
    account_id: account.id,
    target_entity_type: "campaign",
    target_entity_id: campaign.id,
    optimization_type: "budget_shift",
    before_state: {},
    after_state: {},
    actual_improvement: improvement,
    created_at: new Date(weekStart(7) + 3 * 86_400_000)
  })
  yield* storage.bulkInsert(AiOptimizationHistory, [
    change({ metric: "revenue", actual: 700 }),
    change({ metric: "spend", actual: -300 }),
    change({ metric: "conversions", actual: 5 })
  ])
  return account
})

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    layer(PerformanceScores.layer.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("weekly scores with interval, trend and benchmark; a re-score updates its rows", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const scores = yield* PerformanceScores
          assert.strictEqual(yield* scores.loadBenchmarks().pipe(atTime(T)), Benchmarks.shipped.length)
          assert.strictEqual(yield* scores.loadBenchmarks().pipe(atTime(T)), Benchmarks.shipped.length)
          assert.strictEqual(yield* storage.count(AiPerformanceBenchmarks, { account_id: null }), Benchmarks.shipped.length)
          const account = yield* seed.pipe(atTime(T))

          const report = yield* scores.score(account.id, "weekly").pipe(atTime(T))
          assert.strictEqual(report.periodStart, "2026-03-04T00:00:00.000Z")
          assert.deepStrictEqual(report.skipped, [])
          const byType = new Map(report.scores.map((s) => [s.metric_type, s]))

          const accuracy = byType.get("accuracy")!
          assert.strictEqual(accuracy.score_value, 80)
          assert.strictEqual(accuracy.trend_direction, "improving")
          assert.isNull(accuracy.benchmark_comparison)
          const ctx = accuracy.context_filters as { wilson: { low: number; high: number }; pending: number; scored: number }
          close(ctx.wilson.low, 49.01624715366418, 1e-10, "Wilson low (scipy, 8 of 10)")
          close(ctx.wilson.high, 94.33178485456248, 1e-10, "Wilson high")
          assert.strictEqual(ctx.pending, 2)
          assert.strictEqual(ctx.scored, 10)

          const efficiency = byType.get("efficiency")!
          assert.strictEqual(efficiency.score_value, 40) // 7,000 / 175
          assert.strictEqual(efficiency.trend_direction, "improving")
          // shipped 2024 all-industry cost per lead 66.69: (66.69 − 40) / 66.69 = +40.02%
          assert.strictEqual(efficiency.benchmark_comparison, 40.02)

          const roi = byType.get("roi_impact")!
          assert.strictEqual(roi.score_value, 14.29) // (700 + 300) / 7,000
          assert.isNull(roi.trend_direction) // one week with a priced change: too short for a trend
          assert.deepInclude(roi.context_filters as object, { net: 1000, priced: 2, unpriced: 1 })

          const again = yield* scores.score(account.id, "weekly").pipe(atTime(T + 3_600_000))
          assert.deepStrictEqual(again.scores.map((s) => s.id), report.scores.map((s) => s.id))
          assert.strictEqual(yield* storage.count(AiPerformanceScores, { account_id: account.id }), 3)

          const daily = yield* scores.score(account.id, "daily").pipe(atTime(T))
          assert.deepStrictEqual(daily.skipped.map((s) => s.metricType), ["accuracy", "roi_impact"])
          assert.strictEqual(daily.scores[0]!.score_value, 40)
        }))

      it.effect("a bad benchmark names its field; nothing is written", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const scores = yield* PerformanceScores
          const before = yield* storage.count(AiPerformanceBenchmarks)
          const good = { ...Benchmarks.shipped[0]!, industry: "events" }
          const error = yield* Effect.flip(scores.loadBenchmarks([good, { ...good, p25: 0.5 }]))
          assert.deepInclude(error, { _tag: "InvalidBenchmark", index: 1, path: "p50" })
          const missing = yield* Effect.flip(scores.loadBenchmarks([{ ...good, source: "" }]))
          assert.deepInclude(missing, { _tag: "InvalidBenchmark", index: 0, path: "source" })
          assert.strictEqual(yield* storage.count(AiPerformanceBenchmarks), before)
          const options = yield* Effect.flip(Layer.build(PerformanceScores.layerOptions({ periods: 2 })))
          assert.deepInclude(options, { _tag: "InvalidScoreOptions", field: "periods" })
        }).pipe(Effect.scoped))
    })
  })

suite("performance scores on PGlite", pglite())
if (serverUrl !== undefined) suite("performance scores on a server", server(serverUrl))
