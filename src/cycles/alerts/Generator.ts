/**
 * A seeded generator of campaign daily series with planted anomalies: the
 * ground truth the detector is measured against.
 *
 * Each campaign: a base spend (log-uniform 50–2,000 a day), a weekly pattern
 * (weekends and Fridays lower by up to 35%), a trend (−0.6% to +0.6% a day,
 * compounding), multiplicative log-normal noise on spend (5–15%), clicks
 * Poisson(spend / CPC), conversions Poisson(clicks · CVR), impressions
 * Poisson(clicks / CTR), revenue conversions · order value with 20% noise.
 * Half the series (by default) carry planted anomalies: on chosen days one
 * metric (spend, clicks or conversions) is multiplied by a known factor
 * after everything else was drawn, so only that metric moves. The other
 * half are clean.
 *
 * @since 0.1.0
 */
import * as Random from "../../internal/random.ts"
import * as Dates from "./internal/dates.ts"
import type * as Metrics from "./Metrics.ts"

/**
 * The metrics anomalies are planted in.
 *
 * @since 0.1.0
 * @category models
 */
export type PlantedMetric = "spend" | "clicks" | "conversions"

/**
 * One planted anomaly: the metric of the series was multiplied by `factor`
 * on `date`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Planted {
  readonly series: number
  readonly date: string
  readonly metric: PlantedMetric
  readonly factor: number
}

/**
 * A generated campaign series.
 *
 * @since 0.1.0
 * @category models
 */
export interface Series {
  readonly index: number
  readonly days: ReadonlyArray<Metrics.Day>
  /** anomalies planted in it (empty for a clean series) */
  readonly planted: ReadonlyArray<Planted>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed: number
  readonly series: number
  readonly days: number
  /** the first date of every series (default 2026-01-05) */
  readonly start: string
  /** share of series with planted anomalies (default 0.5) */
  readonly anomalousShare: number
  /** anomalies per anomalous series (default 2), at least 7 days apart */
  readonly anomaliesPerSeries: number
  /** anomalies are planted from this day index on (default 35) */
  readonly plantFrom: number
  /** the factors planted, chosen uniformly (default ×3, ×2, ×0.4, ×0.2) */
  readonly factors: ReadonlyArray<number>
  /** the metrics planted in, chosen uniformly */
  readonly plantedMetrics: ReadonlyArray<PlantedMetric>
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  seed: 1,
  series: 200,
  days: 90,
  start: "2026-01-05",
  anomalousShare: 0.5,
  anomaliesPerSeries: 2,
  plantFrom: 35,
  factors: [3, 2, 0.4, 0.2],
  plantedMetrics: ["spend", "clicks", "conversions"]
}

const gaussian = (random: Random.Random): number => {
  const u = 1 - random.next()
  const v = random.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** Poisson draws: Knuth's product method for small means, a rounded normal above 50. */
const poisson = (random: Random.Random, mean: number): number => {
  if (mean <= 0) return 0
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)))
  const limit = Math.exp(-mean)
  let k = 0
  let p = random.next()
  while (p > limit) {
    k++
    p *= random.next()
  }
  return k
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Generates the series. The same options give the same series.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (overrides: Partial<Options> = {}): ReadonlyArray<Series> => {
  const options = { ...defaultOptions, ...overrides }
  const random = Random.make(options.seed)
  const first = Dates.dayNumber(options.start) ?? 0
  const out: Array<Series> = []
  for (let s = 0; s < options.series; s++) {
    const base = Math.exp(Math.log(50) + random.next() * (Math.log(2000) - Math.log(50)))
    const amplitude = random.next() * 0.35
    const week = [1 - amplitude, 1, 1, 1, 1, 1 - amplitude / 3, 1 - amplitude].map((w) => w * (1 + 0.05 * gaussian(random)))
    const growth = (random.next() * 2 - 1) * 0.006
    const noise = 0.05 + random.next() * 0.1
    const cpc = 0.5 + random.next() * 2.5
    const cvr = 0.01 + random.next() * 0.07
    const ctr = 0.01 + random.next() * 0.05
    const orderValue = 20 + random.next() * 180
    const rows: Array<{ -readonly [K in keyof Metrics.Day]: Metrics.Day[K] }> = []
    for (let t = 0; t < options.days; t++) {
      const day = first + t
      const spend = base * Math.exp(growth * t) * week[Dates.dayOfWeek(day)]! * Math.exp(noise * gaussian(random))
      const clicks = poisson(random, spend / cpc)
      const conversions = poisson(random, clicks * cvr)
      rows.push({
        date: Dates.toDate(day),
        impressions: poisson(random, clicks / ctr),
        clicks,
        conversions,
        spend: round2(spend),
        revenue: round2(conversions * orderValue * Math.exp(0.2 * gaussian(random)))
      })
    }
    const planted: Array<Planted> = []
    if (random.chance(options.anomalousShare)) {
      const candidates: Array<number> = []
      for (let t = options.plantFrom; t < options.days; t++) candidates.push(t)
      for (const t of random.sample(candidates, candidates.length)) {
        if (planted.length >= options.anomaliesPerSeries) break
        if (planted.some((p) => Math.abs((Dates.dayNumber(p.date) ?? 0) - (first + t)) < 7)) continue
        const metric = random.pick(options.plantedMetrics)
        const factor = random.pick(options.factors)
        const row = rows[t]!
        row[metric] = metric === "spend" ? round2(row.spend * factor) : Math.round(row[metric] * factor)
        planted.push({ series: s, date: row.date, metric, factor })
      }
      planted.sort((a, b) => a.date.localeCompare(b.date))
    }
    out.push({ index: s, days: rows, planted })
  }
  return out
}
