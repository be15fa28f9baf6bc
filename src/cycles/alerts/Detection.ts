/**
 * Anomaly detection on a campaign's daily metrics: a robust seasonal
 * baseline with a MAD scale (issue 10, smart alerts).
 *
 * For a day `t` of one metric, using only the `historyDays` days before it
 * (an online test: the day under test never shapes its own baseline):
 *
 * 1. **Level** — the centred 7-day rolling median `c_i` of the history
 *    (needs 5 of the 7 days). A 7-day window holds each weekday once, so the
 *    level carries no weekly pattern, and a median ignores a spike or a drop
 *    inside it.
 * 2. **Weekly pattern** — a multiplicative index per weekday,
 *    `S_d = median(x_i / c_i)` over the history days of weekday `d` (1 when
 *    the weekday has fewer than two). Multiplicative because campaign
 *    metrics scale with volume: a Saturday at half of a weekday stays half
 *    when the campaign doubles.
 * 3. **Trend** — the Theil–Sen line through the last 28 levels, read at
 *    `t`: `ℓ_t`. The last level sits four days before `t`; the line carries
 *    growth or decay over that gap, and a median of pairwise slopes is not
 *    bent by an anomaly in the history.
 * 4. **Expectation** — `x̂_t = ℓ_t · S_{weekday(t)}`.
 * 5. **Scale** — `σ_t = 1.4826 · MAD(r) · x̂_t`, where `r_i = (x_i − c_i S_d)
 *    / (c_i S_d)` are the history's relative residuals: noise proportional
 *    to volume, as spend's is. Floors: `relativeFloor · x̂_t` (so a
 *    noise-free history does not make every wobble an anomaly), `√x̂_t` for
 *    counts (Poisson noise: small counts are noisy however flat their
 *    history), and one unit for counts and amounts.
 * 6. **Score** — the robust z `(x_t − x̂_t) / σ_t`; an anomaly when
 *    `|z| ≥ threshold` (4.5 by default: chosen on the measurement, where
 *    4 doubled the false alerts on clean series for 3 points of recall).
 *
 * Why not STL: STL needs a loess fit per refit and several seasonal cycles
 * of clean data, and its residual scale still needs a robust estimate.
 * Medians and a MAD give the same protection against the outliers being
 * hunted (a 50% breakdown point), need three weeks of history, and are
 * cheap enough to run online for every campaign, every day. Ratios (CPA,
 * ROAS, CTR, CPC) are read only on days whose denominator reaches a minimum
 * (`Metrics.RatioMinimums`), so a CPA over two conversions never alerts.
 *
 * The measured precision, recall and false-alert rate are in
 * `test/cycles/alerts.measure.test.ts` and `docs/guides/alerts.md`.
 *
 * @since 0.1.0
 */
import * as Dates from "./internal/dates.ts"
import * as Robust from "./internal/robust.ts"
import * as Metrics from "./Metrics.ts"
import * as Severity from "./Severity.ts"

/**
 * The detector's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** days before the tested day that form its baseline (default 56: eight weeks) */
  readonly historyDays: number
  /** days with a value the history needs, else the day is not tested (default 21) */
  readonly minHistoryDays: number
  /** |robust z| from which a day is an anomaly (default 4.5) */
  readonly threshold: number
  /** the scale is at least this fraction of the expectation (default 0.05) */
  readonly relativeFloor: number
  /** denominators the ratios need (see `Metrics.valueOf`) */
  readonly ratioMinimums: Metrics.RatioMinimums
  /** |z| cuts for the severity */
  readonly severityCuts: Severity.Cuts
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  historyDays: 56,
  minHistoryDays: 21,
  threshold: 4.5,
  relativeFloor: 0.05,
  ratioMinimums: Metrics.defaultRatioMinimums,
  severityCuts: Severity.anomalyCuts
}

/**
 * One tested day of one metric.
 *
 * @since 0.1.0
 * @category models
 */
export interface Evaluation {
  readonly metric: Metrics.Metric
  readonly date: string
  readonly observed: number
  readonly expected: number
  /** σ_t, in the metric's unit */
  readonly scale: number
  /** robust z: (observed − expected) / scale */
  readonly z: number
  /** days of history with a value that formed the baseline */
  readonly historyDays: number
}

/**
 * A day whose |z| reached the threshold.
 *
 * @since 0.1.0
 * @category models
 */
export interface Anomaly extends Evaluation {
  readonly direction: "above" | "below"
  /** (observed − expected) / expected; null when nothing was expected */
  readonly relativeChange: number | null
  readonly severity: Severity.Severity
}

/** A metric's values laid out one slot per day from the first day of the series. */
interface Dense {
  readonly first: number
  readonly values: ReadonlyArray<number | undefined>
}

const dense = (series: ReadonlyArray<Metrics.Day>, metric: Metrics.Metric, minimums: Metrics.RatioMinimums): Dense => {
  const days = series.map((d) => Dates.dayNumber(d.date))
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const n of days) {
    if (n !== undefined) {
      if (n < first) first = n
      if (n > last) last = n
    }
  }
  if (first > last) return { first: 0, values: [] }
  const values = new Array<number | undefined>(last - first + 1).fill(undefined)
  series.forEach((d, i) => {
    const n = days[i]
    const v = Metrics.valueOf(d, metric, minimums)
    if (n !== undefined && v !== undefined && Number.isFinite(v)) values[n - first] = v
  })
  return { first, values }
}

const levelWindow = 3
const trendPoints = 28

