/**
 * Smart alerts (issue 10, `ai_smart_alerts`): anomaly detection on daily
 * campaign metrics, budget pacing and opportunities, and the service that
 * keeps them as alerts.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Alert from "./Alert.ts"

/**
 * @since 0.1.0
 */
export * as AlertError from "./AlertError.ts"

/**
 * @since 0.1.0
 */
export * as AlertService from "./AlertService.ts"

/**
 * @since 0.1.0
 */
export * as Detection from "./Detection.ts"

/**
 * @since 0.1.0
 */
export * as Generator from "./Generator.ts"

/**
 * @since 0.1.0
 */
export * as Measurement from "./Measurement.ts"

/**
 * @since 0.1.0
 */
export * as Metrics from "./Metrics.ts"

/**
 * @since 0.1.0
 */
export * as Opportunity from "./Opportunity.ts"

/**
 * @since 0.1.0
 */
export * as Pacing from "./Pacing.ts"

/**
 * @since 0.1.0
 */
export * as Severity from "./Severity.ts"
