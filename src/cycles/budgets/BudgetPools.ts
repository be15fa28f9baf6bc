/**
 * Budget pools (`ai_budget_management`): a total daily budget shared by some
 * campaigns of an account and reallocated among them by a strategy
 * (`Allocation`), each reallocation a set of decisions through the safety
 * envelope.
 *
 * **Where things live.** The seed's row has the pool's name, total,
 * allocated and remaining budget, strategy, frequency and a JSONB
 * `performance_thresholds`; it has no member table, so the members and the
 * pool's limits live in `performance_thresholds`:
 * `{ members: [campaignId…], sampling: "thompson" | null, objective,
 * minBudget, maxBudget, maxMoveShare, minMove, lookbackDays, impactDays,
 * observed }`. The seed's `allocation_strategy` admits its three strategies
 * only; a Thompson pool is stored as `performance_based` (it is one:
 * allocation by performance, with posterior draws in place of point
 * estimates) with `sampling: "thompson"`.
 *
 * **The row never drifts.** `allocated_budget` is not accumulated from our
 * own moves: every reallocation (and `sync`) recomputes it from the
 * members' budgets as the platform reports them, in one transaction with
 * `remaining_budget = total_budget − allocated_budget` and
 * `last_reallocation_at`. A budget raised outside the pool past its total is
 * recorded as `observed.overBy` (the row's CHECK keeps `allocated_budget ≤
 * total_budget`, so the row then says `allocated = total, remaining = 0`),
 * and the next steps only cut until it fits.
 *
 * **Moves are decisions.** `provider(...)` is a `DecisionProvider`: one
 * `SetCampaignBudget` proposal per campaign moved, all in one `group`, cuts
 * before raises, so a cycle submits them all or none (a member the envelope
 * would clamp, block or hold for approval holds the whole set back) and each
 * applied move gets its `ai_optimization_history` row with rollback data.
 * Budgets sum to at most the total after every member applies and, cuts
 * first, after every prefix of them too. Confidence: the posterior
 * probability that the new budgets yield at least what today's do
 * (`Allocation.assess`, 400 draws); predicted impact: each campaign's
 * expected change of the objective over `impactDays`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Result, Schema } from "effect"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import { AiBudgetManagement } from "../../storage/schema/marketingAi/AiBudgetManagement.ts"
import * as DecisionProvider from "../DecisionProvider.ts"
import * as Observe from "../internal/observe.ts"
import * as AdPlatform from "../platform/AdPlatform.ts"
import * as Evidence from "../policies/internal/evidence.ts"
import * as Response from "../platform/internal/response.ts"
import * as Allocation from "./Allocation.ts"
import { type BudgetPoolError, BudgetPoolNotFound, CampaignInAnotherPool, InvalidBudgetPool } from "./BudgetError.ts"

/**
 * The decision type of pool reallocations.
 *
 * @since 0.1.0
 * @category constants
 */
export const decisionType = "budget_pool"

/**
 * A pool's settings (stored in `performance_thresholds`).
 *
 * @since 0.1.0
 * @category models
 */
