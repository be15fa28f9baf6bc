/**
 * The demo's decision cycles: 30 simulated days of daily cycles with the
 * built-in policies on a simulated ad account, against the same account
 * (same seed) left alone.
 *
 * Two accounts are seeded identically on the simulated platform with two
 * weeks of history. Each simulated day, the managed account runs one daily
 * cycle (reconcile, learn, observe, decide, act through the safety envelope)
 * at 06:00 UTC; then the platform delivers that day for both accounts. At the
 * end the account owner rolls back the last change, to show the way back.
 * The summary: decisions by type and envelope outcome, what learning made of
 * them, the rollback, and spend, conversions and ROAS of both accounts.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Layer } from "effect"
import { ActionRegistry } from "../actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../actions/SafetyEnvelope.ts"
import { AlertService } from "../cycles/alerts/AlertService.ts"
import type { CycleReport } from "../cycles/DecisionCycles.ts"
import { DecisionCycles } from "../cycles/DecisionCycles.ts"
import { DecisionProviders } from "../cycles/DecisionProvider.ts"
import { ForecastService } from "../cycles/forecasts/ForecastService.ts"
import { SystemHealth } from "../cycles/health/SystemHealth.ts"
import * as PlatformActions from "../cycles/PlatformActions.ts"
import { RiskService } from "../cycles/risk/RiskService.ts"
import * as AdPlatform from "../cycles/platform/AdPlatform.ts"
import * as SimulatedPlatform from "../cycles/platform/SimulatedPlatform.ts"
import * as BuiltinPolicies from "../cycles/policies/BuiltinPolicies.ts"
import { RuleEngine } from "../rules/RuleEngine.ts"
import * as Actor from "../storage/Actor.ts"
import * as Core from "../storage/schema/core/index.ts"
import { PlatformChanges } from "../storage/schema/cycles/PlatformChanges.ts"
import { AiDecisionLogs } from "../storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiLearningFeedback } from "../storage/schema/marketingAi/AiLearningFeedback.ts"
import { AiRecommendations } from "../storage/schema/marketingAi/AiRecommendations.ts"
import { AiOptimizationHistory } from "../storage/schema/marketingAi/AiOptimizationHistory.ts"
import { Storage } from "../storage/Storage.ts"

const dayMillis = 86_400_000
const isoDay = (day: number) => new Date(day * dayMillis).toISOString().slice(0, 10)

/**
 * Account totals over the simulated days.
 *
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  readonly roas: number
}

/**
 * What 30 days of cycles did.
 *
 * @since 0.1.0
 * @category models
 */
export interface CyclesSummary {
  readonly days: number
  readonly from: string
  readonly to: string
  readonly campaigns: number
  /** decisions by type and envelope outcome over all cycles */
  readonly decisions: ReadonlyArray<{ readonly decisionType: string; readonly outcome: string; readonly count: number }>
  /** per decision type: scored right and wrong, and the confidence of its first and last decision */
  readonly learning: ReadonlyArray<{
    readonly decisionType: string
    readonly validated: number
    readonly incorrect: number
    readonly firstConfidence: number
    readonly lastConfidence: number
  }>
  readonly meanSape: number | undefined
  readonly pendingApprovals: number
  /** smart alerts the daily scans raised, and repeats that updated an open alert */
  readonly alerts: { readonly raised: number; readonly updated: number }
  /** risks the daily scans raised and resolved */
  readonly risks: { readonly raised: number; readonly resolved: number }
  readonly rollback: { readonly change: string; readonly restored: string } | undefined
  readonly managed: Totals
  readonly alone: Totals
  readonly millis: number
}

const slugsOf = (accountSlug: string) => ({ managed: `${accountSlug}-sim-managed`, alone: `${accountSlug}-sim-alone` })

/**
 * Removes the simulated accounts of an earlier run (and the cycle records
 * that reference their decisions), so a second run replaces the first.
 *
 * @since 0.1.0
 * @category demo
 */
export const clear = Effect.fnUntraced(function*(accountSlug: string) {
  const storage = yield* Storage
  const slugs = slugsOf(accountSlug)
  const old = (yield* storage.find(Core.Accounts, { where: { slug: { in: [slugs.managed, slugs.alone] } } })).items
  if (old.length === 0) return
  const ids = old.map((a) => a.id)
  yield* storage.deleteMany(AiLearningFeedback, { account_id: { in: ids } })
  yield* storage.deleteMany(AiRecommendations, { account_id: { in: ids } })
  yield* storage.deleteMany(AiOptimizationHistory, { account_id: { in: ids } })
  yield* storage.deleteMany(AiDecisionLogs, { account_id: { in: ids } })
  yield* storage.deleteMany(PlatformChanges, { account_id: { in: ids } })
  yield* storage.deleteMany(Core.Accounts, { id: { in: ids } })
})

/** Runs `self` with the wall clock reading `millis` (sleeping still uses the real clock). */
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

