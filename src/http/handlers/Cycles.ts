/**
 * Handlers of `/api/ai/cycles`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { asAccountService, DecisionCycles } from "../../cycles/DecisionCycles.ts"
import { MasterAiCycles } from "../../storage/schema/marketingAi/MasterAiCycles.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, storageErrors } from "../internal/respond.ts"

/**
 * The cycles handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "cycles",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const cycles = yield* DecisionCycles
    return handlers
      .handle("list", ({ query }) => list(storage, MasterAiCycles, query, defined({ status: query.status, cycle_type: query.type })))
      .handle("start", ({ headers, payload }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const header = headers["idempotency-key"]
          if (header !== undefined && payload.idempotencyKey !== undefined && header !== payload.idempotencyKey) {
            return yield* new ApiError.InvalidInput({
              parameter: "header.idempotency-key",
              rule: "differs from body.idempotencyKey (send one, or the same in both)"
            })
          }
          const started = yield* cycles.start({
            accountId: principal.accountId,
            name: payload.name,
            type: payload.type ?? "optimization",
            priority: payload.priority,
            trigger: principal.userId === null ? `api:key:${principal.keyId}` : `api:user:${principal.userId}`,
            idempotencyKey: header ?? payload.idempotencyKey
          })
          let report: typeof import("../groups/Cycles.ts").CycleRun.Type | null = null
          let failure: { readonly step: string; readonly reason: string } | null = null
          if (started.created && payload.run !== false) {
            // the cycle decides as the account's cycle service (what scheduled cycles run as), so its
            // decisions are not recorded as the person's; `trigger` names who asked for it
            const ran = yield* cycles.run(started.cycleId).pipe(
              asAccountService(principal.accountId),
              Effect.map((r) => ({ report: r, failure: null })),
              Effect.catchTag("CycleFailed", (e) => Effect.succeed({ report: null, failure: { step: e.step, reason: e.reason } })),
              Effect.catchTag("CycleNotRunnable", (e) =>
                Effect.fail(new ApiError.Conflict({ rule: "cycle not runnable", reason: e.message })))
            )
            report = ran.report === null ? null : {
              campaigns: ran.report.campaigns,
              decisions: ran.report.decisions,
              applied: ran.report.applied,
              pending: ran.report.pending,
              blocked: ran.report.blocked,
              failed: ran.report.failed,
              durationMillis: ran.report.durationMillis
            }
            failure = ran.failure
          }
          const cycle = yield* storage.get(MasterAiCycles, started.cycleId)
          return { cycle, created: started.created, report, failure }
        })))
  })
)
