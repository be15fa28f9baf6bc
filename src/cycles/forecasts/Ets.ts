/**
 * Exponential smoothing state-space models with additive errors and additive
 * weekly seasonality: ETS(A,N,A), ETS(A,A,A) (additive Holt–Winters) and
 * ETS(A,Ad,A) (damped trend), after Hyndman, Koehler, Ord & Snyder,
 * "Forecasting with Exponential Smoothing" (Springer 2008, "H08"), and
 * Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed.
 * (2021, "FPP3") §8.
 *
 * The recursions (H08 Table 2.2, FPP3 §8.3):
 *
 * ```
 * ŷ_t = ℓ_{t-1} + φ b_{t-1} + s_{t-m}        ε_t = y_t − ŷ_t
 * ℓ_t = ℓ_{t-1} + φ b_{t-1} + α ε_t
 * b_t = φ b_{t-1} + β ε_t
 * s_t = s_{t-m} + γ ε_t
 * ```
 *
 * (φ = 1 for an undamped trend; no `b` for ETS(A,N,A).) Initial states come
 * from the classical decomposition heuristic of H08 §2.6.1; the smoothing
 * parameters maximise the Gaussian likelihood, which for additive errors is
 * `log L = −n/2 · (log(2π · SSE/n) + 1)` (H08 §5.2), by Nelder–Mead under the
 * usual constraints `0 < α < 1`, `0 < β < α`, `0 < γ < 1 − α`,
 * `0.8 ≤ φ ≤ 0.98`. Forecast variances are the analytical ones of the linear
 * homoscedastic class (H08 §6.3, FPP3 Table 8.8):
 * `σ²_h = σ² (1 + Σ_{j=1}^{h−1} c_j²)`, `c_j = α + β(φ + … + φ^j) + γ·[j ≡ 0 mod m]`.
 *
 * Pure functions over plain arrays: no effects, no database.
 *
 * @since 0.1.0
 */
import * as NelderMead from "./internal/nelderMead.ts"

/**
 * The trend component: none (`N`), additive (`A`) or additive damped (`Ad`).
 *
 * @since 0.1.0
 * @category models
 */
export type Trend = "none" | "additive" | "damped"

/**
 * A model of the class: its trend and its seasonal period `m` (7 for daily
 * data with a weekly pattern).
 *
 * @since 0.1.0
 * @category models
 */
export interface Spec {
  readonly trend: Trend
  readonly period: number
}

/**
 * Smoothing parameters. `beta` is 0 and `phi` 1 where the model has no such
 * parameter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Parameters {
  readonly alpha: number
  readonly beta: number
  readonly gamma: number
  readonly phi: number
}

/**
 * A state: level, trend and the last `m` seasonal states. `seasonal[j]` is
 * the seasonal state used for the observation `j` steps after the state's
 * time (`j = 0` is the next observation), so at time 0 `seasonal[j]` is the
 * effect of the series' `j`-th day (`s_{j+1−m}` in H08's notation).
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly level: number
  readonly trend: number
  readonly seasonal: ReadonlyArray<number>
}

/**
 * A fitted model.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fit {
  readonly spec: Spec
  readonly parameters: Parameters
  /** the state before the first observation */
  readonly initial: State
  /** the state after the last observation, from which forecasts start */
  readonly final: State
  /** one-step-ahead fitted values */
  readonly fitted: ReadonlyArray<number>
  /** one-step-ahead errors `y_t − ŷ_t` */
  readonly residuals: ReadonlyArray<number>
  readonly n: number
  /** `SSE / n`, the maximum-likelihood innovation variance */
  readonly sigma2: number
  /**
   * `SSE / (n − k)`, the innovation variance the forecasts use (as R's
   * `forecast::ets` does): the ML estimate understates it by the degrees of
   * freedom the fit used up.
   */
  readonly innovationVariance: number
  readonly logLik: number
  /** number of estimated quantities counted by AIC: smoothing parameters, initial states (m−1 free seasonal), σ² */
  readonly k: number
  readonly aic: number
  readonly aicc: number
  readonly bic: number
}

