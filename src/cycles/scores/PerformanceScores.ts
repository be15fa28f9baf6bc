/**
 * The performance-score service (issue 10, `ai_performance_scores` against
 * `ai_performance_benchmarks`): the system scores its own decision
 * accuracy, efficiency and ROI impact per period (`Scoring`), with a trend
 * direction from the series and a comparison with a benchmark.
 *
 * - `score(accountId, period)` scores the latest complete period — the UTC
 *   day before today (`daily`) or the 7 days before today (`weekly`) — and
 *   the `periods − 1` periods before it, for the trend. One row per metric
 *   type and period is written (a re-score of the same period updates it;
 *   `context_filters.periodStart` identifies it): `score_value`, the Wilson
 *   interval or the money behind it in `context_filters`, and
 *   `trend_direction` from `Trend.trend` over the periods that have a value
 *   (Theil–Sen slope sign, one-sided Mann–Kendall p < `alpha`, else
 *   `stable`; NULL with fewer than `minTrendPeriods` values: too short to
 *   say). A metric without a value in the latest period (no scored
 *   decision, no conversion, no priced change) is not written; the report
 *   says why.
 * - `benchmark_comparison` is `Scoring.comparison` against the benchmark
 *   row for the metric (`Scoring.benchmarkMetric`: `decision_accuracy`,
 *   `cpa`, `roi_impact`) in the configured industry (and platform, or a row
 *   with no platform): the account's own row first, else a shared one
 *   (`account_id` NULL), the most recent period first. NULL without one.
 *   The shipped set has `cpa`; accuracy and ROI benchmarks are the host's
 *   to load (its own targets, say).
 * - `loadBenchmarks(rows)` validates and upserts benchmark rows (by account,
 *   industry, platform, region, metric, period start and source), all in one
 *   transaction; `Benchmarks.shipped` by default.
 *
 * `hourly` periods (allowed by the seed) are not scored: decisions are
 * measured over days.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import * as Action from "../../actions/Action.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiOptimizationHistory } from "../../storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiPerformanceBenchmarks } from "../../storage/schema/marketingAi/AiPerformanceBenchmarks.ts"
import { AiPerformanceScores } from "../../storage/schema/marketingAi/AiPerformanceScores.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import * as Benchmarks from "./Benchmarks.ts"
import { InvalidBenchmark, InvalidScoreOptions } from "./ScoreError.ts"
import * as Scoring from "./Scoring.ts"
import * as Trend from "./Trend.ts"

/**
 * An `ai_performance_scores` row.
 *
 * @since 0.1.0
 * @category models
 */
export type ScoreRow = Table.Row<typeof AiPerformanceScores>

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** periods read for the trend, the scored one included (default 8) */
  readonly periods: number
  /** values needed for a trend direction (default 4) */
  readonly minTrendPeriods: number
  /** one-sided Mann–Kendall significance of a trend (default 0.05) */
  readonly alpha: number
  /** confidence of the accuracy interval (default 0.95) */
  readonly confidence: number
  /** the benchmark industry (default `all`) */
  readonly industry: string
  /** the benchmark platform (default `google_ads`; null: rows without a platform only) */
  readonly platform: string | null
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = { periods: 8, minTrendPeriods: 4, alpha: 0.05, confidence: 0.95, industry: "all", platform: "google_ads" }

/**
 * @since 0.1.0
 * @category models
 */
export type Period = "daily" | "weekly"