/**
 * The cycle world the demo runs in (and the demo server): simulated platform,
 * platform actions, durable envelope, rules, built-in policies, and the
 * analytics the cycle calls.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = DecisionCycles.layer.pipe(
    Layer.provideMerge(BuiltinPolicies.layer()),
    Layer.provideMerge(Layer.mergeAll(AlertService.layer, ForecastService.layer, RiskService.layer, SystemHealth.layer)),
    Layer.provideMerge(DecisionProviders.layer),
    Layer.provideMerge(RuleEngine.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(PlatformActions.layer),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(SimulatedPlatform.layer()),
    Layer.orDie
  )

const totals = (accountId: string, from: string, to: string) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const rows = yield* platform.dailyMetrics(accountId, { from, to })
    let spend = 0, conversions = 0, revenue = 0
    for (const r of rows) {
      spend += r.spend
      conversions += r.conversions
      revenue += r.revenue
    }
    return { spend, conversions, revenue, roas: spend > 0 ? revenue / spend : 0 } satisfies Totals
  })

/**
 * Seeds the two accounts, runs `days` simulated days, rolls back the last
 * change as the owner, and summarises. `onDay` hears progress.
 *
 * @since 0.1.0
 * @category demo
 */
export const run = Effect.fnUntraced(function*(options: {
  readonly accountSlug: string
  readonly ownerEmail: string
  readonly seed: number
  readonly days?: number | undefined
  readonly campaigns?: number | undefined
  readonly onDay?: ((done: number, total: number) => Effect.Effect<void>) | undefined
}) {
  const storage = yield* Storage
  const sim = yield* SimulatedPlatform.SimulatedPlatform
  const cycles = yield* DecisionCycles
  const days = options.days ?? 30
  const startedAt = yield* Clock.currentTimeMillis
  const account = (yield* storage.find(Core.Accounts, { where: { slug: options.accountSlug } })).items[0]
  const owner = (yield* storage.find(Core.Users, { where: { email: options.ownerEmail } })).items[0]
  if (account === undefined || owner === undefined) return undefined

  // the last `days` complete days, after two weeks of history
  const today = Math.floor(startedAt / dayMillis)
  const first = today - days
  const historyStart = first - 14
  const slugs = slugsOf(options.accountSlug)
  const [managed, alone] = yield* storage.transaction(Effect.gen(function*() {
    yield* clear(options.accountSlug)
    const m = yield* storage.insert(Core.Accounts, { name: `${account.name} (simulated, with Ringmaster)`, slug: slugs.managed })
    const a = yield* storage.insert(Core.Accounts, { name: `${account.name} (simulated, left alone)`, slug: slugs.alone })
    yield* storage.insert(Core.AccountUsers, { account_id: m.id, user_id: owner.id, role: "owner" })
    return [m.id, a.id] as const
  }))
  const seedOptions = { seed: options.seed, campaigns: options.campaigns ?? 8, startDate: isoDay(historyStart) }
  const seeded = yield* sim.seed(managed, seedOptions)
  yield* sim.seed(alone, seedOptions)
  for (let d = historyStart; d < first; d++) {
    yield* sim.advanceDay(managed, isoDay(d))
    yield* sim.advanceDay(alone, isoDay(d))
  }

  const reports: Array<CycleReport> = []
  for (let d = first; d < today; d++) {
    const report = yield* at(d * dayMillis + 6 * 3_600_000)(
      cycles.runOnce({ accountId: managed, trigger: "schedule:daily", idempotencyKey: `daily:${isoDay(d)}`, type: "optimization" })
    )
    if (report !== undefined) reports.push(report)
    yield* sim.advanceDay(managed, isoDay(d))
    yield* sim.advanceDay(alone, isoDay(d))
    if (options.onDay !== undefined) yield* options.onDay(d - first + 1, days)
  }

  // the owner rolls back the most recent change
  const last = (yield* storage.find(AiOptimizationHistory, {
    where: { account_id: managed, rollback_of: { isNull: true }, rolled_back_by: { isNull: true } },
    orderBy: [{ column: "created_at", direction: "desc" }, { column: "id", direction: "desc" }],
    limit: 1
  })).items[0]
  let rollback: CyclesSummary["rollback"]
  if (last !== undefined) {
    const result = yield* at(today * dayMillis + 6 * 3_600_000)(cycles.rollback(last.id)).pipe(
      Actor.withActor(new Actor.User({ id: owner.id, accountId: managed })),
      Effect.option
    )
    if (result._tag === "Some") {
      rollback = { change: last.optimization_type, restored: describeState(result.value.applied.after) }
    }
  }

  const tally = new Map<string, number>()
  for (const r of reports) {
    for (const d of r.decisions) {
      const key = `${d.decisionType}\u0000${d.outcome}`
      tally.set(key, (tally.get(key) ?? 0) + d.count)
    }
  }
  const decisions = [...tally].map(([key, count]) => {
    const [decisionType, outcome] = key.split("\u0000") as [string, string]
    return { decisionType, outcome, count }
  }).sort((a, b) => (a.decisionType < b.decisionType ? -1 : a.decisionType > b.decisionType ? 1 : b.count - a.count))
  const logs = (yield* storage.find(AiDecisionLogs, {
    where: { account_id: managed },
    orderBy: [{ column: "created_at" }, { column: "id" }]
  })).items
  const types = [...new Set(logs.map((l) => l.decision_type))].sort()
  const learning = types.map((decisionType) => {
    const mine = logs.filter((l) => l.decision_type === decisionType)
    return {
      decisionType,
      validated: mine.filter((l) => l.validation_status === "validated").length,
      incorrect: mine.filter((l) => l.validation_status === "incorrect").length,
      firstConfidence: Number(mine[0]?.confidence_score ?? 0),
      lastConfidence: Number(mine.at(-1)?.confidence_score ?? 0)
    }
  })
  const sapes = logs.flatMap((l) => {
    const actual = l.actual_impact as { sape?: unknown } | null
    return actual !== null && typeof actual.sape === "number" ? [actual.sape] : []
  })
  const from = isoDay(first)
  const to = isoDay(today - 1)
  const finishedAt = yield* Clock.currentTimeMillis
  return {
    days,
    from,
    to,
    campaigns: seeded.campaigns.length,
    decisions,
    learning,
    meanSape: sapes.length === 0 ? undefined : sapes.reduce((a, b) => a + b, 0) / sapes.length,
    pendingApprovals: reports.reduce((n, r) => n + r.pending, 0),
    risks: {
      raised: reports.reduce((n, r) => n + (r.risks?.raised ?? 0), 0),
      resolved: reports.reduce((n, r) => n + (r.risks?.resolved ?? 0), 0)
    },
    alerts: {
      raised: reports.reduce((n, r) => n + (r.alerts?.raised ?? 0), 0),
      updated: reports.reduce((n, r) => n + (r.alerts?.updated ?? 0), 0)
    },
    rollback,
    managed: yield* totals(managed, from, to),
    alone: yield* totals(alone, from, to),
    millis: finishedAt - startedAt
  } satisfies CyclesSummary
}, (effect) => Effect.provide(effect, layer))

