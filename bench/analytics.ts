/**
 * bench/analytics: the issue 10 analytics at the sizes the issue names, on
 * generated data with fixed seeds (repeatable):
 *
 * - anomalies: 10,000 campaigns × 90 days (`alerts/Generator` seed 7, half
 *   of them with two planted anomalies), the robust seasonal detector
 *   (`Measurement.robust()`, i.e. `Detection.detect` with its defaults) on
 *   spend, clicks and conversions, every day from day 35 tested online (as
 *   `Measurement.measure` does: 55 days × 3 metrics per campaign); peer:
 *   the rolling 28-day mean ± sd z-score (`Measurement.naive(4.5)`: 4.5 is
 *   the threshold at which its clean false-alert rate matched the
 *   detector's in `test/cycles/alerts.measure.test.ts`). Quality: precision,
 *   recall and false alerts per 1,000 clean series-days over all 10,000
 *   series, by `Measurement.measure` replaying the timed run's flags (the
 *   detector is not run twice).
 * - forecasts: 10,000 simulated campaigns (`forecasts/Simulation`, seed
 *   2025, multiplicative process) with 90 days of history, the next 14 days
 *   forecast by `Forecaster.forecastCampaign` with its defaults (2,000
 *   sample paths unless `--paths N`; seeded per campaign as the measurement
 *   test does); peer: `Accuracy.seasonalNaive` on the same four metrics.
 *   Quality: mean MASE of spend, conversions, revenue and reach on the 14
 *   held-out days (`Accuracy.mase`, scaled by the history's in-sample
 *   seasonal-naive error, as `test/cycles/forecasts.measure.test.ts`
 *   measures), and the forecaster's share of held-out days, and of held-out
 *   14-day totals, inside its 90% intervals.
 * - Thompson reallocation: 10,000 campaigns of the budget simulator
 *   (`budgets/Simulation.world`, seed 1, pool total half their full spend),
 *   28 days observed at the equal split (the statistics built as
 *   `Simulation.runStrategy` builds them), one `Allocation.allocate("thompson")`:
 *   the campaigns' posteriors, one posterior draw per campaign (10,000
 *   draws), the target and the step; peer: `performance_based` (posterior
 *   means instead of draws). A third row adds what `BudgetPools.planFrom`
 *   does after the allocation: the posteriors again and `Allocation.assess`
 *   with its 400 joint draws (400 × 10,000 campaign draws). Quality: the next
 *   day's conversions at the new budgets by the simulator's closed form,
 *   against the unchanged equal split; `allocated + remaining = total` is
 *   checked in cents (or this bench exits 1).
 *
 * Every row runs in its own child process (`bench/internal/childRunner.ts`,
 * shared with bench/agents), so its peak memory is that process's
 * `resourceUsage().maxRSS`: Node itself, the generated input and
 * the work's own. The RSS just before the first timed run (after generation
 * and a forced GC) is printed next to it; the difference is what the work
 * added on top (approximately: maxRSS is a high-water mark). The peak is
 * read after the first run, before any repeated timing runs. The work is
 * synchronous, so the heap cannot be sampled while it runs.
 *
 * Wall time is best of up to `ANALYTICS_RUNS` (default 3) runs when the
 * first run takes under `ANALYTICS_CHEAP_MS` (default 3,000), else the one
 * run; the `runs` column says which. Generating the input is not timed.
 *
 *   npx tsx bench/analytics.ts                 # all rows
 *   npx tsx bench/analytics.ts --paths 500     # forecasts with 500 sample paths
 *   npx tsx bench/analytics.ts --size 200      # 200 campaigns a row instead of 10,000 (a quick check)
 *   npx tsx bench/analytics.ts --child <row>   # one row, prints a JSON result line
 */
