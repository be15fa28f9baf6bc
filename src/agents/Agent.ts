/**
 * An agent type is a value: a type name, a version, a configuration Schema,
 * an input Schema, an output Schema, and a handler that is an Effect.
 * `Agent.layer(type)` registers it in the `AgentRegistry` (and gives the
 * `ai_agent_types` lookup its row); the registry runs agents by their
 * `ai_agents` row.
 *
 * ```ts
 * const Echo = Agent.make({
 *   type: "content_generation",
 *   version: "1.0.0",
 *   configuration: Schema.Struct({ tone: Schema.Literals(["formal", "casual"]) }),
 *   input: Schema.Struct({ topic: Schema.String }),
 *   output: Schema.Struct({ text: Schema.String }),
 *   handler: (input, context) => Effect.succeed({ text: `${context.configuration.tone}: ${input.topic}` })
 * })
 * const EchoLive = Agent.layer(Echo)
 * ```
 *
 * The handler receives an {@link Context}: the agent's row, its decoded
 * configuration, the mode (`live`, or `shadow` while the agent is
 * `training`: compute and record, change nothing), `propose` to ask for an
 * action through the safety envelope (as the agent, shadow in shadow mode),
 * and `record` to keep training data. A handler that needs a large language
 * model asks for `effect/ai`'s `LanguageModel` with {@link languageModel},
 * which is `None` when the host provides none: every built-in agent works
 * without one.
 *
 * @since 0.1.0
 */
import { Effect, Layer, type Option, type Schema } from "effect"
import { LanguageModel } from "effect/ai"
import type { ExecutionRecord } from "../actions/SafetyEnvelope.ts"
import type { InvalidActionParameters, UnknownAction } from "../actions/ActionRegistry.ts"
import type { StorageError } from "../storage/StorageError.ts"
import type { DuplicateAgentType } from "./AgentError.ts"
import { AgentRegistry } from "./AgentRegistry.ts"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId = "~ringmaster/agents/Agent" as const

/**
 * The agent a handler runs as.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunningAgent {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly version: string
  readonly accountId: string | undefined
  readonly status: "active" | "training"
}

/**
 * An action an agent proposes: the action's name, its encoded parameters,
 * and how sure the agent is (checked against `minConfidence`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Proposal {
  readonly action: string
  readonly parameters: unknown
  readonly confidence?: number | undefined
  readonly runId?: string | undefined
}

/**
 * What a handler is given besides its input.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context<C> {
  readonly agent: RunningAgent
  readonly configuration: C
  /** `shadow` while the agent is `training`: compute and record, change nothing. */
  readonly mode: "live" | "shadow"
  /** A run id for this run (groups its proposals for per-run caps). */
  readonly runId: string
  /** Asks for an action through the safety envelope, as this agent (shadow in shadow mode). */
  readonly propose: (
    proposal: Proposal
  ) => Effect.Effect<ExecutionRecord, UnknownAction | InvalidActionParameters | StorageError>
  /** Keeps a training example (`ai_training_data`) for this agent. */
  readonly record: (example: TrainingExample) => Effect.Effect<void, StorageError>
}

/**
 * One training example: what kind, the raw and processed data, a quality
 * score in [0, 1], and where it came from.
 *
 * @since 0.1.0
 * @category models
 */
export interface TrainingExample {
  readonly dataType: "content" | "behavior" | "feedback" | "performance" | "interaction"
  readonly raw: Schema.Json
  readonly processed?: Schema.Json | undefined
  readonly qualityScore?: number | undefined
  readonly sourceEventId?: string | undefined
  readonly sourceUserId?: string | undefined
  readonly verified?: boolean | undefined
}

/**
 * An agent type.
 *
 * @since 0.1.0
 * @category models
 */
export interface AgentType<C, I, O, E, R> {
  readonly [TypeId]: typeof TypeId
  readonly type: string
  readonly version: string
  readonly description: string
  readonly configuration: Schema.Codec<C, unknown>
  readonly input: Schema.Codec<I, unknown>
  readonly output: Schema.Codec<O, unknown>
  readonly handler: (input: I, context: Context<C>) => Effect.Effect<O, E, R>
}

/**
 * Any agent type.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = AgentType<unknown, unknown, unknown, unknown, never>

/**
 * Defines an agent type.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <C, CE, I, IE, O, OE, E = never, R = never>(options: {
  readonly type: string
  readonly version: string
  readonly description?: string | undefined
  readonly configuration: Schema.Codec<C, CE>
  readonly input: Schema.Codec<I, IE>
  readonly output: Schema.Codec<O, OE>
  readonly handler: (input: I, context: Context<C>) => Effect.Effect<O, E, R>
}): AgentType<C, I, O, E, R> => ({
  [TypeId]: TypeId,
  type: options.type,
  version: options.version,
  description: options.description ?? "",
  configuration: options.configuration as Schema.Codec<C, unknown>,
  input: options.input as Schema.Codec<I, unknown>,
  output: options.output as Schema.Codec<O, unknown>,
  handler: options.handler
})

/**
 * Registers an agent type in the registry when built (how built-in agents
 * and plugins add types). The handler runs with the services of `R` present
 * when the layer is built. A second layer claiming the same type fails with
 * `DuplicateAgentType`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <C, I, O, E, R>(
  agentType: AgentType<C, I, O, E, R>
): Layer.Layer<never, DuplicateAgentType | StorageError, AgentRegistry | R> =>
  Layer.effectDiscard(AgentRegistry.use((registry) => registry.register(agentType)))

/**
 * The host's large language model, when it provides one (`effect/ai`'s
 * `LanguageModel`); `None` otherwise.
 *
 * @since 0.1.0
 * @category services
 */
export const languageModel: Effect.Effect<Option.Option<LanguageModel.LanguageModel>> = Effect.serviceOption(
  LanguageModel.LanguageModel
)

/**
 * Whether a value is an agent type.
 *
 * @since 0.1.0
 * @category guards
 */
export const isAgentType = (u: unknown): u is Any => typeof u === "object" && u !== null && TypeId in u
