/**
 * The typed errors of agents and the agent registry. Each names the agent
 * (its id and type) and what was wrong.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Two layers claimed the same agent type: fails when the second is built.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateAgentType extends Schema.TaggedError<DuplicateAgentType>()("DuplicateAgentType", {
  type: Schema.String
}) {
  override get message() {
    return `agent type "${this.type}" is registered twice (two layers claim it)`
  }
}

/**
 * No agent type is registered under this name.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownAgentType extends Schema.TaggedError<UnknownAgentType>()("UnknownAgentType", {
  agentId: Schema.String,
  type: Schema.String,
  known: Schema.Array(Schema.String)
}, { httpApiStatus: 422 }) {
  override get message() {
    return `agent ${this.agentId}: no agent type "${this.type}" is registered (registered: ${
      this.known.length === 0 ? "none" : this.known.join(", ")
    })`
  }
}

/**
 * The agent's `configuration` does not decode with its type's Schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAgentConfiguration extends Schema.TaggedError<InvalidAgentConfiguration>()("InvalidAgentConfiguration", {
  agentId: Schema.String,
  type: Schema.String,
  field: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `agent ${this.agentId} (${this.type}): configuration.${this.field}: ${this.rule}`
  }
}

/**
 * The input given to a run does not decode with the type's input Schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAgentInput extends Schema.TaggedError<InvalidAgentInput>()("InvalidAgentInput", {
  agentId: Schema.String,
  type: Schema.String,
  field: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `agent ${this.agentId} (${this.type}): input.${this.field}: ${this.rule}`
  }
}

/**
 * The agent's status does not let it run (`inactive` or `maintenance`).
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentUnavailable extends Schema.TaggedError<AgentUnavailable>()("AgentUnavailable", {
  agentId: Schema.String,
  type: Schema.String,
  status: Schema.Literals(["inactive", "maintenance"])
}, { httpApiStatus: 409 }) {
  override get message() {
    return `agent ${this.agentId} (${this.type}) is ${this.status} and does not run`
  }
}

/**
 * The agent's handler failed or died. The failure is logged in
 * `ai_error_logs` (`errorLogId`) and counted in the agent's metrics; the host
 * sees this typed error, never a crash.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentRunFailed extends Schema.TaggedError<AgentRunFailed>()("AgentRunFailed", {
  agentId: Schema.String,
  type: Schema.String,
  reason: Schema.String,
  defect: Schema.Boolean,
  errorLogId: Schema.optionalKey(Schema.String)
}, { httpApiStatus: 500 }) {
  override get message() {
    return `agent ${this.agentId} (${this.type}) ${this.defect ? "died" : "failed"}: ${this.reason}`
  }
}

/**
 * Every error a run can end with (storage errors aside).
 *
 * @since 0.1.0
 * @category errors
 */
export type RunError = UnknownAgentType | InvalidAgentConfiguration | InvalidAgentInput | AgentUnavailable | AgentRunFailed
