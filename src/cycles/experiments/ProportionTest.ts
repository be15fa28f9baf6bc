/**
 * The two-proportion z-test (pooled) for a conversion metric, with
 * confidence intervals for the absolute difference and the relative lift.
 *
 * - Statistic: `z = (p_B − p_A) / √(p̂(1 − p̂)(1/n_A + 1/n_B))`, `p̂` the
 *   pooled rate (the score test; its two-sided p-value equals Pearson's
 *   chi-square on the 2×2 table without continuity correction).
 * - Difference: the Wald interval `(p_B − p_A) ± z_{1−α/2}·√(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B)`.
 * - Relative lift `p_B/p_A − 1`: the delta method on the log of the ratio
 *   (Katz et al., *Biometrics* 34, 1978): `log(p_B/p_A) ± z·√((1−p_A)/x_A + (1−p_B)/x_B)`,
 *   exponentiated, minus one — the interval `scipy.stats.contingency.relative_risk`
 *   gives. Undefined (null) when either arm has no conversion.
 *
 * Intervals are two-sided at `confidence` whatever the alternative.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import { invalid } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import { phiInverse, phiUpper } from "./internal/dists.ts"
import { fromUpper } from "./internal/pvalue.ts"
import type { Alternative, Interval, ProportionData } from "./Model.ts"

/**
 * The result of {@link test}. Differences are treatment − control.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProportionTestResult {
  readonly controlRate: number
  readonly treatmentRate: number
  readonly difference: number
  /** p_B / p_A − 1 (null when the control has no conversion) */
  readonly relativeLift: number | null
  readonly z: number
  readonly pValue: number
  /** standard error of the difference without pooling (the interval's) */
  readonly standardError: number
  readonly differenceInterval: Interval
  readonly relativeLiftInterval: Interval | null
}

/**
 * Checks one arm's observations (counts, conversions ≤ visitors, at least
 * one visitor).
 *
 * @since 0.1.0
 * @category validation
 */
export const checkData = (field: string, data: ProportionData): InvalidExperimentInput | undefined =>
  Check.first(
    Check.count(`${field}.visitors`, data.visitors),
    Check.count(`${field}.conversions`, data.conversions),
    data.visitors === 0 ? invalid(`${field}.visitors`, data.visitors, "must be at least 1") : undefined,
    data.conversions > data.visitors ?
      invalid(`${field}.conversions`, data.conversions, `cannot exceed visitors (${data.visitors})`) :
      undefined
  )

/**
 * The pooled two-proportion z-test of treatment against control.
 *
 * @since 0.1.0
 * @category tests
 */
export const test = (input: {
  readonly control: ProportionData
  readonly treatment: ProportionData
  readonly alternative: Alternative
  /** confidence of the intervals, in (0, 1) (e.g. 0.95) */
  readonly confidence: number
}): Result.Result<ProportionTestResult, InvalidExperimentInput> => {
  const error = Check.first(
    checkData("control", input.control),
    checkData("treatment", input.treatment),
    Check.openUnit("confidence", input.confidence)
  )
  if (error !== undefined) return Result.fail(error)
  const { conversions: xA, visitors: nA } = input.control
  const { conversions: xB, visitors: nB } = input.treatment
  const pA = xA / nA
  const pB = xB / nB
  const difference = pB - pA
  const pooled = (xA + xB) / (nA + nB)
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB))
  // no variance at all (no conversion anywhere, or all converted): no evidence of a difference
  const z = se0 > 0 ? difference / se0 : 0
  const pValue = fromUpper(z, input.alternative, phiUpper)
  const q = phiInverse(1 - (1 - input.confidence) / 2)
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB)
  const relativeLift = xA > 0 ? pB / pA - 1 : null
  let relativeLiftInterval: Interval | null = null
  if (xA > 0 && xB > 0) {
    const logRatio = Math.log(pB / pA)
    const seLog = Math.sqrt((1 - pA) / xA + (1 - pB) / xB)
    relativeLiftInterval = { lower: Math.exp(logRatio - q * seLog) - 1, upper: Math.exp(logRatio + q * seLog) - 1 }
  }
  return Result.succeed({
    controlRate: pA,
    treatmentRate: pB,
    difference,
    relativeLift,
    z,
    pValue,
    standardError: se,
    differenceInterval: { lower: difference - q * se, upper: difference + q * se },
    relativeLiftInterval
  })
}
