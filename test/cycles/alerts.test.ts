import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Detection from "../../src/cycles/alerts/Detection.ts"
import * as Dates from "../../src/cycles/alerts/internal/dates.ts"
import type * as Metrics from "../../src/cycles/alerts/Metrics.ts"
import * as Opportunity from "../../src/cycles/alerts/Opportunity.ts"
import * as Pacing from "../../src/cycles/alerts/Pacing.ts"
import * as Severity from "../../src/cycles/alerts/Severity.ts"

const start = Dates.dayNumber("2026-01-05")!

/** A series of `n` days whose metrics are `f(t)` (spend), with counts scaled from it. */
const series = (n: number, f: (t: number, weekday: number) => number): Array<Metrics.Day> =>
  Array.from({ length: n }, (_, t) => {
    const spend = f(t, Dates.dayOfWeek(start + t))
    return {
      date: Dates.toDate(start + t),
      impressions: Math.round(spend * 40),
      clicks: Math.round(spend),
      conversions: Math.round(spend / 20),
      spend,
      revenue: spend * 3
    }
  })

describe("Detection: properties", () => {
  it("a constant series raises nothing, on any metric, whatever its level", () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 22, max: 90 }), (level, n) => {
        assert.deepStrictEqual(Detection.detect(series(n, () => level)), [])
      }),
      { numRuns: 40 }
    ))

  it("a noise-free weekly pattern with a trend raises nothing", () =>
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.double({ min: -0.005, max: 0.005, noNaN: true }),
        (base, amplitude, growth) => {
          const days = series(
            90,
            (t, d) => Math.round(base * Math.exp(growth * t) * (d === 0 || d === 6 ? 1 - amplitude : 1) * 100) / 100
          )
          assert.deepStrictEqual(Detection.detect(days, { metrics: ["spend", "clicks", "revenue"] }), [])
        }
      ),
      { numRuns: 40 }
    ))

  it("a planted spike or drop on a noise-free weekly series is found on its day, in its direction", () =>
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.integer({ min: 30, max: 89 }),
        fc.constantFrom(3, 2, 0.4, 0.2),
        (base, amplitude, day, factor) => {
          const days = series(90, (t, d) => base * (d === 0 || d === 6 ? 1 - amplitude : 1) * (t === day ? factor : 1))
          const found = Detection.detect(days, { metrics: ["spend"] })
          assert.strictEqual(found.length, 1)
          assert.strictEqual(found[0]!.date, Dates.toDate(start + day))
          assert.strictEqual(found[0]!.direction, factor > 1 ? "above" : "below")
        }
      ),
      { numRuns: 60 }
    ))

  it("too little history: nothing is tested", () => {
    const days = series(21, (t) => (t === 20 ? 10_000 : 100))
    assert.isUndefined(Detection.evaluate(days, "spend", days[20]!.date))
    assert.deepStrictEqual(Detection.detect(days), [])
  })

  it("ratios are not read on days below their minimum denominator (a CPA over two conversions)", () => {
    // spend 30 → conversions round(30/20) = 2 < 5: CPA has no value on any day, so no CPA anomaly
    const days = series(60, (t) => (t === 59 ? 300 : 30)).map((d) => ({ ...d, conversions: 2 }))
    assert.isUndefined(Detection.evaluate(days, "cpa", days[59]!.date))
    assert.isDefined(Detection.evaluate(days, "spend", days[59]!.date))
  })

  it("small counts: Poisson noise sets the scale, so a conversion count of 7 against 2 is not an anomaly", () => {
    const days = series(60, () => 100).map((d, t) => ({ ...d, conversions: t === 59 ? 7 : 2 }))
    const e = Detection.evaluate(days, "conversions", days[59]!.date)!
    assert.closeTo(e.expected, 2, 1e-12)
    // log scale: y = log(7 + 1), ŷ = log(2 + 1); σ = max(MAD 0, log(1.05), √2 / 3, 1 / 3) = √2 / 3;
    // z = log(8 / 3) / (√2 / 3) = 2.08 < 5. The scale in conversions: σ · (2 + 1) = √2.
    assert.closeTo(e.z, Math.log(8 / 3) / (Math.SQRT2 / 3), 1e-12)
    assert.closeTo(e.scale, Math.SQRT2, 1e-12)
    assert.deepStrictEqual(Detection.detect(days, { metrics: ["conversions"] }), [])
    // the same jump on a count of 200 is far outside Poisson noise: log(701/201) / (√200/201) = 17.8
    const big = series(60, () => 100).map((d, t) => ({ ...d, conversions: t === 59 ? 700 : 200 }))
    const [found] = Detection.detect(big, { metrics: ["conversions"] })
    assert.closeTo(found!.z, Math.log(701 / 201) / (Math.sqrt(200) / 201), 1e-9)
    assert.strictEqual(found!.severity, "high")
  })

  it("spikes and drops of the same factor score alike (the log scale is symmetric)", () => {
    const at = (factor: number) =>
      Detection.evaluate(series(60, (t, d) => (d === 0 ? 700 : 1000) * (t === 59 ? factor : 1)), "spend", Dates.toDate(start + 59))!
    assert.closeTo(at(3).z, -at(1 / 3).z, 0.1)
  })

  it("severity grows with |z|", () => {
    assert.strictEqual(Severity.fromSize(5.1, Severity.anomalyCuts), "low")
    assert.strictEqual(Severity.fromSize(7, Severity.anomalyCuts), "medium")
    assert.strictEqual(Severity.fromSize(12, Severity.anomalyCuts), "high")
    assert.strictEqual(Severity.fromSize(25, Severity.anomalyCuts), "critical")
  })
})

