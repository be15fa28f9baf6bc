/**
 * Campaign forecasts from daily history: spend, conversions, revenue, ROAS
 * and reach over a coming period, each with a prediction interval.
 *
 * Each additive metric gets its own ETS model with weekly seasonality (see
 * `Ets.ts`), chosen among ETS(A,N,A), ETS(A,A,A) and ETS(A,Ad,A) by AICc,
 * fitted on `log1p(y)` by default: campaign metrics are non-negative and
 * their weekly swings and noise grow with their level, which the log scale
 * makes additive (measured in `test/cycles/forecasts.measure.test.ts`; the
 * untransformed fit is kept as `transform: "none"`, with intervals clamped at
 * zero).
 *
 * Daily intervals, period totals and ROAS come from seeded sample paths of
 * the fitted models (`Ets.simulate`): a path sums the days of the period, so
 * the correlation of forecast errors across horizons is carried by the paths
 * themselves. Each path runs under its own draw of the model's parameters
 * (smoothing parameters from their asymptotic normal distribution, the final
 * state re-filtered under them, σ² from its scaled inverse χ²; see
 * `internal/parameterUncertainty.ts`), so the intervals include the
 * uncertainty of the estimates, not only of the future innovations. The
 * innovations of the metrics on one path are drawn jointly normal with the
 * correlation of their in-sample one-step residuals, so spend and revenue move
 * together as they did in the history. ROAS is period revenue over period
 * spend (the ratio of sums, not the mean of daily ratios: a day with little
 * spend would otherwise weigh as much as a day with much); its interval is
 * the quantiles of that ratio over the paths.
 *
 * @since 0.1.0
 */
import * as Ets from "./Ets.ts"
import * as Gaussian from "./internal/gaussian.ts"
import * as ParameterUncertainty from "./internal/parameterUncertainty.ts"

/**
 * How a series is fitted: on `log1p(y)` (default) or as it is.
 *
 * @since 0.1.0
 * @category models
 */
export type Transform = "log1p" | "none"

/**
 * Forecasting options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** the scale the models are fitted on; default `"log1p"` */
  readonly transform: Transform
  /** `"auto"` selects by AICc among the weekly candidates; a trend fixes the model */
  readonly model: "auto" | Ets.Trend
  /** the central coverage of the intervals; default 0.9 */
  readonly level: number
  /** sample paths for period totals and ROAS; default 2000 */
  readonly paths: number
  /** seed of the path simulation; the same inputs and seed give the same forecast */
  readonly seed: number
  /**
   * distinct draws of each model's parameters the sample paths cycle
   * through (path `p` uses draw `p mod parameterDraws`); default 200. `0`
   * treats the estimates as known: every path uses the fitted parameters
   * and the intervals understate the uncertainty (measured in the guide).
   */
  readonly parameterDraws: number
}

/**
 * The default options.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: Options = { transform: "log1p", model: "auto", level: 0.9, paths: 2000, seed: 20_251_123, parameterDraws: 200 }

/**
 * A point forecast with its interval.
 *
 * @since 0.1.0
 * @category models
 */
export interface Interval {
  readonly point: number
  readonly lower: number
  readonly upper: number
}

/**
 * The forecast of one metric: the model, per-day forecasts for every step
 * ahead, and the period total.
 *
 * @since 0.1.0
 * @category models
 */
export interface MetricForecast {
  /** e.g. `ETS(A,Ad,A)` */
  readonly model: string
  readonly parameters: Ets.Parameters
  readonly transform: Transform
  /** steps 1…horizon after the last observed day */
  readonly daily: ReadonlyArray<Interval>
  /** the sum over the period's days */
  readonly total: Interval
}

/**
 * The history of a campaign: equally long daily series, oldest first, the
 * last element the most recent day. `reach` is absent when the platform does
 * not report it.
 *
 * @since 0.1.0
 * @category models
 */
