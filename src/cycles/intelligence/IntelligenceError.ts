/**
 * The typed errors of the competitive-intelligence service.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * An observation does not decode: its position in the batch, the path of
 * the field, and what was wrong.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidObservation extends Schema.TaggedError<InvalidObservation>()("InvalidObservation", {
  index: Schema.Int,
  path: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `observation ${this.index}${this.path === "" ? "" : ` at ${this.path}`}: ${this.reason}`
  }
}

/**
 * An analysis option is out of range.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidIntelligenceOptions extends Schema.TaggedError<InvalidIntelligenceOptions>()("InvalidIntelligenceOptions", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `intelligence options: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}