const flat = (from: string, n: number, spend: number, extra: Partial<Metrics.Day> = {}): Array<Metrics.Day> =>
  Array.from({ length: n }, (_, i) => ({
    date: Dates.toDate(Dates.dayNumber(from)! + i),
    impressions: 1000,
    clicks: 100,
    conversions: 5,
    spend,
    revenue: spend * 2,
    ...extra
  }))

describe("Pacing", () => {
  const budget: Pacing.Budget = { dailyBudget: 100, monthlyBudget: null, lifetimeBudget: null, startDate: null, endDate: null }

  it("over-pacing: projected = spent before today + 7-day run-rate × days left (today included)", () => {
    // March 2026 has 31 days: budget 100 × 31 = 3,100. Today 2026-03-11: 10 days spent at 130
    // = 1,300; days left 21 (11th–31st); projected 1,300 + 130 × 21 = 4,030; ratio 1.3 → high.
    const [f] = Pacing.pace(budget, flat("2026-03-01", 10, 130), "2026-03-11")
    assert.deepInclude(f, { period: "month", direction: "over", budget: 3100, spentSoFar: 1300, runRate: 130, daysLeft: 21 })
    assert.strictEqual(f!.projected, 4030)
    assert.closeTo(f!.ratio, 4030 / 3100, 1e-12)
    assert.strictEqual(f!.severity, "high")
    // on budget: (3,100 − 1,300) / 21 = 85.71
    assert.strictEqual(f!.onBudgetDaily, 85.71)
  })

  it("on pace raises nothing; today's partial row is not counted", () => {
    const days = [...flat("2026-03-01", 10, 100), ...flat("2026-03-11", 1, 5000)]
    assert.deepStrictEqual(Pacing.pace(budget, days, "2026-03-11"), [])
  })

  it("under-pacing only after a week of the month", () => {
    assert.deepStrictEqual(Pacing.pace(budget, flat("2026-03-01", 5, 40), "2026-03-06"), [])
    const [f] = Pacing.pace(budget, flat("2026-03-01", 10, 40), "2026-03-11")
    assert.deepInclude(f, { direction: "under", severity: "medium" }) // 400 + 40 × 21 = 1,240 = 40% of 3,100
  })

  it("a lifetime budget is paced to the end date; a monthly budget in settings wins over daily × days", () => {
    const lifetime = { ...budget, dailyBudget: null, lifetimeBudget: 1000, startDate: "2026-03-01", endDate: "2026-03-20" }
    const [f] = Pacing.pace(lifetime, flat("2026-03-01", 10, 60), "2026-03-11")
    // 600 + 60 × 10 = 1,200 against 1,000
    assert.deepInclude(f, { period: "lifetime", direction: "over", projected: 1200, daysLeft: 10 })
    assert.deepStrictEqual(Pacing.pace({ ...budget, monthlyBudget: 5000 }, flat("2026-03-01", 10, 130), "2026-03-11"), [])
  })

  it("fewer than three days of spend: no run-rate, no finding", () => {
    assert.deepStrictEqual(Pacing.pace(budget, flat("2026-03-09", 2, 500), "2026-03-11"), [])
  })
})

describe("Opportunity", () => {
  const campaign = { dailyBudget: 100, targetRoas: 1.5 }

  it("budget-capped with ROAS above target: raise by 20%", () => {
    const f = Opportunity.find(campaign, flat("2026-03-01", 14, 99, { searchImpressionShare: 62 }), "2026-03-15")!
    assert.deepInclude(f, { cappedDays: 7, conversions: 70, proposedDailyBudget: 120, medianImpressionShare: 62 })
    assert.closeTo(f.roas, 2, 1e-12)
    assert.strictEqual(f.severity, "low") // ROAS / target = 2 / 1.5 = 1.33, below the medium cut of 1.5
  })

  it("not capped, below target, too few conversions or no target: none", () => {
    assert.isUndefined(Opportunity.find(campaign, flat("2026-03-01", 14, 80), "2026-03-15"))
    assert.isUndefined(Opportunity.find({ ...campaign, targetRoas: 1.9 }, flat("2026-03-01", 14, 99), "2026-03-15"))
    assert.isUndefined(Opportunity.find(campaign, flat("2026-03-01", 14, 99, { conversions: 0.5 }), "2026-03-15"))
    assert.isUndefined(Opportunity.find({ ...campaign, targetRoas: null }, flat("2026-03-01", 14, 99), "2026-03-15"))
  })
})
