/**
 * Decision cycles: observe, decide, act, learn (seed 003's engine).
 *
 * One cycle is one row of `master_ai_cycles` and one pass of the loop for an
 * account:
 *
 * 1. **Reconcile.** Platform change intents (`ringmaster.platform_changes`)
 *    left `intended` by a process that stopped between the platform call and
 *    its commit are looked up on the platform by their id: a change the
 *    platform made but our records lack is reverted (`reverted`), one it did
 *    not make is closed (`not_applied`).
 * 2. **Learn.** Decisions whose impact window has ended are scored: the
 *    metric they predicted is measured over the window after the change
 *    against the same weekdays whole weeks earlier (so the weekly pattern
 *    cancels); `actual_impact` and `validated` /
 *    `incorrect` are written, `ai_learning_feedback` appended, and the
 *    change's `ai_optimization_history.actual_improvement` filled
 *    (see `Learning`).
 *    When the host provides an `AlertService`, a `ForecastService` or a
 *    `RiskService` with the cycles, the cycle also scans the account for
 *    alerts, scores the forecasts whose period ended, and scans for risks;
 *    with `SystemHealth`, each completed cycle reports a heartbeat of the
 *    `decision-cycles` component for its account.
 * 3. **Observe.** Campaigns, ad groups, keywords and daily metrics are read
 *    from the `AdPlatform` into `Facts`.
 * 4. **Decide.** Every registered `DecisionProvider` proposes; the
 *    account's active `ai_automation_rules` triggered by the fact type
 *    `campaign_metrics` are planned, once per campaign (their facts:
 *    `campaign`, `metrics`, `account`; see `internal/observe.ts`). Each proposal's confidence is calibrated per decision type.
 * 5. **Act.** For each decision: a write-ahead intent for its platform change
 *    commits first; then, in **one transaction**, the decision is written to
 *    `ai_decision_logs`, its action goes through the safety envelope to the
 *    platform, and the outcome is recorded: the change in
 *    `ai_optimization_history` (before and after state, expected
 *    improvement, rollback data), or a pending marketing `ai_recommendations`
 *    row linked to the envelope's record, or why it was blocked; the intent
 *    is closed; a rule's counters move. Either all of it commits or none.
 *
 * Cycles are idempotent by `idempotencyKey` (a unique index, migration
 * 0008): starting the same key twice answers the first cycle. A cycle that
 * fails is marked `failed` with the step and reason.
 *
 * Approving a pending recommendation (`approve`) re-decides its request in
 * the envelope as the current user and, if it runs, records the change;
 * rejecting it records the reason and counts as feedback against its decision
 * type. `rollback` restores a change's before state on the platform and
 * records the rollback as its own history entry.
 *
 * @since 0.1.0
 */
import { Clock, Context, DateTime, Effect, Layer, Option, Schema } from "effect"
import * as Action from "../actions/Action.ts"
import type { InvalidActionParameters, UnknownAction } from "../actions/ActionRegistry.ts"
import {
  type ActionRequest as ActionRequestType,
  ActionRequest,
  type ApprovalAlreadyResolved,
  type ApproverRequired,
  type ExecutionRecord,
  type PendingApprovalNotFound,
  SafetyEnvelope
} from "../actions/SafetyEnvelope.ts"
import type { StoredDecision } from "../actions/SafetyState.ts"
import { SafetyLimits } from "../actions/SafetyLimits.ts"
import { RuleEngine } from "../rules/RuleEngine.ts"
import * as Actor from "../storage/Actor.ts"
import { PlatformChanges } from "../storage/schema/cycles/PlatformChanges.ts"
import { SafetyDecisions } from "../storage/schema/safety/SafetyDecisions.ts"
import { AiAutomationRules } from "../storage/schema/marketingAi/AiAutomationRules.ts"
import { AiDecisionLogs } from "../storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiLearningFeedback } from "../storage/schema/marketingAi/AiLearningFeedback.ts"
import { AiOptimizationHistory } from "../storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiRecommendations } from "../storage/schema/marketingAi/AiRecommendations.ts"
import { MasterAiCycles } from "../storage/schema/marketingAi/MasterAiCycles.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import type * as Table from "../storage/Table.ts"
import {
  CycleFailed,
  CycleNotRunnable,
  RecommendationNotPending,
  RollbackFailed,
  RollbackRefused
} from "./CycleError.ts"
import { DecisionProviders, PredictedImpact } from "./DecisionProvider.ts"
import type { Facts } from "./DecisionProvider.ts"
import * as Observe from "./internal/observe.ts"
import { AlertService } from "./alerts/AlertService.ts"
import { ForecastService } from "./forecasts/ForecastService.ts"
import { SystemHealth } from "./health/SystemHealth.ts"
import * as Learning from "./Learning.ts"
import * as AdPlatform from "./platform/AdPlatform.ts"
import * as PlatformActions from "./PlatformActions.ts"
import { RiskService } from "./risk/RiskService.ts"

/**
 * How cycles decide: how many days of metrics they read, the strength of the
 * calibration prior, the safety limits every cycle decision carries (they
 * combine with the envelope's defaults; the stricter wins), and whether
 * stored rules take part.
 *
 * @since 0.1.0
 * @category models
 */
export const CycleConfig = Schema.Struct({
  lookbackDays: Schema.Int.check(Schema.isBetween({ minimum: 7, maximum: 120 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(28))
  ),
  priorStrength: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(4))
  ),
  limits: SafetyLimits.pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(
      new SafetyLimits({ minConfidence: 0.6, maxChangePerStep: { relative: 0.3 }, cooldownSeconds: 20 * 3600 })
    ))
  ),
  rules: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type CycleConfig = typeof CycleConfig.Type

/**
 * The default cycle configuration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: CycleConfig = Schema.decodeUnknownSync(CycleConfig)({})

/**
 * What starts a cycle.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartOptions {
  readonly accountId: string
  readonly name?: string | undefined
  readonly type?: "optimization" | "analysis" | "decision" | "automation" | undefined
  /** 1–10 */
  readonly priority?: number | undefined
  /** what started it: `schedule:daily`, `manual`, `alert:<id>` */
  readonly trigger: string
  /** the same key starts at most one cycle per account, e.g. `daily:2026-11-23` */
  readonly idempotencyKey?: string | undefined
}

/**
 * A started (or found) cycle.
 *
 * @since 0.1.0
 * @category models
 */
export interface Started {
  readonly cycleId: string
  /** false when the idempotency key found an existing cycle */
  readonly created: boolean
  readonly status: string
}

/**
 * What a cycle did.
 *
 * @since 0.1.0
 * @category models
 */
