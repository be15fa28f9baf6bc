/**
 * The typed errors of the alert service. Each names the alert (or the
 * option) and what was wrong.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * No alert with this id exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class AlertNotFound extends Schema.TaggedError<AlertNotFound>()("AlertNotFound", {
  alertId: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `alert ${this.alertId}: no such alert`
  }
}

/**
 * The status change is not allowed from the alert's current status (for
 * example resolving a dismissed alert).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAlertTransition extends Schema.TaggedError<InvalidAlertTransition>()("InvalidAlertTransition", {
  alertId: Schema.String,
  from: Schema.String,
  to: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `alert ${this.alertId}: cannot move from "${this.from}" to "${this.to}"`
  }
}

/**
 * An option given to the alert service is out of range.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAlertOptions extends Schema.TaggedError<InvalidAlertOptions>()("InvalidAlertOptions", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `alert options: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}