/** The kernel: tests slot `t` of a dense series against the slots before it. */
const evaluateAt = (
  data: Dense,
  t: number,
  kind: Metrics.Kind,
  options: Options
): Omit<Evaluation, "metric" | "date"> | undefined => {
  const { values } = data
  const observed = values[t]
  if (observed === undefined) return undefined
  const start = Math.max(0, t - options.historyDays)
  let present = 0
  for (let i = start; i < t; i++) if (values[i] !== undefined) present++
  if (present < options.minHistoryDays) return undefined

  // 1. centred 7-day rolling medians inside the history
  const levels = new Map<number, number>()
  for (let i = start + levelWindow; i <= t - 1 - levelWindow; i++) {
    const window: Array<number> = []
    for (let j = i - levelWindow; j <= i + levelWindow; j++) {
      const v = values[j]
      if (v !== undefined) window.push(v)
    }
    if (window.length >= 5) levels.set(i, Robust.median(window))
  }
  if (levels.size < 7) return undefined

  // 2. weekday indices: from all levels, and from alternate weeks (for the scale, step 5)
  const weekOf = (i: number) => Math.floor((t - 1 - i) / 7) % 2
  const ratios: Array<Array<number>> = [[], [], [], [], [], [], []]
  const halves: [Array<Array<number>>, Array<Array<number>>] = [[[], [], [], [], [], [], []], [[], [], [], [], [], [], []]]
  for (const [i, c] of levels) {
    const v = values[i]
    if (v !== undefined && c > 0) {
      const d = Dates.dayOfWeek(data.first + i)
      ratios[d]!.push(v / c)
      halves[weekOf(i)][d]!.push(v / c)
    }
  }
  const weekdayIndex = (r: ReadonlyArray<ReadonlyArray<number>>) => r.map((x) => (x.length >= 2 ? Robust.median(x) : 1))
  const index = weekdayIndex(ratios)
  const crossIndex = [weekdayIndex(halves[1]), weekdayIndex(halves[0])]

  // 3. trend through the last levels
  const points = [...levels.entries()].slice(-trendPoints)
  const line = Robust.theilSen(points.map(([i]) => i), points.map(([, c]) => c))
  const level = Math.max(0, line.intercept + line.slope * t)

  // 4. expectation
  const expected = level * index[Dates.dayOfWeek(data.first + t)]!

  // 5. scale from the relative residuals of the recent history around the trend line, each
  //    against the weekday index of the other weeks (cross-fitted): in-sample residuals would
  //    miss the index's own estimation error and understate the scale
  const residuals: Array<number> = []
  for (let i = Math.max(start, points[0]![0] - levelWindow); i < t; i++) {
    const v = values[i]
    const fitted = (line.intercept + line.slope * i) * crossIndex[weekOf(i)]![Dates.dayOfWeek(data.first + i)]!
    if (v !== undefined && fitted > 0) residuals.push((v - fitted) / fitted)
  }
  const relativeSigma = residuals.length >= 7 ? Robust.madToSigma * Robust.mad(residuals) : 0
  const floors = [relativeSigma * expected, options.relativeFloor * expected]
  if (kind === "count") floors.push(Math.sqrt(expected), 1)
  if (kind === "amount") floors.push(1)
  const scale = Math.max(...floors)

  // 6. robust z
  const deviation = observed - expected
  if (scale <= 0) return deviation === 0 ? { observed, expected, scale, z: 0, historyDays: present } : undefined
  return { observed, expected, scale, z: deviation / scale, historyDays: present }
}

/**
 * Tests one day of one metric against the days before it; `undefined` when
 * the day has no value, or too little history to form a baseline.
 *
 * Preconditions (the service checks them at its boundary): dates are ISO
 * `YYYY-MM-DD` (others are ignored), at most one row per date, options as
 * `defaultOptions` describes.
 *
 * @since 0.1.0
 * @category detection
 */
export const evaluate = (
  series: ReadonlyArray<Metrics.Day>,
  metric: Metrics.Metric,
  date: string,
  options: Options = defaultOptions
): Evaluation | undefined => {
  const data = dense(series, metric, options.ratioMinimums)
  const day = Dates.dayNumber(date)
  if (day === undefined) return undefined
  const result = evaluateAt(data, day - data.first, Metrics.kindOf(metric), options)
  return result === undefined ? undefined : { metric, date, ...result }
}

const toAnomaly = (evaluation: Evaluation, options: Options): Anomaly => ({
  ...evaluation,
  direction: evaluation.z >= 0 ? "above" : "below",
  relativeChange: evaluation.expected > 0 ? (evaluation.observed - evaluation.expected) / evaluation.expected : null,
  severity: Severity.fromSize(Math.abs(evaluation.z), options.severityCuts)
})

/**
 * Tests each of `dates` (default: every date of the series) for each of
 * `metrics` (default: all) and returns the anomalies, by metric then date.
 *
 * @since 0.1.0
 * @category detection
 */
export const detect = (
  series: ReadonlyArray<Metrics.Day>,
  selection: {
    readonly metrics?: ReadonlyArray<Metrics.Metric> | undefined
    readonly dates?: ReadonlyArray<string> | undefined
  } = {},
  options: Options = defaultOptions
): ReadonlyArray<Anomaly> => {
  const out: Array<Anomaly> = []
  const dates = selection.dates ?? series.map((d) => d.date)
  for (const metric of selection.metrics ?? Metrics.metrics) {
    const data = dense(series, metric, options.ratioMinimums)
    const kind = Metrics.kindOf(metric)
    for (const date of [...new Set(dates)].sort()) {
      const day = Dates.dayNumber(date)
      if (day === undefined) continue
      const result = evaluateAt(data, day - data.first, kind, options)
      if (result !== undefined && Math.abs(result.z) >= options.threshold) {
        out.push(toAnomaly({ metric, date, ...result }, options))
      }
    }
  }
  return out
}
