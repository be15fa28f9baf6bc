/**
 * `/api/ai/cycles`: decision cycles (`master_ai_cycles`). GET lists the
 * account's cycles; POST starts one and runs it (`DecisionCycles.start` then
 * `run`), idempotently by the `Idempotency-Key` header or the body's
 * `idempotencyKey`. The cycle is recorded by the key's actor (its
 * `trigger_event` names the key or user) and runs as the account's cycle
 * service, as scheduled cycles do: its decisions are the cycle's, not the
 * person's.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { MasterAiCycles } from "../../storage/schema/marketingAi/MasterAiCycles.ts"
import * as ApiError from "../ApiError.ts"
import { Page, pageFields } from "../Listing.ts"

/**
 * A cycle as the API answers it: the `master_ai_cycles` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cycle = MasterAiCycles.Row

/**
 * The body of `POST /api/ai/cycles`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StartCycle = Schema.Struct({
  name: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  type: Schema.optionalKey(Schema.Literals(["optimization", "analysis", "decision", "automation"])),
  priority: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10 }))),
  idempotencyKey: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  /** run the cycle now (default true); false only records it `pending` */
  run: Schema.optionalKey(Schema.Boolean)
})

/**
 * What a run did, by decision type and envelope outcome.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CycleRun = Schema.Struct({
  campaigns: Schema.Number,
  decisions: Schema.Array(Schema.Struct({ decisionType: Schema.String, outcome: Schema.String, count: Schema.Number })),
  applied: Schema.Number,
  pending: Schema.Number,
  blocked: Schema.Number,
  failed: Schema.Number,
  durationMillis: Schema.Number
})

/**
 * The answer of `POST /api/ai/cycles`: the cycle as stored after the run,
 * whether this request created it (`false` when the idempotency key found an
 * earlier one, which is then not run again), the run's report, and the step
 * and reason when the run failed (the cycle is then `failed`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const StartedCycle = Schema.Struct({
  cycle: Cycle,
  created: Schema.Boolean,
  report: Schema.NullOr(CycleRun),
  failure: Schema.NullOr(Schema.Struct({ step: Schema.String, reason: Schema.String }))
})

/**
 * @since 0.1.0
 * @category groups
 */
export class CyclesGroup extends HttpApiGroup.make("cycles")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/cycles", {
      query: {
        ...pageFields,
        status: Schema.optionalKey(Schema.Literals(["pending", "running", "completed", "failed"])),
        type: Schema.optionalKey(Schema.Literals(["optimization", "analysis", "decision", "automation"]))
      },
      success: Page(Cycle),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("start", "/api/ai/cycles", {
      headers: { "idempotency-key": Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))) },
      payload: StartCycle,
      success: StartedCycle,
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Cycles", description: "Decision cycles: observe, decide, act, learn" }))
{}