export interface CycleReport {
  readonly cycleId: string
  readonly accountId: string
  readonly campaigns: number
  /** decisions by type and envelope outcome (`Passed`, `Clamped`, `Blocked`, `PendingApproval`, `Failed`; `HeldBack` for a group not applied) */
  readonly decisions: ReadonlyArray<{ readonly decisionType: string; readonly outcome: string; readonly count: number }>
  readonly applied: number
  readonly pending: number
  readonly blocked: number
  readonly failed: number
  readonly reconciled: { readonly reverted: number; readonly notApplied: number }
  readonly learned: { readonly validated: number; readonly incorrect: number; readonly meanSape: number | undefined }
  /** calibrated confidence per decision type after learning */
  readonly calibration: ReadonlyArray<{ readonly decisionType: string; readonly right: number; readonly wrong: number }>
  /** when an `AlertService` is provided: alerts raised and updated by this cycle's scan */
  readonly alerts: { readonly raised: number; readonly updated: number } | undefined
  /** when a `ForecastService` is provided: forecasts whose period ended, scored by this cycle */
  readonly forecastsScored: number | undefined
  /** when a `RiskService` is provided: risks raised, updated and resolved by this cycle's scan */
  readonly risks: { readonly raised: number; readonly updated: number; readonly resolved: number } | undefined
  readonly durationMillis: number
}

/**
 * The result of a rollback: the new history entry and the change applied.
 *
 * @since 0.1.0
 * @category models
 */
export interface RollbackResult {
  readonly historyId: string
  readonly rollbackHistoryId: string
  readonly applied: AdPlatform.AppliedChange
}

type ApprovalError =
  | RecommendationNotPending
  | PendingApprovalNotFound
  | ApprovalAlreadyResolved
  | ApproverRequired
  | UnknownAction
  | InvalidActionParameters
  | StorageError

/**
 * The decision cycle service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Creates the cycle (`pending`), or finds the one with the same idempotency key. */
  readonly start: (options: StartOptions) => Effect.Effect<Started, StorageError>
  /** Runs a pending cycle to `completed` or `failed`. */
  readonly run: (cycleId: string) => Effect.Effect<CycleReport, CycleFailed | CycleNotRunnable | StorageError>
  /** `start`, then `run` when the cycle is new; `undefined` when the key had already run. */
  readonly runOnce: (
    options: StartOptions
  ) => Effect.Effect<CycleReport | undefined, CycleFailed | CycleNotRunnable | StorageError>
  /** Approves a pending recommendation as the current user; answers the envelope's new record. */
  readonly approve: (
    recommendationId: string,
    options?: { readonly note?: string | undefined }
  ) => Effect.Effect<ExecutionRecord, ApprovalError>
  /** Rejects a pending recommendation as the current user, with the reason; counts as feedback. */
  readonly reject: (
    recommendationId: string,
    options: { readonly reason: string }
  ) => Effect.Effect<StoredDecision, ApprovalError>
  /** Restores a change's before state on the platform and records the rollback. */
  readonly rollback: (
    historyId: string
  ) => Effect.Effect<RollbackResult, RollbackRefused | RollbackFailed | StorageError>
  /** Rolls back several changes, newest first. */
  readonly rollbackAll: (
    historyIds: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyArray<RollbackResult>, RollbackRefused | RollbackFailed | StorageError>
  /** The evidence per decision type of an account. */
  readonly evidence: (accountId: string) => Effect.Effect<ReadonlyMap<string, Learning.TypeEvidence>, StorageError>
}

const dayMillis = 86_400_000

/** A group member did not apply: the group's transaction rolls back. */
class GroupIncomplete extends Schema.TaggedError<GroupIncomplete>()("GroupIncomplete", { reason: Schema.String }) {}
const isoDay = (millis: number) => new Date(millis).toISOString().slice(0, 10)
const round2 = (n: number) => Math.round(n * 100) / 100

/** A decision on its way through the envelope. */
interface Candidate {
  readonly decisionType: string
  readonly rationale: string
  readonly confidence: number
  readonly impact: PredictedImpact | undefined
  readonly context: { readonly [key: string]: Schema.Json }
  readonly request: ActionRequestType
  readonly changeId: string | undefined
  readonly change: AdPlatform.Change | undefined
}

const changeOfRequest = (request: ActionRequestType): AdPlatform.Change | undefined => {
  const p = request.parameters as Record<string, unknown> | null
  if (p === null || typeof p !== "object") return undefined
  const decode = (value: unknown) => Option.getOrUndefined(Schema.decodeUnknownOption(AdPlatform.Change)(value))
  switch (request.action) {
    case PlatformActions.names.setCampaignBudget:
      return decode({ _tag: "SetCampaignBudget", campaignId: p.campaignId, dailyBudget: p.dailyBudget })
    case PlatformActions.names.setKeywordBid:
      return decode({ _tag: "SetKeywordBid", keywordId: p.keywordId, bid: p.bid })
    case PlatformActions.names.setAdGroupBid:
      return decode({ _tag: "SetAdGroupBid", adGroupId: p.adGroupId, bid: p.bid })
    case PlatformActions.names.applyChange:
      return decode(p.change)
    default:
      return undefined
  }
}

const appliedOf = (record: ExecutionRecord): AdPlatform.AppliedChange | undefined => {
  if (record.status !== "succeeded") return undefined
  if (record.result instanceof AdPlatform.AppliedChange) return record.result
  return Option.getOrUndefined(Schema.decodeUnknownOption(AdPlatform.AppliedChange)(record.result))
}

const encodeJson = <A>(schema: Schema.Codec<A, unknown>, value: A): Schema.Json => Schema.encodeSync(schema)(value) as Schema.Json

const outcomeName = (record: ExecutionRecord): string =>
  record.status === "failed" ? "Failed" : record.decision.outcome._tag

