/**
 * Learning, purely: the verdict and the sAPE of a prediction, and the Beta
 * calibration of confidence per decision type (values worked by hand from
 * the formulas in src/cycles/Learning.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import * as Learning from "../../src/cycles/Learning.ts"

describe("Learning", () => {
  it("scores a prediction by sign and by symmetric absolute percentage error", () => {
    assert.isTrue(Learning.isCorrect(10, 4))
    assert.isFalse(Learning.isCorrect(10, -4))
    assert.isFalse(Learning.isCorrect(10, 0))
    assert.isTrue(Learning.isCorrect(0, 0))
    // with a tolerance of 5: predicting no material change is right when nothing material happened
    assert.isTrue(Learning.isCorrect(2, -4, 5))
    assert.isFalse(Learning.isCorrect(2, 9, 5))
    assert.isFalse(Learning.isCorrect(10, 4, 5), "the right sign but within noise")
    assert.isTrue(Learning.isCorrect(10, 6, 5))
    assert.strictEqual(Learning.sape(10, 10), 0)
    assert.strictEqual(Learning.sape(10, 30), 1) // |30 − 10| / 20
    assert.strictEqual(Learning.sape(10, -10), 2) // the worst: opposite sign, same size
    assert.strictEqual(Learning.sape(0, 0), 0)
  })

  it("calibrates toward the evidence: Beta(c·k + right, (1 − c)·k + wrong) mean", () => {
    const evidence = Learning.evidence([
      { decisionType: "bid_cut", correct: true, weight: 1 },
      { decisionType: "bid_cut", correct: false, weight: 1 },
      { decisionType: "bid_cut", correct: false, weight: 2 },
      { decisionType: "pause", correct: true, weight: 1 }
    ])
    assert.deepStrictEqual({ ...evidence.get("bid_cut")! }, { decisionType: "bid_cut", right: 1, wrong: 3 })
    // (0.8·4 + 1) / (4 + 1 + 3) = 4.2 / 8
    assert.closeTo(Learning.calibrate(0.8, evidence.get("bid_cut"), 4), 0.525, 1e-12)
    // (0.6·4 + 1) / (4 + 1) = 3.4 / 5
    assert.closeTo(Learning.calibrate(0.6, evidence.get("pause"), 4), 0.68, 1e-12)
    assert.strictEqual(Learning.calibrate(0.7, undefined, 4), 0.7, "no evidence: the provider's own confidence")
  })

  it("consistent errors drive confidence toward 0, consistent successes toward 1, always within [0, 1]", () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(fc.boolean(), { maxLength: 60 }),
      fc.double({ min: 0, max: 20, noNaN: true }),
      (raw, outcomes, strength) => {
        const evidence = Learning.evidence(outcomes.map((correct) => ({ decisionType: "t", correct, weight: 1 }))).get("t")
        const c = Learning.calibrate(raw, evidence, strength)
        return c >= 0 && c <= 1
      }
    ))
    const wrong = Array.from({ length: 50 }, () => ({ decisionType: "t", correct: false, weight: 1 }))
    const right = Array.from({ length: 50 }, () => ({ decisionType: "t", correct: true, weight: 1 }))
    assert.isBelow(Learning.calibrate(0.9, Learning.evidence(wrong).get("t"), 4), 0.07)
    assert.isAbove(Learning.calibrate(0.3, Learning.evidence(right).get("t"), 4), 0.94)
  })
})
