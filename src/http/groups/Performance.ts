/**
 * `/api/ai/performance`: performance scores of the AI system
 * (`ai_performance_scores`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiPerformanceScores } from "../../storage/schema/marketingAi/AiPerformanceScores.ts"
import * as ApiError from "../ApiError.ts"
import { Page, pageFields } from "../Listing.ts"

/**
 * A performance score as the API answers it: the `ai_performance_scores` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PerformanceScore = AiPerformanceScores.Row

/**
 * @since 0.1.0
 * @category groups
 */
export class PerformanceGroup extends HttpApiGroup.make("performance")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/performance", {
      query: {
        ...pageFields,
        metricType: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        period: Schema.optionalKey(Schema.Literals(["hourly", "daily", "weekly"])),
        trend: Schema.optionalKey(Schema.Literals(["improving", "declining", "stable"]))
      },
      success: Page(PerformanceScore),
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Performance", description: "Accuracy, efficiency and ROI scores of the AI system" }))
{}
