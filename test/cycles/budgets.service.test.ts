/**
 * The budget pool service on storage (PGlite; and a server when
 * DATABASE_URL is set), with decision cycles on the simulated platform:
 * creating pools checks members and totals; a cycle with the pool provider
 * moves budgets through the envelope as one group, each move with its
 * history row and rollback data; the pool row, recomputed from the
 * platform's budgets, keeps allocated + remaining = total after every
 * reallocation; a move the envelope would clamp holds the group back and
 * leaves budgets and row consistent.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { BudgetPools, registering } from "../../src/cycles/budgets/BudgetPools.ts"
import { DecisionCycles } from "../../src/cycles/DecisionCycles.ts"
import { DecisionProviders } from "../../src/cycles/DecisionProvider.ts"
import * as PlatformActions from "../../src/cycles/PlatformActions.ts"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import * as SimulatedPlatform from "../../src/cycles/platform/SimulatedPlatform.ts"
import { RuleEngine } from "../../src/rules/RuleEngine.ts"
import { AiBudgetManagement } from "../../src/storage/schema/marketingAi/AiBudgetManagement.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiOptimizationHistory } from "../../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { dateOf, dayOf, onDay, seededAccount } from "../support/cycleWorld.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const START = "2026-03-09"

const world = (database: ReturnType<typeof pglite>) =>
  DecisionCycles.layer.pipe(
    Layer.provideMerge(registering()),
    Layer.provideMerge(BudgetPools.layer),
    Layer.provideMerge(DecisionProviders.layer),
    Layer.provideMerge(RuleEngine.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(PlatformActions.layer),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(SimulatedPlatform.layer()),
    Layer.provideMerge(database)
  )

const budgets = (accountId: string) =>
  Effect.map(AdPlatform.AdPlatform.use((p) => p.listCampaigns(accountId)), (cs) => new Map(cs.map((c) => [c.id, c.dailyBudget ?? 0])))

const cents = (x: number) => Math.round(x * 100)

const runDay = (accountId: string, date: string) =>
  onDay(date)(DecisionCycles.use((cycles) => cycles.runOnce({ accountId, trigger: "schedule:daily", idempotencyKey: `daily:${date}` })))

const advance = (accountId: string, date: string) => SimulatedPlatform.SimulatedPlatform.use((sim) => sim.advanceDay(accountId, date))

/** The row's invariant, and that it equals the members' budgets on the platform. */
const assertConsistent = (poolId: string, accountId: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const row = yield* storage.get(AiBudgetManagement, poolId)
    const members = (row.performance_thresholds as { members: ReadonlyArray<string> }).members
    const now = yield* budgets(accountId)
    const actual = members.reduce((s, id) => s + cents(now.get(id)!), 0)
    assert.strictEqual(cents(Number(row.allocated_budget)) + cents(Number(row.remaining_budget)), cents(Number(row.total_budget)))
    assert.isAtMost(actual, cents(Number(row.total_budget)), "the members never hold more than the pool")
    return { row, actual }
  })