const describeState = (state: AdPlatform.EntityState): string => {
  switch (state._tag) {
    case "Campaign":
      return `${state.name}: ${state.status}, daily budget ${state.dailyBudget ?? "default"}`
    case "AdGroup":
      return `ad group ${state.name}: ${state.status}, bid ${state.defaultMaxCpc ?? "default"}`
    case "Keyword":
      return `keyword "${state.text}": ${state.status}, bid ${state.maxCpc ?? "default"}`
  }
}

const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const pct = (a: number, b: number) => (b === 0 ? "n/a" : `${a >= b ? "+" : ""}${(((a - b) / b) * 100).toFixed(1)}%`)

/**
 * Renders the cycles' summary for the terminal.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (summary: CyclesSummary): ReadonlyArray<string> => {
  const width = Math.max(...summary.decisions.map((d) => d.decisionType.length), 10)
  const { managed, alone } = summary
  return [
    `Decision cycles: ${summary.days} simulated days (${summary.from} to ${summary.to}) of daily cycles on ${summary.campaigns} simulated campaigns, ` +
    `built-in policies through the safety envelope, in ${(summary.millis / 1000).toFixed(1)} s`,
    `  With Ringmaster: conversions ${managed.conversions.toFixed(1)} (${pct(managed.conversions, alone.conversions)}), ` +
    `revenue ${money(managed.revenue)} (${pct(managed.revenue, alone.revenue)}), spend ${money(managed.spend)}, ROAS ${managed.roas.toFixed(2)}`,
    `  Left alone:      conversions ${alone.conversions.toFixed(1)}, revenue ${money(alone.revenue)}, spend ${money(alone.spend)}, ROAS ${alone.roas.toFixed(2)}`,
    `  Revenue minus spend: ${money(managed.revenue - managed.spend)} against ${money(alone.revenue - alone.spend)} ` +
    `(lift ${money(managed.revenue - managed.spend - (alone.revenue - alone.spend))})`,
    "  Decisions by type and envelope outcome:",
    ...summary.decisions.map((d) => `    ${d.decisionType.padEnd(width)}  ${d.outcome.padEnd(15)}  ${String(d.count).padStart(4)}`),
    "  Learning (impact scored when each window ended; confidence of the type's first and last decision):",
    ...summary.learning.map((l) =>
      `    ${l.decisionType.padEnd(width)}  ${String(l.validated).padStart(3)} right, ${String(l.incorrect).padStart(3)} wrong; ` +
      `confidence ${l.firstConfidence.toFixed(0)} -> ${l.lastConfidence.toFixed(0)}`
    ),
    ...(summary.meanSape === undefined ? [] : [`    predicted against actual impact: mean sAPE ${summary.meanSape.toFixed(2)} (0 exact, 2 opposite)`]),
    `  Waiting for approval: ${summary.pendingApprovals}`,
    `  Smart alerts from the daily scans: ${summary.alerts.raised} raised, ${summary.alerts.updated} repeats folded into open alerts; ` +
    `risks: ${summary.risks.raised} raised, ${summary.risks.resolved} resolved`,
    summary.rollback === undefined ?
      "  Rollback: nothing to roll back" :
      `  Rollback: the owner rolled back the last change (${summary.rollback.change}); restored ${summary.rollback.restored}`
  ]
}
