/**
 * The verdict on an experiment: the statistics combined into a winner with
 * a confidence level, or "no valid verdict" with the reason.
 *
 * In order, the first that applies decides:
 *
 * 1. `insufficient_sample` — a variant has no observations yet;
 * 2. `sample_ratio_mismatch` — the chi-square SRM check of the units per
 *    variant against the planned allocation has p below its threshold
 *    (default 0.001): the traffic is skewed, so the assignment or the
 *    logging is broken and no statistic on it is trusted. Checked before
 *    the sample minimum, so a broken split shows at once;
 * 2b. `insufficient_sample` — a variant has fewer units than the minimum per
 *    variant (default 100), or (fixed horizon) than its planned sample
 *    size: the test would be underpowered, and a fixed-horizon test read
 *    before its horizon is not valid;
 * 3. the comparisons, each treatment against the control, at α divided by
 *    the number of comparisons (Bonferroni):
 *    - `fixed_horizon`: the two-proportion z-test or Welch's t-test;
 *      significant when p < α';
 *    - `sequential`: the mSPRT; significant when Λ ≥ 1/α' (always valid);
 *    a treatment significantly better than the control (in the goal's
 *    direction, and the alternative's) wins — the best of them when
 *    several are; the control wins when every treatment is significantly
 *    worse; otherwise `not_significant` (fixed horizon) or
 *    `boundary_not_crossed` (sequential).
 *
 * The confidence level is `100·(1 − min(1, m·p))` of the deciding
 * comparison (`m` comparisons, `p` its p-value — the always-valid one for
 * the sequential method), floored to two decimals: above `100·(1 − α)`
 * exactly when the verdict is valid. `results` carries every statistic
 * computed (also for no verdict, for people to read), including the
 * Bayesian P(better) for conversion metrics.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as Bayesian from "./Bayesian.ts"
import type { InvalidExperimentInput } from "./ExperimentError.ts"
import { invalid } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import type { Alternative, ContinuousData, Interval, Method, Metric, ProportionData } from "./Model.ts"
import * as ProportionTest from "./ProportionTest.ts"
import * as SampleRatio from "./SampleRatio.ts"
import * as Sequential from "./Sequential.ts"
import * as WelchTest from "./WelchTest.ts"

/**
 * Why there is no valid verdict.
 *
 * @since 0.1.0
 * @category models
 */
export type NoVerdictReason =
  | "insufficient_sample"
  | "sample_ratio_mismatch"
  | "not_significant"
  | "boundary_not_crossed"

/**
 * A variant as the verdict sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface VariantInput {
  readonly key: string
  readonly allocation: number
  readonly observations: ProportionData | ContinuousData | undefined
}

/**
 * What the verdict is computed from.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerdictInput {
  readonly metric: Metric
  readonly method: Method
  /** the control variant's key */
  readonly control: string
  readonly variants: ReadonlyArray<VariantInput>
  /** the family-wise significance level, in (0, 1) (1 − the table's threshold) */
  readonly alpha: number
  readonly alternative: Alternative
  readonly goal?: "increase" | "decrease" | undefined
  readonly srmThreshold?: number | undefined
  readonly minimumSamplePerVariant?: number | undefined
  /** the mSPRT mixture's τ (required for `sequential`) */
  readonly tau?: number | undefined
  /** the planned sample per variant key (required for `fixed_horizon`) */
  readonly required?: Readonly<Record<string, number>> | undefined
}

/**
 * A JSON-safe interval (an unbounded side is null).
 *
 * @since 0.1.0
 * @category models
 */
export interface JsonInterval {
  readonly lower: number | null
  readonly upper: number | null
}

/**
 * One treatment against the control, as stored in `results`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Comparison {
  readonly variant: string
  readonly sample: { readonly control: number; readonly treatment: number }
  readonly test: "two_proportion_z" | "welch_t"
  readonly statistic: number
  readonly df: number | null
  /** the fixed-horizon p-value (unadjusted) */
  readonly pValue: number
  readonly difference: number
  readonly differenceInterval: JsonInterval
  readonly relativeLift: number | null
  readonly relativeLiftInterval: JsonInterval | null
  readonly sequential: {
    readonly tau: number
    /** Λ, null when it overflows a double (see `logLikelihoodRatio`) */
    readonly likelihoodRatio: number | null
    /** log Λ, null before any variance is observed */
    readonly logLikelihoodRatio: number | null
    readonly pValue: number
    readonly crossed: boolean
    readonly interval: JsonInterval
  } | null
  /** P(the treatment is better than the control) under Beta(1, 1) priors (conversion metrics) */
  readonly probabilityBetter: number | null
  readonly direction: "better" | "worse"
  readonly significant: boolean
  /** the p-value the decision used (fixed or always-valid), Bonferroni-adjusted */
  readonly adjustedPValue: number
}

