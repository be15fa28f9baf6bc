/**
 * Forecast quality on simulated campaigns with a known generating process
 * (`Simulation.ts`): 48 campaigns × 90 days of history (set
 * `FORECAST_MEASURE_CAMPAIGNS` for more: the guide's 300-campaign figures),
 * the next 14 days forecast, for each metric. Measured against the seasonal naive forecast
 * (MASE and sMAPE, lower is better) and for the calibration of the stated
 * 90% intervals (share of actual days, and of actual 14-day totals, inside).
 * The figures each assertion is set against were measured with these seeds
 * and are printed by the tests (`npx vitest run test/cycles/forecasts.measure.test.ts`).
 *
 * sMAPE is asserted for spend, conversions and reach but not for revenue:
 * on a day without conversions revenue is 0 and sMAPE scores any non-zero
 * forecast 200% (Hyndman & Koehler 2006), so it rewards the seasonal naive
 * forecast's copied zeros; MASE, which has no such defect, is asserted for
 * every metric.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Accuracy from "../../src/cycles/forecasts/Accuracy.ts"
import * as Forecaster from "../../src/cycles/forecasts/Forecaster.ts"
import * as Simulation from "../../src/cycles/forecasts/Simulation.ts"

const history = 90
const count = Number(process.env.FORECAST_MEASURE_CAMPAIGNS ?? 48)
const horizon = 14
const metrics = ["spend", "conversions", "revenue", "reach"] as const

interface Figures {
  readonly mase: Record<string, { ets: number; naive: number }>
  readonly smape: Record<string, { ets: number; naive: number }>
  readonly dailyCoverage: number
  readonly totalCoverage: number
  /** per metric: the share of 14-day totals inside, and how many fell below and above the interval */
  readonly totals: Record<string, { inside: number; below: number; above: number }>
  readonly roasCoverage: number
}

const mean = (xs: ReadonlyArray<number>) => {
  const finite = xs.filter(Number.isFinite)
  return finite.reduce((a, b) => a + b, 0) / finite.length
}

const measure = (process: "multiplicative" | "additive", options: Forecaster.Options): Figures => {
  const campaigns = Simulation.make({ seed: process === "multiplicative" ? 2025 : 2026, campaigns: count, days: history + horizon, process })
  const errors = Object.fromEntries(metrics.map((m) => [m, { mase: [] as Array<number>, naiveMase: [] as Array<number>, smape: [] as Array<number>, naiveSmape: [] as Array<number> }]))
  let daysIn = 0
  let days = 0
  let totalsIn = 0
  let totals = 0
  let roasIn = 0
  const byMetric = Object.fromEntries(metrics.map((m) => [m, { inside: 0, below: 0, above: 0 }]))
  campaigns.forEach((c, i) => {
    const past = { spend: c.spend.slice(0, history), conversions: c.conversions.slice(0, history), revenue: c.revenue.slice(0, history), reach: c.reach.slice(0, history) }
    const f = Forecaster.forecastCampaign(past, { skip: 0, days: horizon }, { ...options, seed: i })
    for (const m of metrics) {
      const actual = c[m].slice(history)
      const forecast = f[m]!
      const point = forecast.daily.map((d) => d.point)
      const naive = Accuracy.seasonalNaive(past[m], horizon)
      const e = errors[m]!
      e.mase.push(Accuracy.mase(actual, point, past[m]))
      e.naiveMase.push(Accuracy.mase(actual, naive, past[m]))
      e.smape.push(Accuracy.smape(actual, point))
      e.naiveSmape.push(Accuracy.smape(actual, naive))
      forecast.daily.forEach((d, h) => {
        days++
        if (actual[h]! >= d.lower && actual[h]! <= d.upper) daysIn++
      })
      const total = actual.reduce((a, b) => a + b, 0)
      totals++
      if (total >= forecast.total.lower && total <= forecast.total.upper) totalsIn++
      const t = byMetric[m]!
      if (total < forecast.total.lower) t.below++
      else if (total > forecast.total.upper) t.above++
      else t.inside++
    }
    const roas = c.revenue.slice(history).reduce((a, b) => a + b, 0) / c.spend.slice(history).reduce((a, b) => a + b, 0)
    if (f.roas !== undefined && roas >= f.roas.lower && roas <= f.roas.upper) roasIn++
  })
  const figures: Figures = {
    mase: Object.fromEntries(metrics.map((m) => [m, { ets: mean(errors[m]!.mase), naive: mean(errors[m]!.naiveMase) }])),
    smape: Object.fromEntries(metrics.map((m) => [m, { ets: mean(errors[m]!.smape), naive: mean(errors[m]!.naiveSmape) }])),
    dailyCoverage: daysIn / days,
    totalCoverage: totalsIn / totals,
    totals: Object.fromEntries(metrics.map((m) => [m, { ...byMetric[m]!, inside: byMetric[m]!.inside / campaigns.length }])),
    roasCoverage: roasIn / campaigns.length
  }
  console.log(`${process} process, ${count} campaigns, ${options.transform}, ${options.parameterDraws} parameter draws:`, JSON.stringify(figures, (_, v) => (typeof v === "number" ? Math.round(v * 1000) / 1000 : v)))
  return figures
}