/**
 * Makes the service.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(config: CycleConfig = defaults) {
  const storage = yield* Storage
  const envelope = yield* SafetyEnvelope
  const platform = yield* AdPlatform.AdPlatform
  const providers = yield* DecisionProviders
  const rules = yield* RuleEngine
  // optional analytics: present when the host provides them with the cycles
  const context = yield* Effect.context<never>()
  const alertService = Context.getOption(context, AlertService)
  const forecastService = Context.getOption(context, ForecastService)
  const riskService = Context.getOption(context, RiskService)
  const health = Context.getOption(context, SystemHealth)

  const now = Clock.currentTimeMillis
  const toDate = (millis: number) => new Date(millis)

  // -- intents --------------------------------------------------------------

  const intent = (accountId: string, cycleId: string | undefined, change: AdPlatform.Change) =>
    Effect.gen(function*() {
      const at = yield* now
      const row = yield* storage.transaction(storage.insert(PlatformChanges, {
        account_id: accountId,
        cycle_id: cycleId ?? null,
        platform: platform.platform,
        change: encodeJson(AdPlatform.Change, change),
        created_at: toDate(at)
      }))
      return row.change_id
    })

  const closeIntent = (changeId: string | undefined, status: "applied" | "not_applied" | "reverted" | "intended", detail: Schema.Json) =>
    changeId === undefined ? Effect.void : Effect.gen(function*() {
      const at = yield* now
      yield* storage.update(PlatformChanges, changeId, {
        status,
        detail,
        resolved_at: status === "intended" ? null : toDate(at)
      })
    })

  // -- recording an envelope outcome ---------------------------------------

  /** Withdraws the account's pending recommendations of this type for this target, in favour of `decisionId`. */
  const supersede = (accountId: string, decisionType: string, target: { readonly type: string; readonly id: string }, decisionId: string) =>
    Effect.gen(function*() {
      const waiting = (yield* storage.find(AiRecommendations, {
        where: {
          account_id: accountId,
          recommendation_type: decisionType,
          target_entity_type: target.type,
          target_entity_id: target.id,
          status: "pending"
        }
      })).items
      for (const old of waiting) {
        const note = `superseded by decision ${decisionId}`
        if (old.safety_decision_id !== null) {
          yield* envelope.withdraw(old.safety_decision_id, { note }).pipe(
            // already resolved elsewhere (an approval racing this cycle): the recommendation just closes
            Effect.catchTags({ ApprovalAlreadyResolved: () => Effect.void, PendingApprovalNotFound: () => Effect.void })
          )
        }
        yield* storage.update(AiRecommendations, old.id, { status: "rejected", current_state: { ...(old.current_state as object ?? {}), superseded_by: decisionId } })
        if (old.decision_id !== null) yield* storage.update(AiDecisionLogs, old.decision_id, { action_taken: `withdrawn: ${note}` })
      }
    })

  const recordOutcome = (
    accountId: string,
    decisionId: string,
    candidate: Pick<Candidate, "decisionType" | "impact" | "changeId" | "change" | "confidence" | "rationale">,
    record: ExecutionRecord
  ) =>
    Effect.gen(function*() {
      const at = yield* now
      const applied = appliedOf(record)
      const outcome = record.decision.outcome
      if (applied !== undefined) {
        const inverse = AdPlatform.inverse(applied)
        const target = AdPlatform.target(applied.change)
        yield* storage.insert(AiOptimizationHistory, {
          account_id: accountId,
          target_entity_type: target.type,
          target_entity_id: target.id,
          optimization_type: candidate.decisionType,
          before_state: encodeJson(AdPlatform.EntityState, applied.before),
          after_state: encodeJson(AdPlatform.EntityState, applied.after),
          expected_improvement: candidate.impact === undefined ? null : encodeJson(PredictedImpact, candidate.impact),
          rollback_data: Option.match(inverse, {
            onNone: () => ({ reversible: false }),
            onSome: (change) => ({ reversible: true, change: encodeJson(AdPlatform.Change, change) })
          }),
          decision_id: decisionId,
          safety_decision_id: record.id ?? null,
          platform_change_id: applied.changeId,
          created_at: toDate(at)
        })
        const windowDays = candidate.impact?.windowDays
        yield* storage.update(AiDecisionLogs, decisionId, {
          safety_decision_id: record.id ?? null,
          action_taken: `${outcome._tag === "Clamped" ? "applied (clamped)" : "applied"}: ${describeChange(applied.change)}`,
          impact_due_at: windowDays === undefined ? null : toDate(startOfDay(at) + windowDays * dayMillis)
        })
        yield* closeIntent(candidate.changeId, "applied", { safetyDecisionId: record.id ?? null })
        return
      }
      if (record.status === "failed") {
        yield* storage.update(AiDecisionLogs, decisionId, {
          safety_decision_id: record.id ?? null,
          action_taken: `failed: ${record.error ?? "unknown error"}`,
          validation_status: "incorrect"
        })
        // The platform may have made a change it could not confirm: leave the intent for reconciliation.
        const maybeApplied = (record.error ?? "").includes("PlatformUnavailable")
        yield* closeIntent(candidate.changeId, maybeApplied ? "intended" : "not_applied", { error: record.error ?? null })
        return
      }
      if (outcome._tag === "PendingApproval" && record.decision.mode === "live" && record.id !== undefined) {
        const change = candidate.change
        const target = change === undefined ? undefined : AdPlatform.target(change)
        // a newer proposal of the same kind for the same target supersedes one still waiting:
        // people see one pending recommendation per target, with the latest figures
        if (target !== undefined) yield* supersede(accountId, candidate.decisionType, target, decisionId)
        yield* storage.insert(AiRecommendations, {
          account_id: accountId,
          recommendation_type: candidate.decisionType,
          target_entity_type: target?.type ?? "action",
          target_entity_id: target?.id ?? null,
          current_state: { reason: outcome.reason.code, message: outcome.reason.message },
          recommended_changes: change === undefined ?
            { action: record.decision.action, parameters: record.parameters as Schema.Json } :
            encodeJson(AdPlatform.Change, change),
          expected_impact: candidate.impact === undefined ? null : encodeJson(PredictedImpact, candidate.impact),
          confidence_level: Math.round(candidate.confidence * 100) / 10,
          priority_score: Math.max(1, Math.min(10, Math.round(candidate.confidence * 10))),
          implementation_complexity: "low",
          status: "pending",
          decision_id: decisionId,
          safety_decision_id: record.id,
          created_at: toDate(at)
        })
        yield* storage.update(AiDecisionLogs, decisionId, {
          safety_decision_id: record.id,
          action_taken: `awaiting approval (${outcome.reason.code})`
        })
        yield* closeIntent(candidate.changeId, "not_applied", { awaitingApproval: record.id })
        return
      }
      yield* storage.update(AiDecisionLogs, decisionId, {
        safety_decision_id: record.id ?? null,
        action_taken: `${outcome._tag === "PendingApproval" ? "shadow" : "blocked"} (${outcome.reason.code}): ${outcome.reason.message}`
      })
      yield* closeIntent(candidate.changeId, "not_applied", { outcome: outcome._tag, reason: outcome.reason.code })
    })

  const insertDecision = (accountId: string, cycleId: string, candidate: Candidate) =>
    Effect.gen(function*() {
      const at = yield* now
      return yield* storage.insert(AiDecisionLogs, {
        account_id: accountId,
        cycle_id: cycleId,
        decision_type: candidate.decisionType,
        context_data: { ...candidate.context, decisionDay: isoDay(at) },
        decision_rationale: candidate.rationale,
        confidence_score: round2(candidate.confidence * 100),
        action_taken: candidate.change === undefined ? candidate.request.action : describeChange(candidate.change),
        impact_prediction: candidate.impact === undefined ? null : encodeJson(PredictedImpact, candidate.impact),
        created_at: toDate(at)
      })
    })

  // -- steps -----------------------------------------------------------------

  const reconcile = (accountId: string) =>
    Effect.gen(function*() {
      const open = (yield* storage.find(PlatformChanges, {
        where: { account_id: accountId, status: "intended" },
        orderBy: [{ column: "created_at" }]
      })).items
      let reverted = 0
      let notApplied = 0
      for (const row of open) {
        const found = yield* platform.lookupChange(accountId, row.change_id).pipe(Effect.option)
        if (Option.isNone(found)) continue // the platform cannot answer now; try again next cycle
        if (Option.isNone(found.value)) {
          yield* closeIntent(row.change_id, "not_applied", { reconciled: "the platform never made it" })
          notApplied++
          continue
        }
        const applied = found.value.value
        const inverse = AdPlatform.inverse(applied)
        if (Option.isNone(inverse)) continue
        const undoId = yield* intent(accountId, row.cycle_id ?? undefined, inverse.value)
        const undone = yield* platform.apply({ accountId, changeId: undoId, change: inverse.value }).pipe(Effect.option)
        if (Option.isNone(undone)) continue
        yield* storage.transaction(Effect.gen(function*() {
          yield* closeIntent(undoId, "applied", { reverts: row.change_id })
          yield* closeIntent(row.change_id, "reverted", {
            reconciled: "the platform made it but no decision recorded it; reverted",
            revertedBy: undoId
          })
        }))
        reverted++
      }
      return { reverted, notApplied }
    })

  const evidence = (accountId: string) =>
    Effect.gen(function*() {
      const rows = (yield* storage.find(AiLearningFeedback, { where: { account_id: accountId } })).items
      const feedback: Array<Learning.Feedback> = []
      for (const row of rows) {
        const value = row.feedback_value as { decisionType?: unknown; correct?: unknown } | null
        if (value === null || typeof value !== "object") continue
        if (typeof value.decisionType !== "string" || typeof value.correct !== "boolean") continue
        feedback.push({ decisionType: value.decisionType, correct: value.correct, weight: Number(row.learning_weight ?? 1) })
      }
      return Learning.evidence(feedback)
    })

  const measure = (days: ReadonlyArray<AdPlatform.DailyMetrics>, metric: PredictedImpact["metric"]) => {
    let spend = 0, revenue = 0, conversions = 0
    for (const d of days) {
      spend += d.spend
      revenue += d.revenue
      conversions += d.conversions
    }
    switch (metric) {
      case "spend":
        return spend
      case "revenue":
        return revenue
      case "conversions":
        return conversions
      case "roas":
        return spend > 0 ? revenue / spend : 0
      case "cpa":
        return conversions > 0 ? spend / conversions : spend
    }
  }

  const learn = (accountId: string) =>
    Effect.gen(function*() {
      const at = yield* now
      const due = (yield* storage.find(AiDecisionLogs, {
        where: { account_id: accountId, validation_status: "pending", impact_due_at: { lte: toDate(at) } },
        orderBy: [{ column: "created_at" }]
      })).items
      let validated = 0
      let incorrect = 0
      const errors: Array<number> = []
      for (const decision of due) {
        const impact = Option.getOrUndefined(Schema.decodeUnknownOption(PredictedImpact)(decision.impact_prediction))
        const context = decision.context_data as { campaignId?: unknown; decisionDay?: unknown }
        if (impact === undefined || typeof context.campaignId !== "string" || typeof context.decisionDay !== "string") {
          yield* storage.update(AiDecisionLogs, decision.id, { impact_due_at: null })
          continue
        }
        const day0 = Date.parse(`${context.decisionDay}T00:00:00Z`)
        const window = impact.windowDays
        // the baseline is the same weekdays whole weeks earlier, so the weekly pattern cancels out
        const shift = Math.ceil(window / 7) * 7 * dayMillis
        const metrics = yield* platform.dailyMetrics(accountId, {
          from: isoDay(day0 - shift),
          to: isoDay(day0 + (window - 1) * dayMillis),
          campaignIds: [context.campaignId]
        }).pipe(Effect.option)
        if (Option.isNone(metrics)) continue
        const baselineEnd = isoDay(day0 - shift + (window - 1) * dayMillis)
        const before = metrics.value.filter((m) => m.date <= baselineEnd)
        const after = metrics.value.filter((m) => m.date >= (context.decisionDay as string))
        const baseline = measure(before, impact.metric)
        const actual = measure(after, impact.metric) - baseline
        // a change within 10% of the baseline is no material change (noise), whichever its sign
        const correct = Learning.isCorrect(impact.delta, actual, Math.abs(baseline) * 0.1)
        const error = Learning.sape(impact.delta, actual)
        errors.push(error)
        if (correct) validated++
        else incorrect++
        const actualImpact = { metric: impact.metric, predicted: impact.delta, actual: round2(actual), sape: round2(error), correct }
        yield* storage.transaction(Effect.gen(function*() {
          yield* storage.update(AiDecisionLogs, decision.id, {
            actual_impact: actualImpact,
            validation_status: correct ? "validated" : "incorrect"
          })
          yield* storage.insert(AiLearningFeedback, {
            account_id: accountId,
            decision_id: decision.id,
            feedback_type: "impact_validation",
            feedback_value: { decisionType: decision.decision_type, ...actualImpact },
            learning_weight: 1,
            integration_status: "integrated",
            created_at: toDate(at)
          })
          const history = (yield* storage.find(AiOptimizationHistory, { where: { decision_id: decision.id } })).items
          for (const h of history) {
            yield* storage.update(AiOptimizationHistory, h.id, {
              actual_improvement: actualImpact,
              success_metrics: { before: measure(before, impact.metric), after: measure(after, impact.metric) }
            })
          }
        }))
      }
      return {
        validated,
        incorrect,
        meanSape: errors.length === 0 ? undefined : errors.reduce((a, b) => a + b, 0) / errors.length
      }
    })

  /** Runs one candidate: intent first, then decision + envelope + records in one transaction. */
  const decideProposal = (accountId: string, cycleId: string, candidate: Candidate) =>
    storage.transaction(Effect.gen(function*() {
      const decision = yield* insertDecision(accountId, cycleId, candidate)
      const record = yield* envelope.submit(candidate.request)
      yield* recordOutcome(accountId, decision.id, candidate, record)
      return record
    }))

  const withIntent = (candidate: Candidate, changeId: string): Candidate => ({
    ...candidate,
    changeId,
    request: withChangeId(candidate.request, changeId)
  })

  /**
   * A group is all or nothing. The envelope previews every member first
   * (`decide` writes nothing); unless each would pass as asked, none is
   * submitted and each is logged as held back. Then every member's intent
   * commits, and one transaction submits them all; if any does not apply
   * after all, the transaction rolls back, the platform is reconciled at once
   * (a real platform commits on its own), and the members are logged as held
   * back.
   */
  const decideGroup = (accountId: string, cycleId: string, group: string, members: ReadonlyArray<Candidate>) =>
    Effect.gen(function*() {
      const held = (reason: string) =>
        storage.transaction(Effect.gen(function*() {
          for (const member of members) {
            const decision = yield* insertDecision(accountId, cycleId, member)
            yield* storage.update(AiDecisionLogs, decision.id, { action_taken: `held back (group ${group}): ${reason}` })
          }
          return members.map((m) => [m.decisionType, "HeldBack"] as const)
        }))
      for (const member of members) {
        const preview = yield* envelope.decide(member.request)
        if (preview.outcome._tag !== "Passed") {
          const what = member.change === undefined ? member.request.action : describeChange(member.change)
          return yield* held(`${what} would be ${preview.outcome._tag} (${preview.outcome.reason.code})`)
        }
      }
      const withIntents: Array<Candidate> = []
      for (const member of members) withIntents.push(withIntent(member, yield* intent(accountId, cycleId, member.change!)))
      const applied = yield* storage.transaction(Effect.gen(function*() {
        for (const member of withIntents) {
          const decision = yield* insertDecision(accountId, cycleId, member)
          const record = yield* envelope.submit(member.request)
          if (appliedOf(record) === undefined || record.decision.outcome._tag !== "Passed") {
            return yield* Effect.fail(new GroupIncomplete({ reason: `${member.request.action}: ${outcomeName(record)} ${record.error ?? record.decision.outcome.reason.code}` }))
          }
          yield* recordOutcome(accountId, decision.id, member, record)
        }
        return withIntents.map((m) => [m.decisionType, "Passed"] as const)
      })).pipe(Effect.catchTag("GroupIncomplete", (e) => Effect.succeed(e)))
      if (!(applied instanceof GroupIncomplete)) return applied
      yield* reconcile(accountId)
      return yield* held(`not every member applied (${applied.reason}); the others were undone`)
    })

  const withChangeId = (request: ActionRequestType, changeId: string): ActionRequestType =>
    new ActionRequest({
      ...request,
      parameters: { ...(request.parameters as Record<string, unknown>), changeId }
    })

  const runCycle = (cycle: Table.Row<typeof MasterAiCycles>) =>
    Effect.gen(function*() {
      const accountId = cycle.account_id!
      const startedAt = yield* now
      let step = "reconciling platform changes"
      const fail = (cause: unknown) => new CycleFailed({ cycleId: cycle.id, step, reason: describe(cause) })
      const body = Effect.gen(function*() {
        const reconciled = yield* reconcile(accountId)
        step = "learning from decisions whose impact window ended"
        const learned = yield* learn(accountId)
        step = "scanning for alerts"
        const alerts = Option.isNone(alertService) ? undefined : yield* Effect.map(
          alertService.value.scan(accountId),
          (scan) => ({ raised: scan.raised, updated: scan.updated })
        )
        step = "scoring forecasts whose period ended"
        const forecastsScored = Option.isNone(forecastService) ? undefined : (yield* forecastService.value.score()).length
        step = "scanning for risks"
        const risks = Option.isNone(riskService) ? undefined : yield* Effect.map(
          riskService.value.scan(accountId),
          (scan) => ({ raised: scan.raised, updated: scan.updated, resolved: scan.resolved })
        )
        step = "observing the platform"
        const facts: Facts = yield* Observe.gather(platform, {
          accountId,
          cycleId: cycle.id,
          now: startedAt,
          lookbackDays: config.lookbackDays
        })
        step = "deciding"
        const known = yield* evidence(accountId)
        const campaigns = campaignIndex(facts)
        const tally = new Map<string, number>()
        const count = (decisionType: string, outcome: string) => {
          const key = `${decisionType}\u0000${outcome}`
          tally.set(key, (tally.get(key) ?? 0) + 1)
        }
        let index = 0
        for (const provider of yield* providers.all) {
          const proposals = yield* provider.propose(facts)
          const candidates: Array<{ readonly group: string | undefined; readonly candidate: Candidate }> = []
          for (const proposal of proposals) {
            const confidence = Learning.calibrate(proposal.confidence, known.get(proposal.decisionType), config.priorStrength)
            const target = AdPlatform.target(proposal.change)
            candidates.push({
              group: proposal.group,
              candidate: {
                decisionType: proposal.decisionType,
                rationale: proposal.rationale,
                confidence,
                impact: proposal.impact,
                context: {
                  ...proposal.context,
                  provider: provider.name,
                  providerConfidence: proposal.confidence,
                  entityType: target.type,
                  entityId: target.id,
                  campaignId: campaignOf(campaigns, proposal.change) ?? null,
                  ...(proposal.group === undefined ? {} : { group: proposal.group })
                },
                request: new ActionRequest({
                  requestId: `${cycle.id}:${(index += 1)}`,
                  ...PlatformActions.requestFor(accountId, undefined, proposal.change),
                  // one requester per provider and account: caps, cooldowns and the circuit breaker are per account
                  requester: new Action.AgentRequester({ agentId: `provider:${provider.name}:${accountId}` }),
                  runId: cycle.id,
                  confidence,
                  limits: config.limits
                }),
                changeId: undefined,
                change: proposal.change
              }
            })
          }
          // singles in order; each group where its first member was proposed
          const byGroup = new Map<string, Array<Candidate>>()
          for (const { group, candidate } of candidates) {
            if (group !== undefined) byGroup.set(group, [...(byGroup.get(group) ?? []), candidate])
          }
          const seen = new Set<string>()
          for (const { group, candidate } of candidates) {
            if (group === undefined) {
              step = `deciding ${candidate.decisionType} (${provider.name})`
              const changeId = yield* intent(accountId, cycle.id, candidate.change!)
              const record = yield* decideProposal(accountId, cycle.id, withIntent(candidate, changeId))
              count(candidate.decisionType, outcomeName(record))
              continue
            }
            if (seen.has(group)) continue
            seen.add(group)
            step = `deciding group ${group} (${provider.name})`
            const members = byGroup.get(group)!
            for (const [decisionType, outcome] of yield* decideGroup(accountId, cycle.id, group, members)) {
              count(decisionType, outcome)
            }
          }
        }
        if (config.rules) {
          step = "firing rules"
          const ruleSet = yield* rules.loadStored().pipe(Effect.mapError((e) => fail(e)))
          // only this account's marketing rules (ai_automation_rules) take part
          const ours = new Set(
            (yield* storage.find(AiAutomationRules, { where: { account_id: accountId, is_active: true } })).items.map((r) => r.id)
          )
          for (const campaign of ours.size === 0 ? [] : facts.campaigns) {
            const planned = yield* rules.plan(ruleSet, Observe.ruleFacts(facts, campaign), {
              factType: "campaign_metrics",
              runId: cycle.id
            })
            for (const firing of planned) {
              if (!ours.has(firing.rule.id) || ruleSet.sources.get(firing.rule.id) !== "ai_automation_rules") continue
              const requests: Array<ActionRequestType> = []
              const changes = new Map<string, { changeId: string; change: AdPlatform.Change }>()
              for (const [i, request] of firing.requests.entries()) {
                const requestId = `${cycle.id}:${campaign.campaign.id}:${firing.rule.id}:${i}`
                const change = changeOfRequest(request)
                if (change === undefined) {
                  requests.push(new ActionRequest({ ...request, requestId }))
                  continue
                }
                const changeId = yield* intent(accountId, cycle.id, change)
                changes.set(requestId, { changeId, change })
                requests.push(new ActionRequest({ ...withChangeId(request, changeId), requestId }))
              }
              const decisionType = `rule:${firing.rule.name}`
              yield* rules.execute(ruleSet, { ...firing, requests }, {
                submit: (request) =>
                  Effect.gen(function*() {
                    const planned = changes.get(request.requestId)
                    const candidate: Candidate = {
                      decisionType,
                      rationale: `rule "${firing.rule.name}" matched campaign ${campaign.campaign.name}`,
                      confidence: request.confidence ?? 1,
                      impact: undefined,
                      context: { ruleId: firing.rule.id, campaignId: campaign.campaign.id, entityType: "campaign", entityId: campaign.campaign.id },
                      request,
                      changeId: planned?.changeId,
                      change: planned?.change
                    }
                    const decision = yield* insertDecision(accountId, cycle.id, candidate)
                    const record = yield* envelope.submit(request)
                    yield* recordOutcome(accountId, decision.id, candidate, record)
                    count(decisionType, outcomeName(record))
                    return record
                  })
              })
            }
          }
        }
        step = "finishing"
        const finishedAt = yield* now
        const decisions = [...tally].map(([key, n]) => {
          const [decisionType, outcome] = key.split("\u0000") as [string, string]
          return { decisionType, outcome, count: n }
        })
        const sum = (outcomes: ReadonlyArray<string>) =>
          decisions.filter((d) => outcomes.includes(d.outcome)).reduce((n, d) => n + d.count, 0)
        const after = yield* evidence(accountId)
        const report: CycleReport = {
          cycleId: cycle.id,
          accountId,
          campaigns: facts.campaigns.length,
          decisions,
          applied: sum(["Passed", "Clamped"]),
          pending: sum(["PendingApproval"]),
          blocked: sum(["Blocked"]),
          failed: sum(["Failed"]),
          reconciled,
          learned,
          calibration: [...after.values()].map((e) => ({ decisionType: e.decisionType, right: e.right, wrong: e.wrong })),
          alerts,
          forecastsScored,
          risks,
          durationMillis: finishedAt - startedAt
        }
        yield* storage.update(MasterAiCycles, cycle.id, {
          status: "completed",
          end_time: toDate(finishedAt),
          duration_seconds: Math.max(0, Math.round((finishedAt - startedAt) / 1000)),
          metadata: {
            ...(cycle.metadata ?? {}),
            summary: {
              campaigns: report.campaigns,
              applied: report.applied,
              pending: report.pending,
              blocked: report.blocked,
              failed: report.failed,
              reverted: reconciled.reverted,
              validated: learned.validated,
              incorrect: learned.incorrect
            }
          }
        })
        // the cycle runner reports a heartbeat per account (a daily runner is expected within 25 hours)
        if (Option.isSome(health)) {
          yield* health.value.beat(
            { name: "decision-cycles", interval: "25 hours", accountId },
            { campaigns: report.campaigns, applied: report.applied, pending: report.pending, durationMillis: report.durationMillis }
          ).pipe(Effect.catchTag("InvalidHeartbeat", (e) => Effect.logWarning(`heartbeat refused: ${e.message}`)))
        }
        return report
      })
      return yield* body.pipe(
        Effect.catchCause((cause) =>
          Effect.gen(function*() {
            const finishedAt = yield* now
            const error = fail(cause)
            yield* storage.update(MasterAiCycles, cycle.id, {
              status: "failed",
              end_time: toDate(finishedAt),
              duration_seconds: Math.max(0, Math.round((finishedAt - startedAt) / 1000)),
              metadata: { ...(cycle.metadata ?? {}), error: { step: error.step, reason: error.reason } }
            })
            return yield* Effect.fail(error)
          })
        )
      )
    })

  const start: Shape["start"] = (options) =>
    Effect.gen(function*() {
      const at = yield* now
      if (options.idempotencyKey !== undefined) {
        const existing = (yield* storage.find(MasterAiCycles, {
          where: { account_id: options.accountId, idempotency_key: options.idempotencyKey }
        })).items[0]
        if (existing !== undefined) return { cycleId: existing.id, created: false, status: existing.status }
      }
      const inserted = yield* storage.transaction(storage.insert(MasterAiCycles, {
        account_id: options.accountId,
        cycle_name: options.name ?? `${options.type ?? "optimization"} cycle (${options.trigger})`,
        cycle_type: options.type ?? "optimization",
        status: "pending",
        priority: options.priority ?? 5,
        trigger_event: options.trigger,
        start_time: toDate(at),
        idempotency_key: options.idempotencyKey ?? null,
        metadata: {},
        created_at: toDate(at)
      })).pipe(Effect.map(Option.some), Effect.catchTag("UniqueViolation", () => Effect.succeed(Option.none())))
      if (Option.isSome(inserted)) return { cycleId: inserted.value.id, created: true, status: inserted.value.status }
      // another process started the same key between our read and our insert
      const existing = (yield* storage.find(MasterAiCycles, {
        where: { account_id: options.accountId, idempotency_key: options.idempotencyKey ?? "" }
      })).items[0]!
      return { cycleId: existing.id, created: false, status: existing.status }
    })

  const run: Shape["run"] = (cycleId) =>
    Effect.gen(function*() {
      // claim the cycle: only a pending one moves to running, once
      const claimed = yield* storage.transaction(Effect.gen(function*() {
        const cycle = yield* storage.get(MasterAiCycles, cycleId)
        if (cycle.status !== "pending") return yield* new CycleNotRunnable({ cycleId, status: cycle.status })
        const at = yield* now
        return yield* storage.update(MasterAiCycles, cycleId, { status: "running", start_time: toDate(at) })
      }))
      if (claimed.account_id === null) {
        return yield* new CycleFailed({ cycleId, step: "starting", reason: "the cycle has no account" })
      }
      // a cycle acts for its account: row-level security scopes its reads and
      // writes, and the envelope's records belong to the account (so its users
      // can approve them). A service or user the caller chose is kept.
      const caller = yield* Actor.CurrentActor
      const actor = caller._tag === "System" ? new Actor.Service({ name: "decision-cycles", accountId: claimed.account_id }) : caller
      return yield* runCycle(claimed).pipe(Actor.withActor(actor))
    })

  const runOnce: Shape["runOnce"] = (options) =>
    Effect.gen(function*() {
      const started = yield* start(options)
      if (!started.created) return undefined
      return yield* run(started.cycleId)
    })

  const pendingRecommendation = (recommendationId: string) =>
    Effect.gen(function*() {
      const recommendation = yield* storage.get(AiRecommendations, recommendationId).pipe(
        Effect.catchTag("NotFound", () => Effect.fail(new RecommendationNotPending({ recommendationId, status: "unknown" })))
      )
      if (recommendation.status !== "pending" || recommendation.safety_decision_id === null) {
        return yield* new RecommendationNotPending({ recommendationId, status: recommendation.status ?? "unknown" })
      }
      return recommendation
    })

  const feedbackOn = (
    recommendation: Table.Row<typeof AiRecommendations>,
    type: "human_approval" | "human_rejection",
    value: { readonly [key: string]: Schema.Json }
  ) =>
    Effect.gen(function*() {
      const at = yield* now
      yield* storage.insert(AiLearningFeedback, {
        account_id: recommendation.account_id,
        decision_id: recommendation.decision_id,
        feedback_type: type,
        feedback_value: { decisionType: recommendation.recommendation_type, correct: type === "human_approval", ...value },
        learning_weight: 1,
        integration_status: "integrated",
        created_at: toDate(at)
      })
    })

  const approve: Shape["approve"] = (recommendationId, options) =>
    Effect.gen(function*() {
      const recommendation = yield* pendingRecommendation(recommendationId)
      const change = Option.getOrUndefined(Schema.decodeUnknownOption(AdPlatform.Change)(recommendation.recommended_changes))
      const decision = recommendation.decision_id === null ? undefined : yield* storage.get(AiDecisionLogs, recommendation.decision_id)
      const changeId = decision === undefined ? undefined : yield* findIntentOf(recommendation.safety_decision_id!)
      if (changeId !== undefined) yield* storage.transaction(closeIntent(changeId, "intended", { approving: recommendation.safety_decision_id }))
      return yield* storage.transaction(Effect.gen(function*() {
        const record = yield* envelope.approve(recommendation.safety_decision_id!, options)
        const at = yield* now
        const ran = appliedOf(record) !== undefined
        yield* storage.update(AiRecommendations, recommendationId, {
          status: ran ? "implemented" : "approved",
          implemented_at: ran ? toDate(at) : null
        })
        yield* feedbackOn(recommendation, "human_approval", { note: options?.note ?? null })
        if (decision !== undefined) {
          const impact = Option.getOrUndefined(Schema.decodeUnknownOption(PredictedImpact)(decision.impact_prediction))
          yield* recordOutcome(recommendation.account_id ?? "", decision.id, {
            decisionType: decision.decision_type,
            impact,
            changeId,
            change,
            confidence: Number(decision.confidence_score ?? 0) / 100,
            rationale: decision.decision_rationale ?? ""
          }, record)
        }
        return record
      }))
    })

  /** The platform change id a pending decision's request carries, if any. */
  const findIntentOf = (safetyDecisionId: string) =>
    Effect.gen(function*() {
      const stored = yield* storage.get(SafetyDecisions, safetyDecisionId)
      const request = stored.request as { parameters?: { changeId?: unknown } } | null
      const changeId = request?.parameters?.changeId
      return typeof changeId === "string" ? changeId : undefined
    })

  const reject: Shape["reject"] = (recommendationId, options) =>
    storage.transaction(Effect.gen(function*() {
      const recommendation = yield* pendingRecommendation(recommendationId)
      const record = yield* envelope.reject(recommendation.safety_decision_id!, { note: options.reason })
      yield* storage.update(AiRecommendations, recommendationId, { status: "rejected" })
      yield* feedbackOn(recommendation, "human_rejection", { reason: options.reason })
      if (recommendation.decision_id !== null) {
        yield* storage.update(AiDecisionLogs, recommendation.decision_id, {
          action_taken: `rejected: ${options.reason}`,
          validation_status: "incorrect"
        })
      }
      return record
    }))

  const rollback: Shape["rollback"] = (historyId) =>
    Effect.gen(function*() {
      const entry = yield* storage.get(AiOptimizationHistory, historyId).pipe(
        Effect.catchTag("NotFound", () =>
          Effect.fail(new RollbackRefused({ historyId, reason: "no such change in ai_optimization_history", dependents: [] })))
      )
      if (entry.rolled_back_by !== null) {
        return yield* new RollbackRefused({ historyId, reason: `already rolled back by ${entry.rolled_back_by}`, dependents: [] })
      }
      if (entry.rollback_of !== null) {
        return yield* new RollbackRefused({ historyId, reason: `it is itself the rollback of ${entry.rollback_of}`, dependents: [] })
      }
      const data = entry.rollback_data as { reversible?: unknown; change?: unknown } | null
      const inverse = data?.reversible === true ?
        Option.getOrUndefined(Schema.decodeUnknownOption(AdPlatform.Change)(data.change)) :
        undefined
      if (inverse === undefined) {
        return yield* new RollbackRefused({ historyId, reason: "the change recorded no way back (rollback_data)", dependents: [] })
      }
      const later = (yield* storage.find(AiOptimizationHistory, {
        where: {
          target_entity_type: entry.target_entity_type,
          ...(entry.target_entity_id === null ? {} : { target_entity_id: entry.target_entity_id }),
          created_at: { gte: entry.created_at ?? new Date(0) },
          rollback_of: { isNull: true },
          rolled_back_by: { isNull: true }
        },
        orderBy: [{ column: "created_at", direction: "desc" }, { column: "id", direction: "desc" }]
      })).items.filter((h) => h.id !== historyId && (h.created_at?.getTime() ?? 0) >= (entry.created_at?.getTime() ?? 0))
      const dependents = later.filter((h) => h.created_at!.getTime() > entry.created_at!.getTime() || h.id > historyId)
      if (dependents.length > 0) {
        return yield* new RollbackRefused({
          historyId,
          reason: "later changes to the same entity depend on it",
          dependents: dependents.map((h) => h.id)
        })
      }
      const accountId = entry.account_id ?? ""
      const changeId = yield* intent(accountId, undefined, inverse)
      const applied = yield* platform.apply({ accountId, changeId, change: inverse }).pipe(
        Effect.catch((error) =>
          Effect.gen(function*() {
            const unsure = error._tag === "PlatformUnavailable"
            yield* storage.transaction(closeIntent(changeId, unsure ? "intended" : "not_applied", { error: error.message }))
            return yield* new RollbackFailed({ historyId, reason: error.message })
          })
        )
      )
      const at = yield* now
      const back = AdPlatform.inverse(applied)
      const row = yield* storage.transaction(Effect.gen(function*() {
        const inserted = yield* storage.insert(AiOptimizationHistory, {
          account_id: entry.account_id,
          target_entity_type: entry.target_entity_type,
          target_entity_id: entry.target_entity_id,
          optimization_type: `rollback:${entry.optimization_type}`,
          before_state: encodeJson(AdPlatform.EntityState, applied.before),
          after_state: encodeJson(AdPlatform.EntityState, applied.after),
          rollback_data: Option.match(back, {
            onNone: () => ({ reversible: false }),
            onSome: (change) => ({ reversible: true, change: encodeJson(AdPlatform.Change, change) })
          }),
          decision_id: entry.decision_id,
          platform_change_id: applied.changeId,
          rollback_of: historyId,
          created_at: toDate(at)
        })
        yield* storage.update(AiOptimizationHistory, historyId, { rolled_back_by: inserted.id })
        yield* closeIntent(changeId, "applied", { rollbackOf: historyId })
        return inserted
      }))
      return { historyId, rollbackHistoryId: row.id, applied }
    })

  const rollbackAll: Shape["rollbackAll"] = (historyIds) =>
    Effect.gen(function*() {
      const entries = yield* Effect.forEach(historyIds, (id) => storage.get(AiOptimizationHistory, id).pipe(
        Effect.catchTag("NotFound", () =>
          Effect.fail(new RollbackRefused({ historyId: id, reason: "no such change in ai_optimization_history", dependents: [] })))
      ))
      const newestFirst = [...entries].sort((a, b) =>
        (b.created_at?.getTime() ?? 0) - (a.created_at?.getTime() ?? 0) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0))
      const results: Array<RollbackResult> = []
      for (const entry of newestFirst) results.push(yield* rollback(entry.id))
      return results
    })

  return { start, run, runOnce, approve, reject, rollback, rollbackAll, evidence } satisfies Shape
})