/**
 * Everything computed, as written to `results` (JSON).
 *
 * @since 0.1.0
 * @category models
 */
export interface Results {
  readonly metric: Metric
  readonly method: Method
  readonly alternative: Alternative
  readonly goal: "increase" | "decrease"
  readonly alpha: number
  readonly comparisonAlpha: number
  readonly control: string
  readonly variants: ReadonlyArray<{
    readonly key: string
    readonly allocation: number
    readonly observations: ProportionData | ContinuousData | null
  }>
  readonly sampleRatio: {
    readonly chiSquare: number
    readonly df: number
    readonly pValue: number
    readonly threshold: number
    readonly mismatch: boolean
  } | null
  readonly comparisons: ReadonlyArray<Comparison>
  readonly winner: string | null
  readonly confidenceLevel: number | null
  readonly reason: NoVerdictReason | null
  readonly message: string
}

/**
 * A valid verdict: the winner and the confidence level (0–100).
 *
 * @since 0.1.0
 * @category models
 */
export interface Valid {
  readonly _tag: "Valid"
  readonly winner: string
  readonly confidenceLevel: number
  readonly results: Results
}

/**
 * No valid verdict, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface NoVerdict {
  readonly _tag: "NoVerdict"
  readonly reason: NoVerdictReason
  readonly message: string
  readonly results: Results
}

/**
 * @since 0.1.0
 * @category models
 */
export type Verdict = Valid | NoVerdict

/**
 * The default minimum sample per variant before any verdict.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMinimumSample = 100

const jsonInterval = (i: Interval): JsonInterval => ({
  lower: Number.isFinite(i.lower) ? i.lower : null,
  upper: Number.isFinite(i.upper) ? i.upper : null
})

const unitsOf = (o: ProportionData | ContinuousData): number => ("visitors" in o ? o.visitors : o.n)

const isProportion = (o: ProportionData | ContinuousData): o is ProportionData => "visitors" in o

const floor2 = (x: number) => Math.floor(x * 100 + 1e-9) / 100

/**
 * Computes the verdict. Fails only on invalid input (an unknown control,
 * duplicate keys, observations of the wrong kind, a missing τ or plan);
 * "no verdict" is a success with its reason.
 *
 * @since 0.1.0
 * @category constructors
 */
