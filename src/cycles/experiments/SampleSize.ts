/**
 * Sample size for a two-arm test at a given significance level and power,
 * for a conversion rate (two proportions) or a continuous metric (known
 * standard deviation), two-sided or one-sided, with equal or unequal
 * allocation.
 *
 * Proportions (Fleiss, Levin & Paik, *Statistical Methods for Rates and
 * Proportions*, 3rd ed., eq. 4.14, without continuity correction), with
 * `k = n_treatment / n_control` and `p̄ = (p₁ + k·p₂) / (1 + k)`:
 *
 *     n_control = ( z_a·√(p̄(1−p̄)(1 + 1/k)) + z_b·√(p₁(1−p₁) + p₂(1−p₂)/k) )² / (p₂ − p₁)²
 *
 * Continuous metric (the normal approximation; Chow, Shao & Wang, *Sample
 * Size Calculations in Clinical Research*, §3.2):
 *
 *     n_control = (z_a + z_b)² · σ² · (1 + 1/k) / δ²
 *
 * where `z_a = Φ⁻¹(1 − α/2)` two-sided or `Φ⁻¹(1 − α)` one-sided and
 * `z_b = Φ⁻¹(power)`. Both are rounded up to whole units per arm.
 *
 * The minimum detectable effect is either **absolute** (`p₂ = p₁ + mde`, or
 * `δ = mde` in the metric's units) or **relative** (`p₂ = p₁·(1 + mde)`, or
 * `δ = mde·baselineMean`).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import { invalid } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import { phiInverse } from "./internal/dists.ts"

/**
 * Whether the minimum detectable effect is in the metric's own units
 * (`absolute`: 0.01 is one percentage point of conversion) or a fraction of
 * the baseline (`relative`: 0.1 is a 10% lift).
 *
 * @since 0.1.0
 * @category models
 */
export type EffectScale = "absolute" | "relative"

/**
 * `two-sided` detects a change either way; `one-sided` only an increase
 * (the treatment better than the control).
 *
 * @since 0.1.0
 * @category models
 */
export type Sides = "two-sided" | "one-sided"

/**
 * What a sample-size calculation returns: the sample per arm (whole units,
 * rounded up), the total, and the quantities it used.
 *
 * @since 0.1.0
 * @category models
 */
export interface SampleSize {
  readonly control: number
  readonly treatment: number
  readonly total: number
  /** the effect on the absolute scale (p₂ − p₁, or δ) */
  readonly absoluteEffect: number
  readonly zAlpha: number
  readonly zBeta: number
}

/**
 * Inputs of {@link proportions}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProportionsInput {
  /** the control's conversion rate, in (0, 1) */
  readonly baseline: number
  /** minimum detectable effect (> 0), on the scale `scale` says */
  readonly mde: number
  readonly scale: EffectScale
  /** significance level, in (0, 1) */
  readonly alpha: number
  /** power, 1 − β, in (0, 1) */
  readonly power: number
  readonly sides: Sides
  /** n_treatment / n_control (default 1) */
  readonly ratio?: number | undefined
}

/**
 * Inputs of {@link means}.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeansInput {
  /** the metric's standard deviation per unit (> 0) */
  readonly sd: number
  /** minimum detectable effect (> 0), on the scale `scale` says */
  readonly mde: number
  readonly scale: EffectScale
  /** the control's mean; needed (≠ 0) when `scale` is `relative` */
  readonly baselineMean?: number | undefined
  readonly alpha: number
  readonly power: number
  readonly sides: Sides
  readonly ratio?: number | undefined
}

const zScores = (alpha: number, power: number, sides: Sides) => ({
  zAlpha: phiInverse(sides === "two-sided" ? 1 - alpha / 2 : 1 - alpha),
  zBeta: phiInverse(power)
})

const common = (input: { alpha: number; power: number; mde: number; ratio?: number | undefined }) =>
  Check.first(
    Check.openUnit("alpha", input.alpha),
    Check.openUnit("power", input.power),
    Check.positive("mde", input.mde),
    input.ratio === undefined ? undefined : Check.positive("ratio", input.ratio)
  )

const finish = (control: number, ratio: number, absoluteEffect: number, z: { zAlpha: number; zBeta: number }) => {
  // a hair of tolerance so that 385.0000000001 from rounding noise stays 385
  const c = Math.ceil(control - 1e-9)
  const t = Math.ceil(c * ratio - 1e-9)
  return { control: c, treatment: t, total: c + t, absoluteEffect, ...z }
}

/**
 * Sample per arm to detect a change of a conversion rate.
 *
 * @since 0.1.0
 * @category constructors
 */
export const proportions = (input: ProportionsInput): Result.Result<SampleSize, InvalidExperimentInput> => {
  const error = Check.first(Check.openUnit("baseline", input.baseline), common(input))
  if (error !== undefined) return Result.fail(error)
  const p1 = input.baseline
  const p2 = input.scale === "absolute" ? p1 + input.mde : p1 * (1 + input.mde)
  if (!(p2 > 0 && p2 < 1)) {
    return Result.fail(invalid("mde", input.mde, `the treatment rate it implies (${p2}) must be strictly between 0 and 1`))
  }
  const k = input.ratio ?? 1
  const z = zScores(input.alpha, input.power, input.sides)
  const pBar = (p1 + k * p2) / (1 + k)
  const numerator = z.zAlpha * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k)) +
    z.zBeta * Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / k)
  return Result.succeed(finish((numerator * numerator) / ((p2 - p1) * (p2 - p1)), k, p2 - p1, z))
}

/**
 * Sample per arm to detect a change of the mean of a continuous metric.
 *
 * @since 0.1.0
 * @category constructors
 */
export const means = (input: MeansInput): Result.Result<SampleSize, InvalidExperimentInput> => {
  const error = Check.first(
    Check.positive("sd", input.sd),
    common(input),
    input.scale === "relative" ?
      input.baselineMean === undefined || !Number.isFinite(input.baselineMean) || input.baselineMean === 0 ?
        invalid("baselineMean", input.baselineMean, "a relative mde needs a finite, non-zero baseline mean") :
        undefined :
      undefined
  )
  if (error !== undefined) return Result.fail(error)
  const delta = input.scale === "absolute" ? input.mde : Math.abs(input.mde * (input.baselineMean ?? 0))
  const k = input.ratio ?? 1
  const z = zScores(input.alpha, input.power, input.sides)
  const zSum = z.zAlpha + z.zBeta
  return Result.succeed(finish((zSum * zSum * input.sd * input.sd * (1 + 1 / k)) / (delta * delta), k, delta, z))
}