const suite = (name: string, database: ReturnType<typeof pglite>) =>
  describe(name, () => {
    layer(world(database), { timeout: "240 seconds" })((it) => {
      it.effect("creating a pool checks its members, its total and other pools", () =>
        Effect.gen(function*() {
          const pools = yield* BudgetPools
          const { accountId, seeded } = yield* seededAccount({ seed: 11, campaigns: 3, start: START, history: 7 })
          const other = yield* seededAccount({ seed: 12, campaigns: 1, start: START, history: 1 })
          const ids = seeded.campaigns.map((c) => c.id)
          const sum = [...(yield* budgets(accountId)).values()].reduce((a, b) => a + b, 0)
          const foreign = yield* Effect.flip(pools.create({ accountId, name: "p", total: 10_000, strategy: "thompson", campaignIds: [ids[0]!, other.seeded.campaigns[0]!.id] }))
          assert.strictEqual(foreign._tag, "InvalidBudgetPool")
          assert.include(foreign.message, other.seeded.campaigns[0]!.id)
          const small = yield* Effect.flip(pools.create({ accountId, name: "p", total: sum - 1, strategy: "equal_distribution", campaignIds: ids }))
          assert.strictEqual(small._tag, "InvalidBudgetPool")
          assert.include(small.message, "total")
          const pool = yield* pools.create({ accountId, name: "Spring", total: sum + 50, strategy: "thompson", campaignIds: ids.slice(0, 2) })
          assert.strictEqual(pool.strategy, "thompson")
          const row = yield* Storage.use((s) => s.get(AiBudgetManagement, pool.id))
          assert.strictEqual(row.allocation_strategy, "performance_based", "the seed's column holds its three strategies; Thompson is a sampling of it")
          assert.deepStrictEqual((row.performance_thresholds as { sampling: string }).sampling, "thompson")
          const twice = yield* Effect.flip(pools.create({ accountId, name: "q", total: sum + 50, strategy: "equal_distribution", campaignIds: [ids[1]!, ids[2]!] }))
          assert.strictEqual(twice._tag, "CampaignInAnotherPool")
        }))

      it.effect("cycles move budgets through the envelope as one group with history and rollback data; the row stays true", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const pools = yield* BudgetPools
          const { accountId, seeded } = yield* seededAccount({ seed: 5, campaigns: 4, start: START, history: 21 })
          const before = yield* budgets(accountId)
          const total = Math.round([...before.values()].reduce((a, b) => a + b, 0) * 100) / 100
          const pool = yield* pools.create({ accountId, name: "All", total, strategy: "opportunity_weighted", campaignIds: seeded.campaigns.map((c) => c.id) })
          let applied = 0
          for (let d = 0; d < 4; d++) {
            const date = dateOf(dayOf(START) + d)
            const report = (yield* runDay(accountId, date))!
            const ours = report.decisions.filter((x) => x.decisionType === "budget_pool")
            applied += ours.filter((x) => x.outcome === "Passed").reduce((s, x) => s + x.count, 0)
            assert.isTrue(ours.every((x) => x.outcome === "Passed" || x.outcome === "HeldBack"), JSON.stringify(ours))
            const synced = yield* pools.sync(pool.id)
            const { actual } = yield* assertConsistent(pool.id, accountId)
            assert.strictEqual(cents(synced.allocated), actual, "sync recomputes the row from the platform")
            yield* advance(accountId, date)
          }
          assert.isAbove(applied, 0, "some reallocation passed the envelope")
          const history = (yield* storage.find(AiOptimizationHistory, { where: { account_id: accountId, optimization_type: "budget_pool" } })).items
          assert.strictEqual(history.length, applied)
          for (const h of history) {
            const rollback = h.rollback_data as { reversible: boolean; change: { _tag: string; dailyBudget: number } }
            assert.isTrue(rollback.reversible)
            assert.strictEqual(rollback.change._tag, "SetCampaignBudget")
            assert.strictEqual(rollback.change.dailyBudget, (h.before_state as { dailyBudget: number }).dailyBudget)
          }
          const logs = (yield* storage.find(AiDecisionLogs, { where: { account_id: accountId, decision_type: "budget_pool" } })).items
          assert.isAtLeast(logs.length, applied)
          for (const log of logs) {
            const context = log.context_data as { poolId: string; group: string; allocatedAfter: number }
            assert.strictEqual(context.poolId, pool.id)
            assert.include(context.group, pool.id)
            assert.isAtMost(context.allocatedAfter, total)
          }
          const row = yield* storage.get(AiBudgetManagement, pool.id)
          assert.isNotNull(row.last_reallocation_at)
          // the last applied group is undone by its rollback data (all its members), and the pool still holds
          const cycles = yield* DecisionCycles
          const newest = Math.max(...history.map((h) => h.created_at!.getTime()))
          const lastGroup = history.filter((h) => h.created_at!.getTime() === newest)
          const restored = new Map(lastGroup.map((h) => [h.target_entity_id!, (h.before_state as { dailyBudget: number }).dailyBudget]))
          yield* onDay(dateOf(dayOf(START) + 4))(cycles.rollbackAll(lastGroup.map((h) => h.id)))
          const after = yield* budgets(accountId)
          for (const [id, budget] of restored) assert.strictEqual(after.get(id), budget)
          yield* pools.sync(pool.id)
          yield* assertConsistent(pool.id, accountId)
        }))

      it.effect("a step the envelope would clamp holds the whole group back; budgets and row stay consistent", () =>
        Effect.gen(function*() {
          const pools = yield* BudgetPools
          const { accountId, seeded } = yield* seededAccount({ seed: 5, campaigns: 4, start: START, history: 21 })
          const before = yield* budgets(accountId)
          const total = Math.round([...before.values()].reduce((a, b) => a + b, 0) * 100) / 100
          // room for 300 more, spread evenly in steps of up to 60% of a budget: over the cycle's 30% step limit
          const pool = yield* pools.create({ accountId, name: "Wide", total: total + 300, strategy: "equal_distribution", campaignIds: seeded.campaigns.map((c) => c.id), maxMoveShare: 0.6 })
          const plan = yield* onDay(START)(pools.reallocate(pool.id))
          const big = plan.proposals.filter((p) => {
            const c = p.change as AdPlatform.SetCampaignBudget
            return Math.abs(c.dailyBudget - before.get(c.campaignId)!) > 0.3 * before.get(c.campaignId)!
          })
          assert.isAbove(big.length, 0, "the plan has a move the envelope's step limit would clamp")
          yield* Storage.use((s) => s.update(AiBudgetManagement, pool.id, { last_reallocation_at: null }))
          const report = (yield* runDay(accountId, START))!
          const ours = report.decisions.filter((x) => x.decisionType === "budget_pool")
          assert.deepStrictEqual(ours.map((x) => x.outcome), ["HeldBack"])
          assert.deepStrictEqual([...(yield* budgets(accountId))], [...before])
          const { row } = yield* assertConsistent(pool.id, accountId)
          assert.strictEqual(cents(Number(row.allocated_budget)), cents(total))
          assert.strictEqual(cents(Number(row.remaining_budget)), cents(300))
        }))
    })
  })

suite("budget pools (PGlite)", pglite())
if (serverUrl !== undefined) suite("budget pools (server)", server(serverUrl))