export const evaluate = (input: VerdictInput): Result.Result<Verdict, InvalidExperimentInput> => {
  const keys = new Set<string>()
  for (const [i, v] of input.variants.entries()) {
    if (keys.has(v.key)) return Result.fail(invalid(`variants[${i}].key`, v.key, "duplicate variant key"))
    keys.add(v.key)
    const bad = Check.positive(`variants[${i}].allocation`, v.allocation)
    if (bad !== undefined) return Result.fail(bad)
    if (v.observations !== undefined && isProportion(v.observations) !== (input.metric === "proportion")) {
      return Result.fail(
        invalid(`variants[${i}].observations`, JSON.stringify(v.observations), `are not observations of a ${input.metric} metric`)
      )
    }
  }
  const minimum = input.minimumSamplePerVariant ?? defaultMinimumSample
  const error = Check.first(
    input.variants.length < 2 ? invalid("variants", input.variants.length, "an experiment needs at least two variants") : undefined,
    keys.has(input.control) ? undefined : invalid("control", input.control, `names no variant (${[...keys].join(", ")})`),
    Check.openUnit("alpha", input.alpha),
    Check.count("minimumSamplePerVariant", minimum),
    input.method === "sequential" ?
      input.tau === undefined ?
        invalid("tau", "undefined", "the sequential method needs tau (or a plan to take it from)") :
        Check.positive("tau", input.tau) :
      input.required === undefined ?
      invalid("required", "undefined", "the fixed-horizon method needs the planned sample per variant") :
      undefined
  )
  if (error !== undefined) return Result.fail(error)

  const goal = input.goal ?? (input.alternative === "less" ? "decrease" : "increase")
  const m = input.variants.length - 1
  const comparisonAlpha = input.alpha / m
  const control = input.variants.find((v) => v.key === input.control)!
  const treatments = input.variants.filter((v) => v.key !== input.control)
  const base = {
    metric: input.metric,
    method: input.method,
    alternative: input.alternative,
    goal,
    alpha: input.alpha,
    comparisonAlpha,
    control: input.control,
    variants: input.variants.map((v) => ({ key: v.key, allocation: v.allocation, observations: v.observations ?? null }))
  }
  const noVerdict = (
    reason: NoVerdictReason,
    message: string,
    sampleRatio: Results["sampleRatio"],
    comparisons: ReadonlyArray<Comparison>
  ): Verdict => ({
    _tag: "NoVerdict",
    reason,
    message,
    results: { ...base, sampleRatio, comparisons, winner: null, confidenceLevel: null, reason, message }
  })

  const silent = input.variants.find((v) => v.observations === undefined)
  if (silent !== undefined) {
    return Result.succeed(noVerdict("insufficient_sample", `variant ${silent.key} has no observations yet`, null, []))
  }
  // sample ratio mismatch, as soon as any unit is observed
  const units = input.variants.map((v) => unitsOf(v.observations!))
  let sampleRatio: Results["sampleRatio"] = null
  if (units.some((u) => u > 0)) {
    const srm = SampleRatio.check({
      observed: units,
      planned: input.variants.map((v) => v.allocation),
      threshold: input.srmThreshold
    })
    if (Result.isFailure(srm)) return Result.fail(srm.failure)
    const s = srm.success
    sampleRatio = { chiSquare: s.chiSquare, df: s.df, pValue: s.pValue, threshold: s.threshold, mismatch: s.mismatch }
    if (s.mismatch) {
      return Result.succeed(noVerdict(
        "sample_ratio_mismatch",
        `traffic does not match the planned allocation (chi-square ${s.chiSquare.toFixed(2)}, df ${s.df}, p = ${
          s.pValue.toExponential(2)
        } < ${s.threshold}): the assignment or the logging is broken`,
        sampleRatio,
        []
      ))
    }
  }

  // enough sample in every arm
  const floor = Math.max(minimum, input.metric === "continuous" ? 2 : 1)
  for (const [i, v] of input.variants.entries()) {
    const needed = Math.max(floor, input.method === "fixed_horizon" ? input.required?.[v.key] ?? 0 : 0)
    if (units[i]! < needed) {
      const planned = input.method === "fixed_horizon" && (input.required?.[v.key] ?? 0) >= floor
      return Result.succeed(noVerdict(
        "insufficient_sample",
        `variant ${v.key} has ${units[i]} observations; ${needed} needed ${
          planned ? "(the planned sample: a fixed-horizon test read earlier is underpowered and not valid)" : "(the minimum per variant)"
        }`,
        sampleRatio,
        []
      ))
    }
  }

  // the comparisons
  const comparisons: Array<Comparison> = []
  for (const t of treatments) {
    const c = compare(input, goal, comparisonAlpha, m, control.observations!, t.key, t.observations!)
    if (Result.isFailure(c)) return Result.fail(c.failure)
    comparisons.push(c.success)
  }
  const better = comparisons.filter((c) => c.significant && c.direction === "better")
  let winner: string | undefined
  let deciding: number | undefined
  if (better.length > 0) {
    const sign = goal === "increase" ? 1 : -1
    const best = better.reduce((a, b) => (sign * b.difference > sign * a.difference ? b : a))
    winner = best.variant
    deciding = best.adjustedPValue
  } else if (comparisons.every((c) => c.significant && c.direction === "worse")) {
    winner = input.control
    deciding = Math.max(...comparisons.map((c) => c.adjustedPValue))
  }
  if (winner === undefined || deciding === undefined) {
    return Result.succeed(
      input.method === "sequential" ?
        noVerdict(
          "boundary_not_crossed",
          `no treatment crossed the sequential boundary (likelihood ratio ≥ ${(1 / comparisonAlpha).toFixed(1)}) in a direction that decides`,
          sampleRatio,
          comparisons
        ) :
        noVerdict(
          "not_significant",
          `no treatment differs from the control at alpha ${comparisonAlpha} in a direction that decides`,
          sampleRatio,
          comparisons
        )
    )
  }
  const confidenceLevel = floor2(100 * (1 - deciding))
  const message = winner === input.control ?
    `the control ${winner} beats every treatment (confidence ${confidenceLevel}%)` :
    `${winner} beats the control ${input.control} (confidence ${confidenceLevel}%)`
  return Result.succeed({
    _tag: "Valid",
    winner,
    confidenceLevel,
    results: { ...base, sampleRatio, comparisons, winner, confidenceLevel, reason: null, message }
  })
}

