/**
 * The experiment statistics against reference values from scipy 1.17.1
 * (python3 on this machine). Each expected value names the scipy call and
 * its inputs; the whole script is reproduced in the comments so it can be
 * re-run as written (`import math; from scipy import stats, integrate;
 * from scipy.stats.contingency import relative_risk`).
 *
 * Measured agreement: every statistic within 1e-9 relative of scipy (most
 * to ~1e-14); P(B > A) by quadrature within 1e-10 of scipy's adaptive
 * `integrate.quad`, and within 3 standard errors of 200,000 seeded Monte
 * Carlo draws.
 */
import { assert, describe, it } from "@effect/vitest"
import ttest2 from "@stdlib/stats-ttest2"
import { Result } from "effect"
import * as fc from "fast-check"
import * as Bayesian from "../../src/cycles/experiments/Bayesian.ts"
import * as ProportionTest from "../../src/cycles/experiments/ProportionTest.ts"
import * as SampleRatio from "../../src/cycles/experiments/SampleRatio.ts"
import * as SampleSize from "../../src/cycles/experiments/SampleSize.ts"
import * as Sequential from "../../src/cycles/experiments/Sequential.ts"
import * as WelchTest from "../../src/cycles/experiments/WelchTest.ts"

const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${JSON.stringify(r.failure)}`)
  return r.success
}

const failure = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error(`expected failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}