/**
 * The short name of a model in the ETS taxonomy: `ETS(A,Ad,A)`.
 *
 * @since 0.1.0
 * @category models
 */
export const name = (spec: Spec): string =>
  `ETS(A,${spec.trend === "none" ? "N" : spec.trend === "additive" ? "A" : "Ad"},A)`

/**
 * The result of running the recursions over a series.
 *
 * @since 0.1.0
 * @category models
 */
export interface Filtered {
  readonly fitted: ReadonlyArray<number>
  readonly residuals: ReadonlyArray<number>
  readonly sse: number
  readonly final: State
}

/**
 * Runs the ETS recursions from `initial` over `y` with the given parameters.
 *
 * @since 0.1.0
 * @category kernels
 */
export const filter = (spec: Spec, parameters: Parameters, initial: State, y: ReadonlyArray<number>): Filtered => {
  const m = spec.period
  const { alpha, gamma } = parameters
  const hasTrend = spec.trend !== "none"
  const beta = hasTrend ? parameters.beta : 0
  const phi = spec.trend === "damped" ? parameters.phi : 1
  let level = initial.level
  let trend = hasTrend ? initial.trend : 0
  const seasonal = [...initial.seasonal]
  const fitted = new Array<number>(y.length)
  const residuals = new Array<number>(y.length)
  let sse = 0
  for (let t = 0; t < y.length; t++) {
    const phase = t % m
    const damped = phi * trend
    const yhat = level + damped + seasonal[phase]!
    const e = y[t]! - yhat
    fitted[t] = yhat
    residuals[t] = e
    sse += e * e
    level = level + damped + alpha * e
    trend = damped + beta * e
    seasonal[phase] = seasonal[phase]! + gamma * e
  }
  const shift = y.length % m
  return {
    fitted,
    residuals,
    sse,
    final: { level, trend, seasonal: seasonal.map((_, j) => seasonal[(shift + j) % m]!) }
  }
}

/**
 * Initial states by the classical decomposition heuristic of H08 §2.6.1:
 * a centred moving average of order m (2×m when m is even) over the first
 * (up to four) full seasons, seasonal indices as the mean detrended value of
 * each phase normalised to sum to zero, and level and trend as the intercept
 * and slope of a least-squares line through the first ten seasonally adjusted
 * observations (against t = 1, 2, …, so the intercept is the level at time 0).
 * Needs at least two full seasons.
 *
 * @since 0.1.0
 * @category kernels
 */
export const initialState = (spec: Spec, y: ReadonlyArray<number>): State => {
  const m = spec.period
  if (y.length < 2 * m) throw new RangeError(`initialState needs at least ${2 * m} observations, got ${y.length}`)
  const cycles = Math.min(4, Math.floor(y.length / m))
  const span = cycles * m
  const sums = new Array<number>(m).fill(0)
  const counts = new Array<number>(m).fill(0)
  const half = Math.floor(m / 2)
  for (let i = half; i + half < span; i++) {
    let ma: number
    if (m % 2 === 1) {
      let s = 0
      for (let j = i - half; j <= i + half; j++) s += y[j]!
      ma = s / m
    } else {
      if (i + half >= span) continue
      let s = (y[i - half]! + y[i + half]!) / 2
      for (let j = i - half + 1; j < i + half; j++) s += y[j]!
      ma = s / m
    }
    sums[i % m] = sums[i % m]! + (y[i]! - ma)
    counts[i % m] = counts[i % m]! + 1
  }
  const raw = sums.map((s, p) => s / counts[p]!)
  const mean = raw.reduce((a, b) => a + b, 0) / m
  const seasonal = raw.map((s) => s - mean)
  const k = Math.min(10, y.length)
  const z = Array.from({ length: k }, (_, i) => y[i]! - seasonal[i % m]!)
  if (spec.trend === "none") return { level: z.reduce((a, b) => a + b, 0) / k, trend: 0, seasonal }
  const tMean = (k + 1) / 2
  const zMean = z.reduce((a, b) => a + b, 0) / k
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < k; i++) {
    sxy += (i + 1 - tMean) * (z[i]! - zMean)
    sxx += (i + 1 - tMean) ** 2
  }
  const slope = sxy / sxx
  return { level: zMean - slope * tMean, trend: slope, seasonal }
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u))
const logit = (p: number) => Math.log(p / (1 - p))
const lower = 1e-4
const upper = 1 - 1e-4
const phiLower = 0.8
const phiUpper = 0.98