const compare = (
  input: VerdictInput,
  goal: "increase" | "decrease",
  alpha: number,
  m: number,
  control: ProportionData | ContinuousData,
  key: string,
  treatment: ProportionData | ContinuousData
): Result.Result<Comparison, InvalidExperimentInput> => {
  const confidence = 1 - input.alpha
  let fixed: {
    test: Comparison["test"]
    statistic: number
    df: number | null
    pValue: number
    difference: number
    differenceInterval: Interval
    relativeLift: number | null
    relativeLiftInterval: Interval | null
  }
  let sequential: Result.Result<Sequential.SequentialResult, InvalidExperimentInput> | undefined
  let probabilityBetter: number | null = null
  if (isProportion(control) && isProportion(treatment)) {
    const z = ProportionTest.test({ control, treatment, alternative: input.alternative, confidence })
    if (Result.isFailure(z)) return Result.fail(z.failure)
    fixed = { test: "two_proportion_z", statistic: z.success.z, df: null, ...z.success }
    if (input.method === "sequential") {
      sequential = Sequential.proportions({ control, treatment, tau: input.tau!, alpha })
    }
    const p = Bayesian.probabilityTreatmentBetter({ control, treatment })
    if (Result.isFailure(p)) return Result.fail(p.failure)
    probabilityBetter = goal === "increase" ? p.success : 1 - p.success
  } else if (!isProportion(control) && !isProportion(treatment)) {
    const w = WelchTest.test({ control, treatment, alternative: input.alternative, confidence })
    if (Result.isFailure(w)) return Result.fail(w.failure)
    fixed = { test: "welch_t", statistic: w.success.t, ...w.success }
    if (input.method === "sequential") {
      sequential = Sequential.means({ control, treatment, tau: input.tau!, alpha })
    }
  } else {
    return Result.fail(invalid(`variants.${key}.observations`, JSON.stringify(treatment), "do not match the control's kind"))
  }
  if (sequential !== undefined && Result.isFailure(sequential)) return Result.fail(sequential.failure)
  const seq = sequential?.success
  const sign = goal === "increase" ? 1 : -1
  const direction: Comparison["direction"] = sign * fixed.difference > 0 ? "better" : "worse"
  // a one-sided alternative only ever decides in its own direction
  const allowed = input.alternative === "two-sided" ||
    (input.alternative === "greater" ? fixed.difference > 0 : fixed.difference < 0)
  const decisionP = seq !== undefined ? seq.pValue : fixed.pValue
  const significant = fixed.difference !== 0 && allowed &&
    (seq !== undefined ? seq.crossed : fixed.pValue < alpha)
  return Result.succeed({
    variant: key,
    sample: { control: unitsOf(control), treatment: unitsOf(treatment) },
    test: fixed.test,
    statistic: fixed.statistic,
    df: fixed.df,
    pValue: fixed.pValue,
    difference: fixed.difference,
    differenceInterval: jsonInterval(fixed.differenceInterval),
    relativeLift: fixed.relativeLift,
    relativeLiftInterval: fixed.relativeLiftInterval === null ? null : jsonInterval(fixed.relativeLiftInterval),
    sequential: seq === undefined ? null : {
      tau: seq.tau,
      likelihoodRatio: Number.isFinite(seq.likelihoodRatio) ? seq.likelihoodRatio : null,
      logLikelihoodRatio: Number.isFinite(seq.logLikelihoodRatio) ? seq.logLikelihoodRatio : null,
      pValue: seq.pValue,
      crossed: seq.crossed,
      interval: jsonInterval(seq.interval)
    },
    probabilityBetter,
    direction,
    significant,
    adjustedPValue: Math.min(1, decisionP * m)
  })
}
