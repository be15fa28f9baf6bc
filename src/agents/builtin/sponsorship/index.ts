/**
 * The sponsorship agent's engine (issue 9): sponsor-to-attendee leads within
 * each package's entitlement, and per-sponsor performance insights; pure
 * functions, no database.
 *
 * - `Model`: the input and output Schemas (sponsors with entitlements, attendees, leads)
 * - `Matcher`: IDF-weighted topic relevance and a capacitated assignment (greedy b-matching with local improvement)
 * - `Exact`: the same assignment on HiGHS, to measure the matcher's gap
 * - `Baseline`: random and popularity leads under the same rules, to measure the matcher's quality
 * - `Metrics`: precision against a planted truth and rule violations
 * - `Insights`: per-sponsor performance insights with confidence, impact and actionable items
 * - `Generator`: seeded events with planted interests, niche and weak-offer sponsors
 * - `Rows`: sponsors, packages and attendees rows as the engine's input
 * - `SponsorshipError`: the typed errors
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Baseline from "./Baseline.ts"
/** @since 0.1.0 */
export * as Exact from "./Exact.ts"
/** @since 0.1.0 */
export * as Generator from "./Generator.ts"
/** @since 0.1.0 */
export * as Insights from "./Insights.ts"
/** @since 0.1.0 */
export * as Matcher from "./Matcher.ts"
/** @since 0.1.0 */
export * as Metrics from "./Metrics.ts"
/** @since 0.1.0 */
export * as Model from "./Model.ts"
/** @since 0.1.0 */
export * as Rows from "./Rows.ts"
/** @since 0.1.0 */
export * as SponsorshipError from "./SponsorshipError.ts"
