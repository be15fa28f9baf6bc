/**
 * Experiments (issue 10, `ai_testing_experiments`): A/B test statistics and
 * the service that stores experiments and writes a winner only on a valid
 * verdict.
 *
 * - `SampleSize`: sample per arm for proportions and means (absolute or relative mde, one- or two-sided)
 * - `ProportionTest`: pooled two-proportion z-test, intervals for the difference and the relative lift
 * - `WelchTest`: Welch's t-test from summary statistics, with intervals
 * - `SampleRatio`: the sample-ratio-mismatch chi-square check
 * - `Bayesian`: P(B > A) from Beta posteriors (quadrature, Monte Carlo cross-check)
 * - `Sequential`: the always-valid mSPRT (normal mixture)
 * - `Verdict`: the statistics combined into a winner or a reason for none
 * - `WinnerAction`: envelope-ready action requests for a valid winner only
 * - `ExperimentService`: the service over `ai_testing_experiments`
 * - `Model`, `ExperimentError`: the stored shapes and the typed errors
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Bayesian from "./Bayesian.ts"
/** @since 0.1.0 */
export * as ExperimentError from "./ExperimentError.ts"
/** @since 0.1.0 */
export * as ExperimentService from "./ExperimentService.ts"
/** @since 0.1.0 */
export * as Model from "./Model.ts"
/** @since 0.1.0 */
export * as ProportionTest from "./ProportionTest.ts"
/** @since 0.1.0 */
export * as SampleRatio from "./SampleRatio.ts"
/** @since 0.1.0 */
export * as SampleSize from "./SampleSize.ts"
/** @since 0.1.0 */
export * as Sequential from "./Sequential.ts"
/** @since 0.1.0 */
export * as Verdict from "./Verdict.ts"
/** @since 0.1.0 */
export * as WelchTest from "./WelchTest.ts"
/** @since 0.1.0 */
export * as WinnerAction from "./WinnerAction.ts"
