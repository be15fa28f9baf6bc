/**
 * System health (issue 10, `ai_system_health`): heartbeats, offline
 * detection with an alert, and uptime from the heartbeats.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as HealthError from "./HealthError.ts"

/**
 * @since 0.1.0
 */
export * as SystemHealth from "./SystemHealth.ts"

/**
 * @since 0.1.0
 */
export * as Uptime from "./Uptime.ts"
