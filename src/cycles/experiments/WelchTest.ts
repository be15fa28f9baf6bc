/**
 * Welch's unequal-variance t-test from summary statistics (count, mean,
 * sample standard deviation per arm), for continuous metrics (revenue per
 * visitor, order value), with confidence intervals for the difference and
 * the relative lift.
 *
 * `@stdlib/stats-ttest2` needs the raw observations; experiments store
 * summaries, so the test is computed here on @stdlib's t distribution
 * (and checked against `@stdlib/stats-ttest2` on raw data in the tests):
 *
 * - `se = √(s_A²/n_A + s_B²/n_B)`, `t = (x̄_B − x̄_A) / se`;
 * - Welch–Satterthwaite `df = se⁴ / ((s_A²/n_A)²/(n_A−1) + (s_B²/n_B)²/(n_B−1))`
 *   (Welch, *Biometrika* 34, 1947);
 * - difference: `(x̄_B − x̄_A) ± t_{1−α/2, df}·se`;
 * - relative lift `x̄_B/x̄_A − 1`: the delta method on the ratio of means,
 *   `se_R = √(s_B²/n_B + R²·s_A²/n_A) / |x̄_A|` with `R = x̄_B/x̄_A`, interval
 *   `R ± z_{1−α/2}·se_R − 1` (normal, as the delta method is asymptotic);
 *   null when the control's mean is 0.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import { invalid } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import { phiInverse, studentInverse, studentUpper } from "./internal/dists.ts"
import { fromUpper } from "./internal/pvalue.ts"
import type { Alternative, ContinuousData, Interval } from "./Model.ts"

/**
 * The result of {@link test}. Differences are treatment − control.
 *
 * @since 0.1.0
 * @category models
 */
export interface WelchTestResult {
  readonly controlMean: number
  readonly treatmentMean: number
  readonly difference: number
  readonly relativeLift: number | null
  readonly t: number
  readonly df: number
  readonly pValue: number
  readonly standardError: number
  readonly differenceInterval: Interval
  readonly relativeLiftInterval: Interval | null
}

/**
 * Checks one arm's summary (n ≥ 2, finite mean, sd ≥ 0).
 *
 * @since 0.1.0
 * @category validation
 */
export const checkData = (field: string, data: ContinuousData): InvalidExperimentInput | undefined =>
  Check.first(
    Check.count(`${field}.n`, data.n),
    data.n < 2 ? invalid(`${field}.n`, data.n, "must be at least 2 (a standard deviation needs two observations)") : undefined,
    Check.finite(`${field}.mean`, data.mean),
    Check.nonNegative(`${field}.sd`, data.sd)
  )

/**
 * Welch's t-test of treatment against control from summaries.
 *
 * @since 0.1.0
 * @category tests
 */
export const test = (input: {
  readonly control: ContinuousData
  readonly treatment: ContinuousData
  readonly alternative: Alternative
  readonly confidence: number
}): Result.Result<WelchTestResult, InvalidExperimentInput> => {
  const error = Check.first(
    checkData("control", input.control),
    checkData("treatment", input.treatment),
    Check.openUnit("confidence", input.confidence)
  )
  if (error !== undefined) return Result.fail(error)
  const a = input.control
  const b = input.treatment
  const vA = (a.sd * a.sd) / a.n
  const vB = (b.sd * b.sd) / b.n
  const se = Math.sqrt(vA + vB)
  if (!(se > 0)) {
    return Result.fail(invalid("sd", `${a.sd}, ${b.sd}`, "both arms have zero standard deviation: the t statistic is undefined"))
  }
  const difference = b.mean - a.mean
  const t = difference / se
  const df = ((vA + vB) * (vA + vB)) / ((vA * vA) / (a.n - 1) + (vB * vB) / (b.n - 1))
  const pValue = fromUpper(t, input.alternative, (x) => studentUpper(x, df))
  const q = studentInverse(1 - (1 - input.confidence) / 2, df)
  let relativeLift: number | null = null
  let relativeLiftInterval: Interval | null = null
  if (a.mean !== 0) {
    const ratio = b.mean / a.mean
    relativeLift = ratio - 1
    // Var(x̄_B/x̄_A) ≈ (Var x̄_B + R²·Var x̄_A) / x̄_A²
    const seRatio = Math.sqrt(vB + ratio * ratio * vA) / Math.abs(a.mean)
    const zq = phiInverse(1 - (1 - input.confidence) / 2)
    relativeLiftInterval = { lower: relativeLift - zq * seRatio, upper: relativeLift + zq * seRatio }
  }
  return Result.succeed({
    controlMean: a.mean,
    treatmentMean: b.mean,
    difference,
    relativeLift,
    t,
    df,
    pValue,
    standardError: se,
    differenceInterval: { lower: difference - q * se, upper: difference + q * se },
    relativeLiftInterval
  })
}
