/**
 * Typed errors of the networking engine.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The matching input is inconsistent (e.g. two attendees share an id).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  reason: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `invalid networking input: ${this.reason}`
  }
}

/**
 * The exact MIP solver could not load or did not reach a usable solution.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExactSolverFailed extends Schema.TaggedError<ExactSolverFailed>()("ExactSolverFailed", {
  reason: Schema.String
}) {
  override get message() {
    return `exact networking solver failed: ${this.reason}`
  }
}
