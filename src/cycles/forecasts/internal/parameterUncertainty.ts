/**
 * Draws of a fitted ETS model's parameters from their approximate sampling
 * distribution, so that forecast sample paths carry the uncertainty of the
 * estimates and not only of the future innovations.
 *
 * - Smoothing parameters θ: normal around the estimate with the inverse
 *   observed information as covariance (the Laplace / asymptotic-normal
 *   approximation, H08 §5.2), truncated to the admissible region by
 *   rejection. The information matrix is symmetrised through its
 *   eigen-decomposition with each eigenvalue replaced by `max(|λ|, 1)`: at a
 *   bound-pressed estimate the likelihood can still rise beyond the bound
 *   (a negative eigenvalue), whose curvature is then used as if it fell, and
 *   the truncation makes that direction one-sided; and since every parameter
 *   lives in an interval of width at most 1, a direction with less
 *   information than 1 (a standard deviation above 1) says nothing the
 *   truncation does not.
 * - Each draw's final state: the recursions re-run over the observed series
 *   with the drawn θ (from the same initial state), as in the bootstrap
 *   prediction intervals of Pascual, Romo & Ruiz (2004) and Rodríguez & Ruiz
 *   (2009), where future paths start from the state the data imply under the
 *   re-drawn parameters.
 * - Innovation variance: `SSE(θ) / χ²_{n−k}`, the conditional posterior of σ²
 *   under the reference prior (what makes a Gaussian interval a Student-t one).
 *
 * @internal
 */
import gammaRandom from "@stdlib/random-base-gamma"
import * as Ets from "../Ets.ts"

/** @internal */
export interface Draw {
  readonly model: Ets.Fit
  /** the innovation standard deviation this draw's paths use */
  readonly sd: number
}

/** the eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations @internal */
export const symmetricEigen = (matrix: ReadonlyArray<ReadonlyArray<number>>): { values: Array<number>; vectors: Array<Array<number>> } => {
  const n = matrix.length
  const a = matrix.map((row) => [...row])
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)))
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2
    if (off < 1e-22 * (1 + a.reduce((s, row, i) => s + row[i]! ** 2, 0))) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p]![q] === 0) continue
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!
          const akq = a[k]![q]!
          a[k]![p] = c * akp - s * akq
          a[k]![q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!
          const aqk = a[q]![k]!
          a[p]![k] = c * apk - s * aqk
          a[q]![k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!
          const vkq = v[k]![q]!
          v[k]![p] = c * vkp - s * vkq
          v[k]![q] = s * vkp + c * vkq
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v }
}

/** the most rejected proposals before a draw falls back to the estimate @internal */
export const maxRejections = 100

/**
 * `count` parameter draws of `fit` (fitted to the series `x`, on the scale it
 * was fitted on), seeded. `count = 0` gives none.
 *
 * @internal
 */
export const draws = (fit: Ets.Fit, x: ReadonlyArray<number>, count: number, normal: () => number, seed: number): Array<Draw> => {
  if (count === 0) return []
  const names = Ets.parameterNames(fit.spec)
  const info = Ets.observedInformation(fit.spec, fit.parameters, fit.initial, x)
  const finite = info.every((row) => row.every(Number.isFinite))
  const { values, vectors } = finite ? symmetricEigen(info) : { values: names.map(() => 1), vectors: names.map((_, i) => names.map((_, j): number => (i === j ? 1 : 0))) }
  // covariance square root: V · diag(1 / sqrt(max(|λ|, 1)))
  const scale = values.map((l) => 1 / Math.sqrt(Math.max(Math.abs(l), 1)))
  const dof = fit.n - fit.k
  const gamma = gammaRandom.factory({ seed: (seed >>> 0) || 1 })
  const out: Array<Draw> = []
  for (let d = 0; d < count; d++) {
    let parameters = fit.parameters
    for (let attempt = 0; attempt < maxRejections; attempt++) {
      const e = names.map(() => normal())
      const candidate: { -readonly [K in keyof Ets.Parameters]: number } = { ...fit.parameters }
      names.forEach((name, i) => {
        let shift = 0
        for (let j = 0; j < names.length; j++) shift += vectors[i]![j]! * scale[j]! * e[j]!
        candidate[name] += shift
      })
      if (Ets.admissible(fit.spec, candidate)) {
        parameters = candidate
        break
      }
    }
    const model = Ets.fromParameters(fit.spec, parameters, fit.initial, x)
    // χ²_ν = Gamma(ν/2, rate 1/2)
    const sd = dof > 0 ? Math.sqrt((model.sigma2 * fit.n) / gamma(dof / 2, 0.5)) : Math.sqrt(fit.innovationVariance)
    out.push({ model, sd })
  }
  return out
}
