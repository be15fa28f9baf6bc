/**
 * bench/cycles: one daily decision cycle (`DecisionCycles.runOnce`: reconcile,
 * learn, observe, decide, act through the durable safety envelope, with the
 * built-in policies) over 1,000 and 10,000 simulated campaigns, against the
 * floor: the same reads and writes through the storage port alone, with no
 * envelope, no policies and no platform layer, on a second identical fresh
 * database seeded the same way.
 *
 * Per database (embedded PGlite and, when DATABASE_URL is set, a temporary
 * database on that server) and campaign count it prints the cycle's time,
 * campaigns per second, the floor's time and the ratio cycle/floor (the
 * issue's target is 1.5x), what the cycle did (decisions by outcome, rows
 * written per table) and the process's peak RSS. Seeding is setup, not timed.
 * No thresholds are asserted.
 *
 *   npx tsx bench/cycles.ts [--campaigns 1000,10000] [--profile]
 *
 * `--profile` also times the storage port per operation and table, the
 * platform and the envelope, inclusive, during the cycle (a wrapped service;
 * the timed cycle itself runs unwrapped).
 */
import { Clock, Context, Effect, Layer, type Scope } from "effect"
import { spawnSync } from "node:child_process"
import type { SqlClient } from "effect/sql"
import { ActionRegistry } from "../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../src/actions/SafetyEnvelope.ts"
import { DecisionCycles } from "../src/cycles/DecisionCycles.ts"
import { DecisionProviders } from "../src/cycles/DecisionProvider.ts"
import * as PlatformActions from "../src/cycles/PlatformActions.ts"
import * as AdPlatform from "../src/cycles/platform/AdPlatform.ts"
import * as SimulatedPlatform from "../src/cycles/platform/SimulatedPlatform.ts"
import * as BuiltinPolicies from "../src/cycles/policies/BuiltinPolicies.ts"
import { RuleEngine } from "../src/rules/RuleEngine.ts"
import * as Database from "../src/storage/Database.ts"
import * as SqlStorage from "../src/storage/SqlStorage.ts"
import { Storage } from "../src/storage/Storage.ts"
import type * as Table from "../src/storage/Table.ts"
import { Accounts } from "../src/storage/schema/core/Accounts.ts"
import { PlatformChanges } from "../src/storage/schema/cycles/PlatformChanges.ts"
import { AdGroups } from "../src/storage/schema/marketing/AdGroups.ts"
import { CampaignDailyMetrics } from "../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../src/storage/schema/marketing/Campaigns.ts"
import { Keywords } from "../src/storage/schema/marketing/Keywords.ts"
import { AiDecisionLogs } from "../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiIntegrationLogs } from "../src/storage/schema/marketingAi/AiIntegrationLogs.ts"
import { AiLearningFeedback } from "../src/storage/schema/marketingAi/AiLearningFeedback.ts"
import { AiOptimizationHistory } from "../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiRecommendations } from "../src/storage/schema/marketingAi/AiRecommendations.ts"
import { MasterAiCycles } from "../src/storage/schema/marketingAi/MasterAiCycles.ts"
import { SafetyDecisions } from "../src/storage/schema/safety/SafetyDecisions.ts"

const argCampaigns = process.argv.indexOf("--campaigns")
const COUNTS = (argCampaigns > 0 ? process.argv[argCampaigns + 1]! : "1000,10000").split(",").map(Number)
const PROFILE = process.argv.includes("--profile")
const SEED = 42
const AD_GROUPS_PER_CAMPAIGN = 1
const KEYWORDS_PER_AD_GROUP = 2
const HISTORY_DAYS = 14
const LOOKBACK_DAYS = 28 // CycleConfig's default
const dayMillis = 86_400_000
const isoDay = (day: number) => new Date(day * dayMillis).toISOString().slice(0, 10)
/** the cycle runs at 06:00 UTC of yesterday (by the wall clock), after 14 days of history */
const cycleDay = Math.floor(Date.now() / dayMillis) - 1
const cycleMillis = cycleDay * dayMillis + 6 * 3_600_000

type DatabaseLayer = Layer.Layer<Storage | SqlClient.SqlClient, unknown>
type Row = Record<string, unknown>

// -- clock ----------------------------------------------------------------------

