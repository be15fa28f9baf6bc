/**
 * Simulated campaigns with a known generating process, to measure forecasts
 * against (seeded: the same options give the same campaigns).
 *
 * Per campaign, with every constant drawn once per campaign:
 *
 * - a daily spend base `B` log-uniform in [30, 3000], a weekly profile of
 *   seven day effects (standard normal, centred, scaled by an amplitude
 *   uniform in [0.05, 0.35]) and a drift `g` uniform in [−0.4%, +0.8%] a day;
 * - `process: "multiplicative"` (default): a log level that random-walks,
 *   `λ_t = λ_{t−1} + g + τ η_t` (τ uniform in [0.005, 0.03]), and
 *   `spend_t = B · exp(λ_t + w_{t mod 7} + σ ε_t)` (σ uniform in [0.05, 0.2]):
 *   level, trend, weekly pattern and noise that scale with the level, as ad
 *   spend does;
 * - `process: "additive"`: the same on the original scale,
 *   `L_t = L_{t−1} + B g + B τ η_t`, `spend_t = max(0, L_t + B (w_{t mod 7} + σ ε_t))`,
 *   exactly the ETS(A,A,A) kind of process;
 * - conversions Poisson with mean `spend_t / CPA` (CPA log-uniform in [5, 80]),
 *   revenue `conversions_t · AOV · exp(0.2 ζ_t)` (AOV log-uniform in [20, 200]),
 *   reach `spend_t · 1000 / CPM · r · exp(0.1 ξ_t)` rounded (CPM uniform in
 *   [4, 20], r uniform in [0.5, 0.8]);
 *
 * with η, ε, ζ, ξ independent standard normal.
 *
 * @since 0.1.0
 */
import { mulberry32 } from "../../internal/random.ts"
import * as Gaussian from "./internal/gaussian.ts"

/**
 * One simulated campaign: the daily series over `history + future` days.
 *
 * @since 0.1.0
 * @category models
 */
export interface Campaign {
  readonly spend: ReadonlyArray<number>
  readonly conversions: ReadonlyArray<number>
  readonly revenue: ReadonlyArray<number>
  readonly reach: ReadonlyArray<number>
}

/**
 * Generator options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed: number
  readonly campaigns: number
  readonly days: number
  readonly process?: "multiplicative" | "additive" | undefined
}

const poisson = (mean: number, uniform: () => number, normal: () => number): number => {
  if (mean <= 0) return 0
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()))
  const limit = Math.exp(-mean)
  let k = 0
  let p = uniform()
  while (p > limit) {
    k++
    p *= uniform()
  }
  return k
}

/**
 * Generates campaigns by the process described above.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): ReadonlyArray<Campaign> => {
  const uniform = mulberry32(options.seed)
  const normal = Gaussian.standardNormal(options.seed ^ 0x5bd1e995)
  const between = (a: number, b: number) => a + (b - a) * uniform()
  const logBetween = (a: number, b: number) => Math.exp(between(Math.log(a), Math.log(b)))
  const multiplicative = (options.process ?? "multiplicative") === "multiplicative"
  return Array.from({ length: options.campaigns }, () => {
    const base = logBetween(30, 3000)
    const raw = Array.from({ length: 7 }, () => normal())
    const mean = raw.reduce((a, b) => a + b, 0) / 7
    const amplitude = between(0.05, 0.35)
    const weekly = raw.map((w) => amplitude * (w - mean))
    const drift = between(-0.004, 0.008)
    const tau = between(0.005, 0.03)
    const sigma = between(0.05, 0.2)
    const cpa = logBetween(5, 80)
    const aov = logBetween(20, 200)
    const cpm = between(4, 20)
    const reachShare = between(0.5, 0.8)
    const spend: Array<number> = []
    const conversions: Array<number> = []
    const revenue: Array<number> = []
    const reach: Array<number> = []
    let level = multiplicative ? 0 : base
    for (let t = 0; t < options.days; t++) {
      const w = weekly[t % 7]!
      let s: number
      if (multiplicative) {
        level += drift + tau * normal()
        s = base * Math.exp(level + w + sigma * normal())
      } else {
        level += base * drift + base * tau * normal()
        s = Math.max(0, level + base * (w + sigma * normal()))
      }
      const c = poisson(s / cpa, uniform, normal)
      spend.push(Math.round(s * 100) / 100)
      conversions.push(c)
      revenue.push(Math.round(c * aov * Math.exp(0.2 * normal()) * 100) / 100)
      reach.push(Math.round(((s * 1000) / cpm) * reachShare * Math.exp(0.1 * normal())))
    }
    return { spend, conversions, revenue, reach }
  })
}
