/**
 * Robust location, scale and slope estimators over plain arrays: the median,
 * the median absolute deviation and the Theil–Sen slope. Small and exact
 * (sorting), so the detector's behaviour is easy to reason about.
 *
 * @internal
 */

/** The median of the values (NaN for none). */
export const median = (values: ReadonlyArray<number>): number => {
  const n = values.length
  if (n === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const mid = n >> 1
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The median absolute deviation around the median (unscaled). */
export const mad = (values: ReadonlyArray<number>): number => {
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}

/** 1 / Φ⁻¹(3/4): scales a MAD to the standard deviation of normal data. */
export const madToSigma = 1.4826

/**
 * The Theil–Sen line through points (x, y): the slope is the median of the
 * pairwise slopes, the intercept the median of y − slope·x. Breaks down only
 * when about 29% of the points are outliers.
 */
export const theilSen = (
  xs: ReadonlyArray<number>,
  ys: ReadonlyArray<number>
): { readonly slope: number; readonly intercept: number } => {
  const slopes: Array<number> = []
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx)
    }
  }
  const slope = slopes.length === 0 ? 0 : median(slopes)
  const intercept = median(ys.map((y, i) => y - slope * xs[i]!))
  return { slope, intercept }
}