describe(`forecast quality on simulated campaigns (${count} × 90 days, 14 days ahead)`, () => {
  const options = { ...Forecaster.defaults, paths: 1000 }
  let cached: Figures | undefined
  const multiplicative = () => (cached ??= measure("multiplicative", options))

  it("multiplicative process (level, trend, weekly pattern and noise scaling with the level): beats seasonal naive, 90% intervals hold 85–95%", () => {
    const f = multiplicative()
    // measured (48 campaigns): MASE ETS vs seasonal naive: spend 0.925 vs 1.157, conversions 0.880 vs 1.039, revenue
    // 0.899 vs 1.036, reach 0.956 vs 1.186; sMAPE spend 12.0 vs 14.7, conversions 37.5 vs 41.7, reach 15.4 vs 19.3;
    // 90% intervals: daily 0.924 (of 2688), 14-day totals 0.906 (of 192), ROAS 1.000 (of 48)
    for (const m of metrics) assert.isBelow(f.mase[m]!.ets, 0.9 * f.mase[m]!.naive, `${m} MASE`)
    for (const m of ["spend", "conversions", "reach"]) assert.isBelow(f.smape[m]!.ets, 0.95 * f.smape[m]!.naive, `${m} sMAPE`)
    assert.isAtLeast(f.dailyCoverage, 0.85)
    assert.isAtMost(f.dailyCoverage, 0.95)
    assert.isAtLeast(f.totalCoverage, 0.85)
    assert.isAtMost(f.totalCoverage, 0.95)
    assert.isAtLeast(f.roasCoverage, 0.8)
  })

  it("additive process (exactly the ETS(A,A,A) kind): still beats seasonal naive and stays calibrated on the log scale", () => {
    const f = measure("additive", options)
    // measured (48 campaigns): MASE spend 0.902 vs 1.108, conversions 0.883 vs 1.062, revenue 0.906 vs 1.116, reach
    // 0.908 vs 1.137; sMAPE spend 11.8 vs 14.7, conversions 30.9 vs 37.2, reach 15.0 vs 18.8; 90% intervals: daily
    // 0.933, 14-day totals 0.927, ROAS 0.979
    for (const m of metrics) assert.isBelow(f.mase[m]!.ets, 0.9 * f.mase[m]!.naive, `${m} MASE`)
    for (const m of ["spend", "conversions", "reach"]) assert.isBelow(f.smape[m]!.ets, 0.95 * f.smape[m]!.naive, `${m} sMAPE`)
    assert.isAtLeast(f.dailyCoverage, 0.85)
    assert.isAtMost(f.dailyCoverage, 0.95)
    assert.isAtLeast(f.totalCoverage, 0.85)
    assert.isAtMost(f.totalCoverage, 0.95)
    assert.isAtLeast(f.roasCoverage, 0.8)
  })

  it("why the paths draw the parameters: with the estimates taken as known, the 14-day totals' intervals are too narrow", () => {
    const drawn = multiplicative()
    const known = measure("multiplicative", { ...options, parameterDraws: 0 })
    // measured (48 campaigns): 14-day totals 0.844 (known) vs 0.906 (drawn), daily 0.913 vs 0.924; the points are
    // the same model's, so MASE is identical
    assert.isBelow(Math.abs(drawn.totalCoverage - 0.9), Math.abs(known.totalCoverage - 0.9))
    assert.isBelow(known.totalCoverage, drawn.totalCoverage)
    for (const m of metrics) assert.strictEqual(drawn.mase[m]!.ets, known.mase[m]!.ets, `${m}: same points`)
  })

  it("why log1p is the default: fitted on the original scale, the intervals are too narrow", () => {
    const log1p = multiplicative()
    const none = measure("multiplicative", { ...options, transform: "none" })
    // measured (48 campaigns, both with parameter draws): 14-day totals 0.823 (none) vs 0.906 (log1p), ROAS 0.917 vs
    // 1.000, daily 0.894 vs 0.924 (both inside 85–95%: the days no longer tell them apart, the totals do); MASE spend
    // 0.943 vs 0.925, conversions 0.866 vs 0.880, revenue 0.859 vs 0.899, reach 0.963 vs 0.956
    assert.isAtLeast(none.dailyCoverage, 0.85)
    assert.isBelow(Math.abs(log1p.totalCoverage - 0.9), Math.abs(none.totalCoverage - 0.9))
    assert.isBelow(none.totalCoverage, 0.85)
    for (const m of metrics) assert.isBelow(log1p.mase[m]!.ets, 1.06 * none.mase[m]!.ets, `${m}: log1p costs little point accuracy`)
  })
})
