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

/**
 * The slot grid does not lay out: `field` names the grid field (or the
 * event's `timezone`), `rule` what is wrong with it.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidGrid extends Schema.TaggedError<InvalidGrid>()("InvalidGrid", {
  field: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `scheduling grid: ${this.field}: ${this.rule}`
  }
}

/**
 * An event's `settings.scheduling` does not decode: `field` is the path below
 * `settings.scheduling`.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidEventSettings extends Schema.TaggedError<InvalidEventSettings>()("InvalidEventSettings", {
  eventId: Schema.String,
  field: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `event ${this.eventId}: settings.scheduling.${this.field}: ${this.rule}`
  }
}

/**
 * The schedule version to diff against is not a recorded schedule of this
 * event.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownScheduleVersion extends Schema.TaggedError<UnknownScheduleVersion>()("UnknownScheduleVersion", {
  eventId: Schema.String,
  versionId: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `event ${this.eventId}: no recorded schedule version ${this.versionId}`
  }
}
