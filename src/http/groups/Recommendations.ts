/**
 * `/api/ai/recommendations`: marketing recommendations
 * (`marketing_ai.ai_recommendations`). GET lists them; POST records one a
 * person proposes; `approve` and `reject` resolve a pending recommendation a
 * cycle made (`DecisionCycles.approve` / `reject`: the envelope decides
 * again as the approving user, and the change is applied and recorded).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiRecommendations } from "../../storage/schema/marketingAi/AiRecommendations.ts"
import * as ApiError from "../ApiError.ts"
import { RequiredScope } from "../Authentication.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * A recommendation as the API answers it: the `ai_recommendations` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Recommendation = AiRecommendations.Row

/**
 * The body of `POST /api/ai/recommendations`: a recommendation a person
 * proposes. It is recorded `pending`; only recommendations a cycle made
 * carry an envelope decision and can be approved through the API.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProposeRecommendation = Schema.Struct({
  recommendationType: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  targetEntityType: Schema.Literals(["campaign", "ad_group", "keyword", "audience"]),
  targetEntityId: Schema.optionalKey(Id),
  currentState: Schema.optionalKey(Schema.Json),
  recommendedChanges: Schema.Json,
  expectedImpact: Schema.optionalKey(Schema.Json),
  /** 0–10, as the seed's `confidence_level` */
  confidence: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 10 }))),
  priority: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10 }))),
  complexity: Schema.optionalKey(Schema.Literals(["low", "medium", "high"]))
})

/**
 * The answer of approve and reject: the recommendation after the decision,
 * and the envelope's record (`outcome`: `Passed`, `Clamped`, `Blocked`,
 * `Rejected`, ...; `status` of the execution when one ran).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Resolution = Schema.Struct({
  recommendation: Recommendation,
  outcome: Schema.String,
  execution: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(Schema.String)
})

/**
 * @since 0.1.0
 * @category groups
 */
export class RecommendationsGroup extends HttpApiGroup.make("recommendations")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/recommendations", {
      query: {
        ...pageFields,
        status: Schema.optionalKey(Schema.Literals(["pending", "approved", "implemented", "rejected"])),
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        targetEntityType: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1)))
      },
      success: Page(Recommendation),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("propose", "/api/ai/recommendations", {
      payload: ProposeRecommendation,
      success: Recommendation,
      error: ApiError.common
    }),
    HttpApiEndpoint.post("approve", "/api/ai/recommendations/:id/approve", {
      params: { id: Id },
      payload: Schema.Struct({ note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))) }),
      success: Resolution,
      error: ApiError.common
    }).annotate(RequiredScope, "approve"),
    HttpApiEndpoint.post("reject", "/api/ai/recommendations/:id/reject", {
      params: { id: Id },
      payload: Schema.Struct({ reason: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000)) }),
      success: Resolution,
      error: ApiError.common
    }).annotate(RequiredScope, "approve")
  )
  .annotateMerge(OpenApi.annotations({ title: "Recommendations", description: "Recommendations and the approval of pending ones" }))
{}
