/**
 * Handlers of `/api/ai/automation-rules`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiAutomationRules } from "../../storage/schema/marketingAi/AiAutomationRules.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The automation rules handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "automationRules",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const setActive = (id: string, active: boolean) =>
      storageErrors(Effect.gen(function*() {
        yield* owned(storage, AiAutomationRules, id, "automation rule")
        return yield* storage.update(AiAutomationRules, id, { is_active: active })
      }))
    return handlers
      .handle("list", ({ query }) =>
        list(storage, AiAutomationRules, query, defined({
          rule_type: query.type,
          is_active: query.active === undefined ? undefined : query.active === "true",
          execution_frequency: query.frequency
        })))
      .handle("pause", ({ params }) => setActive(params.id, false))
      .handle("resume", ({ params }) => setActive(params.id, true))
  })
)