const startOfDay = (millis: number) => Math.floor(millis / dayMillis) * dayMillis

const describeChange = (change: AdPlatform.Change): string => {
  switch (change._tag) {
    case "SetCampaignBudget":
      return `set campaign ${change.campaignId} daily budget to ${change.dailyBudget}`
    case "SetCampaignStatus":
      return `set campaign ${change.campaignId} ${change.status}`
    case "SetCampaignBidStrategy":
      return `set campaign ${change.campaignId} bid strategy ${change.bidStrategy}`
    case "SetAdGroupBid":
      return `set ad group ${change.adGroupId} bid to ${change.bid}`
    case "SetAdGroupStatus":
      return `set ad group ${change.adGroupId} ${change.status}`
    case "SetAdGroupAudiences":
      return `set ad group ${change.adGroupId} audiences (${change.audienceIds.length})`
    case "SetKeywordBid":
      return `set keyword ${change.keywordId} bid to ${change.bid}`
    case "SetKeywordStatus":
      return `set keyword ${change.keywordId} ${change.status}`
  }
}

/** The campaign of each ad group and keyword of the facts, for naming a change's campaign in O(1). */
const campaignIndex = (facts: Facts): ReadonlyMap<string, string> => {
  const index = new Map<string, string>()
  for (const c of facts.campaigns) {
    for (const g of c.adGroups) index.set(`ad_group:${g.id}`, c.campaign.id)
    for (const k of c.keywords) index.set(`keyword:${k.id}`, c.campaign.id)
  }
  return index
}

