/**
 * Risk management (issue 10, `ai_risk_management`): budget overspend,
 * performance decline and policy flags, assessed with a probability and the
 * money at risk, mitigated through the safety envelope.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Assessment from "./Assessment.ts"

/**
 * @since 0.1.0
 */
export * as Risk from "./Risk.ts"

/**
 * @since 0.1.0
 */
export * as RiskError from "./RiskError.ts"

/**
 * @since 0.1.0
 */
export * as RiskService from "./RiskService.ts"