export const Settings = Schema.Struct({
  members: Schema.Array(Schema.String),
  sampling: Schema.NullOr(Schema.Literal("thompson")),
  objective: Schema.Literals(["conversions", "revenue"]),
  minBudget: Schema.Finite,
  maxBudget: Schema.Finite,
  maxMoveShare: Schema.Finite,
  minMove: Schema.Finite,
  lookbackDays: Schema.Int,
  impactDays: Schema.Int,
  observed: Schema.optionalKey(Schema.Struct({ allocated: Schema.Finite, overBy: Schema.Finite }))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Settings = typeof Settings.Type

/**
 * A pool as the service reads it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pool {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly total: number
  readonly allocated: number
  readonly remaining: number
  readonly strategy: Allocation.Strategy
  readonly frequency: "continuous" | "hourly" | "daily" | "weekly"
  readonly settings: Settings
  readonly lastReallocationAt: Date | null
}

/**
 * What creates a pool. Limits default to: minimum budget 5, maximum the
 * total, step 20% of a budget (under the cycle's 30% step limit), minimum
 * move 1, lookback 28 days, impact window 7 days, objective conversions,
 * frequency daily.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateRequest {
  readonly accountId: string
  readonly name: string
  readonly total: number
  readonly strategy: Allocation.Strategy
  readonly campaignIds: ReadonlyArray<string>
  readonly frequency?: Pool["frequency"] | undefined
  readonly objective?: Allocation.Objective | undefined
  readonly minBudget?: number | undefined
  readonly maxBudget?: number | undefined
  readonly maxMoveShare?: number | undefined
  readonly minMove?: number | undefined
  readonly lookbackDays?: number | undefined
  readonly impactDays?: number | undefined
}

/**
 * A reallocation: the pool as recomputed from the platform, the step, and
 * the proposals that carry it out (empty when nothing moves).
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly pool: Pool
  readonly allocation: Allocation.Allocation | undefined
  readonly probabilityBetter: number | undefined
  readonly proposals: ReadonlyArray<DecisionProvider.Proposal>
}

/**
 * The service's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** creates a pool over campaigns of the account whose budgets fit in its total */
  readonly create: (request: CreateRequest) => Effect.Effect<Pool, BudgetPoolError | StorageError | AdPlatform.ReadError>
  readonly get: (poolId: string) => Effect.Effect<Pool, BudgetPoolNotFound | StorageError>
  /** recomputes `allocated_budget` and `remaining_budget` from the platform's budgets */
  readonly sync: (poolId: string) => Effect.Effect<Pool, BudgetPoolNotFound | StorageError | AdPlatform.ReadError>
  /** reads the platform and plans the pool's next step (records the row; applies nothing) */
  readonly reallocate: (poolId: string) => Effect.Effect<Plan, BudgetPoolNotFound | StorageError | AdPlatform.ReadError>
  /** a decision provider reallocating one pool, or every due pool of the cycle's account */
  readonly provider: (target?: { readonly poolId: string } | undefined) => DecisionProvider.DecisionProvider
}

const bad = (field: string, value: unknown, rule: string) => new InvalidBudgetPool({ field, value, rule })

const frequencyMillis: Record<Pool["frequency"], number> = {
  continuous: 0,
  hourly: 3_600_000,
  daily: 20 * 3_600_000, // a daily cycle a few hours early still counts as the next day
  weekly: 7 * 86_400_000 - 4 * 3_600_000
}

const toPool = (row: Table.Row<typeof AiBudgetManagement>): Pool => {
  const settings = Option.getOrElse(Schema.decodeUnknownOption(Settings)(row.performance_thresholds), () => ({
    members: [],
    sampling: null,
    objective: "conversions" as const,
    minBudget: 5,
    maxBudget: Number(row.total_budget),
    maxMoveShare: 0.2,
    minMove: 1,
    lookbackDays: 28,
    impactDays: 7
  }))
  const seedStrategy = row.allocation_strategy ?? "performance_based"
  return {
    id: row.id,
    accountId: row.account_id ?? "",
    name: row.budget_pool_name,
    total: Number(row.total_budget),
    allocated: Number(row.allocated_budget ?? 0),
    remaining: Number(row.remaining_budget ?? 0),
    strategy: settings.sampling === "thompson" ? "thompson" : seedStrategy,
    frequency: row.reallocation_frequency ?? "daily",
    settings,
    lastReallocationAt: row.last_reallocation_at
  }
}

const constraintsOf = (pool: Pool): Allocation.Constraints => ({
  total: pool.total,
  minBudget: pool.settings.minBudget,
  maxBudget: pool.settings.maxBudget,
  maxMoveShare: pool.settings.maxMoveShare,
  minMove: pool.settings.minMove
})

/**
 * A campaign's statistics from a cycle's facts: the lookback's days with
 * their budget unknown (today's budget is used for the last day's
 * budget-limited test), peak spend and impression share of the last 7 days.
 *
 * @since 0.1.0
 * @category constructors
 */
export const statsOf = (facts: DecisionProvider.Facts, cf: DecisionProvider.CampaignFacts, lookbackDays: number): Allocation.CampaignStats => {
  const budget = cf.campaign.dailyBudget ?? 0
  const days = Evidence.lastDays(cf.days, facts.today, lookbackDays)
  const last7 = Evidence.lastDays(cf.days, facts.today, 7)
  const last = Evidence.lastDays(cf.days, facts.today, 1)[0]
  const shares = last7.flatMap((d) => (d.searchImpressionShare === null ? [] : [d.searchImpressionShare]))
  return {
    id: cf.campaign.id,
    budget,
    days: days.map((d) => ({ spend: d.spend, conversions: d.conversions, revenue: d.revenue })),
    budgetLimited: last !== undefined && budget > 0 && last.spend >= 0.95 * budget,
    peakSpend: Math.max(0, ...last7.map((d) => d.spend)),
    impressionShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : undefined
  }
}

/**
 * The pool's next step from a cycle's facts (pure): the allocation among the
 * active members with a budget, its assessment, and the proposals (cuts
 * first). A member that is paused, archived or gone keeps its budget (it
 * stays counted as allocated) and is not moved.
 *
 * @since 0.1.0
 * @category constructors
 */
export const planFrom = (pool: Pool, facts: DecisionProvider.Facts): Omit<Plan, "pool"> => {
  const members = new Set(pool.settings.members)
  const active = facts.campaigns.filter((c) => members.has(c.campaign.id) && c.campaign.status === "active" && (c.campaign.dailyBudget ?? 0) > 0)
  const held = facts.campaigns.filter((c) => members.has(c.campaign.id) && !active.includes(c))
    .reduce((s, c) => s + (c.campaign.dailyBudget ?? 0), 0)
  if (active.length === 0) return { allocation: undefined, probabilityBetter: undefined, proposals: [] }
  const constraints = { ...constraintsOf(pool), total: Evidence.centsDown(pool.total - held) }
  const stats = active.map((c) => statsOf(facts, c, pool.settings.lookbackDays))
  const seed = Response.hash(0, `${pool.id}:${facts.today}`) || 1
  const model = { ...Allocation.defaultModel, objective: pool.settings.objective }
  const result = Allocation.allocate(pool.strategy, stats, constraints, { model, seed })
  if (Result.isFailure(result)) return { allocation: undefined, probabilityBetter: undefined, proposals: [] }
  const allocation = result.success
  const moved = stats.filter((s) => allocation.budgets.get(s.id)! !== s.budget)
  if (moved.length === 0) return { allocation, probabilityBetter: undefined, proposals: [] }
  const posteriors = Allocation.posteriors(stats, constraints, model)
  const assessed = Allocation.assess(posteriors, allocation.budgets, { draws: 400, seed: seed ^ 0x9e3779b9 })
  const group = `${decisionType}:${pool.id}:${facts.cycleId}`
  const metric = pool.settings.objective === "revenue" ? "revenue" as const : "conversions" as const
  const allocatedBefore = Evidence.cents(stats.reduce((s, c) => s + c.budget, 0) + held)
  const allocatedAfter = Evidence.cents(allocation.allocated + held)
  const ordered = [...moved].sort((a, b) => (allocation.budgets.get(a.id)! - a.budget) - (allocation.budgets.get(b.id)! - b.budget))
  const proposals = ordered.map((s): DecisionProvider.Proposal => {
    const next = allocation.budgets.get(s.id)!
    const name = active.find((c) => c.campaign.id === s.id)!.campaign.name
    const delta = (assessed.expectedDelta.get(s.id) ?? 0) * pool.settings.impactDays
    return {
      decisionType,
      change: new AdPlatform.SetCampaignBudget({ campaignId: s.id, dailyBudget: next }),
      rationale: `Budget pool "${pool.name}" (${pool.strategy.replace("_", " ")}, total ${Evidence.fmt(pool.total)}/day): ` +
        `${name} ${Evidence.fmt(s.budget)} → ${Evidence.fmt(next)} toward its target ${Evidence.fmt(allocation.target.get(s.id)!)}; ` +
        `the pool's campaigns then hold ${Evidence.fmt(allocatedAfter)} of ${Evidence.fmt(pool.total)}. ` +
        `Expected ${delta >= 0 ? "+" : ""}${Evidence.fmt(delta)} ${metric} over ${pool.settings.impactDays} days; ` +
        `${Evidence.pct(assessed.probabilityBetter)} of posterior draws favour the new budgets.`,
      confidence: assessed.probabilityBetter,
      impact: new DecisionProvider.PredictedImpact({ metric, delta: Evidence.cents(delta), windowDays: pool.settings.impactDays }),
      context: {
        poolId: pool.id,
        strategy: pool.strategy,
        campaignId: s.id,
        budgetBefore: s.budget,
        budgetAfter: next,
        target: Evidence.cents(allocation.target.get(s.id)!),
        poolTotal: pool.total,
        allocatedBefore,
        allocatedAfter,
        probabilityBetter: assessed.probabilityBetter
      },
      group
    }
  })
  return { allocation, probabilityBetter: assessed.probabilityBetter, proposals }
}

/**
 * Builds the service.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const storage = yield* Storage
  const platform = yield* AdPlatform.AdPlatform

  const get: Shape["get"] = (poolId) =>
    storage.get(AiBudgetManagement, poolId).pipe(
      Effect.catchTag("NotFound", () => Effect.fail(new BudgetPoolNotFound({ poolId }))),
      Effect.map(toPool)
    )

  /** Writes allocated/remaining from the members' budgets (and the time when reallocating), in one transaction. */
  const record = (pool: Pool, budgets: ReadonlyMap<string, number>, reallocatedAt: number | undefined) =>
    storage.transaction(Effect.gen(function*() {
      const actual = Evidence.cents(pool.settings.members.reduce((s, id) => s + (budgets.get(id) ?? 0), 0))
      const allocated = Math.min(actual, pool.total)
      const row = yield* storage.update(AiBudgetManagement, pool.id, {
        allocated_budget: allocated,
        remaining_budget: Evidence.cents(pool.total - allocated),
        performance_thresholds: { ...pool.settings, observed: { allocated: actual, overBy: Evidence.cents(Math.max(0, actual - pool.total)) } },
        ...(reallocatedAt === undefined ? {} : { last_reallocation_at: new Date(reallocatedAt) })
      })
      return toPool(row)
    }))

  const budgetsOf = (campaigns: ReadonlyArray<AdPlatform.Campaign>) =>
    new Map(campaigns.map((c) => [c.id, c.dailyBudget ?? 0]))

  const create: Shape["create"] = (request) =>
    Effect.gen(function*() {
      if (request.name.trim() === "") return yield* bad("name", request.name, "must not be empty")
      if (!Allocation.strategies.includes(request.strategy)) {
        return yield* bad("strategy", request.strategy, `must be one of ${Allocation.strategies.join(", ")}`)
      }
      const ids = request.campaignIds
      if (ids.length === 0) return yield* bad("campaignIds", ids, "must name at least one campaign")
      if (new Set(ids).size !== ids.length) return yield* bad("campaignIds", ids, "must not repeat a campaign")
      const settings: Settings = {
        members: [...ids],
        sampling: request.strategy === "thompson" ? "thompson" : null,
        objective: request.objective ?? "conversions",
        minBudget: request.minBudget ?? 5,
        maxBudget: request.maxBudget ?? request.total,
        maxMoveShare: request.maxMoveShare ?? 0.2,
        minMove: request.minMove ?? 1,
        lookbackDays: request.lookbackDays ?? 28,
        impactDays: request.impactDays ?? 7
      }
      const invalid = Allocation.validate(constraintsOf({ total: request.total, settings } as Pool), ids.length)
      if (invalid !== undefined) return yield* invalid
      if (!(Number.isInteger(settings.lookbackDays) && settings.lookbackDays >= 2 && settings.lookbackDays <= 120)) {
        return yield* bad("lookbackDays", settings.lookbackDays, "must be a whole number of days, 2 to 120")
      }
      if (!(Number.isInteger(settings.impactDays) && settings.impactDays >= 1 && settings.impactDays <= 90)) {
        return yield* bad("impactDays", settings.impactDays, "must be a whole number of days, 1 to 90")
      }
      const campaigns = yield* platform.listCampaigns(request.accountId)
      const budgets = budgetsOf(campaigns)
      const missing = ids.find((id) => !budgets.has(id))
      if (missing !== undefined) return yield* bad("campaignIds", missing, `is not a campaign of account ${request.accountId}`)
      const current = Evidence.cents(ids.reduce((s, id) => s + budgets.get(id)!, 0))
      if (current > request.total) {
        return yield* bad("total", request.total, `the campaigns' budgets already sum to ${current}; the total must hold them`)
      }
      return yield* storage.transaction(Effect.gen(function*() {
        const others = (yield* storage.find(AiBudgetManagement, { where: { account_id: request.accountId } })).items.map(toPool)
        for (const other of others) {
          const shared = ids.find((id) => other.settings.members.includes(id))
          if (shared !== undefined) return yield* new CampaignInAnotherPool({ campaignId: shared, poolId: other.id })
        }
        const at = yield* Clock.currentTimeMillis
        const row = yield* storage.insert(AiBudgetManagement, {
          account_id: request.accountId,
          budget_pool_name: request.name,
          total_budget: request.total,
          allocated_budget: current,
          remaining_budget: Evidence.cents(request.total - current),
          allocation_strategy: request.strategy === "thompson" ? "performance_based" : request.strategy,
          reallocation_frequency: request.frequency ?? "daily",
          performance_thresholds: settings,
          created_at: new Date(at)
        })
        return toPool(row)
      }))
    })

  const sync: Shape["sync"] = (poolId) =>
    Effect.gen(function*() {
      const pool = yield* get(poolId)
      return yield* record(pool, budgetsOf(yield* platform.listCampaigns(pool.accountId)), undefined)
    })

  const planPool = (pool: Pool, facts: DecisionProvider.Facts) =>
    Effect.gen(function*() {
      const recorded = yield* record(pool, budgetsOf(facts.campaigns.map((c) => c.campaign)), facts.now)
      return { pool: recorded, ...planFrom(recorded, facts) }
    })

  const reallocate: Shape["reallocate"] = (poolId) =>
    Effect.gen(function*() {
      const pool = yield* get(poolId)
      const now = yield* Clock.currentTimeMillis
      const facts = yield* Observe.gather(platform, {
        accountId: pool.accountId,
        cycleId: `manual:${now}`,
        now,
        lookbackDays: pool.settings.lookbackDays
      })
      return yield* planPool(pool, facts)
    })

  const due = (pool: Pool, now: number) =>
    pool.lastReallocationAt === null || now - pool.lastReallocationAt.getTime() >= frequencyMillis[pool.frequency]

  const provider: Shape["provider"] = (target) => ({
    name: target === undefined ? decisionType : `${decisionType}:${target.poolId}`,
    description: "Reallocates budget pools' totals across their campaigns by each pool's strategy; every pool's moves are one all-or-nothing group.",
    propose: (facts) =>
      Effect.gen(function*() {
        const pools = target === undefined ?
          (yield* storage.find(AiBudgetManagement, { where: { account_id: facts.accountId } })).items.map(toPool) :
          [yield* get(target.poolId)].filter((p) => p.accountId === facts.accountId)
        const out: Array<DecisionProvider.Proposal> = []
        for (const pool of pools) {
          if (!due(pool, facts.now)) continue
          out.push(...(yield* planPool(pool, facts)).proposals)
        }
        return out
      }).pipe(Effect.orDie)
  })

  return { create, get, sync, reallocate, provider } satisfies Shape
})

/**
 * The budget pool service.
 *
 * @since 0.1.0
 * @category services
 */
export class BudgetPools extends Context.Service<BudgetPools, Shape>()("ringmaster/cycles/budgets/BudgetPools") {
  /**
   * The service over `Storage` and the `AdPlatform`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer = Layer.effect(BudgetPools, make)
}

/**
 * Registers a pool provider with the cycles' registry (every due pool of a
 * cycle's account).
 *
 * @since 0.1.0
 * @category layers
 */
export const registering = (target?: { readonly poolId: string } | undefined) =>
  Layer.unwrap(BudgetPools.use((pools) => Effect.succeed(DecisionProvider.registering(pools.provider(target)))))