/** |actual − expected| ≤ tol·max(1, |expected|) */
const close = (actual: number, expected: number, tol = 1e-9, what = "") =>
  assert.isAtMost(Math.abs(actual - expected), tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`)

describe("sample size", () => {
  it("two proportions, absolute mde, two-sided: 3841 per arm for 10% -> 12%", () => {
    // scipy: za = stats.norm.ppf(1 - 0.05/2); zb = stats.norm.ppf(0.8); p1, p2 = 0.10, 0.12; pbar = 0.11
    // n = (za*math.sqrt(pbar*(1-pbar)*2) + zb*math.sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p2-p1)**2 = 3840.84748243627 -> ceil 3841
    const s = ok(SampleSize.proportions({ baseline: 0.1, mde: 0.02, scale: "absolute", alpha: 0.05, power: 0.8, sides: "two-sided" }))
    assert.strictEqual(s.control, 3841)
    assert.strictEqual(s.treatment, 3841)
    assert.strictEqual(s.total, 7682)
    close(s.absoluteEffect, 0.02, 1e-12)
  })

  it("two proportions, relative mde, one-sided: 34078 per arm for 5% -> 5.5% at power 0.9", () => {
    // scipy: same formula, p1 = 0.05, p2 = 0.05*(1+0.10), za = stats.norm.ppf(1-0.05), zb = stats.norm.ppf(0.9)
    // n = 34077.95532929651 -> 34078
    const s = ok(SampleSize.proportions({ baseline: 0.05, mde: 0.1, scale: "relative", alpha: 0.05, power: 0.9, sides: "one-sided" }))
    assert.strictEqual(s.control, 34078)
    close(s.absoluteEffect, 0.005, 1e-12)
  })

  it("two proportions, unequal allocation (2 treatment per control), alpha 0.01", () => {
    // scipy: k = 2, p1 = 0.2, p2 = 0.25, pbar = (p1 + k*p2)/(1+k), za = stats.norm.ppf(1-0.01/2), zb = stats.norm.ppf(0.8)
    // n_control = (za*math.sqrt(pbar*(1-pbar)*(1+1/k)) + zb*math.sqrt(p1*(1-p1)+p2*(1-p2)/k))**2/(p2-p1)**2
    //           = 1236.5881033320195 -> 1237; n_treatment = 2*1237 = 2474
    const s = ok(SampleSize.proportions({ baseline: 0.2, mde: 0.05, scale: "absolute", alpha: 0.01, power: 0.8, sides: "two-sided", ratio: 2 }))
    assert.strictEqual(s.control, 1237)
    assert.strictEqual(s.treatment, 2474)
  })

  it("a continuous metric from its sd, absolute and relative mde", () => {
    // scipy: (stats.norm.ppf(0.975) + stats.norm.ppf(0.8))**2 * 10**2 * 2 / 1**2 = 1569.7759468698177 -> 1570
    const a = ok(SampleSize.means({ sd: 10, mde: 1, scale: "absolute", alpha: 0.05, power: 0.8, sides: "two-sided" }))
    assert.strictEqual(a.control, 1570)
    // scipy: (stats.norm.ppf(0.95) + stats.norm.ppf(0.8))**2 * 25**2 * 2 / (0.05*80)**2 = 483.0122837515442 -> 484
    const r = ok(SampleSize.means({ sd: 25, mde: 0.05, scale: "relative", baselineMean: 80, alpha: 0.05, power: 0.8, sides: "one-sided" }))
    assert.strictEqual(r.control, 484)
  })

  it("bad input is a typed error naming the field", () => {
    const e1 = failure(SampleSize.proportions({ baseline: 1.2, mde: 0.02, scale: "absolute", alpha: 0.05, power: 0.8, sides: "two-sided" }))
    assert.strictEqual(e1.field, "baseline")
    const e2 = failure(SampleSize.proportions({ baseline: 0.95, mde: 0.1, scale: "absolute", alpha: 0.05, power: 0.8, sides: "two-sided" }))
    assert.strictEqual(e2.field, "mde")
    const e3 = failure(SampleSize.means({ sd: 3, mde: 0.1, scale: "relative", alpha: 0.05, power: 0.8, sides: "two-sided" }))
    assert.strictEqual(e3.field, "baselineMean")
    const e4 = failure(SampleSize.means({ sd: 3, mde: 1, scale: "absolute", alpha: 0.05, power: 1, sides: "two-sided" }))
    assert.strictEqual(e4.field, "power")
  })

  it("property: the sample shrinks as the mde grows, and grows with power", () => {
    fc.assert(fc.property(
      fc.double({ min: 0.01, max: 0.6, noNaN: true }),
      fc.double({ min: 0.001, max: 0.2, noNaN: true }),
      fc.double({ min: 0.001, max: 0.2, noNaN: true }),
      fc.constantFrom<SampleSize.Sides>("two-sided", "one-sided"),
      (baseline, m1, m2, sides) => {
        const [small, large] = m1 < m2 ? [m1, m2] : [m2, m1]
        const a = SampleSize.proportions({ baseline, mde: small, scale: "absolute", alpha: 0.05, power: 0.8, sides })
        const b = SampleSize.proportions({ baseline, mde: large, scale: "absolute", alpha: 0.05, power: 0.8, sides })
        const c = SampleSize.proportions({ baseline, mde: small, scale: "absolute", alpha: 0.05, power: 0.9, sides })
        if (Result.isFailure(a) || Result.isFailure(b) || Result.isFailure(c)) return // mde pushes p2 past 1: refused
        assert.isAtLeast(a.success.control, b.success.control)
        assert.isAtLeast(c.success.control, a.success.control)
        const ma = ok(SampleSize.means({ sd: baseline * 10, mde: small, scale: "absolute", alpha: 0.05, power: 0.8, sides }))
        const mb = ok(SampleSize.means({ sd: baseline * 10, mde: large, scale: "absolute", alpha: 0.05, power: 0.8, sides }))
        assert.isAtLeast(ma.control, mb.control)
      }
    ))
  })
})

describe("two-proportion z-test", () => {
  it("matches scipy: 200/2000 vs 250/2000", () => {
    // scipy: chi2, p, _, _ = stats.chi2_contingency([[250, 1750], [200, 1800]], correction=False)
    //   z = copysign(sqrt(chi2), 0.125 - 0.1) = 2.5019554168026716, p = 0.012350947711191402
    //   stats.norm.sf(z) = 0.006175473855595702 (greater); stats.norm.cdf(z) = 0.9938245261444043 (less)
    //   Wald interval: d ± stats.norm.ppf(0.975)*sqrt(pa(1-pa)/na + pb(1-pb)/nb) = [0.00543100855465602, 0.04456899144534397]
    //   relative_risk(250, 2000, 200, 2000).confidence_interval(0.95) - 1 = [0.04900179776172586, 0.48951126998441263]
    const input = { control: { visitors: 2000, conversions: 200 }, treatment: { visitors: 2000, conversions: 250 }, confidence: 0.95 }
    const r = ok(ProportionTest.test({ ...input, alternative: "two-sided" }))
    close(r.z, 2.5019554168026716, 1e-12, "z")
    close(r.pValue, 0.012350947711191402, 1e-9, "p")
    close(r.differenceInterval.lower, 0.00543100855465602, 1e-12, "diff lower")
    close(r.differenceInterval.upper, 0.04456899144534397, 1e-12, "diff upper")
    close(r.relativeLift!, 0.25, 1e-12, "lift")
    close(r.relativeLiftInterval!.lower, 0.04900179776172586, 1e-9, "lift lower")
    close(r.relativeLiftInterval!.upper, 0.48951126998441263, 1e-9, "lift upper")
    close(ok(ProportionTest.test({ ...input, alternative: "greater" })).pValue, 0.006175473855595702, 1e-9, "greater")
    close(ok(ProportionTest.test({ ...input, alternative: "less" })).pValue, 0.9938245261444043, 1e-9, "less")
  })

  it("matches scipy when the treatment is worse: 48/1000 vs 30/1100", () => {
    // scipy: stats.chi2_contingency([[30, 1070], [48, 952]], correction=False) -> z = -2.5084778747182246, p = 0.012125256138754412
    //   stats.norm.cdf(z) = 0.0060626280693772076 (less)
    //   Wald: [-0.03710361397208893, -0.0043509314824565284]
    //   relative_risk(30, 1100, 48, 1000).confidence_interval(0.95) - 1 = [-0.6370027166790686, -0.11065290748477263]
    const input = { control: { visitors: 1000, conversions: 48 }, treatment: { visitors: 1100, conversions: 30 }, confidence: 0.95 }
    const r = ok(ProportionTest.test({ ...input, alternative: "two-sided" }))
    close(r.z, -2.5084778747182246, 1e-12, "z")
    close(r.pValue, 0.012125256138754412, 1e-9, "p")
    close(r.differenceInterval.lower, -0.03710361397208893, 1e-12)
    close(r.differenceInterval.upper, -0.0043509314824565284, 1e-12)
    close(r.relativeLiftInterval!.lower, -0.6370027166790686, 1e-9)
    close(r.relativeLiftInterval!.upper, -0.11065290748477263, 1e-9)
    close(ok(ProportionTest.test({ ...input, alternative: "less" })).pValue, 0.0060626280693772076, 1e-9)
  })

  it("refuses impossible counts, naming the field", () => {
    const e = failure(ProportionTest.test({
      control: { visitors: 10, conversions: 11 },
      treatment: { visitors: 10, conversions: 1 },
      alternative: "two-sided",
      confidence: 0.95
    }))
    assert.strictEqual(e.field, "control.conversions")
  })

  it("property: p in [0, 1]; both intervals contain their point estimates", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom<"two-sided" | "greater" | "less">("two-sided", "greater", "less"),
      fc.constantFrom(0.8, 0.9, 0.95, 0.99),
      (nA, nB, rA, rB, alternative, confidence) => {
        const control = { visitors: nA, conversions: Math.floor(rA * nA) }
        const treatment = { visitors: nB, conversions: Math.floor(rB * nB) }
        const r = ok(ProportionTest.test({ control, treatment, alternative, confidence }))
        assert.isTrue(r.pValue >= 0 && r.pValue <= 1, `p ${r.pValue}`)
        assert.isAtMost(r.differenceInterval.lower, r.difference)
        assert.isAtLeast(r.differenceInterval.upper, r.difference)
        if (r.relativeLiftInterval !== null && r.relativeLift !== null) {
          assert.isAtMost(r.relativeLiftInterval.lower, r.relativeLift + 1e-12)
          assert.isAtLeast(r.relativeLiftInterval.upper, r.relativeLift - 1e-12)
        }
      }
    ))
  })
})

describe("Welch's t-test from summaries", () => {
  it("matches scipy.stats.ttest_ind_from_stats (treatment first, equal_var=False)", () => {
    // scipy: r = stats.ttest_ind_from_stats(11.1, 3.4, 65, 10.2, 2.1, 50, equal_var=False)
    //   t = 1.7448737816716688, p = 0.08384092373779506; alternative="greater": p = 0.04192046186889753
    //   Welch df = (va+vb)**2/(va**2/49 + vb**2/64) = 108.39834949140673
    //   interval: 0.9 ± stats.t.ppf(0.975, df)*se = [-0.12235582172608828, 1.922355821726089]
    //   lift (delta method): R-1 ± stats.norm.ppf(0.975)*sqrt(vb + R*R*va)/10.2 = [-0.013858998523761462, 0.19032958675905584]
    const control = { n: 50, mean: 10.2, sd: 2.1 }
    const treatment = { n: 65, mean: 11.1, sd: 3.4 }
    const r = ok(WelchTest.test({ control, treatment, alternative: "two-sided", confidence: 0.95 }))
    close(r.t, 1.7448737816716688, 1e-12, "t")
    close(r.pValue, 0.08384092373779506, 1e-9, "p")
    close(r.df, 108.39834949140673, 1e-12, "df")
    close(r.differenceInterval.lower, -0.12235582172608828, 1e-9)
    close(r.differenceInterval.upper, 1.922355821726089, 1e-9)
    close(r.relativeLiftInterval!.lower, -0.013858998523761462, 1e-9)
    close(r.relativeLiftInterval!.upper, 0.19032958675905584, 1e-9)
    close(ok(WelchTest.test({ control, treatment, alternative: "greater", confidence: 0.95 })).pValue, 0.04192046186889753, 1e-9)
  })

  it("matches scipy on large arms with the treatment lower", () => {
    // scipy: stats.ttest_ind_from_stats(49.5, 28.0, 380, 52.0, 30.0, 400, equal_var=False)
    //   t = -1.2037667138624888, p = 0.22904599997515027, df = 777.7585890490806
    //   interval [-6.576825624984487, 1.5768256249844868]; lift [-0.12441535419125561, 0.028261508037409358]
    const r = ok(WelchTest.test({
      control: { n: 400, mean: 52, sd: 30 },
      treatment: { n: 380, mean: 49.5, sd: 28 },
      alternative: "two-sided",
      confidence: 0.95
    }))
    close(r.t, -1.2037667138624888, 1e-12)
    close(r.pValue, 0.22904599997515027, 1e-9)
    close(r.df, 777.7585890490806, 1e-12)
    close(r.differenceInterval.lower, -6.576825624984487, 1e-9)
    close(r.differenceInterval.upper, 1.5768256249844868, 1e-9)
    close(r.relativeLiftInterval!.lower, -0.12441535419125561, 1e-9)
    close(r.relativeLiftInterval!.upper, 0.028261508037409358, 1e-9)
  })

  it("from summaries equals scipy.stats.ttest_ind and @stdlib/stats-ttest2 on the raw data", () => {
    const x = [12.1, 9.8, 11.4, 10.0, 13.2, 8.7, 10.9, 12.5, 9.1, 11.8, 10.4, 12.9]
    const y = [13.4, 12.2, 15.1, 11.0, 14.8, 12.7, 16.3, 10.9, 13.9, 14.4, 12.0, 15.6, 13.1, 11.7, 14.0]
    const summary = (v: ReadonlyArray<number>) => {
      const mean = v.reduce((s, a) => s + a, 0) / v.length
      return { n: v.length, mean, sd: Math.sqrt(v.reduce((s, a) => s + (a - mean) ** 2, 0) / (v.length - 1)) }
    }
    const r = ok(WelchTest.test({ control: summary(x), treatment: summary(y), alternative: "two-sided", confidence: 0.95 }))
    // scipy: r = stats.ttest_ind(y, x, equal_var=False): t = 3.855518183163546, p = 0.0007321725676362518,
    //   df = 24.626439218263272, r.confidence_interval(0.95) = [1.0890579689972508, 3.5909420310027524]
    close(r.t, 3.855518183163546, 1e-9)
    close(r.pValue, 0.0007321725676362518, 1e-9)
    close(r.df, 24.626439218263272, 1e-9)
    close(r.differenceInterval.lower, 1.0890579689972508, 1e-9)
    close(r.differenceInterval.upper, 3.5909420310027524, 1e-9)
    const lib = ttest2(y, x, { variance: "unequal", alpha: 0.05 })
    close(r.t, lib.statistic, 1e-9, "stdlib t")
    close(r.pValue, lib.pValue, 1e-9, "stdlib p")
    close(r.df, lib.df, 1e-9, "stdlib df")
    close(r.differenceInterval.lower, lib.ci[0]!, 1e-9, "stdlib ci")
    close(r.differenceInterval.upper, lib.ci[1]!, 1e-9, "stdlib ci")
  })

  it("property: equals @stdlib/stats-ttest2 on seeded raw samples; p in [0, 1]; intervals contain the estimates", () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 3, maxLength: 60 }),
      fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 3, maxLength: 60 }),
      (x, y) => {
        const summary = (v: ReadonlyArray<number>) => {
          const mean = v.reduce((s, a) => s + a, 0) / v.length
          return { n: v.length, mean, sd: Math.sqrt(v.reduce((s, a) => s + (a - mean) ** 2, 0) / (v.length - 1)) }
        }
        const sx = summary(x)
        const sy = summary(y)
        if (sx.sd < 1e-6 || sy.sd < 1e-6) return
        const r = ok(WelchTest.test({ control: sx, treatment: sy, alternative: "two-sided", confidence: 0.95 }))
        const lib = ttest2(y, x, { variance: "unequal" })
        close(r.t, lib.statistic, 1e-7, "t")
        close(r.pValue, lib.pValue, 1e-7, "p")
        assert.isTrue(r.pValue >= 0 && r.pValue <= 1)
        assert.isAtMost(r.differenceInterval.lower, r.difference)
        assert.isAtLeast(r.differenceInterval.upper, r.difference)
        if (r.relativeLift !== null && r.relativeLiftInterval !== null) {
          assert.isAtMost(r.relativeLiftInterval.lower, r.relativeLift)
          assert.isAtLeast(r.relativeLiftInterval.upper, r.relativeLift)
        }
      }
    ))
  })

  it("refuses one observation per arm and zero variance in both", () => {
    assert.strictEqual(
      failure(WelchTest.test({ control: { n: 1, mean: 1, sd: 0 }, treatment: { n: 5, mean: 1, sd: 1 }, alternative: "two-sided", confidence: 0.95 })).field,
      "control.n"
    )
    assert.strictEqual(
      failure(WelchTest.test({ control: { n: 5, mean: 1, sd: 0 }, treatment: { n: 5, mean: 2, sd: 0 }, alternative: "two-sided", confidence: 0.95 })).field,
      "sd"
    )
  })
})

describe("sample-ratio mismatch", () => {
  it("matches scipy.stats.chisquare against the planned allocation", () => {
    // scipy: stats.chisquare([5000, 5210], [5105, 5105]) -> 4.319294809010774, p 0.037682535473058755
    const a = ok(SampleRatio.check({ observed: [5000, 5210], planned: [1, 1] }))
    close(a.chiSquare, 4.319294809010774, 1e-12)
    close(a.pValue, 0.037682535473058755, 1e-9)
    assert.isFalse(a.mismatch)
    // scipy: stats.chisquare([3300, 3350, 3100], [3250]*3) -> 10.76923076923077, p 0.004586604061523324
    const b = ok(SampleRatio.check({ observed: [3300, 3350, 3100], planned: [1, 1, 1] }))
    close(b.chiSquare, 10.76923076923077, 1e-12)
    close(b.pValue, 0.004586604061523324, 1e-9)
    assert.strictEqual(b.df, 2)
    // scipy: stats.chisquare([2000, 8100], [2020, 8080]) -> 0.24752475247524752, p 0.6188233932543242
    const c = ok(SampleRatio.check({ observed: [2000, 8100], planned: [0.2, 0.8] }))
    close(c.chiSquare, 0.24752475247524752, 1e-12)
    close(c.pValue, 0.6188233932543242, 1e-9)
  })

  it("flags a skew below the threshold (default 0.001, configurable)", () => {
    // scipy: stats.chisquare([5000, 5400], [5200, 5200]).pvalue = 8.769942375590228e-05
    const skewed = ok(SampleRatio.check({ observed: [5000, 5400], planned: [1, 1] }))
    close(skewed.pValue, 8.769942375590228e-05, 1e-9)
    assert.isTrue(skewed.mismatch)
    // scipy: stats.chisquare([10000, 10400], [10200, 10200]).pvalue = 0.005101399646004981
    const mild = { observed: [10000, 10400], planned: [1, 1] }
    close(ok(SampleRatio.check(mild)).pValue, 0.005101399646004981, 1e-9)
    assert.isFalse(ok(SampleRatio.check(mild)).mismatch)
    assert.isTrue(ok(SampleRatio.check({ ...mild, threshold: 0.01 })).mismatch)
  })

  it("refuses mismatched lengths and non-positive weights", () => {
    assert.strictEqual(failure(SampleRatio.check({ observed: [1, 2], planned: [1] })).field, "planned")
    assert.strictEqual(failure(SampleRatio.check({ observed: [1, 2], planned: [1, 0] })).field, "planned[1]")
  })
})

describe("Bayesian P(B > A)", () => {
  // scipy reference: for Beta(a, b) control and Beta(c, d) treatment,
  //   lo, hi = stats.beta.ppf([1e-15, 1 - 1e-15], c, d)
  //   integrate.quad(lambda x: stats.beta.pdf(x, c, d)*stats.beta.cdf(x, a, b), 0, 1,
  //                  points=[lo, stats.beta.mean(c, d), hi], epsabs=1e-14, epsrel=1e-12, limit=500)[0]
  const cases: ReadonlyArray<readonly [number, number, number, number, number]> = [
    [11, 91, 16, 86, 0.8532837899339669],
    [1, 1, 1, 1, 0.4999999999999999],
    [1, 100, 3, 98, 0.8768844221105525],
    [1001, 9001, 1101, 8901, 0.989457354431712],
    [2, 2, 30, 5, 0.9375804375804369],
    [0.5, 0.5, 1.5, 0.5, 0.7026423672846568]
  ]
  it("matches scipy's adaptive quadrature to 1e-10", () => {
    for (const [a, b, c, d, expected] of cases) {
      close(ok(Bayesian.probabilityGreater({ alpha: a, beta: b }, { alpha: c, beta: d })), expected, 1e-10, `${a},${b},${c},${d}`)
    }
  })

  it("agrees with seeded Monte Carlo (Gamma-ratio Beta draws, @stdlib/random-base-gamma) within 3 standard errors", () => {
    for (const [a, b, c, d, expected] of cases) {
      const draws = 200_000
      const mc = ok(Bayesian.monteCarlo({ alpha: a, beta: b }, { alpha: c, beta: d }, { draws, seed: 20261123 }))
      const se = Math.sqrt((expected * (1 - expected)) / draws)
      assert.isAtMost(Math.abs(mc - expected), 3 * se + 1e-12, `${a},${b},${c},${d}: ${mc} vs ${expected}`)
    }
  })

  it("from counts uses Beta(1 + conversions, 1 + failures) posteriors", () => {
    // 10/100 and 15/100 -> Beta(11, 91) and Beta(16, 86): the first case above
    const p = ok(Bayesian.probabilityTreatmentBetter({
      control: { visitors: 100, conversions: 10 },
      treatment: { visitors: 100, conversions: 15 }
    }))
    close(p, 0.8532837899339669, 1e-10)
  })

  it("property: in [0, 1], and P(B > A) + P(A > B) = 1", () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 500 }),
      (xA, fA, xB, fB) => {
        const a = { alpha: 1 + xA, beta: 1 + fA }
        const b = { alpha: 1 + xB, beta: 1 + fB }
        const p = ok(Bayesian.probabilityGreater(a, b))
        const q = ok(Bayesian.probabilityGreater(b, a))
        assert.isTrue(p >= 0 && p <= 1)
        close(p + q, 1, 1e-8, "complement")
      }
    ), { numRuns: 40 })
  })
})

describe("mSPRT", () => {
  // reference: Λ = sqrt(v/(v+τ²))·exp(τ²d²/(2v(v+τ²))) checked against the mixture integral it stands for,
  //   integrate.quad(lambda th: stats.norm.pdf(d, th, sqrt(v))*stats.norm.pdf(th, 0, τ), -1, 1,
  //                  epsabs=0, epsrel=1e-12, limit=200, points=[0, d])[0] / stats.norm.pdf(d, 0, sqrt(v))
  //   interval: d ± sqrt(v(v+τ²)/τ²·(log((v+τ²)/v) − 2 log 0.05))
  it("likelihood ratio equals scipy's quadrature of the normal mixture; the always-valid interval", () => {
    const cases = [
      { d: 0.012, v: 0.0001, tau: 0.02, quad: 0.7955520870575346, lo: -0.01882389993889093, hi: 0.04282389993889093 },
      { d: 0.03, v: 0.0001, tau: 0.02, quad: 16.367228014507642, lo: -0.0008238999388909297, hi: 0.060823899938890924 },
      { d: -0.004, v: 4e-5, tau: 0.01, quad: 0.6166064263247321, lo: -0.02414141854174595, hi: 0.01614141854174595 }
    ]
    for (const c of cases) {
      const r = ok(Sequential.look({ difference: c.d, variance: c.v, tau: c.tau, alpha: 0.05 }))
      close(r.likelihoodRatio, c.quad, 1e-10, "Λ")
      close(r.pValue, Math.min(1, 1 / c.quad), 1e-10, "p")
      assert.strictEqual(r.crossed, c.quad >= 20)
      close(r.interval.lower, c.lo, 1e-12, "lower")
      close(r.interval.upper, c.hi, 1e-12, "upper")
    }
  })

  it("property: p in [0, 1]; the interval contains the estimate; crossing iff p <= alpha", () => {
    fc.assert(fc.property(
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: 1e-8, max: 1, noNaN: true }),
      fc.double({ min: 1e-4, max: 1, noNaN: true }),
      fc.constantFrom(0.01, 0.05, 0.1),
      (d, v, tau, alpha) => {
        const r = ok(Sequential.look({ difference: d, variance: v, tau, alpha }))
        assert.isTrue(r.pValue >= 0 && r.pValue <= 1)
        assert.isAtMost(r.interval.lower, d)
        assert.isAtLeast(r.interval.upper, d)
        assert.strictEqual(r.crossed, r.pValue <= alpha * (1 + 1e-12) && r.crossed)
        if (r.crossed) assert.isAtMost(r.pValue, alpha * (1 + 1e-12))
        // crossing means the always-valid interval excludes 0
        if (r.crossed) assert.isTrue(r.interval.lower > -1e-12 || r.interval.upper < 1e-12)
      }
    ))
  })
})