import { availableParallelism, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { Result } from "effect"
import * as AlertGenerator from "../src/cycles/alerts/Generator.ts"
import * as Measurement from "../src/cycles/alerts/Measurement.ts"
import * as Allocation from "../src/cycles/budgets/Allocation.ts"
import * as BudgetSimulation from "../src/cycles/budgets/Simulation.ts"
import * as Accuracy from "../src/cycles/forecasts/Accuracy.ts"
import * as Forecaster from "../src/cycles/forecasts/Forecaster.ts"
import * as ForecastSimulation from "../src/cycles/forecasts/Simulation.ts"
import * as Harness from "./internal/childRunner.ts"

const TIMING = Harness.timingFromEnv("ANALYTICS")
const { n, workload } = Harness
type Quality = Harness.Quality
type Workload<I, O> = Harness.Workload<I, O>

const flag = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}
/** sample paths per forecast: `--paths N`, else the forecaster's default */
const PATHS = Number(flag("--paths") ?? Forecaster.defaults.paths)
/** campaigns (series) per row: `--size N` for a quick check, else the issue's 10,000 */
const SIZE = Number(flag("--size") ?? 10_000)

/** Sizes and seeds. */
const ANOM = { seed: 7, series: SIZE, days: 90 } as const
/** the first day index tested and the metrics tested, as `Measurement.measure` defaults */
const ANOM_FROM = 35
const ANOM_METRICS = ["spend", "clicks", "conversions"] as const
const NAIVE_THRESHOLD = 4.5
const FC = { seed: 2025, campaigns: SIZE, history: 90, horizon: 14 } as const
const FC_METRICS = ["spend", "conversions", "revenue", "reach"] as const
const TS = { seed: 1, campaigns: SIZE, lookbackDays: 28 } as const
const TS_ALLOCATION_SEED = 1
/** `BudgetPools.planFrom`'s assessment */
const TS_ASSESS_DRAWS = 400

// anomalies

interface AnomInput {
  readonly series: ReadonlyArray<AlertGenerator.Series>
  /** the dates tested in each series (generated, not timed) */
  readonly dates: ReadonlyArray<ReadonlyArray<string>>
}
type Flags = ReadonlyMap<AlertGenerator.Series["days"], ReturnType<Measurement.Detector>>

const anomGenerate = (): AnomInput => {
  const series = AlertGenerator.make(ANOM)
  return { series, dates: series.map((s) => s.days.slice(ANOM_FROM).map((d) => d.date)) }
}
const anomSize = (i: AnomInput) => `${n(i.series.length)} series × ${ANOM.days} days (${n(i.dates.reduce((a, d) => a + d.length, 0) * ANOM_METRICS.length)} tests)`
const detectAll = (detector: Measurement.Detector) => (i: AnomInput): Flags => {
  const flags = new Map<AlertGenerator.Series["days"], ReturnType<Measurement.Detector>>()
  i.series.forEach((s, k) => flags.set(s.days, detector(s.days, ANOM_METRICS, i.dates[k]!)))
  return flags
}
const anomQuality = (i: AnomInput, flags: Flags) => {
  // scores the timed run's flags: the replaying detector returns what was recorded for the series
  const m = Measurement.measure(i.series, { from: ANOM_FROM, metrics: ANOM_METRICS, detector: (days) => flags.get(days) ?? [] })
  return {
    text: `precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)} (${n(m.truePositives)} of ${n(m.planted)}), ${m.falseAlertsPer1000SeriesDays.toFixed(2)} false alerts / 1,000 clean series-days`,
    figures: { precision: m.precision, recall: m.recall, falseRate: m.falseAlertsPer1000SeriesDays }
  }
}

// forecasts

interface FcCampaign {
  readonly past: Forecaster.History & { readonly reach: ReadonlyArray<number> }
  readonly future: Readonly<Record<FcMetric, ReadonlyArray<number>>>
}
type FcMetric = (typeof FC_METRICS)[number]
type Points = ReadonlyArray<Readonly<Record<FcMetric, ReadonlyArray<number>>>>
const byMetric = <A>(f: (m: FcMetric) => A): Record<FcMetric, A> => ({ spend: f("spend"), conversions: f("conversions"), revenue: f("revenue"), reach: f("reach") })

