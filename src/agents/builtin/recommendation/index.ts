/**
 * The recommendation agent's engine (issue 9): session recommendations per
 * attendee from preferences, registrations and session content; pure
 * functions, no database.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Feedback from "./Feedback.ts"

/**
 * @since 0.1.0
 */
export * as Generator from "./Generator.ts"

/**
 * @since 0.1.0
 */
export * as Metrics from "./Metrics.ts"

/**
 * @since 0.1.0
 */
export * as Model from "./Model.ts"

/**
 * @since 0.1.0
 */
export * as Ranker from "./Ranker.ts"

/**
 * @since 0.1.0
 */
export * as RankerConfig from "./RankerConfig.ts"

/**
 * @since 0.1.0
 */
export * as RecommendationError from "./RecommendationError.ts"

/**
 * @since 0.1.0
 */
export * as Rows from "./Rows.ts"
