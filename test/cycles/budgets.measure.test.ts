/**
 * Budget pool strategies over 90 simulated days (`Simulation`, on the
 * simulated platform's pure response model `platform/internal/response.ts`:
 * the same model `SimulatedPlatform` runs, without storage, ~1.5 s for all).
 * Six worlds (seeds 1–6), 8 campaigns each, the pool at half the campaigns'
 * full spend, daily reallocation with a 20% step, every strategy from the
 * equal split with 14 days of warm-up. Measured (seeds 1–6 summed):
 *
 * | strategy | conversions | regret vs best fixed | regret days 1–30 | regret days 61–90 |
 * |---|---|---|---|---|
 * | best fixed allocation in hindsight | 18,226.7 | — | — | — |
 * | opportunity_weighted | 17,887.8 | 339.0 | 167.4 | 84.0 |
 * | thompson | 17,827.9 | 398.9 | 182.7 | 106.8 |
 * | performance_based | 17,316.2 | 910.5 | 292.5 | 289.1 |
 * | equal_distribution | 15,491.4 | 2,735.3 | 889.1 | 923.0 |
 *
 * The best fixed allocation comes from the model's closed form (greedy fill
 * of a concave separable objective); the closed form is checked against the
 * model's own day simulation below.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Simulation from "../../src/cycles/budgets/Simulation.ts"

const seeds = [1, 2, 3, 4, 5, 6]
const results = seeds.map((seed) => Simulation.run({ ...Simulation.defaults, seed }))
const totals = (strategy: string) => {
  let conversions = 0, regret = 0, first30 = 0, last30 = 0
  for (const r of results) {
    const s = r.strategies.find((x) => x.strategy === strategy)!
    conversions += s.conversions
    regret += s.totalRegret
    first30 += s.regret.slice(0, 30).reduce((a, b) => a + b, 0)
    last30 += s.regret.slice(-30).reduce((a, b) => a + b, 0)
  }
  return { conversions, regret, first30, last30 }
}

describe("budget pools measured over 90 simulated days", () => {
  it("the closed form used for regret matches the model's day simulation", () => {
    const options = { ...Simulation.defaults, seed: 3 }
    const w = Simulation.world(options)
    for (const [i, k, b] of [[0, 20, 30], [3, 50, 90], [5, 70, 400], [7, 100, 12.5]] as const) {
      assert.closeTo(w.conversionsAt(i, k, b), w.observe(i, k, b)!.conversions, 0.011)
    }
  })

  it("Thompson sampling and performance-based beat equal distribution; opportunity weighting beats performance-based", () => {
    const equal = totals("equal_distribution")
    const performance = totals("performance_based")
    const opportunity = totals("opportunity_weighted")
    const thompson = totals("thompson")
    const best = results.reduce((s, r) => s + r.bestFixedConversions, 0)
    assert.isAbove(thompson.conversions, equal.conversions * 1.1) // 17,828 vs 15,491 (+15%)
    assert.isAbove(performance.conversions, equal.conversions * 1.05) // 17,316 (+12%)
    assert.isAbove(opportunity.conversions, performance.conversions * 1.02) // 17,888 (+3.3%)
    assert.isAbove(thompson.conversions, performance.conversions * 1.02) // +3.0%
    for (const s of [equal, performance, opportunity, thompson]) {
      assert.closeTo(best - s.conversions, s.regret, 1e-6)
      assert.isAbove(s.regret, 0, "no strategy beats the best fixed allocation in hindsight in aggregate")
    }
  })

  it("Thompson sampling's regret is sublinear: the last 30 days' regret is well under the first 30 days'", () => {
    const thompson = totals("thompson")
    assert.isBelow(thompson.last30, thompson.first30 * 0.75) // 106.8 vs 182.7
    const equal = totals("equal_distribution")
    assert.isAbove(equal.last30, equal.first30 * 0.9, "a strategy that does not learn keeps its regret rate") // 923 vs 889
  })
})
