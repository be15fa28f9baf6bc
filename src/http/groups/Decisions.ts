/**
 * `/api/ai/decisions`: the decision log (`ai_decision_logs`). GET lists the
 * account's decisions; POST records a decision a person took (outside a
 * cycle): its type, rationale, confidence and predicted impact, `pending`
 * until validated.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import * as ApiError from "../ApiError.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * A decision as the API answers it: the `ai_decision_logs` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Decision = AiDecisionLogs.Row


/**
 * The body of `POST /api/ai/decisions`: a decision a person took.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordDecision = Schema.Struct({
  decisionType: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  rationale: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(10_000)),
  /** 0–100, as the seed's `confidence_score` */
  confidence: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 100 })),
  actionTaken: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  context: Schema.optionalKey(Schema.Record(Schema.String, Schema.Json)),
  impactPrediction: Schema.optionalKey(Schema.Json),
  /** a cycle of the same account this decision belongs to */
  cycleId: Schema.optionalKey(Id)
})

/**
 * @since 0.1.0
 * @category groups
 */
export class DecisionsGroup extends HttpApiGroup.make("decisions")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/decisions", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        status: Schema.optionalKey(Schema.Literals(["pending", "validated", "incorrect"])),
        cycleId: Schema.optionalKey(Id)
      },
      success: Page(Decision),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("record", "/api/ai/decisions", {
      payload: RecordDecision,
      success: Decision,
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Decisions", description: "The decision log, with rationale, confidence and predicted and actual impact" }))
{}
