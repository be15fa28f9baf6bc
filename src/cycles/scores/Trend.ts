/**
 * A robust trend test for short series (weekly CPA, a score per period):
 * the Theil–Sen slope for the size and direction, the Mann–Kendall test
 * for whether the direction is more than noise.
 *
 * - **Theil–Sen**: the slope is the median of the pairwise slopes
 *   `(y_j − y_i) / (x_j − x_i)`; the intercept is `median(y) − slope ·
 *   median(x)` (scipy's `theilslopes`, `method="separate"`). One wild week
 *   does not tilt it (breakdown point ≈ 29%).
 * - **Mann–Kendall**: `S = Σ_{i<j} sign(y_j − y_i)` over the series in time
 *   order; under no trend `S` is approximately normal with mean 0 and
 *   `Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18`, summed over groups of
 *   `t` tied values; `z = S / √Var(S)` (no continuity correction), p-values
 *   from the normal distribution (@stdlib). This equals scipy's
 *   `stats.kendalltau(x, y, method="asymptotic")` for distinct times `x`,
 *   which the tests check against.
 *
 * The normal approximation is an approximation for very short series
 * (n < 8 is coarse; with n < 4 no one-sided p below 0.05 is possible):
 * callers state the window they used.
 *
 * @since 0.1.0
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf"

/**
 * @since 0.1.0
 * @category models
 */
export interface TheilSen {
  readonly slope: number
  readonly intercept: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface MannKendall {
  readonly n: number
  /** Σ sign(y_j − y_i), i < j */
  readonly s: number
  /** the variance of S under no trend, corrected for ties */
  readonly variance: number
  /** S / √Var(S); 0 when the variance is 0 */
  readonly z: number
  /** Kendall's tau-b against time */
  readonly tau: number
  /** two-sided p */
  readonly pTwoSided: number
  /** one-sided p for an increasing trend: P(Z ≥ z) */
  readonly pIncreasing: number
  /** one-sided p for a decreasing trend: P(Z ≤ z) */
  readonly pDecreasing: number
}

/**
 * The series' direction, named for what it means: `better` says whether a
 * higher value is better (accuracy, ROAS) or a lower one (CPA).
 *
 * @since 0.1.0
 * @category models
 */
export type Direction = "improving" | "declining" | "stable"

/**
 * @since 0.1.0
 * @category models
 */
export interface Trend extends TheilSen {
  readonly mannKendall: MannKendall
  readonly direction: Direction
}

const median = (values: ReadonlyArray<number>): number => {
  const n = values.length
  if (n === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const mid = n >> 1
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The Theil–Sen line through the points (x, y). NaN for fewer than two
 * distinct x.
 *
 * @since 0.1.0
 * @category statistics
 */
export const theilSen = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): TheilSen => {
  const slopes: Array<number> = []
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx)
    }
  }
  const slope = median(slopes)
  return { slope, intercept: median(ys) - slope * median(xs) }
}

const sign = (d: number) => (d > 0 ? 1 : d < 0 ? -1 : 0)

/**
 * The Mann–Kendall test of a series in time order.
 *
 * @since 0.1.0
 * @category statistics
 */
export const mannKendall = (ys: ReadonlyArray<number>): MannKendall => {
  const n = ys.length
  let s = 0
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += sign(ys[j]! - ys[i]!)
  const groups = new Map<number, number>()
  for (const y of ys) groups.set(y, (groups.get(y) ?? 0) + 1)
  let tieTerm = 0
  let tiedPairs = 0
  for (const t of groups.values()) {
    tieTerm += t * (t - 1) * (2 * t + 5)
    tiedPairs += (t * (t - 1)) / 2
  }
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18
  const z = variance > 0 ? s / Math.sqrt(variance) : 0
  const pairs = (n * (n - 1)) / 2
  const tauDenominator = Math.sqrt(pairs * (pairs - tiedPairs))
  return {
    n,
    s,
    variance,
    z,
    tau: tauDenominator > 0 ? s / tauDenominator : 0,
    pTwoSided: variance > 0 ? Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) : 1,
    pIncreasing: variance > 0 ? normalCdf(-z, 0, 1) : 1,
    pDecreasing: variance > 0 ? normalCdf(z, 0, 1) : 1
  }
}

/**
 * The trend of a series observed at times `0, 1, …, n − 1`: the Theil–Sen
 * line, the Mann–Kendall test, and the direction — `improving` or
 * `declining` when the one-sided Mann–Kendall p for the slope's sign is
 * below `alpha`, else `stable` (also for fewer than three values or a zero
 * slope).
 *
 * @since 0.1.0
 * @category statistics
 */
export const trend = (
  ys: ReadonlyArray<number>,
  options: { readonly better: "higher" | "lower"; readonly alpha?: number | undefined }
): Trend => {
  const alpha = options.alpha ?? 0.05
  const xs = ys.map((_, i) => i)
  const line = ys.length >= 2 ? theilSen(xs, ys) : { slope: 0, intercept: ys[0] ?? Number.NaN }
  const mk = mannKendall(ys)
  let direction: Direction = "stable"
  if (ys.length >= 3 && line.slope !== 0) {
    const rising = line.slope > 0
    const p = rising ? mk.pIncreasing : mk.pDecreasing
    if (p < alpha) direction = rising === (options.better === "higher") ? "improving" : "declining"
  }
  return { ...line, mannKendall: mk, direction }
}