export interface History {
  readonly spend: ReadonlyArray<number>
  readonly conversions: ReadonlyArray<number>
  readonly revenue: ReadonlyArray<number>
  readonly reach?: ReadonlyArray<number> | undefined
}

/**
 * The period to forecast, in days after the last observed day: days
 * `skip + 1 … skip + days` (skip is the gap between the last observation and
 * the period's first day).
 *
 * @since 0.1.0
 * @category models
 */
export interface Period {
  readonly skip: number
  readonly days: number
}

/**
 * A campaign forecast.
 *
 * @since 0.1.0
 * @category models
 */
export interface CampaignForecast {
  readonly level: number
  readonly spend: MetricForecast
  readonly conversions: MetricForecast
  readonly revenue: MetricForecast
  readonly reach?: MetricForecast | undefined
  /** period revenue / period spend; absent when every path spends nothing */
  readonly roas?: Interval | undefined
}

/**
 * The fewest days of history a forecast needs: two full weeks for the
 * seasonal initialisation plus two more for the likelihood to say something
 * about the smoothing parameters.
 *
 * @since 0.1.0
 * @category models
 */
export const minimumHistory = 28

const forward = (transform: Transform, y: number) => (transform === "log1p" ? Math.log1p(Math.max(0, y)) : y)
const backward = (transform: Transform, x: number) => Math.max(0, transform === "log1p" ? Math.expm1(x) : x)

/**
 * Fits the model of one series on the chosen scale.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fitSeries = (y: ReadonlyArray<number>, options: Pick<Options, "transform" | "model">): Ets.Fit => {
  if (y.length < minimumHistory) throw new RangeError(`a forecast needs ${minimumHistory} days of history, got ${y.length}`)
  const x = y.map((v) => forward(options.transform, v))
  return options.model === "auto" ? Ets.select(Ets.weeklyCandidates, x) : Ets.fit({ trend: options.model, period: 7 }, x)
}

const summarise = (values: Array<number>, alpha: number, point: number): Interval => {
  values.sort((a, b) => a - b)
  return {
    point,
    lower: Gaussian.quantileSorted(values, alpha / 2),
    upper: Gaussian.quantileSorted(values, 1 - alpha / 2)
  }
}

const validateOptions = (options: Options, period: Period) => {
  if (!(options.level > 0 && options.level < 1)) throw new RangeError(`level must be in (0, 1), got ${options.level}`)
  if (!Number.isSafeInteger(options.paths) || options.paths < 100) {
    throw new RangeError(`paths must be an integer of at least 100, got ${options.paths}`)
  }
  if (!Number.isSafeInteger(options.parameterDraws) || options.parameterDraws < 0) {
    throw new RangeError(`parameterDraws must be a non-negative integer, got ${options.parameterDraws}`)
  }
  if (!Number.isSafeInteger(period.days) || period.days < 1) throw new RangeError(`period.days must be a positive integer, got ${period.days}`)
  if (!Number.isSafeInteger(period.skip) || period.skip < 0) throw new RangeError(`period.skip must be a non-negative integer, got ${period.skip}`)
}

/**
 * Forecasts a campaign's metrics over a period. Throws a `RangeError` on
 * unequal or too short series, non-finite values or invalid options (the
 * service checks these first and fails with typed errors).
 *
 * @since 0.1.0
 * @category constructors
 */
