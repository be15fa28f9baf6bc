/**
 * The pair score of two attendees, symmetric by construction:
 *
 *     score(a, b) = weights.interest · J(a, b) + weights.intent · k(a, b)
 *
 * - `J(a, b)` is the Jaccard index of their interest sets
 *   (|A ∩ B| / |A ∪ B|, in [0, 1]; 0 when either is empty), after
 *   normalising each interest (trimmed, lower case, inner spaces collapsed).
 * - `k(a, b)` is the number of distinct complementary intent couplings: an
 *   intent of one and an intent of the other whose roles are complements
 *   (buyer/seller, hiring/seeking, investing/raising, mentor/mentee) and whose
 *   topics agree (equal, or either names none). A coupling is counted once per
 *   (role of a, role of b, topic); swapping a and b maps these one to one, so
 *   `k` is the same from either side (a mentoring b and b mentoring a are two).
 *
 * Both terms are symmetric functions of the two sets, so
 * `score(a, b) === score(b, a)` exactly. With the default weights (1 and 1) a
 * single complementary intent outweighs any interest overlap: a planted
 * buyer meets its seller before someone who merely shares interests.
 * Hard vetoes (declines, opt-outs) are not part of the score: the matcher
 * never considers such pairs.
 *
 * @since 0.1.0
 */
import type { Attendee, Reason } from "./Model.ts"
import * as P from "./internal/profile.ts"

/**
 * The weights of the two terms of the score.
 *
 * @since 0.1.0
 * @category models
 */
export interface Weights {
  readonly interest: number
  readonly intent: number
}

/**
 * The default weights: interest overlap 1, each complementary intent 1.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultWeights: Weights = { interest: 1, intent: 1 }

/**
 * The score of a pair and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scored {
  readonly score: number
  readonly reasons: ReadonlyArray<Reason>
}

/**
 * Scores two attendees (see the module documentation). `reasons` are given
 * from `a`'s side (`roleOfA` is `a`'s role).
 *
 * @since 0.1.0
 * @category scoring
 */
export const score = (a: Attendee, b: Attendee, weights: Weights = defaultWeights): Scored => {
  const pa = P.profile(a)
  const pb = P.profile(b)
  return { score: P.score(pa, pb, weights), reasons: P.reasons(pa, pb) }
}
