/**
 * The demo's server: the HTTP API (`Http.Server.routes`) and the dashboard
 * served on 127.0.0.1 over a database that holds the demo data, with the
 * scheduled work running in the same process, and a demo API key to sign in
 * with. `npm start` and the example servers run it.
 *
 * Two profiles:
 *
 * - `marketing`: the simulated ad account the demo's cycles managed
 *   (`<slug>-sim-managed`). Each UTC day the simulated platform delivers the
 *   days that ended (for the managed account and the one left alone), then
 *   that day's decision cycle runs (idempotency key `daily:YYYY-MM-DD`, so a
 *   restart never runs a day twice): rules, the safety envelope, learning,
 *   alerts, risks and health, as in the demo. The first run is at start-up.
 * - `event`: the demo event's account. Every six hours the built-in agents
 *   that the demo registered on it (session recommender, matchmaker, sponsor
 *   leads, programme scheduler) run again through the agent registry, each
 *   run tracked in `ai_agent_runs`.
 *
 * Shutdown is graceful: closing the scope stops the server (in-flight
 * requests finish, up to 10 s), then interrupts the schedule, whose jobs are
 * uninterruptible (a cycle or an agent run finishes before it stops), then the
 * caller's database layer closes.
 *
 * @since 0.1.0
 */
import { createServer as createNetServer } from "node:net"
import { Clock, Console, DateTime, Effect, Layer, Schema, type Scope } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRegistry } from "../actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../actions/SafetyEnvelope.ts"
import { AgentRegistry } from "../agents/AgentRegistry.ts"
import * as BuiltinAgents from "../agents/builtin/BuiltinAgents.ts"
import { NetworkingAgent } from "../agents/builtin/NetworkingAgent.ts"
import { RecommendationAgent } from "../agents/builtin/RecommendationAgent.ts"
import { SchedulingAgent } from "../agents/builtin/SchedulingAgent.ts"
import { SponsorshipAgent } from "../agents/builtin/SponsorshipAgent.ts"
import { DecisionCycles, periodKey } from "../cycles/DecisionCycles.ts"
import * as SimulatedPlatform from "../cycles/platform/SimulatedPlatform.ts"
import { ApiKeys } from "../http/ApiKeys.ts"
import * as Dashboard from "../http/dashboard/Dashboard.ts"
import * as Server from "../http/Server.ts"
import { ListenFailed, PortInUse } from "../http/ServerError.ts"
import * as Core from "../storage/schema/core/index.ts"
import * as Events from "../storage/schema/events/index.ts"
import { AiAgents } from "../storage/schema/eventsAi/AiAgents.ts"
import { CampaignDailyMetrics } from "../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Storage } from "../storage/Storage.ts"
import * as DemoData from "./DemoData.ts"
import * as DemoCycles from "./DemoCycles.ts"

/**
 * Which server: the simulated ad account's marketing side, or the demo
 * event's account.
 *
 * @since 0.1.0
 * @category models
 */
export type Profile = "marketing" | "event"

/**
 * Where to serve and what to run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly profile: Profile
  /** default 127.0.0.1 */
  readonly host?: string | undefined
  /** default 8080; 0 picks a free port */
  readonly port?: number | undefined
  /** run the scheduled work (default true) */
  readonly schedule?: boolean | undefined
}

/**
 * A port outside 0–65535.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPort extends Schema.TaggedError<InvalidPort>()("InvalidPort", {
  port: Schema.Number
}) {
  override get message() {
    return `--port must be from 0 to 65535 (0 picks a free port), got ${this.port}`
  }
}

/**
 * The database holds no demo data for the profile: run the demo first.
 *
 * @since 0.1.0
 * @category errors
 */
export class DemoDataMissing extends Schema.TaggedError<DemoDataMissing>()("DemoDataMissing", {
  profile: Schema.String,
  missing: Schema.String
}) {
  override get message() {
    return `no demo data for the ${this.profile} server: ${this.missing} (load it with \`npm start -- --no-serve\`)`
  }
}

/**
 * The account a profile serves, its owner, and the key printed for it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly accountId: string
  readonly accountName: string
  readonly ownerId: string
  /** for `marketing`, the account left alone, which the platform delivers too */
  readonly aloneId: string | undefined
}

/**
 * What `start` answers: the URL served, the dashboard's URL with the key in
 * its fragment, and the key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Started {
  readonly url: string
  readonly dashboardUrl: string
  readonly docsUrl: string
  readonly apiKey: string
  readonly target: Target
}

const demoSlug = DemoData.generate(0, 0).account.slug
const dayMillis = 86_400_000
const isoDay = (millis: number) => new Date(millis).toISOString().slice(0, 10)

/**
 * Finds the account a profile serves and its owner.
 *
 * @since 0.1.0
 * @category demo
 */