/** Runs `self` with the wall clock reading `millis` (sleeping and monotonic time stay live). */
const at = (millis: number) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.clockWith(Effect.succeed), (live) => {
    const shifted: Clock.Clock = {
      currentTimeMillisUnsafe: () => millis,
      currentTimeMillis: Effect.succeed(millis),
      currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
      currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: live.monotonicTimeNanos,
      sleep: (duration) => live.sleep(duration)
    }
    return Effect.provideService(self, Clock.Clock, shifted)
  })

const timed = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = performance.now()
    const value = yield* self
    return { value, seconds: (performance.now() - start) / 1000 }
  })

// -- profiling wrappers (only with --profile) -------------------------------------

const spent = new Map<string, { millis: number; calls: number }>()
const charge = (key: string, millis: number) => {
  const s = spent.get(key) ?? { millis: 0, calls: 0 }
  s.millis += millis
  s.calls += 1
  spent.set(key, s)
}
const timedAs = <A, E, R>(key: string, self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const start = performance.now()
    return Effect.ensuring(self, Effect.sync(() => charge(key, performance.now() - start)))
  })

/** Every method of a service object that answers an Effect, timed under `prefix.method[.table]`. */
const wrapService = <S extends object>(prefix: string, service: S): S =>
  new Proxy(service, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== "function" || typeof property !== "string") return value
      return (...args: Array<unknown>) => {
        const result = Reflect.apply(value, target, args)
        if (!Effect.isEffect(result)) return result
        if (property === "transaction") return result
        const first = args[0] as { readonly name?: unknown } | undefined
        const table = prefix === "storage" && first !== undefined && typeof first.name === "string" ? `.${first.name}` : ""
        return timedAs(`${prefix}.${property}${table}`, result)
      }
    }
  })

// -- the worlds ---------------------------------------------------------------------

const cycleWorld = (database: DatabaseLayer, profile: boolean) => {
  const storage = profile
    ? Layer.effect(Storage, Effect.map(Storage, (s) => wrapService("storage", s))).pipe(Layer.provideMerge(database))
    : database
  const platform = profile
    ? Layer.effectContext(Effect.gen(function*() {
      const ad = yield* AdPlatform.AdPlatform
      const sim = yield* SimulatedPlatform.SimulatedPlatform
      return Context.make(AdPlatform.AdPlatform, wrapService("platform", ad)).pipe(Context.add(SimulatedPlatform.SimulatedPlatform, sim))
    })).pipe(Layer.provide(SimulatedPlatform.layer()))
    : SimulatedPlatform.layer()
  const envelope = profile
    ? Layer.effect(SafetyEnvelope, Effect.map(SafetyEnvelope, (e) => wrapService("envelope", e))).pipe(
      Layer.provide(SafetyEnvelope.layerStorage())
    )
    : SafetyEnvelope.layerStorage()
  return DecisionCycles.layer.pipe(
    Layer.provideMerge(BuiltinPolicies.layer()),
    Layer.provideMerge(DecisionProviders.layer),
    Layer.provideMerge(RuleEngine.layer),
    Layer.provideMerge(envelope),
    Layer.provideMerge(PlatformActions.layer),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(platform),
    Layer.provideMerge(storage),
    Layer.orDie
  )
}

/** The floor's world: storage alone, plus the simulator only to seed the identical account. */
const floorWorld = (database: DatabaseLayer) =>
  SimulatedPlatform.layer().pipe(Layer.provideMerge(database), Layer.orDie)

// -- seeding (setup, not timed) -------------------------------------------------------

let accounts = 0

const seedAccount = (campaigns: number) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sim = yield* SimulatedPlatform.SimulatedPlatform
    accounts += 1
    const account = yield* storage.insert(Accounts, { name: `Bench cycles ${campaigns}`, slug: `bench-cycles-${accounts}` })
    const first = cycleDay - HISTORY_DAYS
    yield* sim.seed(account.id, {
      seed: SEED,
      campaigns,
      adGroupsPerCampaign: AD_GROUPS_PER_CAMPAIGN,
      keywordsPerAdGroup: KEYWORDS_PER_AD_GROUP,
      startDate: isoDay(first)
    })
    for (let d = first; d < cycleDay; d++) yield* sim.advanceDay(account.id, isoDay(d))
    return account.id
  })

// -- what a cycle wrote ------------------------------------------------------------------

