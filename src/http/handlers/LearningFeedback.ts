/**
 * Handlers of `/api/ai/learning-feedback`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiLearningFeedback } from "../../storage/schema/marketingAi/AiLearningFeedback.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The learning feedback handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "learningFeedback",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiLearningFeedback, query, defined({
          feedback_type: query.type,
          integration_status: query.status,
          decision_id: query.decisionId
        })))
      .handle("submit", ({ payload }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const decision = yield* owned(storage, AiDecisionLogs, payload.decisionId, "decision").pipe(
            Effect.catchTag("NotFound", () =>
              Effect.fail(new ApiError.Unprocessable({ table: "ai_learning_feedback", constraint: "decision_id", rule: "no such decision in this account" })))
          )
          const at = yield* Clock.currentTimeMillis
          return yield* storage.insert(AiLearningFeedback, {
            account_id: principal.accountId,
            decision_id: decision.id,
            feedback_type: payload.feedbackType ?? "user_correction",
            // the form cycles read: it moves the calibrated confidence of this decision type
            feedback_value: {
              decisionType: decision.decision_type,
              correct: payload.correct,
              note: payload.note ?? null,
              by: principal.userId === null ? `api-key:${principal.keyId}` : `user:${principal.userId}`
            },
            learning_weight: payload.weight ?? 1,
            integration_status: "integrated",
            created_at: new Date(at)
          })
        })))
  })
)
