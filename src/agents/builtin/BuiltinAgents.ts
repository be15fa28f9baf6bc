/**
 * The built-in agent types, registered together: what a host provides to run
 * Ringmaster's own agents (`recommendation`, `networking`, `sponsorship`, `scheduling`).
 *
 * ```ts
 * const Agents = BuiltinAgents.layer.pipe(Layer.provideMerge(AgentRegistry.layer))
 * ```
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import type { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import * as Agent from "../Agent.ts"
import type { DuplicateAgentType } from "../AgentError.ts"
import type { AgentRegistry } from "../AgentRegistry.ts"
import { NetworkingAgent } from "./NetworkingAgent.ts"
import { RecommendationAgent } from "./RecommendationAgent.ts"
import { SchedulingAgent } from "./SchedulingAgent.ts"
import { SponsorshipAgent } from "./SponsorshipAgent.ts"

/**
 * Registers every built-in agent type in the registry.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<never, DuplicateAgentType | StorageError, AgentRegistry | Storage> = Layer.mergeAll(
  Agent.layer(RecommendationAgent),
  Agent.layer(NetworkingAgent),
  Agent.layer(SponsorshipAgent),
  Agent.layer(SchedulingAgent)
)
