/**
 * Typed errors of the forecast service. Each names the campaign and what was
 * wrong.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The campaign has too few days of daily metrics before the period to fit a
 * seasonal model.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientHistory extends Schema.TaggedError<InsufficientHistory>()("InsufficientHistory", {
  campaignId: Schema.String,
  days: Schema.Number,
  needed: Schema.Number
}, { httpApiStatus: 422 }) {
  override get message() {
    return `campaign ${this.campaignId} has ${this.days} days of daily metrics before the forecast period; a forecast needs at least ${this.needed}`
  }
}

/**
 * A forecast request field is out of range or malformed.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidForecastRequest extends Schema.TaggedError<InvalidForecastRequest>()("InvalidForecastRequest", {
  campaignId: Schema.String,
  field: Schema.String,
  value: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `forecast for campaign ${this.campaignId}: ${this.field} = ${this.value}: ${this.rule}`
  }
}

/**
 * Every error `ForecastService.forecast` can end with (storage errors aside).
 *
 * @since 0.1.0
 * @category errors
 */
export type ForecastError = InsufficientHistory | InvalidForecastRequest
