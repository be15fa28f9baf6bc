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
import { SchedulingAgent } from "../agents/builtin/SchedulingAgent.ts"
import { SponsorshipAgent } from "../agents/builtin/SponsorshipAgent.ts"
import * as Core from "../storage/schema/core/index.ts"
import * as Events from "../storage/schema/events/index.ts"
import { AiAgents } from "../storage/schema/eventsAi/AiAgents.ts"
import { AiInsights } from "../storage/schema/eventsAi/AiInsights.ts"
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
  readonly sponsorship: {
    readonly sponsors: number
    readonly leads: number
    readonly underDelivered: number
    readonly insights: number
    readonly millis: number
    /** the most impactful sponsor insights: title, confidence, impact, suggested actions */
    readonly top: ReadonlyArray<readonly [title: string, confidence: number, impact: number, actions: string]>
  }
  readonly scheduling: {
    readonly sessions: number
    readonly placed: number
    readonly unplaced: number
    readonly conflicts: number
    readonly hardViolations: number
    readonly softCost: number
    readonly interestClashes: number
    readonly changed: number
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
  const sponsorAgent = yield* storage.insert(AiAgents, {
    name: "Sponsor leads",
    type: "sponsorship",
    version: SponsorshipAgent.version,
    account_id: account.id,
    configuration: {}
  })
  const sponsored = yield* registry.runAs(SponsorshipAgent, sponsorAgent.id, { eventId: event.id })
  const sponsoredAt = yield* Clock.currentTimeMillis
  const scheduler = yield* storage.insert(AiAgents, {
    name: "Programme scheduler",
    type: "scheduling",
    version: SchedulingAgent.version,
    account_id: account.id,
    configuration: { seed: 1, iterations: 20_000 }
  })
  const scheduled = yield* registry.runAs(SchedulingAgent, scheduler.id, { eventId: event.id })
  const scheduledAt = yield* Clock.currentTimeMillis
  const insights = (yield* storage.find(AiInsights, {
    where: { event_id: event.id, insight_type: "sponsor_performance" },
    orderBy: [{ column: "impact_score", direction: "desc" }, { column: "insight_title" }],
    limit: 3
  })).items
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
    },
    sponsorship: {
      sponsors: sponsored.output.sponsors,
      leads: sponsored.output.leads,
      underDelivered: sponsored.output.underDelivered,
      insights: sponsored.output.insights,
      millis: sponsoredAt - matchedAt,
      top: insights.map((i) => [
        i.insight_title,
        Number(i.confidence_score),
        Number(i.impact_score),
        (i.actionable_items ?? []).flatMap((item) => {
          const action = typeof item === "object" && item !== null && !Array.isArray(item) ? (item as { readonly action?: unknown }).action : undefined
          return typeof action === "string" ? [action] : []
        }).join(", ")
      ] as const)
    },
    scheduling: {
      sessions: scheduled.output.sessions,
      placed: scheduled.output.placed,
      unplaced: scheduled.output.unplaced,
      conflicts: scheduled.output.conflicts.length,
      hardViolations: scheduled.output.score.hardTotal,
      softCost: scheduled.output.score.softTotal,
      interestClashes: scheduled.output.score.soft.interestClash,
      changed: scheduled.output.changed,
      millis: scheduledAt - sponsoredAt
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
  `in ${(summary.networking.millis / 1000).toFixed(2)} s`,
  `Agents: sponsor leads gave ${summary.sponsorship.sponsors} sponsors ${summary.sponsorship.leads} leads within their packages ` +
  `(${summary.sponsorship.underDelivered} short of their entitlement) and wrote ${summary.sponsorship.insights} performance insights ` +
  `in ${(summary.sponsorship.millis / 1000).toFixed(2)} s`,
  ...summary.sponsorship.top.map(([title, confidence, impact, actions]) =>
    `  ${title} (confidence ${confidence.toFixed(2)}, impact ${impact.toFixed(2)}${actions === "" ? "" : `; next: ${actions}`})`
  ),
  `Agents: the scheduler placed ${summary.scheduling.placed} of ${summary.scheduling.sessions} sessions ` +
  `(${summary.scheduling.unplaced} unplaced, ${summary.scheduling.conflicts} conflicts, ${summary.scheduling.hardViolations} hard violations), ` +
  `soft cost ${summary.scheduling.softCost.toFixed(1)} (${summary.scheduling.interestClashes.toFixed(0)} attendee interest clashes), ` +
  `${summary.scheduling.changed} sessions moved, in ${(summary.scheduling.millis / 1000).toFixed(2)} s`
]
