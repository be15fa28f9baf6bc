/**
 * `/api/ai/system-health` (the health checks of the AI system's components,
 * `ai_system_health`) and `/api/ai/system-status` (one summary of the
 * account: cycles, decisions, alerts, approvals waiting, component health).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiSystemHealth } from "../../storage/schema/marketingAi/AiSystemHealth.ts"
import * as ApiError from "../ApiError.ts"
import { Page, pageFields } from "../Listing.ts"

/**
 * A health check as the API answers it: the `ai_system_health` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HealthCheck = AiSystemHealth.Row

/**
 * The overall status: the worst status of the latest check of each
 * component (`unknown` when none reported).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OverallHealth = Schema.Literals(["healthy", "warning", "critical", "offline", "unknown"])

/**
 * The answer of `GET /api/ai/system-status`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SystemStatus = Schema.Struct({
  accountId: Schema.String,
  generatedAt: Schema.String,
  health: OverallHealth,
  components: Schema.Array(Schema.Struct({
    component: Schema.String,
    status: Schema.String,
    lastHeartbeat: Schema.NullOr(Schema.String),
    uptimePercentage: Schema.NullOr(Schema.Number)
  })),
  cycles: Schema.Struct({
    total: Schema.Number,
    running: Schema.Number,
    failed: Schema.Number,
    last: Schema.NullOr(Schema.Struct({
      id: Schema.String,
      name: Schema.String,
      status: Schema.String,
      startedAt: Schema.NullOr(Schema.String),
      endedAt: Schema.NullOr(Schema.String)
    }))
  }),
  decisions: Schema.Struct({
    total: Schema.Number,
    pending: Schema.Number,
    validated: Schema.Number,
    incorrect: Schema.Number
  }),
  alerts: Schema.Struct({ active: Schema.Number, critical: Schema.Number }),
  recommendations: Schema.Struct({ pending: Schema.Number }),
  automationRules: Schema.Struct({ active: Schema.Number, total: Schema.Number })
})

/**
 * @since 0.1.0
 * @category groups
 */
export class SystemGroup extends HttpApiGroup.make("system")
  .add(
    HttpApiEndpoint.get("health", "/api/ai/system-health", {
      query: {
        ...pageFields,
        component: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        status: Schema.optionalKey(Schema.Literals(["healthy", "warning", "critical", "offline"]))
      },
      success: Page(HealthCheck),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("status", "/api/ai/system-status", {
      success: SystemStatus,
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "System", description: "Component health and the account's overall AI status" }))
{}
