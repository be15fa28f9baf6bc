/**
 * The HTTP API: its definition, server, keys, errors and clients. Re-exported
 * from the package root as `Http` (`import { Http } from "ringmaster"`).
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Api from "./Api.ts"
/** @since 0.1.0 */
export * as ApiError from "./ApiError.ts"
/** @since 0.1.0 */
export * as ApiKeys from "./ApiKeys.ts"
/** @since 0.1.0 */
export * as Authentication from "./Authentication.ts"
/** @since 0.1.0 */
export * as Client from "./Client.ts"
/** @since 0.1.0 */
export * as Listing from "./Listing.ts"
/** @since 0.1.0 */
export * as RateLimiter from "./RateLimiter.ts"
/** @since 0.1.0 */
export * as Server from "./Server.ts"
/** @since 0.1.0 */
export * as ServerError from "./ServerError.ts"
/** @since 0.1.0 */
export * as Alerts from "./groups/Alerts.ts"
/** @since 0.1.0 */
export * as AutomationRules from "./groups/AutomationRules.ts"
/** @since 0.1.0 */
export * as Cycles from "./groups/Cycles.ts"
/** @since 0.1.0 */
export * as Decisions from "./groups/Decisions.ts"
/** @since 0.1.0 */
export * as Events from "./groups/Events.ts"
/** @since 0.1.0 */
export * as Forecasts from "./groups/Forecasts.ts"
/** @since 0.1.0 */
export * as LearningFeedback from "./groups/LearningFeedback.ts"
/** @since 0.1.0 */
export * as Optimizations from "./groups/Optimizations.ts"
/** @since 0.1.0 */
export * as Performance from "./groups/Performance.ts"
/** @since 0.1.0 */
export * as Recommendations from "./groups/Recommendations.ts"
/** @since 0.1.0 */
export * as System from "./groups/System.ts"
/**
 * @since 0.1.0
 */
export * as Dashboard from "./dashboard/Dashboard.ts"

/**
 * Seed 003's six client functions, bound to one server and key.
 *
 * @since 0.1.0
 */
export { makePromiseClient } from "./Client.ts"
