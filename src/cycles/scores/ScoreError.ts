/**
 * The typed errors of the performance-score service.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A benchmark row does not decode or breaks a rule (percentiles out of
 * order, a period that ends before it starts): its index, the field, why.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidBenchmark extends Schema.TaggedError<InvalidBenchmark>()("InvalidBenchmark", {
  index: Schema.Int,
  path: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `benchmark ${this.index}${this.path === "" ? "" : ` at ${this.path}`}: ${this.reason}`
  }
}

/**
 * An option given to the score service is out of range.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidScoreOptions extends Schema.TaggedError<InvalidScoreOptions>()("InvalidScoreOptions", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `score options: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}
