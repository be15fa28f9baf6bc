/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998, "Convergence
 * properties of the Nelder–Mead simplex method in low dimensions": reflection
 * 1, expansion 2, contraction 1/2, shrink 1/2), for the few smoothing
 * parameters of an ETS model. Unconstrained: callers map bounded parameters
 * through a logistic transform.
 *
 * @internal
 */

/** @internal */
export interface Minimum {
  readonly x: ReadonlyArray<number>
  readonly value: number
  readonly iterations: number
}

/** @internal */
export const minimize = (
  f: (x: ReadonlyArray<number>) => number,
  x0: ReadonlyArray<number>,
  options: {
    readonly step?: number
    /**
     * stop when the simplex's values differ by at most this much (a value
     * criterion only: a parameter pressed against its bound maps to a flat,
     * unbounded direction, where the vertices never come together)
     */
    readonly fTolerance?: number
    readonly maxIterations?: number
  } = {}
): Minimum => {
  const n = x0.length
  const step = options.step ?? 0.5
  const fTolerance = options.fTolerance ?? 1e-8
  const maxIterations = options.maxIterations ?? 200 * n
  const value = (x: ReadonlyArray<number>) => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  const simplex: Array<{ x: Array<number>; v: number }> = [{ x: [...x0], v: value(x0) }]
  for (let i = 0; i < n; i++) {
    const x = [...x0]
    x[i] = x[i]! + step
    simplex.push({ x, v: value(x) })
  }
  const combine = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, t: number) => a.map((ai, i) => ai + t * (b[i]! - ai))
  let iterations = 0
  while (iterations < maxIterations) {
    simplex.sort((a, b) => a.v - b.v)
    const best = simplex[0]!
    const worst = simplex[n]!
    if (Math.abs(worst.v - best.v) <= fTolerance) break
    iterations++
    const centroid = new Array<number>(n).fill(0)
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + simplex[k]!.x[i]! / n
    const reflected = combine(centroid, worst.x, -1)
    const vr = value(reflected)
    if (vr < best.v) {
      const expanded = combine(centroid, worst.x, -2)
      const ve = value(expanded)
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr }
      continue
    }
    if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: reflected, v: vr }
      continue
    }
    const outside = vr < worst.v
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5)
    const vc = value(contracted)
    if (vc < (outside ? vr : worst.v)) {
      simplex[n] = { x: contracted, v: vc }
      continue
    }
    for (let k = 1; k <= n; k++) {
      const x = combine(best.x, simplex[k]!.x, 0.5)
      simplex[k] = { x, v: value(x) }
    }
  }
  simplex.sort((a, b) => a.v - b.v)
  return { x: simplex[0]!.x, value: simplex[0]!.v, iterations }
}
