/**
 * Peeking: A/A experiments looked at after every batch. The always-valid
 * mSPRT (`Sequential`) keeps its false-positive rate at or below α however
 * often it is looked at; the naive fixed-horizon z-test, read after every
 * batch and stopped at the first p < α, does not. Seeded, so the figures
 * are reproducible with `npx vitest run test/cycles/experiments.sequential.test.ts`:
 *
 * - conversion rate 10% in both arms, 2,000 runs × 25 looks of 200 units per
 *   arm, α = 0.05, τ = 0.02: mSPRT false-positive rate 0.0135 (one-sided 95%
 *   Wilson upper bound 0.018, asserted ≤ α), naive repeated z-test 0.263
 *   (5.3× α, asserted > 2α);
 * - continuous metric N(50, 20²) in both arms, 1,000 runs × 20 looks of 100,
 *   τ = 2: mSPRT 0.013 (upper bound asserted ≤ α), naive Welch test 0.247;
 * - a real effect (10% → 13%) under the same schedule: the mSPRT stops with
 *   the right sign in 0.95 of 400 runs (asserted > 0.8), so its validity is not bought by never
 *   rejecting.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as ProportionTest from "../../src/cycles/experiments/ProportionTest.ts"
import * as Sequential from "../../src/cycles/experiments/Sequential.ts"
import * as WelchTest from "../../src/cycles/experiments/WelchTest.ts"

/** mulberry32: a small seeded uniform generator for the simulation */
const uniform = (seed: number) => {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const alpha = 0.05

const simulateProportions = (options: {
  readonly runs: number
  readonly looks: number
  readonly batch: number
  readonly pA: number
  readonly pB: number
  readonly tau: number
  readonly seed: number
}) => {
  const rnd = uniform(options.seed)
  let sequentialStops = 0
  let sequentialRightSign = 0
  let naiveStops = 0
  for (let r = 0; r < options.runs; r++) {
    let xA = 0
    let xB = 0
    let n = 0
    let seq = false
    let naive = false
    for (let look = 0; look < options.looks; look++) {
      for (let i = 0; i < options.batch; i++) {
        if (rnd() < options.pA) xA++
        if (rnd() < options.pB) xB++
      }
      n += options.batch
      const control = { visitors: n, conversions: xA }
      const treatment = { visitors: n, conversions: xB }
      if (!seq) {
        const s = Sequential.proportions({ control, treatment, tau: options.tau, alpha })
        if (Result.isFailure(s)) throw new Error(s.failure.message)
        if (s.success.crossed) {
          seq = true
          if (s.success.difference > 0 === options.pB > options.pA) sequentialRightSign++
        }
      }
      if (!naive) {
        const z = ProportionTest.test({ control, treatment, alternative: "two-sided", confidence: 1 - alpha })
        if (Result.isFailure(z)) throw new Error(z.failure.message)
        if (z.success.pValue < alpha) naive = true
      }
    }
    if (seq) sequentialStops++
    if (naive) naiveStops++
  }
  return {
    sequential: sequentialStops / options.runs,
    sequentialRightSign: sequentialRightSign / options.runs,
    naive: naiveStops / options.runs
  }
}

/** one-sided 95% upper bound of a binomial proportion (Wilson) */
const upper95 = (p: number, n: number) => {
  const z = 1.6448536269514722 // scipy 1.17.1: stats.norm.ppf(0.95)
  const centre = p + (z * z) / (2 * n)
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  return (centre + spread) / (1 + (z * z) / n)
}

describe("sequential testing under continuous peeking", () => {
  it("A/A conversion rates, peeking after every batch: mSPRT stays at or below alpha, the naive z-test does not", () => {
    const runs = 2000
    const r = simulateProportions({ runs, looks: 25, batch: 200, pA: 0.1, pB: 0.1, tau: 0.02, seed: 20261123 })
    console.log(
      `A/A proportions (${runs} runs x 25 looks): mSPRT FPR ${r.sequential} (95% upper ${upper95(r.sequential, runs).toFixed(3)}), naive ${r.naive}`
    )
    assert.isAtMost(upper95(r.sequential, runs), alpha)
    assert.isAbove(r.naive, 2 * alpha)
  })

  it("A/A continuous metric, peeking after every batch: mSPRT at or below alpha, the naive Welch test above", () => {
    const rnd = uniform(7)
    const normal = () => {
      // Box–Muller
      const u = 1 - rnd()
      const v = rnd()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    }
    const runs = 1000
    const looks = 20
    const batch = 100
    let seqStops = 0
    let naiveStops = 0
    for (let r = 0; r < runs; r++) {
      const sums = [0, 0]
      const squares = [0, 0]
      let n = 0
      let seq = false
      let naive = false
      for (let look = 0; look < looks; look++) {
        for (let i = 0; i < batch; i++) {
          for (const arm of [0, 1]) {
            const x = 50 + 20 * normal()
            sums[arm]! += x
            squares[arm]! += x * x
          }
        }
        n += batch
        const summary = (arm: number) => {
          const mean = sums[arm]! / n
          return { n, mean, sd: Math.sqrt(Math.max(0, (squares[arm]! - n * mean * mean) / (n - 1))) }
        }
        const control = summary(0)
        const treatment = summary(1)
        const s = Sequential.means({ control, treatment, tau: 2, alpha })
        if (Result.isSuccess(s) && s.success.crossed) seq = true
        const w = WelchTest.test({ control, treatment, alternative: "two-sided", confidence: 1 - alpha })
        if (Result.isSuccess(w) && w.success.pValue < alpha) naive = true
      }
      if (seq) seqStops++
      if (naive) naiveStops++
    }
    console.log(`A/A continuous (${runs} runs x ${looks} looks): mSPRT FPR ${seqStops / runs}, naive ${naiveStops / runs}`)
    assert.isAtMost(upper95(seqStops / runs, runs), alpha)
    assert.isAbove(naiveStops / runs, 2 * alpha)
  })

  it("a real effect (10% -> 13%) is still found, with the right sign", () => {
    const r = simulateProportions({ runs: 400, looks: 25, batch: 200, pA: 0.1, pB: 0.13, tau: 0.02, seed: 99 })
    console.log(`A/B 10% -> 13% (400 runs x 25 looks): mSPRT stops ${r.sequential}, right sign ${r.sequentialRightSign}`)
    assert.isAbove(r.sequentialRightSign, 0.8)
  })
})
