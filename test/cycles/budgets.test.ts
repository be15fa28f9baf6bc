/**
 * Budget pool allocation (pure): each strategy's target on hand-checked
 * inputs, the step limits, and properties over random pools: the new budgets
 * never sum past the total (allocated + remaining = total, in cents), no
 * budget moves more than the step allows, and limits hold.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import * as Allocation from "../../src/cycles/budgets/Allocation.ts"

const days = (n: number, spend: number, conversions: number) =>
  Array.from({ length: n }, () => ({ spend, conversions, revenue: conversions * 50, budget: spend }))

const limits: Allocation.Constraints = { total: 300, minBudget: 5, maxBudget: 300, maxMoveShare: 1, minMove: 0 }

const stats = (id: string, budget: number, conversionsPerDay: number): Allocation.CampaignStats => ({
  id,
  budget,
  days: days(14, budget, conversionsPerDay),
  budgetLimited: true,
  peakSpend: budget
})

describe("budget allocation", () => {
  it("equal distribution splits the total evenly", () => {
    const s = [stats("a", 50, 5), stats("b", 100, 1), stats("c", 150, 3)]
    const target = Allocation.target("equal_distribution", Allocation.posteriors(s, limits), limits)
    for (const id of ["a", "b", "c"]) assert.closeTo(target.get(id)!, 100, 1e-6)
  })

  it("performance based is proportional to the Gamma posterior mean of conversions per unit of spend", () => {
    // a: 70 conversions on 700 spend, b: 14 on 1400; pool spend per conversion S0 = 2100/84 = 25
    // weights (70+1)/(700+25) = 0.09793, (14+1)/(1400+25) = 0.010526; a's share 0.90295 of 300 = 270.88
    const s = [stats("a", 50, 5), stats("b", 100, 1)]
    const target = Allocation.target("performance_based", Allocation.posteriors(s, limits), limits)
    assert.closeTo(target.get("a")!, 300 * 0.097931 / (0.097931 + 0.010526), 0.05)
    assert.closeTo(target.get("a")! + target.get("b")!, 300, 1e-6)
  })

  it("opportunity weighting caps a campaign that cannot spend more at its capacity", () => {
    const s = [
      { ...stats("a", 150, 15), budgetLimited: false, peakSpend: 60, days: days(14, 60, 6) },
      stats("b", 150, 5)
    ]
    const target = Allocation.target("opportunity_weighted", Allocation.posteriors(s, limits), limits)
    // a's capacity is 60 × 1.1 = 66; the first fill caps it there, the spare 300 − 66 − b's potential is spread by performance
    assert.isAtMost(target.get("a")! + target.get("b")!, 300 + 1e-6)
    assert.isBelow(target.get("a")!, target.get("b")!, "the better but saturated campaign does not get the most")
  })

  it("Thompson sampling is seeded, and with decisive evidence favours the better campaign", () => {
    const s = [stats("a", 150, 15), stats("b", 150, 3)]
    const p = Allocation.posteriors(s, limits)
    const one = Allocation.target("thompson", p, limits, 42)
    assert.deepStrictEqual([...one], [...Allocation.target("thompson", p, limits, 42)])
    let favoured = 0
    for (let seed = 1; seed <= 50; seed++) if (Allocation.target("thompson", p, limits, seed).get("a")! > 150) favoured++
    assert.strictEqual(favoured, 50)
  })

  it("the step moves at most maxMoveShare of each budget and never past what the cuts free", () => {
    const constraints = { ...limits, maxMoveShare: 0.2, minMove: 1 }
    const next = Allocation.step(new Map([["a", 100], ["b", 100], ["c", 100]]), new Map([["a", 200], ["b", 50], ["c", 50]]), constraints)
    // b and c each give 20; a can take 20 (its own step limit)
    assert.deepStrictEqual([...next], [["a", 120], ["b", 80], ["c", 80]])
    // the pool is full and only 10 is cut: the raise is scaled to 10
    const full = Allocation.step(new Map([["a", 150], ["b", 150]]), new Map([["a", 200], ["b", 140]]), { ...constraints, total: 300 })
    assert.deepStrictEqual([...full], [["a", 160], ["b", 140]])
  })

  it("rejects invalid limits with the field and value", () => {
    const r = Allocation.allocate("equal_distribution", [stats("a", 10, 1), stats("b", 10, 1)], { ...limits, minBudget: 200 })
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) {
      assert.strictEqual(r.failure.field, "minBudget")
      assert.strictEqual(r.failure.value, 200)
    }
    const move = Allocation.allocate("equal_distribution", [stats("a", 10, 1)], { ...limits, maxMoveShare: 0 })
    assert.isTrue(Result.isFailure(move) && move.failure.field === "maxMoveShare")
  })

  it("property: allocated + remaining = total, allocated <= total, steps and limits hold, for every strategy", () => {
    const campaign = fc.record({
      budget: fc.integer({ min: 500, max: 30_000 }).map((c) => c / 100),
      spendShare: fc.double({ min: 0.2, max: 1, noNaN: true }),
      rate: fc.double({ min: 0, max: 0.3, noNaN: true }),
      limited: fc.boolean(),
      share: fc.option(fc.double({ min: 5, max: 100, noNaN: true }), { nil: undefined })
    })
    fc.assert(
      fc.property(
        fc.array(campaign, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.constantFrom(...Allocation.strategies),
        fc.integer({ min: 1, max: 1_000_000 }),
        (cs, slack, maxMoveShare, strategy, seed) => {
          const current = cs.reduce((s, c) => s + c.budget, 0)
          const total = Math.round(current * slack * 100) / 100
          const constraints = { total, minBudget: 5, maxBudget: total, maxMoveShare, minMove: 1 }
          const input = cs.map((c, i): Allocation.CampaignStats => ({
            id: `c${i}`,
            budget: c.budget,
            days: Array.from({ length: 14 }, (_, d) => {
              const spend = c.budget * c.spendShare * (0.8 + 0.03 * d)
              return { spend, conversions: spend * c.rate, revenue: spend * c.rate * 40, budget: c.budget }
            }),
            budgetLimited: c.limited,
            peakSpend: c.budget * c.spendShare,
            impressionShare: c.share
          }))
          const r = Allocation.allocate(strategy, input, constraints, { seed })
          if (Result.isFailure(r)) return cs.length * 5 > total
          const a = r.success
          const cents = [...a.budgets.values()].map((b) => Math.round(b * 100))
          const sum = cents.reduce((x, y) => x + y, 0)
          if (sum > Math.round(total * 100)) return false
          if (Math.round(a.allocated * 100) + Math.round(a.remaining * 100) !== Math.round(total * 100)) return false
          for (const s of input) {
            const next = a.budgets.get(s.id)!
            if (Math.abs(next - s.budget) > maxMoveShare * s.budget + 0.011) return false
            if (next < Math.min(5, s.budget) - 1e-9 || next > Math.max(total, s.budget) + 1e-9) return false
          }
          const target = [...a.target.values()]
          return target.reduce((x, y) => x + y, 0) <= total + 1e-6 && target.every((t) => t >= 5 - 1e-9)
        }
      ),
      { numRuns: 300 }
    )
  })
})
