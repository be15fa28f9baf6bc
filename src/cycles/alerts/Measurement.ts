/**
 * How well the detector finds planted anomalies: precision, recall (overall,
 * by planted metric and by planted factor) and the false-alert rate on clean
 * series, in alerts per 1,000 series-days.
 *
 * A flag is a (series, metric, date) the detector raises; it is a true
 * positive when an anomaly was planted in that metric on that date, else a
 * false positive. Every day from `from` on is tested, online (each against
 * the days before it only).
 *
 * @since 0.1.0
 */
import * as Detection from "./Detection.ts"
import type * as Generator from "./Generator.ts"
import * as Dates from "./internal/dates.ts"
import * as Metrics from "./Metrics.ts"

/**
 * A detector under measurement: the (metric, date) pairs it flags among
 * `dates` of a series.
 *
 * @since 0.1.0
 * @category models
 */
export type Detector = (
  days: ReadonlyArray<Metrics.Day>,
  metrics: ReadonlyArray<Metrics.Metric>,
  dates: ReadonlyArray<string>
) => ReadonlyArray<{ readonly metric: Metrics.Metric; readonly date: string }>

/**
 * The robust seasonal detector of `Detection`.
 *
 * @since 0.1.0
 * @category detectors
 */
export const robust = (options: Detection.Options = Detection.defaultOptions): Detector => (days, metrics, dates) =>
  Detection.detect(days, { metrics, dates }, options)

/**
 * The baseline it is compared with: the classic z-score against the mean
 * and standard deviation of the previous `window` days (no weekly pattern,
 * no trend, not robust). Flags |z| ≥ `threshold`; a window without spread
 * flags nothing.
 *
 * @since 0.1.0
 * @category detectors
 */
export const naive = (threshold: number, window = 28): Detector => (days, metrics, dates) => {
  const out: Array<{ metric: Metrics.Metric; date: string }> = []
  const byDay = new Map(days.flatMap((d) => {
    const n = Dates.dayNumber(d.date)
    return n === undefined ? [] : [[n, d] as const]
  }))
  for (const metric of metrics) {
    for (const date of dates) {
      const n = Dates.dayNumber(date)
      const today = n === undefined ? undefined : byDay.get(n)
      const x = today === undefined ? undefined : Metrics.valueOf(today, metric)
      if (n === undefined || x === undefined) continue
      const history: Array<number> = []
      for (let i = n - window; i < n; i++) {
        const d = byDay.get(i)
        const v = d === undefined ? undefined : Metrics.valueOf(d, metric)
        if (v !== undefined) history.push(v)
      }
      if (history.length < 2) continue
      const mean = history.reduce((a, b) => a + b, 0) / history.length
      const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (history.length - 1))
      if (sd > 0 && Math.abs(x - mean) / sd >= threshold) out.push({ metric, date })
    }
  }
  return out
}

/**
 * Counts and rates of one measurement.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly planted: number
  readonly truePositives: number
  readonly falsePositives: number
  /** TP / (TP + FP); 1 when nothing was flagged */
  readonly precision: number
  /** TP / planted; 1 when nothing was planted */
  readonly recall: number
  readonly recallByMetric: Readonly<Record<string, { readonly planted: number; readonly found: number }>>
  readonly recallByFactor: Readonly<Record<string, { readonly planted: number; readonly found: number }>>
  /** series-days tested on series without planted anomalies */
  readonly cleanSeriesDays: number
  /** flags raised on those series (all tested metrics) */
  readonly cleanAlerts: number
  /** cleanAlerts per 1,000 clean series-days */
  readonly falseAlertsPer1000SeriesDays: number
}

/**
 * Runs the detector over the series and scores it against what was planted.
 *
 * @since 0.1.0
 * @category measurement
 */
export const measure = (
  series: ReadonlyArray<Generator.Series>,
  options: {
    /** the first day index tested (default 35) */
    readonly from?: number | undefined
    readonly metrics?: ReadonlyArray<Generator.PlantedMetric> | undefined
    /** the detector measured (default: `robust()`) */
    readonly detector?: Detector | undefined
  } = {}
): Result => {
  const from = options.from ?? 35
  const metrics = options.metrics ?? ["spend", "clicks", "conversions"]
  const detector = options.detector ?? robust()
  let planted = 0
  let tp = 0
  let fp = 0
  let cleanDays = 0
  let cleanAlerts = 0
  const byMetric: Record<string, { planted: number; found: number }> = {}
  const byFactor: Record<string, { planted: number; found: number }> = {}
  for (const s of series) {
    const dates = s.days.slice(from).map((d) => d.date)
    const flags = detector(s.days, metrics, dates)
    const truth = new Map(s.planted.filter((p) => metrics.includes(p.metric)).map((p) => [`${p.metric}:${p.date}`, p]))
    const found = new Set<string>()
    for (const flag of flags) {
      const key = `${flag.metric}:${flag.date}`
      if (truth.has(key)) {
        tp++
        found.add(key)
      } else fp++
    }
    for (const [key, p] of truth) {
      planted++
      const hit = found.has(key) ? 1 : 0
      const m = (byMetric[p.metric] ??= { planted: 0, found: 0 })
      m.planted++
      m.found += hit
      const f = (byFactor[String(p.factor)] ??= { planted: 0, found: 0 })
      f.planted++
      f.found += hit
    }
    if (s.planted.length === 0) {
      cleanDays += dates.length
      cleanAlerts += flags.length
    }
  }
  return {
    planted,
    truePositives: tp,
    falsePositives: fp,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: planted === 0 ? 1 : tp / planted,
    recallByMetric: byMetric,
    recallByFactor: byFactor,
    cleanSeriesDays: cleanDays,
    cleanAlerts,
    falseAlertsPer1000SeriesDays: cleanDays === 0 ? 0 : (1000 * cleanAlerts) / cleanDays
  }
}
