/**
 * Typed errors of the recommendation engine.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The recommendation input does not decode, or is inconsistent: a duplicate
 * id, a registration for a session it does not define, a session that ends
 * before it starts.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRecommendationInput extends Schema.TaggedError<InvalidRecommendationInput>()(
  "InvalidRecommendationInput",
  { reason: Schema.String },
  { httpApiStatus: 422 }
) {
  override get message() {
    return `invalid recommendation input: ${this.reason}`
  }
}
