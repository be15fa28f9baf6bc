/**
 * The demo's third act: the built-in agents run on the demo event through
 * the agent registry, each as an `ai_agents` row of the demo account, every
 * run tracked.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRegistry } from "../actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../actions/SafetyEnvelope.ts"
import { AgentRegistry } from "../agents/AgentRegistry.ts"
import * as BuiltinAgents from "../agents/builtin/BuiltinAgents.ts"
import { NetworkingAgent } from "../agents/builtin/NetworkingAgent.ts"
import { RecommendationAgent } from "../agents/builtin/RecommendationAgent.ts"
import * as Core from "../storage/schema/core/index.ts"
import * as Events from "../storage/schema/events/index.ts"
import { AiAgents } from "../storage/schema/eventsAi/AiAgents.ts"
import { Storage } from "../storage/Storage.ts"

/**
 * What the agents produced.
 *
 * @since 0.1.0
 * @category models
 */
export interface AgentsSummary {
  readonly recommendations: {
    readonly attendees: number
    readonly written: number
    readonly millis: number
    /** a few attendees' top recommendation: who, which session, how sure, what matched */
    readonly samples: ReadonlyArray<readonly [attendee: string, session: string, confidence: number, matched: string]>
  }
  readonly networking: {
    readonly eligible: number
    readonly matches: number
    readonly complementary: number
    readonly written: number
    readonly millis: number
  }
}

/** The registry with the built-in agents the demo runs (registration cannot fail here: one layer per type). */
const layer: Layer.Layer<AgentRegistry, never, Storage | SqlClient.SqlClient> = BuiltinAgents.layer.pipe(
  Layer.provideMerge(AgentRegistry.layer),
  Layer.provide(SafetyEnvelope.layerStorage()),
  Layer.provide(ActionRegistry.layer),
  Layer.orDie
)

/**
 * Creates the demo account's agents and runs them on its event.
 *
 * @since 0.1.0
 * @category demo
 */
export const run = Effect.fnUntraced(function*(options: { readonly accountSlug: string }) {
  const storage = yield* Storage
  const registry = yield* AgentRegistry
  const account = (yield* storage.find(Core.Accounts, { where: { slug: options.accountSlug } })).items[0]
  if (account === undefined) return undefined
  const event = (yield* storage.find(Events.Events, { where: { account_id: account.id } })).items[0]
  if (event === undefined) return undefined
  const recommender = yield* storage.insert(AiAgents, {
    name: "Session recommender",
    type: "recommendation",
    version: RecommendationAgent.version,
    account_id: account.id,
    configuration: { ranker: { limit: 5 }, expiresInHours: 72 }
  })
  const started = yield* Clock.currentTimeMillis
  const result = yield* registry.runAs(RecommendationAgent, recommender.id, { eventId: event.id })
  const finished = yield* Clock.currentTimeMillis
  const matchmaker = yield* storage.insert(AiAgents, {
    name: "Matchmaker",
    type: "networking",
    version: NetworkingAgent.version,
    account_id: account.id,
    configuration: { maxMatches: 3 }
  })
  const matched = yield* registry.runAs(NetworkingAgent, matchmaker.id, { eventId: event.id })
  const matchedAt = yield* Clock.currentTimeMillis
  const samples: Array<readonly [string, string, number, string]> = []
  for (const sample of result.output.samples) {
    const attendee = yield* storage.get(Events.Attendees, sample.attendeeId)
    const session = yield* storage.get(Events.Sessions, sample.sessionId)
    samples.push([attendee.full_name, session.title, sample.confidence, sample.matched.slice(0, 4).join(", ")])
  }
  return {
    recommendations: {
      attendees: result.output.attendees,
      written: result.output.written,
      millis: finished - started,
      samples
    },
    networking: {
      eligible: matched.output.eligible,
      matches: matched.output.matches,
      complementary: matched.output.complementary,
      written: matched.output.written,
      millis: matchedAt - finished
    }
  } satisfies AgentsSummary
}, (effect) => Effect.provide(effect, layer))

/**
 * Renders the agents' summary for the terminal.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (summary: AgentsSummary): ReadonlyArray<string> => [
  `Agents: the session recommender ranked ${summary.recommendations.attendees} attendees and wrote ` +
  `${summary.recommendations.written} recommendations to ai_recommendations in ${(summary.recommendations.millis / 1000).toFixed(2)} s`,
  ...summary.recommendations.samples.map(([attendee, session, confidence, matched]) =>
    `  ${attendee}: "${session}" (confidence ${confidence.toFixed(2)}${matched === "" ? "" : `; matched ${matched}`})`
  ),
  `Agents: the matchmaker paired ${summary.networking.eligible} eligible attendees into ${summary.networking.matches} matches ` +
  `(${summary.networking.complementary} on a complementary intent, at most 3 each), ${summary.networking.written} rows written, ` +
  `in ${(summary.networking.millis / 1000).toFixed(2)} s`
]
