/**
 * The simulated platform's response model (pure): clicks are concave in
 * spend with the closed form the module states, spend saturates, marginal
 * conversions per extra unit of budget fall, higher bids win more auctions
 * at a higher price, and weekends are quieter than weekdays.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import * as Response from "../../src/cycles/platform/internal/response.ts"

const groups = (bids: ReadonlyArray<number>, quality = 6): Array<Response.AdGroupInput> => [
  { audiences: [], keywords: bids.map((bid) => ({ bid, qualityScore: quality, weight: 1 / bids.length })) }
]

describe("simulated platform response model", () => {
  it("clicks follow A·(1 − e^(−κS/F))/(1 − e^(−κ)) of spend S", () => {
    // A large campaign so that rounding clicks to integers costs < 1e-4 relative.
    const params: Response.CampaignParams = {
      ...Response.drawCampaign(1, 0),
      demand: 200_000,
      referenceCpc: 1,
      curvature: 1.7
    }
    const day = Response.dayNumber("2026-03-04")
    const full = Response.simulateDay(params, 1e12, groups([1]), day)!
    const fullSpend = full.spend
    // Reference values: python3 -c "import math; k=1.7; print([(1-math.exp(-k*f))/(1-math.exp(-k)) for f in (0.25,0.5,0.75)])"
    // -> [0.42361829849187094, 0.7005671424739729, 0.8816279286961114]
    const expected = [0.42361829849187094, 0.7005671424739729, 0.8816279286961114]
    ;[0.25, 0.5, 0.75].forEach((fraction, i) => {
      const part = Response.simulateDay(params, fullSpend * fraction, groups([1]), day)!
      assert.approximately(part.clicks / full.clicks, expected[i]!, 1e-4)
    })
    // Saturation: budget beyond F is not spent.
    const more = Response.simulateDay(params, fullSpend * 3, groups([1]), day)!
    assert.strictEqual(more.spend, full.spend)
    assert.strictEqual(more.conversions, full.conversions)
  })

  it("marginal conversions per extra unit of budget fall (any campaign, day, bids, budget)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 19_000, max: 21_000 }),
        fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 5, max: 300, noNaN: true }),
        fc.double({ min: 5, max: 100, noNaN: true }),
        (seed, index, day, bids, budget, step) => {
          const params = Response.drawCampaign(seed, index)
          const at = (b: number) => Response.simulateDay(params, b, groups(bids), day)!.conversions
          const first = at(budget + step) - at(budget)
          const second = at(budget + 2 * step) - at(budget + step)
          // each value is rounded to cents: the differences carry up to 0.02 of rounding
          assert.isAtMost(second, first + 0.02)
          assert.isAtLeast(second, -0.02)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("a higher bid wins more auctions at a higher cost per click", () => {
    const params = Response.drawCampaign(3, 2)
    const day = Response.dayNumber("2026-03-04")
    const low = Response.simulateDay(params, 1e9, groups([params.referenceCpc * 0.5]), day)!
    const high = Response.simulateDay(params, 1e9, groups([params.referenceCpc * 1.5]), day)!
    assert.isAbove(high.clicks, low.clicks)
    assert.isAbove(high.spend / high.clicks, low.spend / low.clicks)
    assert.isAbove(high.searchImpressionShare, low.searchImpressionShare)
  })

  it("weekends are quieter: mean demand-limited clicks over 52 weeks by weekday", () => {
    const params = { ...Response.drawCampaign(5, 1), weekendFactor: 0.7 }
    const start = Response.dayNumber("2025-01-06") // a Monday
    const byWeekday = Array.from({ length: 7 }, () => 0)
    for (let d = 0; d < 364; d++) {
      byWeekday[d % 7]! += Response.simulateDay(params, 1e9, groups([params.referenceCpc]), start + d)!.clicks
    }
    const weekday = (byWeekday[0]! + byWeekday[1]! + byWeekday[2]! + byWeekday[3]! + byWeekday[4]!) / 5
    const weekend = (byWeekday[5]! + byWeekday[6]!) / 2
    // The model's factors: weekdays average (1.06+1.1+1.1+1.06+0.98)/5 = 1.06, weekend 0.7·(1+1.05)/2 = 0.7175;
    // noise and shocks are the same in expectation on every weekday, so the ratio is near 0.7175/1.06 = 0.677.
    assert.approximately(weekend / weekday, 0.677, 0.06)
  })

  it("draws the same campaign from the same seed and index, and another from another", () => {
    assert.deepStrictEqual(Response.drawCampaign(9, 4), Response.drawCampaign(9, 4))
    assert.notDeepEqual(Response.drawCampaign(9, 4), Response.drawCampaign(10, 4))
    assert.notDeepEqual(Response.drawCampaign(9, 4), Response.drawCampaign(9, 5))
  })

  it("validates calendar dates", () => {
    assert.isTrue(Response.isDate("2024-02-29"))
    assert.isFalse(Response.isDate("2023-02-29"))
    assert.isFalse(Response.isDate("2026-3-1"))
    assert.strictEqual(Response.dateOfDay(Response.dayNumber("2026-03-01")), "2026-03-01")
  })
})
