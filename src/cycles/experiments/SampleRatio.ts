/**
 * The sample-ratio-mismatch (SRM) check: Pearson's chi-square goodness of
 * fit of the observed units per variant against the planned allocation
 * (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled
 * Experiments", KDD 2019). A p-value below the threshold (0.001 by default:
 * SRM checks run on every look, so the bar is set low to keep false alarms
 * rare) means the assignment or the logging is broken, and no verdict drawn
 * from that traffic can be trusted.
 *
 *     χ² = Σ (O_i − E_i)² / E_i,   E_i = N·w_i / Σw,   df = k − 1
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import { invalid } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import { chiSquareUpper } from "./internal/dists.ts"

/**
 * The default threshold: p < 0.001 is a mismatch.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultThreshold = 0.001

/**
 * The result of {@link check}.
 *
 * @since 0.1.0
 * @category models
 */
export interface SampleRatioResult {
  readonly observed: ReadonlyArray<number>
  readonly expected: ReadonlyArray<number>
  readonly chiSquare: number
  readonly df: number
  readonly pValue: number
  readonly threshold: number
  /** true when p < threshold: the traffic is skewed and the verdict is blocked */
  readonly mismatch: boolean
}

/**
 * Tests observed units per variant against the planned allocation weights.
 *
 * @since 0.1.0
 * @category tests
 */
export const check = (input: {
  readonly observed: ReadonlyArray<number>
  /** planned traffic weights, one per variant, each > 0 (normalised here) */
  readonly planned: ReadonlyArray<number>
  readonly threshold?: number | undefined
}): Result.Result<SampleRatioResult, InvalidExperimentInput> => {
  const threshold = input.threshold ?? defaultThreshold
  const error = Check.first(
    input.observed.length < 2 ? invalid("observed", input.observed.length, "needs at least two variants") : undefined,
    input.planned.length !== input.observed.length ?
      invalid("planned", input.planned.length, `needs one weight per observed variant (${input.observed.length})`) :
      undefined,
    ...input.observed.map((o, i) => Check.count(`observed[${i}]`, o)),
    ...input.planned.map((w, i) => Check.positive(`planned[${i}]`, w)),
    Check.openUnit("threshold", threshold)
  )
  if (error !== undefined) return Result.fail(error)
  const total = input.observed.reduce((s, o) => s + o, 0)
  if (total === 0) return Result.fail(invalid("observed", 0, "no units observed: nothing to check"))
  const weight = input.planned.reduce((s, w) => s + w, 0)
  const expected = input.planned.map((w) => (total * w) / weight)
  let chiSquare = 0
  for (let i = 0; i < expected.length; i++) {
    const d = input.observed[i]! - expected[i]!
    chiSquare += (d * d) / expected[i]!
  }
  const df = expected.length - 1
  const pValue = chiSquareUpper(chiSquare, df)
  return Result.succeed({
    observed: input.observed,
    expected,
    chiSquare,
    df,
    pValue,
    threshold,
    mismatch: pValue < threshold
  })
}
