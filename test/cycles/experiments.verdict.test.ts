/**
 * The verdict: a winner and a confidence level only when the evidence is
 * valid; otherwise the reason (sample-ratio mismatch, insufficient sample,
 * not significant, sequential boundary not crossed). p-values quoted come
 * from scipy 1.17.1 (the call is in the comment next to each).
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import type { ContinuousData, ProportionData } from "../../src/cycles/experiments/Model.ts"
import * as Verdict from "../../src/cycles/experiments/Verdict.ts"

const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${JSON.stringify(r.failure)}`)
  return r.success
}

const prop = (visitors: number, conversions: number): ProportionData => ({ visitors, conversions })

const twoArms = (a: ProportionData | ContinuousData | undefined, b: ProportionData | ContinuousData | undefined) => [
  { key: "A", allocation: 1, observations: a },
  { key: "B", allocation: 1, observations: b }
]

const fixed = (variants: ReadonlyArray<Verdict.VariantInput>, required = 2000): Verdict.VerdictInput => ({
  metric: "proportion",
  method: "fixed_horizon",
  control: "A",
  variants,
  alpha: 0.05,
  alternative: "two-sided",
  required: Object.fromEntries(variants.map((v) => [v.key, required]))
})

describe("verdict", () => {
  it("fixed horizon: B wins at 200/2000 vs 250/2000 with confidence 100·(1 − p)", () => {
    // scipy: stats.chi2_contingency([[250, 1750], [200, 1800]], correction=False)[1] = 0.012350947711191402
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(2000, 200), prop(2000, 250)))))
    assert.strictEqual(v._tag, "Valid")
    if (v._tag !== "Valid") return
    assert.strictEqual(v.winner, "B")
    assert.strictEqual(v.confidenceLevel, 98.76) // floor(100·(1 − 0.012350947711191402), 2 decimals)
    assert.strictEqual(v.results.winner, "B")
    assert.strictEqual(v.results.comparisons.length, 1)
    const c = v.results.comparisons[0]!
    assert.strictEqual(c.test, "two_proportion_z")
    assert.isTrue(c.significant)
    assert.isAbove(c.probabilityBetter!, 0.99)
    assert.strictEqual(v.results.sampleRatio?.mismatch, false)
  })

  it("fixed horizon read before the planned sample: insufficient sample, whatever the p-value", () => {
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(2000, 200), prop(2000, 250)), 3841)))
    assert.strictEqual(v._tag, "NoVerdict")
    if (v._tag === "NoVerdict") {
      assert.strictEqual(v.reason, "insufficient_sample")
      assert.match(v.message, /3841 needed/)
      assert.isNull(v.results.winner)
    }
  })

  it("a variant with no observations: insufficient sample", () => {
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(2000, 200), undefined))))
    assert.strictEqual(v._tag === "NoVerdict" && v.reason, "insufficient_sample")
  })

  it("skewed traffic blocks the verdict even when the test is significant", () => {
    // scipy: stats.chisquare([5000, 5400], [5200, 5200]).pvalue = 8.769942375590228e-05 < 0.001
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(5000, 500), prop(5400, 700)))))
    assert.strictEqual(v._tag, "NoVerdict")
    if (v._tag === "NoVerdict") {
      assert.strictEqual(v.reason, "sample_ratio_mismatch")
      assert.isTrue(v.results.sampleRatio!.mismatch)
      assert.isNull(v.results.winner)
    }
    // a planned 1:2 split observed as 1:2 is fine
    const planned = ok(Verdict.evaluate({
      ...fixed(twoArms(prop(3000, 300), prop(6000, 720))),
      variants: [{ key: "A", allocation: 1, observations: prop(3000, 300) }, { key: "B", allocation: 2, observations: prop(6000, 720) }]
    }))
    assert.strictEqual(planned._tag, "Valid")
  })

  it("no significant difference: not significant", () => {
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(2000, 200), prop(2000, 210)))))
    assert.strictEqual(v._tag === "NoVerdict" && v.reason, "not_significant")
  })

  it("the control wins when the treatment is significantly worse (two-sided)", () => {
    const v = ok(Verdict.evaluate(fixed(twoArms(prop(2000, 250), prop(2000, 200)))))
    assert.strictEqual(v._tag === "Valid" && v.winner, "A")
  })

  it("one-sided 'greater' never declares the control the winner", () => {
    const v = ok(Verdict.evaluate({ ...fixed(twoArms(prop(2000, 250), prop(2000, 200))), alternative: "greater" }))
    assert.strictEqual(v._tag === "NoVerdict" && v.reason, "not_significant")
  })

  it("goal 'decrease' (a cost): the lower arm wins", () => {
    const v = ok(Verdict.evaluate({ ...fixed(twoArms(prop(2000, 250), prop(2000, 200))), goal: "decrease" }))
    assert.strictEqual(v._tag === "Valid" && v.winner, "B")
  })

  it("three variants: Bonferroni alpha/2 per comparison, best significant treatment wins", () => {
    const variants = [
      { key: "A", allocation: 1, observations: prop(2000, 200) },
      { key: "B", allocation: 1, observations: prop(2000, 250) }, // p = 0.01235 < 0.025
      { key: "C", allocation: 1, observations: prop(2000, 240) } // scipy: chi2_contingency([[240,1760],[200,1800]], correction=False)[1] = 0.0442 > 0.025
    ]
    const v = ok(Verdict.evaluate(fixed(variants)))
    assert.strictEqual(v.results.comparisonAlpha, 0.025)
    assert.strictEqual(v._tag === "Valid" && v.winner, "B")
    if (v._tag === "Valid") {
      // the adjusted p is 2·0.012350947711191402
      assert.strictEqual(v.confidenceLevel, 97.52)
      assert.isFalse(v.results.comparisons.find((c) => c.variant === "C")!.significant)
    }
  })

  it("sequential: a crossing gives a winner, no crossing gives 'boundary not crossed'", () => {
    const base = { ...fixed(twoArms(prop(2000, 200), prop(2000, 250))), method: "sequential" as const, tau: 0.02, required: undefined }
    // Λ at d = 0.025, V = p̂(1−p̂)(2/2000) with p̂ = 0.1125: below 1/0.05 = 20 although the fixed test has p = 0.012
    const early = ok(Verdict.evaluate(base))
    assert.strictEqual(early._tag === "NoVerdict" && early.reason, "boundary_not_crossed")
    assert.isBelow(early.results.comparisons[0]!.sequential!.likelihoodRatio!, 20)
    const later = ok(Verdict.evaluate({ ...base, variants: twoArms(prop(6000, 600), prop(6000, 750)) }))
    assert.strictEqual(later._tag === "Valid" && later.winner, "B")
    if (later._tag === "Valid") {
      const s = later.results.comparisons[0]!.sequential!
      assert.isAtLeast(s.likelihoodRatio!, 20)
      assert.strictEqual(later.confidenceLevel, Math.floor(100 * (1 - s.pValue) * 100 + 1e-9) / 100)
    }
    const small = ok(Verdict.evaluate({ ...base, variants: twoArms(prop(50, 5), prop(50, 30)) }))
    assert.strictEqual(small._tag === "NoVerdict" && small.reason, "insufficient_sample")
  })

  it("continuous metric: Welch's test decides", () => {
    // scipy: stats.ttest_ind_from_stats(49.5, 28.0, 380, 52.0, 30.0, 400, equal_var=False).pvalue = 0.22904599997515027
    const v = ok(Verdict.evaluate({
      ...fixed(twoArms({ n: 400, mean: 52, sd: 30 }, { n: 380, mean: 49.5, sd: 28 }), 300),
      metric: "continuous"
    }))
    assert.strictEqual(v._tag === "NoVerdict" && v.reason, "not_significant")
    assert.strictEqual(v.results.comparisons[0]!.test, "welch_t")
    assert.isNull(v.results.comparisons[0]!.probabilityBetter)
  })

  it("invalid input is a typed error naming the field", () => {
    const bad = (input: Verdict.VerdictInput) => {
      const r = Verdict.evaluate(input)
      if (Result.isSuccess(r)) throw new Error("expected a failure")
      return r.failure.field
    }
    const good = fixed(twoArms(prop(2000, 200), prop(2000, 250)))
    assert.strictEqual(bad({ ...good, control: "Z" }), "control")
    assert.strictEqual(bad({ ...good, variants: [good.variants[0]!, { ...good.variants[1]!, key: "A" }] }), "variants[1].key")
    assert.strictEqual(bad({ ...good, variants: twoArms(prop(10, 1), { n: 5, mean: 1, sd: 1 }) }), "variants[1].observations")
    assert.strictEqual(bad({ ...good, method: "sequential" }), "tau")
    assert.strictEqual(bad({ ...good, required: undefined }), "required")
  })

  it("property: a valid verdict names a variant and its confidence exceeds 100·(1 − α); results are plain JSON", () => {
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 20_000 }),
      fc.integer({ min: 0, max: 500 }),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      fc.constantFrom<"sequential" | "fixed_horizon">("sequential", "fixed_horizon"),
      (n, skew, rA, rB, method) => {
        const nB = n + (skew % 3 === 0 ? skew : 0)
        const input: Verdict.VerdictInput = {
          metric: "proportion",
          method,
          control: "A",
          variants: twoArms(prop(n, Math.round(rA * n)), prop(nB, Math.round(rB * nB))),
          alpha: 0.05,
          alternative: "two-sided",
          tau: 0.02,
          required: { A: 100, B: 100 }
        }
        const v = ok(Verdict.evaluate(input))
        assert.deepStrictEqual(JSON.parse(JSON.stringify(v.results)), v.results)
        if (v._tag === "Valid") {
          assert.include(["A", "B"], v.winner)
          assert.isAbove(v.confidenceLevel, 95)
          assert.isAtMost(v.confidenceLevel, 100)
          assert.isFalse(v.results.sampleRatio!.mismatch)
        } else {
          assert.isNull(v.results.winner)
          assert.isNull(v.results.confidenceLevel)
        }
      }
    ), { numRuns: 60 })
  })
})