const fcGenerate = (): ReadonlyArray<FcCampaign> =>
  ForecastSimulation.make({ seed: FC.seed, campaigns: FC.campaigns, days: FC.history + FC.horizon }).map((c) => ({
    past: { spend: c.spend.slice(0, FC.history), conversions: c.conversions.slice(0, FC.history), revenue: c.revenue.slice(0, FC.history), reach: c.reach.slice(0, FC.history) },
    future: { spend: c.spend.slice(FC.history), conversions: c.conversions.slice(FC.history), revenue: c.revenue.slice(FC.history), reach: c.reach.slice(FC.history) }
  }))
const fcSize = (cs: ReadonlyArray<FcCampaign>) => `${n(cs.length)} campaigns × ${FC.history} days, ${FC.horizon} ahead`
const meanFinite = (xs: ReadonlyArray<number>) => {
  const finite = xs.filter(Number.isFinite)
  return finite.reduce((a, b) => a + b, 0) / finite.length
}
const maseOf = (cs: ReadonlyArray<FcCampaign>, points: Points) =>
  byMetric((m) => meanFinite(cs.map((c, i) => Accuracy.mase(c.future[m], points[i]![m], c.past[m]))))
const maseText = (mase: Record<string, number>) => `MASE ${FC_METRICS.map((m) => `${m} ${mase[m]!.toFixed(3)}`).join(", ")}`

// Thompson reallocation

interface TsInput {
  readonly stats: ReadonlyArray<Allocation.CampaignStats>
  readonly constraints: Allocation.Constraints
  /** conversions of campaign `i` on the day after the lookback at budget `b` (the simulator's closed form) */
  readonly nextDay: (i: number, b: number) => number
}

const tsGenerate = (): TsInput => {
  const options = { ...BudgetSimulation.defaults, seed: TS.seed, campaigns: TS.campaigns, warmupDays: TS.lookbackDays, days: 1 }
  const w = BudgetSimulation.world(options)
  const budget = Math.floor((w.total / TS.campaigns) * 100) / 100
  // the statistics as Simulation.runStrategy builds them, after lookbackDays at the equal split
  const stats = Array.from({ length: TS.campaigns }, (_, i): Allocation.CampaignStats => {
    const h = Array.from({ length: TS.lookbackDays }, (_, k) => {
      const r = w.observe(i, k, budget)
      return { budget, spend: r?.spend ?? 0, conversions: r?.conversions ?? 0, revenue: r?.revenue ?? 0, share: r?.searchImpressionShare ?? null }
    })
    const last7 = h.slice(-7)
    const shares = last7.flatMap((d) => (d.share === null ? [] : [d.share]))
    const last = h.at(-1)
    return {
      id: `c${i}`,
      budget,
      days: h,
      budgetLimited: last !== undefined && last.spend >= 0.95 * budget,
      peakSpend: Math.max(0, ...last7.map((d) => d.spend)),
      impressionShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : undefined
    }
  })
  const constraints: Allocation.Constraints = {
    total: w.total,
    minBudget: options.minBudget,
    maxBudget: w.total,
    maxMoveShare: options.maxMoveShare,
    minMove: options.minMove
  }
  return { stats, constraints, nextDay: (i, b) => w.conversionsAt(i, TS.lookbackDays, b) }
}
const tsSize = (i: TsInput) => `${n(i.stats.length)} campaigns × ${TS.lookbackDays} days`
const allocateWith = (strategy: Allocation.Strategy) => (i: TsInput) =>
  Allocation.allocate(strategy, i.stats, i.constraints, { seed: TS_ALLOCATION_SEED })