const counted: ReadonlyArray<readonly [string, Table.Any]> = [
  ["master_ai_cycles", MasterAiCycles],
  ["ai_decision_logs", AiDecisionLogs],
  ["ai_optimization_history", AiOptimizationHistory],
  ["ai_recommendations", AiRecommendations],
  ["ringmaster.platform_changes", PlatformChanges],
  ["ringmaster.safety_decisions", SafetyDecisions],
  ["ai_integration_logs", AiIntegrationLogs],
  ["ai_learning_feedback", AiLearningFeedback]
]
const stamped: ReadonlyArray<readonly [string, Table.Any]> = [
  ["campaigns updated", Campaigns],
  ["ad_groups updated", AdGroups],
  ["keywords updated", Keywords]
]

/** Rows per table; and entity rows updated since `since` (a trigger stamps `updated_at` with the database's now()). */
const rowCounts = (since: Date) => Effect.gen(function*() {
  const storage = yield* Storage
  const counts = new Map<string, number>()
  for (const [label, table] of counted) counts.set(label, yield* storage.count(table))
  for (const [label, table] of stamped) {
    counts.set(label, yield* storage.count(table, { updated_at: { gte: since } } as never))
  }
  return counts
})

const difference = (before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>) =>
  new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]))

// -- the plan: what the cycle did, per decision, as data to replay on the floor's database ----

type EntityTable = typeof Campaigns | typeof AdGroups | typeof Keywords

interface Member {
  readonly decision: Row
  readonly held: boolean
  readonly intent: Row | undefined
  readonly integrationLogs: ReadonlyArray<Row>
  readonly safety: Row | undefined
  readonly history: ReadonlyArray<Row>
  readonly recommendations: ReadonlyArray<Row>
  /** the entity the platform changed: its table, external id, and the columns that changed */
  readonly entity: { readonly table: EntityTable; readonly externalId: string; readonly set: Row } | undefined
}

interface Plan {
  readonly cycle: Row
  /** each unit: its members' intents commit one by one, then the members in one transaction */
  readonly units: ReadonlyArray<ReadonlyArray<Member>>
  /** intents of the cycle no decision refers to */
  readonly orphanIntents: ReadonlyArray<Row>
}

const omit = (row: Row, keys: ReadonlyArray<string>): Row => {
  const out: Row = {}
  for (const [k, v] of Object.entries(row)) if (!keys.includes(k)) out[k] = v
  return out
}
const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a) === JSON.stringify(b)
const fixedColumns = ["id", "account_id", "campaign_id", "ad_group_id", "external_id", "created_at"]

