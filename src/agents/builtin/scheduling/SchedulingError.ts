/**
 * Typed errors of the scheduling engine.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The problem JSON does not decode, or refers to something it does not define.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidProblem extends Schema.TaggedError<InvalidProblem>()("InvalidProblem", {
  reason: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `invalid scheduling problem: ${this.reason}`
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
    return `exact scheduling solver failed: ${this.reason}`
  }
}

/**
 * A placed talk uses a slot whose start and end time were not given.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingSlotTime extends Schema.TaggedError<MissingSlotTime>()("MissingSlotTime", {
  slot: Schema.String,
  talk: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `talk ${this.talk}: no start/end time for slot "${this.slot}"`
  }
}