const tsQuality = (i: TsInput, r: Result.Result<Allocation.Allocation, unknown>): Quality => {
  if (Result.isFailure(r)) return { text: "allocation failed", figures: {}, failure: `allocation failed: ${String(r.failure)}` }
  const a = r.success
  const cents = (x: number) => Math.round(x * 100)
  const sumCents = i.stats.reduce((s, c) => s + cents(a.budgets.get(c.id)!), 0)
  const balanced = sumCents === cents(a.allocated) && cents(a.allocated) + cents(a.remaining) === cents(i.constraints.total)
  const moved = i.stats.filter((c) => a.budgets.get(c.id)! !== c.budget).length
  const next = i.stats.reduce((s, c, k) => s + i.nextDay(k, a.budgets.get(c.id)!), 0)
  const before = i.stats.reduce((s, c, k) => s + i.nextDay(k, c.budget), 0)
  return {
    text: `${n(moved)} moved, next-day conversions ${n(next, 1)} (equal split ${n(before, 1)}, ${((100 * (next - before)) / before).toFixed(1)}%), allocated ${n(a.allocated, 2)} + remaining ${n(a.remaining, 2)} = ${n(i.constraints.total, 2)}`,
    figures: { next, before, moved },
    ...(balanced ? {} : { failure: `${a.strategy}: allocated ${a.allocated} + remaining ${a.remaining} != total ${i.constraints.total} (budgets sum to ${sumCents / 100})` })
  }
}

const workloads: Record<string, Workload<unknown, unknown>> = {
  "anom": workload({
    title: "anomalies: Detection (robust)",
    generate: anomGenerate,
    size: anomSize,
    run: detectAll(Measurement.robust()),
    quality: anomQuality
  }),
  "anom-peer": workload({
    title: `  peer: 28-day mean ± sd, z ≥ ${NAIVE_THRESHOLD}`,
    generate: anomGenerate,
    size: anomSize,
    run: detectAll(Measurement.naive(NAIVE_THRESHOLD)),
    quality: anomQuality
  }),
  "fc": workload({
    title: `forecasts: ETS, ${n(PATHS)} paths`,
    generate: fcGenerate,
    size: fcSize,
    run: (cs: ReadonlyArray<FcCampaign>) =>
      cs.map((c, i) => Forecaster.forecastCampaign(c.past, { skip: 0, days: FC.horizon }, { ...Forecaster.defaults, paths: PATHS, seed: i })),
    quality: (cs, fs) => {
      const points = fs.map((f) => byMetric((m) => f[m]!.daily.map((d) => d.point)))
      const mase = maseOf(cs, points)
      let inside = 0, days = 0, totalsInside = 0, totals = 0
      fs.forEach((f, i) => {
        for (const m of FC_METRICS) {
          const future = cs[i]!.future[m]
          f[m]!.daily.forEach((d, h) => {
            days++
            const a = future[h]!
            if (a >= d.lower && a <= d.upper) inside++
          })
          const total = future.reduce((a, b) => a + b, 0)
          totals++
          if (total >= f[m]!.total.lower && total <= f[m]!.total.upper) totalsInside++
        }
      })
      return {
        text: `${maseText(mase)}; 90% intervals hold ${(100 * inside / days).toFixed(1)}% of days, ${(100 * totalsInside / totals).toFixed(1)}% of ${FC.horizon}-day totals`,
        figures: { ...mase, coverage: inside / days, totalsCoverage: totalsInside / totals }
      }
    }
  }),
  "fc-peer": workload({
    title: "  peer: seasonal naive",
    generate: fcGenerate,
    size: fcSize,
    run: (cs: ReadonlyArray<FcCampaign>): Points =>
      cs.map((c) => byMetric((m) => Accuracy.seasonalNaive(c.past[m], FC.horizon))),
    quality: (cs, points) => {
      const mase = maseOf(cs, points)
      return { text: maseText(mase), figures: mase }
    }
  }),
  "ts": workload({
    title: "reallocation: Thompson (1 draw each)",
    generate: tsGenerate,
    size: tsSize,
    run: allocateWith("thompson"),
    quality: tsQuality
  }),
  "ts-peer": workload({
    title: "  peer: performance_based",
    generate: tsGenerate,
    size: tsSize,
    run: allocateWith("performance_based"),
    quality: tsQuality
  }),
  "ts-assess": workload({
    title: `  Thompson + assess (${TS_ASSESS_DRAWS} joint draws)`,
    generate: tsGenerate,
    size: tsSize,
    run: (i: TsInput) => {
      const r = allocateWith("thompson")(i)
      if (Result.isFailure(r)) return { r, probabilityBetter: Number.NaN }
      const assessed = Allocation.assess(Allocation.posteriors(i.stats, i.constraints), r.success.budgets, { draws: TS_ASSESS_DRAWS, seed: TS_ALLOCATION_SEED ^ 0x9e3779b9 })
      return { r, probabilityBetter: assessed.probabilityBetter }
    },
    quality: (i, o): Quality => {
      const q = tsQuality(i, o.r)
      return { ...q, text: `P(better) ${o.probabilityBetter.toFixed(3)}; ${q.text}` }
    }
  })
}