const campaignOf = (index: ReadonlyMap<string, string>, change: AdPlatform.Change): string | undefined => {
  const target = AdPlatform.target(change)
  return target.type === "campaign" ? target.id : index.get(`${target.type}:${target.id}`)
}

const describe = (cause: unknown): string => {
  if (typeof cause === "object" && cause !== null && "message" in cause && typeof cause.message === "string") return cause.message
  return String(cause)
}

/**
 * The decision cycle service.
 *
 * @since 0.1.0
 * @category services
 */
export class DecisionCycles extends Context.Service<DecisionCycles, Shape>()("ringmaster/cycles/DecisionCycles") {
  /**
   * The service with the default configuration.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer = Layer.effect(DecisionCycles, make())

  /**
   * The service with a configuration.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerWith = (config: CycleConfig) => Layer.effect(DecisionCycles, make(config))
}

/**
 * The idempotency key of the period a time falls in: `daily:YYYY-MM-DD` or
 * `hourly:YYYY-MM-DDTHH`.
 *
 * @since 0.1.0
 * @category getters
 */
export const periodKey = (frequency: "hourly" | "daily", at: DateTime.DateTime): string => {
  const iso = DateTime.formatIso(DateTime.toUtc(at))
  return frequency === "daily" ? `daily:${iso.slice(0, 10)}` : `hourly:${iso.slice(0, 13)}`
}

/**
 * Runs cycles for an account on a schedule forever: at the start of each
 * period (hour or day) a cycle keyed by the period, so that two processes, or
 * a restart, run each period once. A failed cycle is logged and the schedule
 * goes on.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const runScheduled = (accountId: string, frequency: "hourly" | "daily") =>
  Effect.gen(function*() {
    const cycles = yield* DecisionCycles
    const period = frequency === "daily" ? dayMillis : 3_600_000
    while (true) {
      const at = yield* Clock.currentTimeMillis
      const key = periodKey(frequency, DateTime.makeUnsafe(at))
      yield* cycles.runOnce({ accountId, trigger: `schedule:${frequency}`, idempotencyKey: key, type: "optimization" }).pipe(
        Effect.catchCause((cause) => Effect.logError(`scheduled cycle ${key} for ${accountId} failed`, cause))
      )
      const next = (Math.floor(at / period) + 1) * period
      yield* Effect.sleep(next - at)
    }
  })

/**
 * Runs `effect` as the service actor of an account (what scheduled cycles
 * should run as).
 *
 * @since 0.1.0
 * @category combinators
 */
export const asAccountService = (accountId: string, name = "decision-cycles") =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Actor.withActor(effect, new Actor.Service({ name, accountId }))