/**
 * What a scoring run did.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScoreReport {
  readonly accountId: string
  readonly period: Period
  readonly periodStart: string
  readonly periodEnd: string
  readonly scores: ReadonlyArray<ScoreRow>
  readonly skipped: ReadonlyArray<{ readonly metricType: Scoring.MetricType; readonly reason: string }>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface PerformanceScoresShape {
  readonly score: (accountId: string, period: Period) => Effect.Effect<ScoreReport, StorageError>
  readonly loadBenchmarks: (rows?: ReadonlyArray<unknown>) => Effect.Effect<number, InvalidBenchmark | StorageError>
}

const dayMillis = 86_400_000
const iso = (millis: number) => new Date(millis).toISOString()
const isoDay = (millis: number) => iso(millis).slice(0, 10)
const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u)) as Schema.Json
const decodeBenchmark = Schema.decodeUnknownResult(Benchmarks.Benchmark)

const checkOptions = (options: Options): Effect.Effect<Options, InvalidScoreOptions> => {
  const fail = (field: string, value: unknown, rule: string) => Effect.fail(new InvalidScoreOptions({ field, value, rule }))
  const int = (n: number, min: number) => Number.isSafeInteger(n) && n >= min
  if (!int(options.minTrendPeriods, 3)) return fail("minTrendPeriods", options.minTrendPeriods, "an integer ≥ 3")
  if (!int(options.periods, options.minTrendPeriods)) return fail("periods", options.periods, "an integer ≥ minTrendPeriods")
  if (!(options.alpha > 0 && options.alpha < 0.5)) return fail("alpha", options.alpha, "in (0, 0.5)")
  if (!(options.confidence > 0 && options.confidence < 1)) return fail("confidence", options.confidence, "in (0, 1)")
  if (options.industry.length === 0) return fail("industry", options.industry, "a non-empty industry")
  return Effect.succeed(options)
}

/**
 * Builds the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(overrides: Partial<Options> = {}) {
  const options = yield* checkOptions({ ...defaultOptions, ...overrides })
  const storage = yield* Storage

  const benchmarkFor = (accountId: string, metricType: Scoring.MetricType) =>
    Effect.map(
      storage.find(AiPerformanceBenchmarks, {
        where: {
          metric_name: Scoring.benchmarkMetric[metricType],
          industry: options.industry,
          or: [{ account_id: accountId }, { account_id: null }],
          ...(options.platform === null ? { platform: null } : {})
        },
        orderBy: [{ column: "period_end", direction: "desc" }]
      }),
      (page) => {
        const usable = page.items.filter((b) => options.platform === null || b.platform === null || b.platform === options.platform)
        return usable.find((b) => b.account_id === accountId) ?? usable[0]
      }
    )

  const score = Effect.fn("PerformanceScores.score")(function*(accountId: string, period: Period) {
    const now = yield* Clock.currentTimeMillis
    const today = Math.floor(now / dayMillis) * dayMillis
    const length = period === "daily" ? dayMillis : 7 * dayMillis
    const starts = Array.from({ length: options.periods }, (_, i) => today - (options.periods - i) * length)
    const oldest = starts[0]!
    const indexOf = (millis: number) => {
      const k = Math.floor((millis - oldest) / length)
      return k >= 0 && k < options.periods ? k : -1
    }
    return yield* storage.transaction(Effect.gen(function*() {
      const decisions = (yield* storage.find(AiDecisionLogs, {
        where: { account_id: accountId, created_at: { gte: new Date(oldest), lt: new Date(today) } }
      })).items
      const history = (yield* storage.find(AiOptimizationHistory, {
        where: { account_id: accountId, created_at: { gte: new Date(oldest), lt: new Date(today) }, actual_improvement: { isNull: false } }
      })).items
      const days = (yield* storage.find(CampaignDailyMetrics, {
        where: { account_id: accountId, metric_date: { gte: isoDay(oldest), lt: isoDay(today) } }
      })).items
      const statuses = starts.map(() => [] as Array<string | null>)
      for (const d of decisions) if (d.created_at !== null) statuses[indexOf(d.created_at.getTime())]?.push(d.validation_status)
      const improvements = starts.map(() => [] as Array<unknown>)
      for (const h of history) if (h.created_at !== null) improvements[indexOf(h.created_at.getTime())]?.push(h.actual_improvement)
      const metrics = starts.map(() => [] as Array<{ spend: number; conversions: number }>)
      for (const d of days) metrics[indexOf(Date.parse(`${d.metric_date}T00:00:00Z`))]?.push({ spend: d.spend, conversions: d.conversions })

      const series: Record<Scoring.MetricType, ReadonlyArray<{ readonly score: number; readonly detail: object } | undefined>> = {
        accuracy: statuses.map((s) => {
          const a = Scoring.accuracy(s, options.confidence)
          return a === undefined ? undefined : {
            score: a.score,
            detail: { validated: a.interval.successes, scored: a.interval.trials, pending: a.pending, wilson: { low: a.interval.low * 100, high: a.interval.high * 100, confidence: a.interval.confidence } }
          }
        }),
        efficiency: metrics.map((m) => {
          const e = Scoring.efficiency(m)
          return e === undefined ? undefined : { score: e.score, detail: { spend: e.spend, conversions: e.conversions } }
        }),
        roi_impact: improvements.map((list, k) => {
          const spend = metrics[k]!.reduce((a, d) => a + d.spend, 0)
          const r = Scoring.roiImpact(list, spend)
          return r === undefined ? undefined : { score: r.score, detail: { net: r.net, priced: r.priced, unpriced: r.unpriced, spend: r.spend } }
        })
      }
      const periodStart = iso(starts.at(-1)!)
      const periodEnd = iso(today)
      const scores: Array<ScoreRow> = []
      const skipped: Array<{ metricType: Scoring.MetricType; reason: string }> = []
      const reasons: Record<Scoring.MetricType, string> = {
        accuracy: "no decision made in the period has been scored yet",
        efficiency: "no conversion in the period",
        roi_impact: "no change applied in the period has a measured revenue or spend impact, or nothing was spent"
      }
      for (const metricType of ["accuracy", "efficiency", "roi_impact"] as const) {
        const values = series[metricType]
        const latest = values.at(-1)
        if (latest === undefined) {
          skipped.push({ metricType, reason: reasons[metricType] })
          continue
        }
        const known = values.flatMap((v) => (v === undefined ? [] : [v.score]))
        const trend = known.length >= options.minTrendPeriods ?
          Trend.trend(known, { better: Scoring.better[metricType], alpha: options.alpha }) :
          undefined
        const benchmark = yield* benchmarkFor(accountId, metricType)
        const stored = Scoring.fit(latest.score)
        const compared = benchmark === undefined ? undefined : Scoring.fit(Scoring.comparison(latest.score, benchmark.p50, Scoring.better[metricType]))
        const context = toJson({
          periodStart,
          periodEnd,
          ...latest.detail,
          exact: latest.score,
          capped: stored.capped,
          series: values.map((v) => (v === undefined ? null : v.score)),
          trend: trend === undefined ?
            null :
            { slope: trend.slope, s: trend.mannKendall.s, z: trend.mannKendall.z, pIncreasing: trend.mannKendall.pIncreasing, pDecreasing: trend.mannKendall.pDecreasing, n: known.length },
          benchmark: benchmark === undefined ? null : {
            id: benchmark.id,
            metric: benchmark.metric_name,
            source: benchmark.source,
            p50: benchmark.p50,
            band: Scoring.band(latest.score, benchmark.p25, benchmark.p50, benchmark.p75),
            comparisonExact: compared === undefined ? null : Scoring.comparison(latest.score, benchmark.p50, Scoring.better[metricType])
          }
        }) as { readonly [key: string]: Schema.Json }
        const columns = {
          score_value: stored.value,
          context_filters: context,
          benchmark_comparison: compared?.value ?? null,
          trend_direction: trend?.direction ?? null,
          calculated_at: new Date(now)
        }
        const same = (yield* storage.find(AiPerformanceScores, {
          where: { account_id: accountId, metric_type: metricType, measurement_period: period, context_filters: { contains: { periodStart } } },
          limit: 1
        })).items[0]
        scores.push(
          same === undefined ?
            yield* storage.insert(AiPerformanceScores, { account_id: accountId, metric_type: metricType, measurement_period: period, created_at: new Date(now), ...columns }) :
            yield* storage.update(AiPerformanceScores, same.id, columns)
        )
      }
      return { accountId, period, periodStart, periodEnd, scores, skipped } satisfies ScoreReport
    }))
  })

  const loadBenchmarks = Effect.fn("PerformanceScores.loadBenchmarks")(function*(input: ReadonlyArray<unknown> = Benchmarks.shipped) {
    const rows: Array<Benchmarks.Benchmark> = []
    for (const [index, raw] of input.entries()) {
      const result = decodeBenchmark(raw)
      if (result._tag === "Failure") {
        const issue = Action.issuesOf(result.failure)[0]
        return yield* new InvalidBenchmark({ index, path: (issue?.path ?? []).join("."), reason: issue?.message ?? result.failure.message })
      }
      const b = result.success
      if ((b.p25 !== null && b.p25 > b.p50) || (b.p75 !== null && b.p75 < b.p50)) {
        return yield* new InvalidBenchmark({ index, path: "p50", reason: `percentiles out of order: p25 ${b.p25}, p50 ${b.p50}, p75 ${b.p75}` })
      }
      if (b.periodEnd < b.periodStart) {
        return yield* new InvalidBenchmark({ index, path: "periodEnd", reason: `${b.periodEnd} is before periodStart ${b.periodStart}` })
      }
      rows.push(b)
    }
    const now = new Date(yield* Clock.currentTimeMillis)
    return yield* storage.transaction(Effect.gen(function*() {
      for (const b of rows) {
        const columns = {
          unit: b.unit,
          p25: b.p25,
          p50: b.p50,
          p75: b.p75,
          sample_size: b.sampleSize,
          period: b.period,
          period_end: b.periodEnd,
          metadata: b.metadata,
          updated_at: now
        }
        const same = (yield* storage.find(AiPerformanceBenchmarks, {
          where: {
            account_id: b.accountId,
            industry: b.industry,
            platform: b.platform,
            region: b.region,
            metric_name: b.metricName,
            period_start: b.periodStart,
            source: b.source
          },
          limit: 1
        })).items[0]
        if (same === undefined) {
          yield* storage.insert(AiPerformanceBenchmarks, {
            account_id: b.accountId,
            industry: b.industry,
            platform: b.platform,
            region: b.region,
            metric_name: b.metricName,
            period_start: b.periodStart,
            source: b.source,
            created_at: now,
            ...columns
          })
        } else yield* storage.update(AiPerformanceBenchmarks, same.id, columns)
      }
      return rows.length
    }))
  })

  return PerformanceScores.of({ score, loadBenchmarks })
})

/**
 * The performance-score service.
 *
 * @since 0.1.0
 * @category services
 */
export class PerformanceScores extends Context.Service<PerformanceScores, PerformanceScoresShape>()("ringmaster/cycles/scores/PerformanceScores") {
  /**
   * The service with the default options, over `Storage`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<PerformanceScores, InvalidScoreOptions, Storage> = Layer.effect(PerformanceScores, make())

  /**
   * The service with some options changed (the benchmark industry, say);
   * fails with `InvalidScoreOptions` naming an option out of range.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerOptions = (overrides: Partial<Options>): Layer.Layer<PerformanceScores, InvalidScoreOptions, Storage> =>
    Layer.effect(PerformanceScores, make(overrides))
}
