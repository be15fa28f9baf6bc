/**
 * Handlers of `/api/ai/forecasts`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiCampaignForecasts } from "../../storage/schema/marketingAi/AiCampaignForecasts.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import { defined, list } from "../internal/respond.ts"

/**
 * The forecasts handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "forecasts",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    return handlers.handle("list", ({ query }) =>
      list(storage, AiCampaignForecasts, query, defined({
        forecast_type: query.type,
        campaign_id: query.campaignId,
        accuracy_score: query.scored === undefined ? undefined : { isNull: query.scored === "false" }
      })))
  })
)
