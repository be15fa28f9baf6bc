/**
 * The networking agent's engine (issue 9): attendee-to-attendee matches from
 * shared interests and complementary intents, symmetric, with hard vetoes
 * and a cap per person; pure functions, no database.
 *
 * - `Model`: the input and output Schemas (attendees, intents, declines, matches with reasons)
 * - `Score`: the symmetric pair score and its reasons
 * - `Matcher`: indexed candidates, greedy b-matching (a 1/2-approximation) and local improvement
 * - `Exact`: the exact b-matching on HiGHS, to measure the greedy's gap
 * - `Generator`: seeded events with planted complementary intents and vetoes
 * - `AttendeeRow`: an `attendees` row as a matcher attendee
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as AttendeeRow from "./AttendeeRow.ts"
/** @since 0.1.0 */
export * as Exact from "./Exact.ts"
/** @since 0.1.0 */
export * as Generator from "./Generator.ts"
/** @since 0.1.0 */
export * as Matcher from "./Matcher.ts"
/** @since 0.1.0 */
export * as Model from "./Model.ts"
/** @since 0.1.0 */
export * as NetworkingError from "./NetworkingError.ts"
/** @since 0.1.0 */
export * as Score from "./Score.ts"
