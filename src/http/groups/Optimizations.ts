/**
 * `/api/ai/optimizations`: the changes cycles and approvals made
 * (`ai_optimization_history`), and their rollback
 * (`DecisionCycles.rollback`: the before state is restored on the platform
 * and the rollback recorded as its own entry).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiOptimizationHistory } from "../../storage/schema/marketingAi/AiOptimizationHistory.ts"
import * as ApiError from "../ApiError.ts"
import { RequiredScope } from "../Authentication.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * A change as the API answers it: the `ai_optimization_history` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Optimization = AiOptimizationHistory.Row

/**
 * The answer of a rollback: the change, now marked rolled back, and the new
 * entry that records the rollback.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RolledBack = Schema.Struct({
  change: Optimization,
  rollback: Optimization
})

/**
 * @since 0.1.0
 * @category groups
 */
export class OptimizationsGroup extends HttpApiGroup.make("optimizations")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/optimizations", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        targetEntityType: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        targetEntityId: Schema.optionalKey(Id),
        rolledBack: Schema.optionalKey(Schema.Literals(["true", "false"]))
      },
      success: Page(Optimization),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("rollback", "/api/ai/optimizations/:id/rollback", {
      params: { id: Id },
      success: RolledBack,
      error: [...ApiError.common, ApiError.UpstreamFailed]
    }).annotate(RequiredScope, "approve")
  )
  .annotateMerge(OpenApi.annotations({ title: "Optimizations", description: "Changes made to the ad platform, and their rollback" }))
{}
