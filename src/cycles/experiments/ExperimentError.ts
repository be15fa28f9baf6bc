/**
 * The typed errors of the experiment statistics and `ExperimentService`.
 * Each names what was wrong: the field, the value and the rule it broke.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * An input to a statistic, a verdict or the service broke a rule (a rate
 * outside (0, 1), a negative count, more conversions than visitors, an
 * allocation that is not positive, an unknown variant, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidExperimentInput extends Schema.TaggedError<InvalidExperimentInput>()("InvalidExperimentInput", {
  field: Schema.String,
  value: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.field} = ${this.value}: ${this.rule}`
  }
}

/**
 * A stored `ai_testing_experiments` row does not decode: its
 * `test_configuration` or `variant_configs` JSONB is not what the service
 * writes (edited by hand, or written by something else).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidExperimentRecord extends Schema.TaggedError<InvalidExperimentRecord>()("InvalidExperimentRecord", {
  experimentId: Schema.String,
  field: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `experiment ${this.experimentId}: ${this.field}: ${this.rule}`
  }
}

/**
 * The experiment is in a status that does not allow the operation
 * (recording observations into a completed experiment, for instance).
 *
 * @since 0.1.0
 * @category errors
 */
export class ExperimentClosed extends Schema.TaggedError<ExperimentClosed>()("ExperimentClosed", {
  experimentId: Schema.String,
  status: Schema.String,
  operation: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `experiment ${this.experimentId} is ${this.status}: cannot ${this.operation}`
  }
}

/**
 * Builds an `InvalidExperimentInput` for a value (rendered with `String`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalid = (field: string, value: unknown, rule: string): InvalidExperimentInput =>
  new InvalidExperimentInput({ field, value: typeof value === "string" ? JSON.stringify(value) : String(value), rule })