const decode = (spec: Spec, u: ReadonlyArray<number>): Parameters => {
  const alpha = lower + (upper - lower) * logistic(u[0]!)
  const gamma = lower + (1 - alpha - lower) * logistic(u[1]!)
  if (spec.trend === "none") return { alpha, beta: 0, gamma, phi: 1 }
  const beta = lower + (alpha - lower) * logistic(u[2]!)
  if (spec.trend === "additive") return { alpha, beta, gamma, phi: 1 }
  return { alpha, beta, gamma, phi: phiLower + (phiUpper - phiLower) * logistic(u[3]!) }
}

const encode = (spec: Spec, p: Parameters): Array<number> => {
  const u = [logit((p.alpha - lower) / (upper - lower)), logit((p.gamma - lower) / (1 - p.alpha - lower))]
  if (spec.trend === "none") return u
  u.push(logit((p.beta - lower) / (p.alpha - lower)))
  if (spec.trend === "additive") return u
  u.push(logit((p.phi - phiLower) / (phiUpper - phiLower)))
  return u
}

const smoothingCount = (spec: Spec) => (spec.trend === "none" ? 2 : spec.trend === "additive" ? 3 : 4)

/**
 * The Gaussian log-likelihood of a filtered series with additive errors,
 * σ² concentrated out at its maximum `SSE / n`.
 *
 * @since 0.1.0
 * @category kernels
 */
export const logLikelihood = (sse: number, n: number): number => -0.5 * n * (Math.log((2 * Math.PI * sse) / n) + 1)

/**
 * Fits a model: initial states by {@link initialState}, smoothing
 * parameters by maximum likelihood (Nelder–Mead, restarted once from its own
 * optimum). `y` needs at least two full seasons and finite values.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fit = (spec: Spec, y: ReadonlyArray<number>, initial: State = initialState(spec, y)): Fit => {
  const n = y.length
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(y[t])) throw new RangeError(`observation ${t} is not a finite number: ${y[t]}`)
  }
  const objective = (u: ReadonlyArray<number>) => {
    const sse = filter(spec, decode(spec, u), initial, y).sse
    return n * Math.log(Math.max(sse, 1e-300))
  }
  const start = encode(spec, { alpha: 0.2, beta: 0.02, gamma: 0.05, phi: 0.9 })
  const first = NelderMead.minimize(objective, start)
  const second = NelderMead.minimize(objective, first.x, { step: 0.25 })
  const parameters = decode(spec, second.value <= first.value ? second.x : first.x)
  return fromParameters(spec, parameters, initial, y)
}

/**
 * A model with given parameters and initial states, filtered over `y`, with
 * its likelihood and information criteria.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromParameters = (spec: Spec, parameters: Parameters, initial: State, y: ReadonlyArray<number>): Fit => {
  const n = y.length
  const filtered = filter(spec, parameters, initial, y)
  const logLik = logLikelihood(filtered.sse, n)
  const k = smoothingCount(spec) + 1 + (spec.trend === "none" ? 0 : 1) + (spec.period - 1) + 1
  const aic = -2 * logLik + 2 * k
  return {
    spec,
    parameters,
    initial,
    final: filtered.final,
    fitted: filtered.fitted,
    residuals: filtered.residuals,
    n,
    sigma2: filtered.sse / n,
    innovationVariance: n - k > 0 ? filtered.sse / (n - k) : Number.POSITIVE_INFINITY,
    logLik,
    k,
    aic,
    aicc: n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY,
    bic: -2 * logLik + k * Math.log(n)
  }
}

/**
 * Fits each candidate and keeps the one with the smallest AICc (H08 §7.1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const select = (candidates: ReadonlyArray<Spec>, y: ReadonlyArray<number>): Fit => {
  let best: Fit | undefined
  for (const spec of candidates) {
    const f = fit(spec, y)
    if (best === undefined || f.aicc < best.aicc) best = f
  }
  if (best === undefined) throw new RangeError("select needs at least one candidate model")
  return best
}

/**
 * The candidates {@link select} compares by default: no trend, additive and
 * damped trend, each with additive weekly seasonality.
 *
 * @since 0.1.0
 * @category models
 */
