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
    readonly detection?: Detection.Options | undefined
  } = {}
): Result => {
  const from = options.from ?? 35
  const metrics = options.metrics ?? ["spend", "clicks", "conversions"]
  let planted = 0
  let tp = 0
  let fp = 0
  let cleanDays = 0
  let cleanAlerts = 0
  const byMetric: Record<string, { planted: number; found: number }> = {}
  const byFactor: Record<string, { planted: number; found: number }> = {}
  for (const s of series) {
    const dates = s.days.slice(from).map((d) => d.date)
    const flags = Detection.detect(s.days, { metrics, dates }, options.detection)
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
