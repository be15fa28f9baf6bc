/**
 * Handlers of `/api/ai/performance`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiPerformanceScores } from "../../storage/schema/marketingAi/AiPerformanceScores.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import { defined, list } from "../internal/respond.ts"

/**
 * The performance handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "performance",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    return handlers.handle("list", ({ query }) =>
      list(storage, AiPerformanceScores, query, defined({ metric_type: query.metricType, measurement_period: query.period, trend_direction: query.trend })))
  })
)
