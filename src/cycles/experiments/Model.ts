/**
 * The shapes experiments are made of, as Schemas: the observations of a
 * variant, the variants and the test configuration as they are stored in
 * `ai_testing_experiments` (JSONB), and the shared result types.
 *
 * Where things live in `ai_testing_experiments`:
 *
 * - `test_configuration` — {@link TestConfiguration}: the metric, the control
 *   variant, the decision method (sequential or fixed horizon), the
 *   alternative, the SRM threshold, the mixture scale of the sequential test
 *   and the sample-size plan;
 * - `variant_configs` — an array of {@link Variant}: each variant's key, its
 *   planned traffic share (`allocation`), its free-form `config` (the ad copy,
 *   the bid strategy) and its latest cumulative `observations` (visitors and
 *   conversions, or n / mean / sd);
 * - `control_group_config` — `{ variant: <control key> }`;
 * - `sample_size_calculation` — the plan computed at creation
 *   ({@link SamplePlan}), when the configuration gives one;
 * - `statistical_significance_threshold` — 1 − α (0.95 is α = 0.05);
 * - `results`, `winner_variant`, `confidence_level` — written only by a valid
 *   verdict (see `Verdict`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The alternative hypothesis, about treatment − control: `two-sided`
 * (different), `greater` (treatment higher), `less` (treatment lower).
 *
 * @since 0.1.0
 * @category models
 */
export const Alternative = Schema.Literals(["two-sided", "greater", "less"])

/**
 * @since 0.1.0
 * @category models
 */
export type Alternative = typeof Alternative.Type

/**
 * A closed interval `[lower, upper]`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Interval {
  readonly lower: number
  readonly upper: number
}

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * Cumulative observations of a conversion metric for one variant.
 *
 * @since 0.1.0
 * @category models
 */
export const ProportionData = Schema.Struct({
  visitors: Count,
  conversions: Count
})

/**
 * @since 0.1.0
 * @category models
 */
export type ProportionData = typeof ProportionData.Type

/**
 * Cumulative summary statistics of a continuous metric for one variant
 * (revenue per visitor, order value, ...): count, mean and sample standard
 * deviation (ddof = 1).
 *
 * @since 0.1.0
 * @category models
 */
export const ContinuousData = Schema.Struct({
  n: Count,
  mean: Schema.Finite,
  sd: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

/**
 * @since 0.1.0
 * @category models
 */
export type ContinuousData = typeof ContinuousData.Type

/**
 * The metric an experiment decides on.
 *
 * @since 0.1.0
 * @category models
 */
export const Metric = Schema.Literals(["proportion", "continuous"])

/**
 * @since 0.1.0
 * @category models
 */
export type Metric = typeof Metric.Type

/**
 * How the verdict is reached: `sequential` (the always-valid mSPRT: the
 * experiment may be looked at after every batch and stopped as soon as the
 * boundary is crossed) or `fixed_horizon` (a z- or Welch test, valid only
 * once every arm has reached its planned sample, looked at once).
 *
 * @since 0.1.0
 * @category models
 */
export const Method = Schema.Literals(["sequential", "fixed_horizon"])

/**
 * @since 0.1.0
 * @category models
 */
export type Method = typeof Method.Type

/**
 * The plan the sample size is computed from. For `proportion` metrics
 * `baseline` is the control's conversion rate; for `continuous` ones `sd` is
 * the metric's standard deviation (and `baseline` its mean, needed when the
 * mde is relative).
 *
 * @since 0.1.0
 * @category models
 */
export const PlanInput = Schema.Struct({
  baseline: Schema.optionalKey(Schema.Finite),
  sd: Schema.optionalKey(Schema.Finite),
  mde: Schema.Finite,
  mdeScale: Schema.Literals(["absolute", "relative"]),
  power: Schema.Finite
})

/**
 * @since 0.1.0
 * @category models
 */
export type PlanInput = typeof PlanInput.Type

/**
 * An experiment's `test_configuration`.
 *
 * @since 0.1.0
 * @category models
 */
export const TestConfiguration = Schema.Struct({
  metric: Metric,
  /** the key of the control variant */
  control: Schema.NonEmptyString,
  method: Method,
  alternative: Alternative,
  /**
   * which direction is better (default: `decrease` when the alternative is
   * `less`, else `increase`); `decrease` for costs (CPA, bounce rate)
   */
  goal: Schema.optionalKey(Schema.Literals(["increase", "decrease"])),
  /** SRM check: a chi-square p-value below this blocks the verdict (default 0.001) */
  srmThreshold: Schema.optionalKey(Schema.Finite),
  /** fewer observations than this in any arm: no verdict (default 100) */
  minimumSamplePerVariant: Schema.optionalKey(Schema.Int),
  /**
   * the standard deviation τ of the mSPRT's normal mixture, on the scale of
   * treatment − control (default: the plan's absolute effect)
   */
  tau: Schema.optionalKey(Schema.Finite),
  /** the sample-size plan (required for `fixed_horizon`) */
  plan: Schema.optionalKey(PlanInput)
})

/**
 * @since 0.1.0
 * @category models
 */
export type TestConfiguration = typeof TestConfiguration.Type

/**
 * One variant in `variant_configs`.
 *
 * @since 0.1.0
 * @category models
 */
export const Variant = Schema.Struct({
  key: Schema.NonEmptyString,
  name: Schema.optionalKey(Schema.String),
  /** planned share of traffic (any positive weight; normalised over the variants) */
  allocation: Schema.Finite,
  config: Schema.optionalKey(Schema.Json),
  /** the latest cumulative observations (absent until some are recorded) */
  observations: Schema.optionalKey(Schema.Union([ProportionData, ContinuousData]))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Variant = typeof Variant.Type

/**
 * An experiment's `variant_configs`.
 *
 * @since 0.1.0
 * @category models
 */
export const Variants = Schema.Array(Variant)

/**
 * What `sample_size_calculation` holds: the plan, α (Bonferroni-corrected
 * over the comparisons), the sides, and the sample each variant needs.
 *
 * @since 0.1.0
 * @category models
 */
export const SamplePlan = Schema.Struct({
  plan: PlanInput,
  alpha: Schema.Finite,
  comparisons: Schema.Int,
  sides: Schema.Literals(["two-sided", "one-sided"]),
  absoluteEffect: Schema.Finite,
  perVariant: Schema.Record(Schema.String, Schema.Int),
  total: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export type SamplePlan = typeof SamplePlan.Type
