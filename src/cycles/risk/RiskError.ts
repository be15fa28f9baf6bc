/**
 * The typed errors of the risk service.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * No risk with this id exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class RiskNotFound extends Schema.TaggedError<RiskNotFound>()("RiskNotFound", {
  riskId: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `risk ${this.riskId}: no such risk`
  }
}

/**
 * The status change is not allowed from the risk's current status (for
 * example mitigating a resolved risk).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRiskTransition extends Schema.TaggedError<InvalidRiskTransition>()("InvalidRiskTransition", {
  riskId: Schema.String,
  from: Schema.String,
  to: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `risk ${this.riskId}: cannot move from "${this.from}" to "${this.to}"`
  }
}

/**
 * An option given to the risk service is out of range.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRiskOptions extends Schema.TaggedError<InvalidRiskOptions>()("InvalidRiskOptions", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `risk options: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}
