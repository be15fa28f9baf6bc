/**
 * `/api/ai/forecasts`: campaign forecasts (`ai_campaign_forecasts`), scored
 * against actuals when their period ends.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiCampaignForecasts } from "../../storage/schema/marketingAi/AiCampaignForecasts.ts"
import * as ApiError from "../ApiError.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * A forecast as the API answers it: the `ai_campaign_forecasts` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Forecast = AiCampaignForecasts.Row

/**
 * @since 0.1.0
 * @category groups
 */
export class ForecastsGroup extends HttpApiGroup.make("forecasts")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/forecasts", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        campaignId: Schema.optionalKey(Id),
        scored: Schema.optionalKey(Schema.Literals(["true", "false"]))
      },
      success: Page(Forecast),
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Forecasts", description: "Campaign forecasts and their accuracy once their period ended" }))
{}
