/**
 * `/api/ai/learning-feedback`: the learning loop's feedback
 * (`ai_learning_feedback`). GET lists it; POST is a person's verdict on a
 * decision of the account: right or wrong, with a note and a weight. It is
 * stored as `{ decisionType, correct, note }`, the form cycles read, so it
 * moves the calibrated confidence of that decision type at the next cycle.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiLearningFeedback } from "../../storage/schema/marketingAi/AiLearningFeedback.ts"
import * as ApiError from "../ApiError.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * Feedback as the API answers it: the `ai_learning_feedback` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Feedback = AiLearningFeedback.Row

/**
 * The body of `POST /api/ai/learning-feedback`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubmitFeedback = Schema.Struct({
  decisionId: Id,
  /** whether the decision was right */
  correct: Schema.Boolean,
  feedbackType: Schema.optionalKey(Schema.Literals(["user_correction", "outcome_validation", "performance_impact"])),
  note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  /** how much this verdict counts, 0–9.99 (default 1) */
  weight: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 9.99 })))
})

/**
 * @since 0.1.0
 * @category groups
 */
export class LearningFeedbackGroup extends HttpApiGroup.make("learningFeedback")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/learning-feedback", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        status: Schema.optionalKey(Schema.Literals(["pending", "integrated", "rejected"])),
        decisionId: Schema.optionalKey(Id)
      },
      success: Page(Feedback),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("submit", "/api/ai/learning-feedback", {
      payload: SubmitFeedback,
      success: Feedback,
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Learning feedback", description: "Verdicts on decisions that calibrate future confidence" }))
{}
