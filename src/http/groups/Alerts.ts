/**
 * `/api/ai/alerts`: smart alerts (`ai_smart_alerts`). GET lists them; POST
 * raises one by hand; `acknowledge`, `resolve` and `dismiss` move one through
 * its lifecycle (`AlertService`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiSmartAlerts } from "../../storage/schema/marketingAi/AiSmartAlerts.ts"
import * as ApiError from "../ApiError.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * An alert as the API answers it: the `ai_smart_alerts` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Alert = AiSmartAlerts.Row


/**
 * The body of `POST /api/ai/alerts`: an alert a person raises.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RaiseAlert = Schema.Struct({
  alertType: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  severity: Schema.optionalKey(Schema.Literals(["low", "medium", "high", "critical"])),
  title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(300)),
  description: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(10_000))),
  affectedEntityType: Schema.optionalKey(Schema.Literals(["campaign", "ad_group", "keyword", "audience"])),
  affectedEntityId: Schema.optionalKey(Id),
  recommendedActions: Schema.optionalKey(Schema.Json)
})

const byId = { params: { id: Id } }

/**
 * @since 0.1.0
 * @category groups
 */
export class AlertsGroup extends HttpApiGroup.make("alerts")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/alerts", {
      query: {
        ...pageFields,
        status: Schema.optionalKey(Schema.Literals(["active", "acknowledged", "resolved", "dismissed"])),
        severity: Schema.optionalKey(Schema.Literals(["low", "medium", "high", "critical"])),
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1)))
      },
      success: Page(Alert),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("raise", "/api/ai/alerts", { payload: RaiseAlert, success: Alert, error: ApiError.common }),
    HttpApiEndpoint.post("acknowledge", "/api/ai/alerts/:id/acknowledge", { ...byId, success: Alert, error: ApiError.common }),
    HttpApiEndpoint.post("resolve", "/api/ai/alerts/:id/resolve", { ...byId, success: Alert, error: ApiError.common }),
    HttpApiEndpoint.post("dismiss", "/api/ai/alerts/:id/dismiss", { ...byId, success: Alert, error: ApiError.common })
  )
  .annotateMerge(OpenApi.annotations({ title: "Alerts", description: "Smart alerts and their lifecycle: active, acknowledged, resolved, dismissed" }))
{}
