/**
 * Typed errors of the sponsorship engine.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The input is inconsistent or an option is out of range; names the field
 * and the value that was wrong.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  field: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `invalid sponsorship input: ${this.field}: ${this.reason}`
  }
}

/**
 * The exact solver (HiGHS) could not load or did not reach a usable solution.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExactSolverFailed extends Schema.TaggedError<ExactSolverFailed>()("ExactSolverFailed", {
  reason: Schema.String
}) {
  override get message() {
    return `exact sponsorship solver failed: ${this.reason}`
  }
}
