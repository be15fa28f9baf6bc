/**
 * The typed errors of the system-health service.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A heartbeat or a component declaration is not valid: the field, the value
 * and the rule it broke.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidHeartbeat extends Schema.TaggedError<InvalidHeartbeat>()("InvalidHeartbeat", {
  component: Schema.String,
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `heartbeat of ${this.component}: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}

/**
 * No component with this name has reported a heartbeat.
 *
 * @since 0.1.0
 * @category errors
 */
export class ComponentNotFound extends Schema.TaggedError<ComponentNotFound>()("ComponentNotFound", {
  component: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `component ${this.component}: no heartbeat recorded`
  }
}

/**
 * An option given to the system-health service is out of range.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidHealthOptions extends Schema.TaggedError<InvalidHealthOptions>()("InvalidHealthOptions", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `health options: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}