export const weeklyCandidates: ReadonlyArray<Spec> = [
  { trend: "none", period: 7 },
  { trend: "additive", period: 7 },
  { trend: "damped", period: 7 }
]

const phiSum = (phi: number, j: number) => {
  let s = 0
  let p = 1
  for (let i = 1; i <= j; i++) {
    p *= phi
    s += p
  }
  return s
}

/**
 * The coefficients `c_j = α + β(φ + … + φ^j) + γ·[j ≡ 0 mod m]`, `j = 1…h−1`,
 * of past innovations in the h-step forecast error (H08 §6.3):
 * `y_{n+h} − ŷ_{n+h|n} = ε_{n+h} + Σ_j c_j ε_{n+h−j}`.
 *
 * @since 0.1.0
 * @category kernels
 */
export const innovationWeights = (model: Fit, horizon: number): ReadonlyArray<number> => {
  const { alpha, beta, gamma } = model.parameters
  const phi = model.spec.trend === "damped" ? model.parameters.phi : 1
  const b = model.spec.trend === "none" ? 0 : beta
  return Array.from({ length: Math.max(0, horizon - 1) }, (_, i) => {
    const j = i + 1
    return alpha + b * phiSum(phi, j) + (j % model.spec.period === 0 ? gamma : 0)
  })
}

/**
 * Point forecasts and forecast variances for horizons 1…h.
 *
 * @since 0.1.0
 * @category models
 */
export interface Forecast {
  readonly mean: ReadonlyArray<number>
  readonly variance: ReadonlyArray<number>
}

/**
 * Point forecasts `ℓ_n + (φ + … + φ^h) b_n + s_{n+h−m(k+1)}` and their
 * analytical variances `σ² (1 + Σ_{j<h} c_j²)` for horizons 1…h. `sigma2`
 * defaults to the fit's `innovationVariance`, `SSE / (n − k)`.
 *
 * @since 0.1.0
 * @category kernels
 */
export const forecast = (model: Fit, horizon: number, sigma2: number = model.innovationVariance): Forecast => {
  const phi = model.spec.trend === "damped" ? model.parameters.phi : 1
  const trend = model.spec.trend === "none" ? 0 : model.final.trend
  const m = model.spec.period
  const c = innovationWeights(model, horizon)
  const mean: Array<number> = []
  const variance: Array<number> = []
  let acc = 1
  for (let h = 1; h <= horizon; h++) {
    mean.push(model.final.level + phiSum(phi, h) * trend + model.final.seasonal[(h - 1) % m]!)
    variance.push(sigma2 * acc)
    if (h - 1 < c.length) acc += c[h - 1]! ** 2
  }
  return { mean, variance }
}

/**
 * The variance of the sum of the next `horizon` observations, exact for the
 * linear model: the sum's error is `Σ_i ε_{n+i} (1 + C_{h−i})` with
 * `C_k = c_1 + … + c_k`, so errors at different horizons are correlated and
 * the variance is `σ² Σ_i (1 + C_{h−i})²`, not the sum of the variances.
 *
 * @since 0.1.0
 * @category kernels
 */
export const sumVariance = (model: Fit, horizon: number, sigma2: number = model.innovationVariance): number => {
  const c = innovationWeights(model, horizon)
  const cumulative = [0]
  for (const cj of c) cumulative.push(cumulative[cumulative.length - 1]! + cj)
  let v = 0
  for (let i = 1; i <= horizon; i++) v += (1 + cumulative[horizon - i]!) ** 2
  return sigma2 * v
}

