/**
 * Competitive intelligence (issue 10, `ai_competitive_intelligence`):
 * auction-insights observations in, insights with a confidence out.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Analysis from "./Analysis.ts"

/**
 * @since 0.1.0
 */
export * as CompetitiveIntelligence from "./CompetitiveIntelligence.ts"

/**
 * @since 0.1.0
 */
export * as IntelligenceError from "./IntelligenceError.ts"

/**
 * @since 0.1.0
 */
export * as Observation from "./Observation.ts"
