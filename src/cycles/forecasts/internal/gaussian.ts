/**
 * Seeded standard normal draws (Box–Muller over the project's mulberry32),
 * a jointly normal vector with a given correlation (Cholesky), and sample
 * quantiles.
 *
 * @internal
 */
import { mulberry32 } from "../../../internal/random.ts"

/** @internal */
export const standardNormal = (seed: number): (() => number) => {
  const uniform = mulberry32(seed)
  let spare: number | undefined
  return () => {
    if (spare !== undefined) {
      const s = spare
      spare = undefined
      return s
    }
    let u = 0
    while (u <= Number.EPSILON) u = uniform()
    const v = uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}

/**
 * The lower Cholesky factor of a correlation matrix; a matrix that is not
 * positive definite (collinear residuals) is shrunk towards the identity
 * until it is.
 *
 * @internal
 */
export const cholesky = (matrix: ReadonlyArray<ReadonlyArray<number>>): Array<Array<number>> => {
  const n = matrix.length
  for (let shrink = 0; shrink <= 1; shrink += 0.05) {
    const a = matrix.map((row, i) => row.map((v, j) => (i === j ? 1 : (1 - shrink) * v)))
    const l = Array.from({ length: n }, () => new Array<number>(n).fill(0))
    let ok = true
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i]![j]!
        for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!
        if (i === j) {
          if (s <= 1e-10) {
            ok = false
            break
          }
          l[i]![i] = Math.sqrt(s)
        } else {
          l[i]![j] = s / l[j]![j]!
        }
      }
    }
    if (ok) return l
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
}

/** Pearson correlation; 0 when either side is constant. @internal */
export const correlation = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const n = Math.min(a.length, b.length)
  if (n < 3) return 0
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n
    mb += b[i]! / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0
}

/** Sample quantile with linear interpolation (Hyndman & Fan type 7), of an ascending array. @internal */
export const quantileSorted = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}
