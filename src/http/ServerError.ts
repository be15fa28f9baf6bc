/**
 * The typed errors of starting the HTTP server.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The address is taken: another process (or another server of this one)
 * listens on `host:port`.
 *
 * @since 0.1.0
 * @category errors
 */
export class PortInUse extends Schema.TaggedError<PortInUse>()("PortInUse", {
  host: Schema.String,
  port: Schema.Number
}) {
  override get message() {
    return `port ${this.port} on ${this.host} is in use: stop the process listening there or choose another port`
  }
}

/**
 * The server could not listen for another reason (no permission for a low
 * port, an address that is not this machine's, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class ListenFailed extends Schema.TaggedError<ListenFailed>()("ListenFailed", {
  host: Schema.String,
  port: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `cannot listen on ${this.host}:${this.port}: ${this.reason}`
  }
}
