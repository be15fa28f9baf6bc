/**
 * Handlers of `/api/ai/decisions`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import { MasterAiCycles } from "../../storage/schema/marketingAi/MasterAiCycles.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The decisions handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "decisions",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiDecisionLogs, query, defined({ decision_type: query.type, validation_status: query.status, cycle_id: query.cycleId })))
      .handle("record", ({ payload }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          if (payload.cycleId !== undefined) {
            yield* owned(storage, MasterAiCycles, payload.cycleId, "cycle").pipe(
              Effect.catchTag("NotFound", () =>
                Effect.fail(new ApiError.Unprocessable({ table: "ai_decision_logs", constraint: "cycle_id", rule: "no such cycle in this account" })))
            )
          }
          const at = yield* Clock.currentTimeMillis
          return yield* storage.insert(AiDecisionLogs, {
            account_id: principal.accountId,
            cycle_id: payload.cycleId ?? null,
            decision_type: payload.decisionType,
            decision_rationale: payload.rationale,
            confidence_score: payload.confidence,
            action_taken: payload.actionTaken ?? null,
            context_data: { ...payload.context, recordedBy: principal.actor._tag === "User" ? `user:${principal.userId}` : `api-key:${principal.keyId}` },
            impact_prediction: payload.impactPrediction ?? null,
            validation_status: "pending",
            created_at: new Date(at)
          })
        })))
  })
)
