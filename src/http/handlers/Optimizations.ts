/**
 * Handlers of `/api/ai/optimizations`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { DecisionCycles } from "../../cycles/DecisionCycles.ts"
import { AiOptimizationHistory } from "../../storage/schema/marketingAi/AiOptimizationHistory.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The optimizations handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "optimizations",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const cycles = yield* DecisionCycles
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiOptimizationHistory, query, defined({
          optimization_type: query.type,
          target_entity_type: query.targetEntityType,
          target_entity_id: query.targetEntityId,
          rolled_back_by: query.rolledBack === undefined ? undefined : { isNull: query.rolledBack === "false" }
        })))
      .handle("rollback", ({ params }) =>
        storageErrors(Effect.gen(function*() {
          yield* owned(storage, AiOptimizationHistory, params.id, "optimization")
          const result = yield* cycles.rollback(params.id).pipe(
            Effect.catchTag("RollbackRefused", (e) =>
              Effect.fail(new ApiError.Conflict({ rule: "rollback refused", reason: e.reason, dependents: e.dependents }))),
            Effect.catchTag("RollbackFailed", (e) => Effect.fail(new ApiError.UpstreamFailed({ reason: e.reason })))
          )
          const change = yield* storage.get(AiOptimizationHistory, result.historyId)
          const rollback = yield* storage.get(AiOptimizationHistory, result.rollbackHistoryId)
          return { change, rollback }
        })))
  })
)
