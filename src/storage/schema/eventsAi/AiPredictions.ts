/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_predictions: predicted values (attendance, revenue, ...) for an event,
 * `prediction_horizon` days ahead, with confidence interval (seed 000 §5).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiPredictions = Table.make({
  name: "ai_predictions",
  origin: "seed-000",
  description: "Predictions for an event: value, confidence interval, horizon in days",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    event_id: Column.uuid().nullable(),
    prediction_type: Column.oneOf(["attendance", "engagement", "revenue", "churn", "satisfaction"]),
    predicted_value: Column.numeric(10, 4),
    confidence_interval: Column.jsonb(),
    prediction_horizon: Column.integer().check("prediction_horizon > 0 (check_prediction_horizon); days ahead", Column.greaterThan(0)),
    model_version: Column.text(),
    input_features: Column.jsonb(),
    created_at: Column.timestamptz().nullable().default("now()"),
    expires_at: Column.timestamptz()
  }
})