const extractPlan = (accountId: string, cycleId: string, seededRows: ReadonlyMap<string, Row>) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const cycle = yield* storage.get(MasterAiCycles, cycleId)
    const logs = (yield* storage.find(AiDecisionLogs, { where: { cycle_id: cycleId }, orderBy: [{ column: "created_at" }, { column: "id" }] })).items
    const logIds = logs.map((l) => l.id)
    const intents = new Map(
      (yield* storage.find(PlatformChanges, { where: { cycle_id: cycleId } })).items.map((r) => [r.change_id, r as Row] as const)
    )
    const safetyIds = logs.flatMap((l) => (l.safety_decision_id === null ? [] : [l.safety_decision_id]))
    const safety = new Map(
      safetyIds.length === 0 ? [] : (yield* storage.find(SafetyDecisions, { where: { id: { in: safetyIds } } })).items.map((r) => [r.id, r as Row] as const)
    )
    const byDecision = <T extends { readonly decision_id: string | null }>(rows: ReadonlyArray<T>) => {
      const map = new Map<string, Array<Row>>()
      for (const r of rows) if (r.decision_id !== null) map.set(r.decision_id, [...(map.get(r.decision_id) ?? []), r as Row])
      return map
    }
    const history = byDecision(logIds.length === 0 ? [] : (yield* storage.find(AiOptimizationHistory, { where: { decision_id: { in: logIds } } })).items)
    const recommendations = byDecision(logIds.length === 0 ? [] : (yield* storage.find(AiRecommendations, { where: { decision_id: { in: logIds } } })).items)
    const integration = new Map<string, Array<Row>>()
    if (intents.size > 0) {
      for (const r of (yield* storage.find(AiIntegrationLogs, { where: { account_id: accountId, correlation_id: { in: [...intents.keys()] } } })).items) {
        integration.set(r.correlation_id!, [...(integration.get(r.correlation_id!) ?? []), r as Row])
      }
    }
    const used = new Set<string>()
    const entityOf = (intent: Row | undefined) =>
      Effect.gen(function*() {
        if (intent === undefined || intent.status !== "applied") return undefined
        const change = intent.change as { readonly _tag: string; readonly campaignId?: string; readonly adGroupId?: string; readonly keywordId?: string }
        const [table, id]: readonly [EntityTable, string | undefined] = change.campaignId !== undefined ?
          [Campaigns, change.campaignId] :
          change.adGroupId !== undefined ?
          [AdGroups, change.adGroupId] :
          [Keywords, change.keywordId]
        if (id === undefined) return undefined
        const now = (yield* storage.get(table, id as never)) as Row
        const seeded = seededRows.get(id)!
        const set: Row = {}
        for (const [k, v] of Object.entries(now)) if (!fixedColumns.includes(k) && !same(v, seeded[k])) set[k] = v
        return { table, externalId: String(now.external_id), set }
      })
    const members: Array<Member & { readonly group: string | undefined }> = []
    for (const log of logs) {
      const s = log.safety_decision_id === null ? undefined : safety.get(log.safety_decision_id)
      const request = s?.request as { readonly parameters?: { readonly changeId?: unknown } } | undefined
      const changeId = typeof request?.parameters?.changeId === "string" ? request.parameters.changeId : undefined
      const intent = changeId === undefined ? undefined : intents.get(changeId)
      if (changeId !== undefined) used.add(changeId)
      const context = log.context_data as { readonly group?: unknown }
      members.push({
        group: typeof context.group === "string" ? context.group : undefined,
        decision: log as Row,
        held: (log.action_taken ?? "").startsWith("held back"),
        intent,
        integrationLogs: changeId === undefined ? [] : integration.get(changeId) ?? [],
        safety: s,
        history: history.get(log.id) ?? [],
        recommendations: recommendations.get(log.id) ?? [],
        entity: yield* entityOf(intent)
      })
    }
    const units: Array<Array<Member>> = []
    const groups = new Map<string, Array<Member>>()
    for (const m of members) {
      if (m.group === undefined) {
        units.push([m])
        continue
      }
      const key = `${m.group}\u0000${m.held}`
      const unit = groups.get(key)
      if (unit !== undefined) unit.push(m)
      else {
        const fresh = [m]
        groups.set(key, fresh)
        units.push(fresh)
      }
    }
    return { cycle: cycle as Row, units, orphanIntents: [...intents.values()].filter((r) => !used.has(r.change_id as string)) } satisfies Plan
  })

/** The seeded entities (before the cycle), by id; and by external id. */
const entityRows = (accountId: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const rows: Array<Row> = [
      ...(yield* storage.find(Campaigns, { where: { account_id: accountId } })).items,
      ...(yield* storage.find(AdGroups, { where: { account_id: accountId } })).items,
      ...(yield* storage.find(Keywords, { where: { account_id: accountId } })).items
    ]
    return {
      byId: new Map(rows.map((r) => [r.id as string, r] as const)),
      byExternalId: new Map(rows.map((r) => [r.external_id as string, r.id as string] as const))
    }
  })

// -- the floor: the cycle's reads and writes through the port alone --------------------------