/**
 * Simulates one future sample path of length `horizon` from the fit's final
 * state, drawing innovations from `innovation` (which must return draws with
 * the model's innovation variance).
 *
 * @since 0.1.0
 * @category kernels
 */
export const simulate = (model: Fit, horizon: number, innovation: (h: number) => number): Array<number> => {
  const m = model.spec.period
  const { alpha, gamma } = model.parameters
  const beta = model.spec.trend === "none" ? 0 : model.parameters.beta
  const phi = model.spec.trend === "damped" ? model.parameters.phi : 1
  let level = model.final.level
  let trend = model.spec.trend === "none" ? 0 : model.final.trend
  const seasonal = [...model.final.seasonal]
  const path: Array<number> = []
  for (let h = 0; h < horizon; h++) {
    const phase = h % m
    const damped = phi * trend
    const e = innovation(h)
    path.push(level + damped + seasonal[phase]! + e)
    level = level + damped + alpha * e
    trend = damped + beta * e
    seasonal[phase] = seasonal[phase]! + gamma * e
  }
  return path
}

/**
 * The smoothing parameters a model estimates, in the order
 * {@link observedInformation} uses: `alpha`, `gamma`, then `beta` (trend
 * models) and `phi` (damped).
 *
 * @since 0.1.0
 * @category models
 */
export const parameterNames = (spec: Spec): ReadonlyArray<"alpha" | "gamma" | "beta" | "phi"> =>
  spec.trend === "none" ? ["alpha", "gamma"] : spec.trend === "additive" ? ["alpha", "gamma", "beta"] : ["alpha", "gamma", "beta", "phi"]

/**
 * Whether parameters lie in the region {@link fit} searches: `0 < α < 1`,
 * `0 < β ≤ α`, `0 < γ < 1 − α`, `0.8 ≤ φ ≤ 0.98`.
 *
 * @since 0.1.0
 * @category models
 */
export const admissible = (spec: Spec, p: Parameters): boolean =>
  p.alpha > 0 && p.alpha < 1 && p.gamma > 0 && p.gamma < 1 - p.alpha &&
  (spec.trend === "none" || (p.beta > 0 && p.beta <= p.alpha)) &&
  (spec.trend !== "damped" || (p.phi >= phiLower && p.phi <= phiUpper))

/**
 * The observed information of the smoothing parameters: the Hessian of the
 * negative profile log-likelihood `n/2 · log SSE(θ)` (σ² concentrated out,
 * H08 §5.2) at `parameters`, by central differences with step `step`, in the
 * order of {@link parameterNames}. The initial state is held at `initial`.
 * Its inverse is the asymptotic covariance of the maximum-likelihood
 * estimates (H08 §5.2, Cramér–Rao); at a bound-pressed estimate it need not
 * be positive definite.
 *
 * @since 0.1.0
 * @category kernels
 */
export const observedInformation = (
  spec: Spec,
  parameters: Parameters,
  initial: State,
  y: ReadonlyArray<number>,
  step = 1e-4
): ReadonlyArray<ReadonlyArray<number>> => {
  const names = parameterNames(spec)
  const d = names.length
  const half = 0.5 * y.length
  const value = (p: Parameters) => half * Math.log(Math.max(filter(spec, p, initial, y).sse, 1e-300))
  const moved = (i: number, a: number, j: number, b: number): Parameters => {
    const p: { -readonly [K in keyof Parameters]: number } = { ...parameters }
    p[names[i]!] += a * step
    p[names[j]!] += b * step
    return p
  }
  const f0 = value(parameters)
  const h = Array.from({ length: d }, () => new Array<number>(d).fill(0))
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = i === j
        ? (value(moved(i, 1, j, 0)) - 2 * f0 + value(moved(i, -1, j, 0))) / (step * step)
        : (value(moved(i, 1, j, 1)) - value(moved(i, 1, j, -1)) - value(moved(i, -1, j, 1)) + value(moved(i, -1, j, -1))) / (4 * step * step)
      h[i]![j] = v
      h[j]![i] = v
    }
  }
  return h
}