export const target = Effect.fnUntraced(function*(profile: Profile) {
  const storage = yield* Storage
  const slug = profile === "marketing" ? `${demoSlug}-sim-managed` : demoSlug
  const account = (yield* storage.find(Core.Accounts, { where: { slug } })).items[0]
  if (account === undefined) return yield* new DemoDataMissing({ profile, missing: `no account with slug ${slug}` })
  const owner = (yield* storage.find(Core.AccountUsers, { where: { account_id: account.id, role: "owner" }, limit: 1 })).items[0]
  if (owner === undefined) return yield* new DemoDataMissing({ profile, missing: `account ${slug} has no owner` })
  const alone = profile === "marketing" ?
    (yield* storage.find(Core.Accounts, { where: { slug: `${demoSlug}-sim-alone` } })).items[0] :
    undefined
  return { accountId: account.id, accountName: account.name, ownerId: owner.user_id, aloneId: alone?.id } satisfies Target
})

/**
 * Creates the demo key: the account's owner, every scope (so the dashboard
 * can approve and roll back as a person).
 *
 * @since 0.1.0
 * @category demo
 */
export const createDemoKey = Effect.fnUntraced(function*(t: Target) {
  const keys = yield* ApiKeys
  const created = yield* keys.create({
    accountId: t.accountId,
    userId: t.ownerId,
    name: "demo dashboard key",
    scopes: ["read", "write", "approve"]
  })
  return created.secret
})

// ---------------------------------------------------------------------------
// scheduled work
// ---------------------------------------------------------------------------

/** The cycle world of the demo (see `DemoCycles.layer`). */
const cycleWorld = DemoCycles.layer

/** The agent registry with the built-in agents. */
const agentWorld = BuiltinAgents.layer.pipe(
  Layer.provideMerge(AgentRegistry.layer),
  Layer.provide(SafetyEnvelope.layerStorage()),
  Layer.provide(ActionRegistry.layer),
  Layer.orDie
)

/**
 * One tick of the marketing schedule at the Clock's time: the simulated
 * platform delivers every complete day after the last one it delivered, then
 * the day's cycle runs (once per day, whoever asks).
 *
 * @since 0.1.0
 * @category scheduling
 */
export const marketingTick = Effect.fnUntraced(function*(t: Target) {
  const storage = yield* Storage
  const sim = yield* SimulatedPlatform.SimulatedPlatform
  const cycles = yield* DecisionCycles
  const now = yield* Clock.currentTimeMillis
  const yesterday = isoDay(now - dayMillis)
  const last = (yield* storage.find(CampaignDailyMetrics, {
    where: { account_id: t.accountId },
    orderBy: [{ column: "metric_date", direction: "desc" }],
    limit: 1
  })).items[0]?.metric_date
  // at most 60 days of catch-up after a long pause
  let day = last === undefined ? yesterday : isoDay(Math.max(Date.parse(`${last}T00:00:00Z`) + dayMillis, now - 60 * dayMillis))
  const delivered: Array<string> = []
  while (day <= yesterday) {
    yield* sim.advanceDay(t.accountId, day)
    if (t.aloneId !== undefined) yield* sim.advanceDay(t.aloneId, day)
    delivered.push(day)
    day = isoDay(Date.parse(`${day}T00:00:00Z`) + dayMillis)
  }
  const report = yield* cycles.runOnce({
    accountId: t.accountId,
    trigger: "schedule:daily",
    idempotencyKey: periodKey("daily", DateTime.makeUnsafe(now)),
    type: "optimization"
  })
  return { delivered, report }
})

/**
 * One tick of the event schedule: every built-in agent registered on the
 * account runs again on its event.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const eventTick = Effect.fnUntraced(function*(t: Target) {
  const storage = yield* Storage
  const registry = yield* AgentRegistry
  const event = (yield* storage.find(Events.Events, { where: { account_id: t.accountId }, limit: 1 })).items[0]
  if (event === undefined) return 0
  const agents = (yield* storage.find(AiAgents, { where: { account_id: t.accountId }, orderBy: [{ column: "created_at", direction: "desc" }] })).items
  const latest = (type: string) => agents.find((a) => a.type === type)
  let runs = 0
  const input = { eventId: event.id }
  for (const [type, run] of [
    ["recommendation", (id: string) => registry.runAs(RecommendationAgent, id, input)],
    ["networking", (id: string) => registry.runAs(NetworkingAgent, id, input)],
    ["sponsorship", (id: string) => registry.runAs(SponsorshipAgent, id, input)],
    ["scheduling", (id: string) => registry.runAs(SchedulingAgent, id, input)]
  ] as const) {
    const agent = latest(type)
    if (agent === undefined) continue
    yield* (run(agent.id) as Effect.Effect<unknown, unknown>).pipe(
      Effect.catchCause((cause) => Effect.logError(`scheduled ${type} agent run failed`, cause))
    )
    runs++
  }
  return runs
})

/**
 * Runs `tick` at the start of every period of `periodMillis` (and once now),
 * forever. A tick is uninterruptible: interruption (shutdown) waits for the
 * running one to finish and lands in the sleep between ticks. A failed tick is
 * logged and the schedule goes on.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const every = <A, E, R>(periodMillis: number, name: string, tick: Effect.Effect<A, E, R>): Effect.Effect<never, never, R> =>
  Effect.gen(function*() {
    while (true) {
      yield* Effect.uninterruptible(tick.pipe(Effect.catchCause((cause) => Effect.logError(`scheduled ${name} failed`, cause))))
      const at = yield* Clock.currentTimeMillis
      const next = (Math.floor(at / periodMillis) + 1) * periodMillis
      yield* Effect.sleep(next - at + 1000)
    }
  })

const schedule = (
  profile: Profile,
  t: Target
): Effect.Effect<never, never, Storage | DecisionCycles | SimulatedPlatform.SimulatedPlatform | AgentRegistry> =>
  profile === "marketing" ?
    every(dayMillis, "daily cycle", marketingTick(t)) :
    every(6 * 3_600_000, "agent runs", eventTick(t))

// ---------------------------------------------------------------------------
// serving
// ---------------------------------------------------------------------------

/**
 * Starts serving in the current scope: finds the profile's account, listens,
 * starts the schedule, creates a demo key. Closing the scope shuts down
 * gracefully (see the module's description).
 *
 * @since 0.1.0
 * @category serving
 */