const floor = (accountId: string, plan: Plan, entities: ReadonlyMap<string, string>) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const now = new Date(cycleMillis)
    const key = plan.cycle.idempotency_key as string
    // start and claim the cycle row
    yield* storage.find(MasterAiCycles, { where: { account_id: accountId, idempotency_key: key } })
    const cycle = yield* storage.transaction(storage.insert(MasterAiCycles, {
      ...omit(plan.cycle, ["id", "status", "end_time", "duration_seconds", "metadata"]),
      account_id: accountId,
      status: "pending",
      metadata: {}
    } as never))
    yield* storage.transaction(Effect.gen(function*() {
      yield* storage.get(MasterAiCycles, cycle.id)
      yield* storage.update(MasterAiCycles, cycle.id, { status: "running", start_time: now })
    }))
    // reconcile, learn, observe, evidence: the reads, once each
    yield* storage.find(PlatformChanges, { where: { account_id: accountId, status: "intended" }, orderBy: [{ column: "created_at" }] })
    yield* storage.find(AiDecisionLogs, {
      where: { account_id: accountId, validation_status: "pending", impact_due_at: { lte: now } },
      orderBy: [{ column: "created_at" }]
    })
    const campaigns = (yield* storage.find(Campaigns, { where: { account_id: accountId, platform: SimulatedPlatform.platformKey } })).items
    const campaignIds = campaigns.map((c) => c.id)
    const groups = (yield* storage.find(AdGroups, { where: { account_id: accountId, campaign_id: { in: campaignIds } } })).items
    yield* storage.find(Keywords, { where: { account_id: accountId, ad_group_id: { in: groups.map((g) => g.id) } } })
    yield* storage.find(CampaignDailyMetrics, {
      where: {
        account_id: accountId,
        campaign_id: { in: campaignIds },
        metric_date: { gte: isoDay(cycleDay - LOOKBACK_DAYS), lte: isoDay(cycleDay - 1) }
      },
      orderBy: [{ column: "metric_date", direction: "asc" }, { column: "campaign_id", direction: "asc" }]
    })
    yield* storage.find(AiLearningFeedback, { where: { account_id: accountId } })

    // the writes: per unit, the intents commit first, then the members in one transaction
    const entityId = (externalId: string) => entities.get(externalId)!
    const intentOf = (intent: Row) =>
      storage.transaction(storage.insert(PlatformChanges, {
        account_id: accountId,
        cycle_id: cycle.id,
        platform: intent.platform,
        change: intent.change,
        created_at: now
      } as never))
    const closeIntent = (changeId: string, intent: Row) =>
      storage.update(PlatformChanges, changeId, { status: intent.status, detail: intent.detail, resolved_at: intent.resolved_at } as never)
    for (const unit of plan.units) {
      const changeIds: Array<string | undefined> = []
      for (const m of unit) changeIds.push(m.intent === undefined ? undefined : (yield* intentOf(m.intent)).change_id)
      yield* storage.transaction(Effect.gen(function*() {
        for (const [i, m] of unit.entries()) {
          const changeId = changeIds[i]
          const decision = yield* storage.insert(AiDecisionLogs, {
            ...omit(m.decision, ["id", "safety_decision_id", "impact_due_at", "validation_status", "actual_impact"]),
            account_id: accountId,
            cycle_id: cycle.id
          } as never)
          if (m.held) {
            yield* storage.update(AiDecisionLogs, decision.id, { action_taken: m.decision.action_taken } as never)
            continue
          }
          // what the platform writes: the entity, and its record of the call
          if (m.entity !== undefined) yield* storage.update(m.entity.table, entityId(m.entity.externalId) as never, m.entity.set as never)
          for (const log of m.integrationLogs) {
            yield* storage.insert(AiIntegrationLogs, { ...omit(log, ["id"]), account_id: accountId, correlation_id: changeId ?? null } as never)
          }
          const safety = m.safety === undefined ? undefined : yield* storage.insert(SafetyDecisions, omit(m.safety, ["id"]) as never)
          for (const h of m.history) {
            yield* storage.insert(AiOptimizationHistory, {
              ...omit(h, ["id"]),
              account_id: accountId,
              target_entity_id: m.entity === undefined ? h.target_entity_id : entityId(m.entity.externalId),
              decision_id: decision.id,
              safety_decision_id: safety?.id ?? null,
              platform_change_id: changeId ?? null
            } as never)
          }
          for (const r of m.recommendations) {
            yield* storage.insert(AiRecommendations, {
              ...omit(r, ["id"]),
              account_id: accountId,
              target_entity_id: null,
              decision_id: decision.id,
              safety_decision_id: safety?.id ?? null
            } as never)
          }
          yield* storage.update(AiDecisionLogs, decision.id, {
            safety_decision_id: safety?.id ?? null,
            action_taken: m.decision.action_taken,
            impact_due_at: m.decision.impact_due_at,
            validation_status: m.decision.validation_status
          } as never)
          if (changeId !== undefined) yield* closeIntent(changeId, m.intent!)
        }
      }))
    }
    for (const orphan of plan.orphanIntents) {
      const row = yield* intentOf(orphan)
      yield* storage.transaction(closeIntent(row.change_id, orphan))
    }
    // evidence after, and the cycle's completion
    yield* storage.find(AiLearningFeedback, { where: { account_id: accountId } })
    yield* storage.update(MasterAiCycles, cycle.id, {
      status: "completed",
      end_time: now,
      duration_seconds: plan.cycle.duration_seconds,
      metadata: plan.cycle.metadata
    } as never)
  })

// -- one measurement ------------------------------------------------------------------------