const loadNow = () => loadavg().map((l) => l.toFixed(2)).join(", ")

const main = (): void => {
  const load0 = loadNow()
  if (!(Number.isSafeInteger(PATHS) && PATHS >= 100)) throw new RangeError(`--paths must be an integer of at least 100, got ${flag("--paths")}`)
  if (!(Number.isSafeInteger(SIZE) && SIZE >= 10)) throw new RangeError(`--size must be an integer of at least 10, got ${flag("--size")}`)
  console.log("bench/analytics: issue 10 analytics on generated data (fixed seeds), one child process per row")
  console.log(`wall: best of up to ${TIMING.runs} when a run is under ${n(TIMING.cheapMs)} ms, else one run; peak = child maxRSS after the first run (Node + input + work)`)
  if (SIZE !== 10_000) console.log(`--size ${n(SIZE)}: not the issue's 10,000`)
  console.log(`forecasts: ${n(PATHS)} sample paths per campaign${PATHS === Forecaster.defaults.paths ? " (the forecaster's default)" : ` (--paths; the forecaster's default is ${n(Forecaster.defaults.paths)})`}\n`)
  const results = Harness.runAll(fileURLToPath(import.meta.url), workloads, { title: 38, size: 46, wall: 9 }, ["--paths", String(PATHS), "--size", String(SIZE)])
  const get = (row: string) => results.get(row)!
  const anom = get("anom"), anomPeer = get("anom-peer")
  const fc = get("fc"), fcPeer = get("fc-peer")
  const ts = get("ts"), tsPeer = get("ts-peer"), tsAssess = get("ts-assess")
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
  console.log("\nagainst the named peer (engine / peer):")
  console.log(
    `  anomalies      vs 28-day mean ± sd:    time ${ratio(anom.bestMs, anomPeer.bestMs)} (${(anom.bestMs / ANOM.series).toFixed(2)} ms a series), precision ${ratio(anom.figures.precision!, anomPeer.figures.precision!)}, recall ${ratio(anom.figures.recall!, anomPeer.figures.recall!)}, false alerts ${ratio(anom.figures.falseRate!, anomPeer.figures.falseRate!)}`
  )
  console.log(
    `  forecasts      vs seasonal naive:      time ${ratio(fc.bestMs, fcPeer.bestMs)} (${(fc.bestMs / FC.campaigns).toFixed(2)} ms a campaign at ${n(PATHS)} paths), MASE ${FC_METRICS.map((m) => `${m} ${ratio(fc.figures[m]!, fcPeer.figures[m]!)}`).join(", ")}`
  )
  console.log(
    `  reallocation   vs performance_based:   time ${ratio(ts.bestMs, tsPeer.bestMs)}, next-day conversions ${((100 * (ts.figures.next! - tsPeer.figures.next!)) / tsPeer.figures.next!).toFixed(2)}% (${n(ts.figures.next!, 1)} vs ${n(tsPeer.figures.next!, 1)}); with the ${TS_ASSESS_DRAWS}-draw assessment ${ratio(tsAssess.bestMs, ts.bestMs)} the allocation alone`
  )
  console.log(`\ninput generation (untimed above): ${["anom", "fc", "ts"].map((row) => `${row} ${n(get(row).genMs)} ms`).join(", ")}`)
  console.log(`load average (1, 5, 15 min) at the start ${load0}, at the end ${loadNow()} on ${availableParallelism()} cores`)
  Harness.exitOnFailures("bench/analytics", results)
}

const child = Harness.childRow()
if (child !== undefined) Harness.runChild(workloads, child, TIMING)
else main()