export const forecastCampaign = (history: History, period: Period, options: Options = defaults): CampaignForecast => {
  validateOptions(options, period)
  const names = (["spend", "conversions", "revenue", "reach"] as const).filter((k) => history[k] !== undefined)
  const series = names.map((k) => history[k]!)
  const n = series[0]!.length
  for (const [i, s] of series.entries()) {
    if (s.length !== n) throw new RangeError(`${names[i]} has ${s.length} days, spend has ${n}`)
  }
  const scaled = series.map((y) => y.map((v) => forward(options.transform, v)))
  const fits = series.map((y) => fitSeries(y, options))
  const horizon = period.skip + period.days
  const alpha = 1 - options.level

  // innovations jointly normal with the residuals' correlation
  const corr = fits.map((a, i) => fits.map((b, j) => (i === j ? 1 : Gaussian.correlation(a.residuals, b.residuals))))
  const chol = Gaussian.cholesky(corr)
  const draw = Gaussian.standardNormal(options.seed)
  // each path's parameters: a draw from their sampling distribution (or the estimates when parameterDraws is 0)
  const drawCount = Math.min(options.parameterDraws, options.paths)
  const parameterDraws = fits.map((fit, i) =>
    ParameterUncertainty.draws(fit, scaled[i]!, drawCount, draw, (options.seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0)
  )
  const fixed: ReadonlyArray<ParameterUncertainty.Draw> = fits.map((fit) => ({ model: fit, sd: Math.sqrt(fit.innovationVariance) }))
  const totals = fits.map(() => new Array<number>(options.paths))
  // days[i][h * paths + p]: metric i, step h + 1, path p, on the original scale
  const days = fits.map(() => new Float64Array(horizon * options.paths))
  const k = fits.length
  const e = new Float64Array(k)
  const innovations = fits.map(() => new Float64Array(horizon))
  for (let p = 0; p < options.paths; p++) {
    const models = drawCount > 0 ? parameterDraws.map((d) => d[p % drawCount]!) : fixed
    for (let h = 0; h < horizon; h++) {
      for (let j = 0; j < k; j++) e[j] = draw()
      for (let i = 0; i < k; i++) {
        const row = chol[i]!
        let v = 0
        for (let j = 0; j <= i; j++) v += row[j]! * e[j]!
        innovations[i]![h] = models[i]!.sd * v
      }
    }
    for (let i = 0; i < k; i++) {
      const shocks = innovations[i]!
      const path = Ets.simulate(models[i]!.model, horizon, (h) => shocks[h]!)
      const out = days[i]!
      let total = 0
      for (let h = 0; h < horizon; h++) {
        const v = backward(options.transform, path[h]!)
        out[h * options.paths + p] = v
        if (h >= period.skip) total += v
      }
      totals[i]![p] = total
    }
  }

  const metric = (i: number): MetricForecast => {
    const fit = fits[i]!
    const f = Ets.forecast(fit, horizon)
    const paths = days[i]!
    // the point: the estimated model's forecast (on the log scale its median, back-transformed); the interval:
    // the quantiles of the day's sample paths, which carry the parameter uncertainty
    const daily = f.mean.map((mu, h) => {
      const values = paths.subarray(h * options.paths, (h + 1) * options.paths).sort()
      return {
        point: backward(options.transform, mu),
        lower: Gaussian.quantileSorted(values, alpha / 2),
        upper: Gaussian.quantileSorted(values, 1 - alpha / 2)
      }
    })
    const sims = totals[i]!
    const point = options.transform === "log1p"
      ? sims.reduce((a, b) => a + b, 0) / sims.length
      : daily.slice(period.skip).reduce((a, d) => a + d.point, 0)
    return {
      model: Ets.name(fit.spec),
      parameters: fit.parameters,
      transform: options.transform,
      daily,
      total: summarise([...sims], alpha, point)
    }
  }

  const spend = metric(0)
  const revenue = metric(2)
  const ratios: Array<number> = []
  for (let p = 0; p < options.paths; p++) {
    const s = totals[0]![p]!
    if (s > 0) ratios.push(totals[2]![p]! / s)
  }
  return {
    level: options.level,
    spend,
    conversions: metric(1),
    revenue,
    reach: names.length === 4 ? metric(3) : undefined,
    roas: ratios.length > 0 && spend.total.point > 0
      ? summarise(ratios, alpha, revenue.total.point / spend.total.point)
      : undefined
  }
}
