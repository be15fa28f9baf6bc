/**
 * Handlers of `/api/ai/alerts`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AlertService } from "../../cycles/alerts/AlertService.ts"
import { AiSmartAlerts } from "../../storage/schema/marketingAi/AiSmartAlerts.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The alerts handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "alerts",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const alerts = yield* AlertService
    const move = (id: string, to: "acknowledge" | "resolve" | "dismiss") =>
      storageErrors(Effect.gen(function*() {
        yield* owned(storage, AiSmartAlerts, id, "alert")
        return yield* alerts[to](id).pipe(
          Effect.catchTag("AlertNotFound", () => Effect.fail(new ApiError.NotFound({ resource: "alert", id }))),
          Effect.catchTag("InvalidAlertTransition", (e) =>
            Effect.fail(new ApiError.Conflict({ rule: "alert lifecycle", reason: `cannot move from ${e.from} to ${e.to}` })))
        )
      }))
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiSmartAlerts, query, defined({ status: query.status, severity: query.severity, alert_type: query.type })))
      .handle("raise", ({ payload }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const at = yield* Clock.currentTimeMillis
          return yield* storage.insert(AiSmartAlerts, {
            account_id: principal.accountId,
            alert_type: payload.alertType,
            severity: payload.severity ?? "medium",
            title: payload.title,
            description: payload.description ?? null,
            affected_entity_type: payload.affectedEntityType ?? null,
            affected_entity_id: payload.affectedEntityId ?? null,
            recommended_actions: payload.recommendedActions ?? null,
            auto_action_taken: false,
            status: "active",
            created_at: new Date(at)
          })
        })))
      .handle("acknowledge", ({ params }) => move(params.id, "acknowledge"))
      .handle("resolve", ({ params }) => move(params.id, "resolve"))
      .handle("dismiss", ({ params }) => move(params.id, "dismiss"))
  })
)