export const start = (options: Options) =>
  Effect.gen(function*() {
    const host = options.host ?? "127.0.0.1"
    const port = options.port ?? 8080
    const t = yield* target(options.profile)
    // built in this order, closed in the reverse: the server stops first (in-flight requests finish),
    // then the schedule (a running tick finishes), then the worlds; the caller's database closes last
    const world = yield* Layer.build(Layer.merge(cycleWorld, agentWorld))
    if (options.schedule !== false) {
      yield* Effect.forkScoped(schedule(options.profile, t).pipe(Effect.provideContext(world)))
    }
    const served = yield* Layer.build(
      Server.layerWith(Dashboard.layer(), { host, port }).pipe(Layer.provide(Layer.succeedContext(world)))
    )
    const url = yield* Server.url.pipe(Effect.provideContext(served))
    const apiKey = yield* createDemoKey(t).pipe(Effect.provide(ApiKeys.layer))
    return {
      url,
      dashboardUrl: `${url}${Dashboard.path}#key=${apiKey}`,
      docsUrl: `${url}${Server.docsPath}`,
      apiKey,
      target: t
    } satisfies Started
  }) satisfies Effect.Effect<Started, unknown, Storage | SqlClient.SqlClient | Scope.Scope>

/**
 * Fails with `PortInUse` at once when `host:port` is taken, so that a
 * command that loads data before serving says so before the wait, not after.
 * (Another process may still take the port in between; serving then fails
 * with the same error.)
 *
 * @since 0.1.0
 * @category serving
 */
export const ensurePortFree = (host: string, port: number): Effect.Effect<void, PortInUse | ListenFailed> =>
  port === 0 ? Effect.void : Effect.callback<void, PortInUse | ListenFailed>((resume) => {
    const probe = createNetServer()
    probe.once("error", (error: NodeJS.ErrnoException) =>
      resume(Effect.fail(error.code === "EADDRINUSE" ? new PortInUse({ host, port }) : new ListenFailed({ host, port, reason: error.message }))))
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resume(Effect.void)))
  })

/**
 * The lines printed once the server listens: where the dashboard, the API
 * docs and the key are.
 *
 * @since 0.1.0
 * @category formatting
 */
export const banner = (started: Started): string =>
  [
    "",
    `Serving ${started.target.accountName} on ${started.url}`,
    `  Dashboard:  ${started.dashboardUrl}`,
    `  API docs:   ${started.docsUrl}`,
    `  Demo API key (account owner; read, write, approve): ${started.apiKey}`,
    `  Try: curl -H "X-API-Key: ${started.apiKey}" ${started.url}/api/ai/system-status`,
    "Press Ctrl-C to stop.",
    ""
  ].join("\n")

/**
 * Starts serving, hands the result to `onReady`, and runs until interrupted
 * (Ctrl-C): then shuts down gracefully.
 *
 * @since 0.1.0
 * @category serving
 */
export const serve = <E, R>(options: Options & { readonly onReady: (started: Started) => Effect.Effect<void, E, R> }) =>
  Effect.scoped(Effect.gen(function*() {
    const started = yield* start(options)
    // finalizers run in reverse: this one first, before the server and the database close
    yield* Effect.addFinalizer(() =>
      Console.error("Stopping: letting requests in flight and a running tick finish, then closing the database…")
    )
    yield* options.onReady(started)
    return yield* Effect.never
  })).pipe(Effect.onInterrupt(() => Console.error("Stopped; the database closed cleanly.")))
