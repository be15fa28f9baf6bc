/**
 * Handlers of `/api/ai/recommendations`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { DecisionCycles } from "../../cycles/DecisionCycles.ts"
import { AiRecommendations } from "../../storage/schema/marketingAi/AiRecommendations.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

interface ApprovalFailure {
  readonly _tag:
    | "RecommendationNotPending"
    | "PendingApprovalNotFound"
    | "ApprovalAlreadyResolved"
    | "ApproverRequired"
    | "UnknownAction"
    | "InvalidActionParameters"
  readonly message: string
}

const approvalError = (id: string, e: ApprovalFailure): ApiError.Conflict | ApiError.Forbidden | ApiError.Unprocessable => {
  switch (e._tag) {
    case "RecommendationNotPending":
    case "PendingApprovalNotFound":
    case "ApprovalAlreadyResolved":
      return new ApiError.Conflict({ rule: "recommendation not pending", reason: e.message })
    case "ApproverRequired":
      return new ApiError.Forbidden({
        reason: `only a person may approve or reject: use a key created for a user (--user); ${e.message}`
      })
    case "UnknownAction":
    case "InvalidActionParameters":
      return new ApiError.Unprocessable({ table: "ai_recommendations", constraint: id, rule: e.message })
  }
}

const approvalTags = new Set([
  "RecommendationNotPending",
  "PendingApprovalNotFound",
  "ApprovalAlreadyResolved",
  "ApproverRequired",
  "UnknownAction",
  "InvalidActionParameters"
])

const approvalErrors = (id: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.catchIf(
    effect,
    (e): e is Extract<E, ApprovalFailure> => typeof e === "object" && e !== null && approvalTags.has((e as { _tag?: string })._tag ?? ""),
    (e) => Effect.fail(approvalError(id, e))
  )

/**
 * The recommendations handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "recommendations",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const cycles = yield* DecisionCycles
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiRecommendations, query, defined({
          status: query.status,
          recommendation_type: query.type,
          target_entity_type: query.targetEntityType
        })))
      .handle("propose", ({ payload }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const at = yield* Clock.currentTimeMillis
          return yield* storage.insert(AiRecommendations, {
            account_id: principal.accountId,
            recommendation_type: payload.recommendationType,
            target_entity_type: payload.targetEntityType,
            target_entity_id: payload.targetEntityId ?? null,
            current_state: payload.currentState ?? null,
            recommended_changes: payload.recommendedChanges,
            expected_impact: payload.expectedImpact ?? null,
            confidence_level: payload.confidence ?? null,
            priority_score: payload.priority ?? 5,
            implementation_complexity: payload.complexity ?? "medium",
            status: "pending",
            created_at: new Date(at)
          })
        })))
      .handle("approve", ({ params, payload }) =>
        storageErrors(Effect.gen(function*() {
          yield* owned(storage, AiRecommendations, params.id, "recommendation")
          const record = yield* cycles.approve(params.id, { note: payload.note }).pipe(approvalErrors(params.id))
          const recommendation = yield* storage.get(AiRecommendations, params.id)
          return {
            recommendation,
            outcome: record.status === "failed" ? "Failed" : record.decision.outcome._tag,
            execution: record.status,
            reason: record.error ?? record.decision.outcome.reason.message
          }
        })))
      .handle("reject", ({ params, payload }) =>
        storageErrors(Effect.gen(function*() {
          yield* owned(storage, AiRecommendations, params.id, "recommendation")
          yield* cycles.reject(params.id, { reason: payload.reason }).pipe(approvalErrors(params.id))
          const recommendation = yield* storage.get(AiRecommendations, params.id)
          return { recommendation, outcome: "Rejected", execution: null, reason: payload.reason }
        })))
  })
)