interface Outcome {
  readonly campaigns: number
  readonly cycleSeconds: number
  readonly floorSeconds: number
  readonly decisions: ReadonlyArray<{ readonly decisionType: string; readonly outcome: string; readonly count: number }>
  readonly applied: number
  readonly pending: number
  readonly blocked: number
  readonly failed: number
  readonly cycleRows: ReadonlyArray<readonly [string, number]>
  readonly floorRows: ReadonlyArray<readonly [string, number]>
  readonly seedSeconds: number
  readonly peakRssMb: number
  readonly profile: ReadonlyArray<readonly [string, { readonly millis: number; readonly calls: number }]>
}

const cyclePhase = (campaigns: number) =>
  Effect.gen(function*() {
    const seeding = yield* timed(seedAccount(campaigns))
    const accountId = seeding.value
    const seeded = yield* entityRows(accountId)
    const cycles = yield* DecisionCycles
    const mark = new Date()
    const before = yield* rowCounts(mark)
    spent.clear()
    const run = yield* timed(at(cycleMillis)(
      cycles.runOnce({ accountId, trigger: "schedule:daily", idempotencyKey: `daily:${isoDay(cycleDay)}`, type: "optimization" })
    ))
    const profile = new Map([...spent].map(([k, v]) => [k, { ...v }] as const))
    const report = run.value
    if (report === undefined) return yield* Effect.die(new Error("the cycle's idempotency key had already run"))
    const rows = difference(before, yield* rowCounts(mark))
    const plan = yield* extractPlan(accountId, report.cycleId, seeded.byId)
    return { report, seconds: run.seconds, rows, plan, seedSeconds: seeding.seconds, profile }
  })

const floorPhase = (campaigns: number, plan: Plan) =>
  Effect.gen(function*() {
    const accountId = yield* seedAccount(campaigns)
    const { byExternalId } = yield* entityRows(accountId)
    const mark = new Date()
    const before = yield* rowCounts(mark)
    const run = yield* timed(at(cycleMillis)(floor(accountId, plan, byExternalId)))
    return { seconds: run.seconds, rows: difference(before, yield* rowCounts(mark)) }
  })

const peakRssMb = () => process.resourceUsage().maxRSS / 1024

/**
 * One campaign count on one kind of database, in this process: two fresh
 * databases (the cycle's and the floor's) live side by side; each first runs
 * a warm-up (a cycle, and its floor, over a 50-campaign account, not
 * reported), then the measured account.
 */
const measure = (campaigns: number, fresh: () => Effect.Effect<DatabaseLayer, unknown, Scope.Scope>) =>
  Effect.scoped(Effect.gen(function*() {
    const cycleContext = yield* Layer.build(cycleWorld(yield* fresh(), PROFILE))
    const floorContext = yield* Layer.build(floorWorld(yield* fresh()))
    const warm = yield* Effect.provide(cyclePhase(50), cycleContext)
    yield* Effect.provide(floorPhase(50, warm.plan), floorContext)
    const cycle = yield* Effect.provide(cyclePhase(campaigns), cycleContext)
    const floorRun = yield* Effect.provide(floorPhase(campaigns, cycle.plan), floorContext)
    return {
      campaigns: cycle.report.campaigns,
      cycleSeconds: cycle.seconds,
      floorSeconds: floorRun.seconds,
      decisions: cycle.report.decisions,
      applied: cycle.report.applied,
      pending: cycle.report.pending,
      blocked: cycle.report.blocked,
      failed: cycle.report.failed,
      cycleRows: [...cycle.rows],
      floorRows: [...floorRun.rows],
      seedSeconds: cycle.seedSeconds,
      peakRssMb: peakRssMb(),
      profile: [...cycle.profile]
    } satisfies Outcome
  }))

