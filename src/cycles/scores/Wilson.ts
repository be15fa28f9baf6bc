/**
 * The Wilson score interval for a binomial proportion: unlike the
 * normal-approximation ("Wald") interval it stays inside [0, 1] and keeps
 * close to its nominal coverage for small counts and for proportions near
 * 0 or 1 (Brown, Cai & DasGupta 2001), which is where a week's handful of
 * scored decisions lands. Equal to scipy's
 * `stats.binomtest(k, n).proportion_ci(confidence_level, method="wilson")`.
 *
 * @since 0.1.0
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile"

/**
 * @since 0.1.0
 * @category models
 */
export interface Interval {
  readonly successes: number
  readonly trials: number
  /** successes / trials (NaN for no trials) */
  readonly proportion: number
  readonly low: number
  readonly high: number
  readonly confidence: number
}

/**
 * The two-sided Wilson interval at `confidence` (default 0.95). For no
 * trials the interval is [0, 1].
 *
 * @since 0.1.0
 * @category statistics
 */
export const interval = (successes: number, trials: number, confidence = 0.95): Interval => {
  if (trials === 0) return { successes, trials, proportion: Number.NaN, low: 0, high: 1, confidence }
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1)
  const p = successes / trials
  const z2 = z * z
  const denominator = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  return {
    successes,
    trials,
    proportion: p,
    low: Math.max(0, center - half),
    high: Math.min(1, center + half),
    confidence
  }
}
