/**
 * The mixture sequential probability ratio test (mSPRT) with a normal
 * mixture, as in Johari, Koomen, Pekelis & Walsh, "Peeking at A/B Tests:
 * Why it matters, and what to do about it" (KDD 2017) and Johari, Pekelis &
 * Walsh, "Always Valid Inference" (Operations Research 70(3), 2022).
 *
 * **Why this method.** Experiments here are evaluated whenever a cycle runs
 * or a person looks, not at planned interim analyses. Group-sequential
 * alpha spending (Lan–DeMets O'Brien–Fleming) needs the information fraction
 * of each look against a fixed maximum sample, and is only valid for looks
 * it was told about; the mSPRT's likelihood ratio is a non-negative
 * martingale under H0, so by Ville's inequality
 * `P(∃ n: Λ_n ≥ 1/α) ≤ α`: it may be checked after every batch, for as long
 * as the experiment runs, and stopped whenever it crosses.
 *
 * With `θ̂` the observed difference treatment − control, `V` its variance,
 * and the mixing distribution `θ ~ N(0, τ²)`:
 *
 *     Λ = √(V / (V + τ²)) · exp( τ² θ̂² / (2 V (V + τ²)) )
 *
 * The always-valid p-value is `min(1, 1/Λ)` (valid at any stopping time;
 * the running minimum over looks would be more powerful but needs the
 * history, and is not kept), and the always-valid interval is
 *
 *     θ̂ ± √( V (V + τ²) / τ² · (log((V + τ²) / V) − 2 log α) )
 *
 * `V` is estimated from the data: for conversion rates the pooled
 * `p̂(1 − p̂)(1/n_A + 1/n_B)` (the variance under H0, which is what keeps
 * the false-positive rate), for continuous metrics `s_A²/n_A + s_B²/n_B`.
 * The plug-in makes the guarantee asymptotic; the A/A peeking simulation in
 * `test/cycles/experiments.sequential.test.ts` measures it. `τ` should be
 * on the order of the effect one hopes to detect (Johari et al. §4): the
 * default is the plan's minimum detectable effect.
 *
 * The mixture is symmetric, so the test is two-sided; a one-sided question
 * accepts only a crossing in its direction (conservative).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import type { ContinuousData, Interval, ProportionData } from "./Model.ts"
import * as ProportionTest from "./ProportionTest.ts"
import * as WelchTest from "./WelchTest.ts"

/**
 * The result of an mSPRT look.
 *
 * @since 0.1.0
 * @category models
 */
export interface SequentialResult {
  readonly difference: number
  readonly variance: number
  readonly tau: number
  /** the mixture likelihood ratio Λ (Infinity when it overflows a double) */
  readonly likelihoodRatio: number
  /** log Λ (finite when Λ overflows; −Infinity when no variance is observed yet) */
  readonly logLikelihoodRatio: number
  /** always-valid p-value, min(1, 1/Λ) */
  readonly pValue: number
  /** Λ ≥ 1/α */
  readonly crossed: boolean
  /** always-valid (1 − α) confidence interval for the difference */
  readonly interval: Interval
}

/**
 * One mSPRT look from the difference and its variance.
 *
 * @since 0.1.0
 * @category tests
 */
export const look = (input: {
  readonly difference: number
  readonly variance: number
  readonly tau: number
  readonly alpha: number
}): Result.Result<SequentialResult, InvalidExperimentInput> => {
  const error = Check.first(
    Check.finite("difference", input.difference),
    Check.nonNegative("variance", input.variance),
    Check.positive("tau", input.tau),
    Check.openUnit("alpha", input.alpha)
  )
  if (error !== undefined) return Result.fail(error)
  const { alpha, difference, tau, variance: v } = input
  const t2 = tau * tau
  if (v === 0) {
    // no variance observed yet (no conversion at all): no evidence either way
    return Result.succeed({
      difference,
      variance: v,
      tau,
      likelihoodRatio: 0,
      logLikelihoodRatio: Number.NEGATIVE_INFINITY,
      pValue: 1,
      crossed: false,
      interval: { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY }
    })
  }
  const logLambda = 0.5 * Math.log(v / (v + t2)) + (t2 * difference * difference) / (2 * v * (v + t2))
  const likelihoodRatio = Math.exp(logLambda)
  const half = Math.sqrt(((v * (v + t2)) / t2) * (Math.log((v + t2) / v) - 2 * Math.log(alpha)))
  return Result.succeed({
    difference,
    variance: v,
    tau,
    likelihoodRatio,
    logLikelihoodRatio: logLambda,
    pValue: Math.min(1, Math.exp(-logLambda)),
    crossed: logLambda >= -Math.log(alpha),
    interval: { lower: difference - half, upper: difference + half }
  })
}

/**
 * An mSPRT look for two conversion rates (pooled variance).
 *
 * @since 0.1.0
 * @category tests
 */
export const proportions = (input: {
  readonly control: ProportionData
  readonly treatment: ProportionData
  readonly tau: number
  readonly alpha: number
}): Result.Result<SequentialResult, InvalidExperimentInput> => {
  const error = Check.first(
    ProportionTest.checkData("control", input.control),
    ProportionTest.checkData("treatment", input.treatment)
  )
  if (error !== undefined) return Result.fail(error)
  const { conversions: xA, visitors: nA } = input.control
  const { conversions: xB, visitors: nB } = input.treatment
  const pooled = (xA + xB) / (nA + nB)
  return look({
    difference: xB / nB - xA / nA,
    variance: pooled * (1 - pooled) * (1 / nA + 1 / nB),
    tau: input.tau,
    alpha: input.alpha
  })
}

/**
 * An mSPRT look for two means (unpooled variance of the difference).
 *
 * @since 0.1.0
 * @category tests
 */
export const means = (input: {
  readonly control: ContinuousData
  readonly treatment: ContinuousData
  readonly tau: number
  readonly alpha: number
}): Result.Result<SequentialResult, InvalidExperimentInput> => {
  const error = Check.first(
    WelchTest.checkData("control", input.control),
    WelchTest.checkData("treatment", input.treatment)
  )
  if (error !== undefined) return Result.fail(error)
  const a = input.control
  const b = input.treatment
  return look({
    difference: b.mean - a.mean,
    variance: (a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n,
    tau: input.tau,
    alpha: input.alpha
  })
}