// -- printing ----------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const print = (name: string, outcomes: ReadonlyArray<Outcome>) => {
  console.log(`\n${name}`)
  console.log(
    `  ${"campaigns".padStart(9)} ${"cycle s".padStart(9)} ${"campaigns/s".padStart(12)} ${"floor s".padStart(9)} ` +
    `${"cycle/floor".padStart(12)} ${"applied".padStart(8)} ${"pending".padStart(8)} ${"blocked".padStart(8)} ${"failed".padStart(7)} ${"peak RSS MB".padStart(12)}`
  )
  for (const o of outcomes) {
    console.log(
      `  ${fmt(o.campaigns).padStart(9)} ${fmt(o.cycleSeconds, 2).padStart(9)} ${fmt(o.campaigns / o.cycleSeconds).padStart(12)} ` +
      `${fmt(o.floorSeconds, 2).padStart(9)} ${`${fmt(o.cycleSeconds / o.floorSeconds, 1)}x`.padStart(12)} ` +
      `${fmt(o.applied).padStart(8)} ${fmt(o.pending).padStart(8)} ${fmt(o.blocked).padStart(8)} ${fmt(o.failed).padStart(7)} ${fmt(o.peakRssMb).padStart(12)}`
    )
  }
  for (const o of outcomes) {
    console.log(`  ${fmt(o.campaigns)} campaigns (seeding took ${fmt(o.seedSeconds, 1)} s, not timed): decisions by type and outcome`)
    for (const d of o.decisions) console.log(`    ${d.decisionType.padEnd(28)} ${d.outcome.padEnd(16)} ${fmt(d.count).padStart(7)}`)
    console.log(`    rows written ${"".padEnd(27)} ${"cycle".padStart(7)} ${"floor".padStart(7)}`)
    for (const [label, n] of o.cycleRows) {
      console.log(`    ${label.padEnd(40)} ${fmt(n).padStart(7)} ${fmt(new Map(o.floorRows).get(label) ?? 0).padStart(7)}`)
    }
  }
  for (const o of PROFILE ? outcomes : []) {
    console.log(`  profile of the cycle over ${fmt(o.campaigns)} campaigns (inclusive ms; envelope includes platform includes storage):`)
    for (const [key, s] of [...o.profile].sort((a, b) => b[1].millis - a[1].millis).slice(0, 25)) {
      console.log(`    ${key.padEnd(52)} ${fmt(s.millis).padStart(8)} ms ${fmt(s.calls).padStart(7)} calls`)
    }
  }
}

const pglite = () => Effect.succeed(SqlStorage.layerPglite() as DatabaseLayer)
const server = (url: string) => () =>
  Effect.map(Database.temporary(url, "ringmaster_bench_cycles"), (fresh) => SqlStorage.layerServer(fresh) as DatabaseLayer)

/** In a child: `--child pglite|server N` measures one count and prints the outcome as JSON on its last line. */
const child = (kind: string, campaigns: number) =>
  Effect.gen(function*() {
    const url = process.env.DATABASE_URL
    const outcome = yield* measure(campaigns, kind === "server" && url ? server(url) : pglite)
    console.log(JSON.stringify(outcome))
  })

/**
 * One child process per database and count: PGlite instances built and torn
 * down in one process have crashed V8 (a WASM JIT page check), and a child's
 * peak RSS is that measurement's own.
 */
const inChild = (kind: "pglite" | "server", campaigns: number): Outcome => {
  const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", kind, String(campaigns), ...(PROFILE ? ["--profile"] : [])], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024
  })
  const lines = (result.stdout ?? "").trim().split("\n")
  if (result.status !== 0) throw new Error(`bench/cycles --child ${kind} ${campaigns} failed (exit ${result.status}): ${lines.slice(-5).join("\n")}`)
  return JSON.parse(lines.at(-1)!) as Outcome
}

const program = Effect.gen(function*() {
  console.log(
    `bench/cycles: one daily cycle (built-in policies, durable envelope, simulated platform) against the floor: ` +
    `the same reads and writes through the storage port alone (target: cycle within 1.5x of the floor)`
  )
  console.log(
    `  each account: ${AD_GROUPS_PER_CAMPAIGN} ad group per campaign, ${KEYWORDS_PER_AD_GROUP} keywords per ad group, ` +
    `${HISTORY_DAYS} days of history (seed ${SEED}); the cycle at 06:00 UTC ${isoDay(cycleDay)}; one process per database and count`
  )
  print("PGlite (in memory, a fresh database each for the cycle and the floor)", COUNTS.map((n) => inChild("pglite", n)))
  const url = process.env.DATABASE_URL
  if (url) {
    print(
      `PostgreSQL server (${Database.redactUrl(url)}, a temporary database each for the cycle and the floor)`,
      COUNTS.map((n) => inChild("server", n))
    )
  }
  else console.log("\nPostgreSQL server: skipped (set DATABASE_URL to include it)")
})

const argChild = process.argv.indexOf("--child")
Effect.runPromise(argChild > 0 ? child(process.argv[argChild + 1]!, Number(process.argv[argChild + 2])) : program).catch((error) => {
  console.error(error)
  process.exit(1)
})
