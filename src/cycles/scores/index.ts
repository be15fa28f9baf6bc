/**
 * Performance scores and benchmarks (issue 10, `ai_performance_scores`,
 * `ai_performance_benchmarks`): the system's own accuracy, efficiency and
 * ROI impact per period, with a trend and a benchmark comparison.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Benchmarks from "./Benchmarks.ts"

/**
 * @since 0.1.0
 */
export * as PerformanceScores from "./PerformanceScores.ts"

/**
 * @since 0.1.0
 */
export * as ScoreError from "./ScoreError.ts"

/**
 * @since 0.1.0
 */
export * as Scoring from "./Scoring.ts"

/**
 * @since 0.1.0
 */
export * as Trend from "./Trend.ts"

/**
 * @since 0.1.0
 */
export * as Wilson from "./Wilson.ts"
