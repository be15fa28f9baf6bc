/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * marketing_ai.ai_model_versions: AI model versions and their performance
 * (seed 003 §7), unique per (model_name, version). Lives in the
 * `marketing_ai` schema because seed 000 defines a different
 * `ai_model_versions` (in `events_ai`).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiModelVersions = Table.make({
  name: "ai_model_versions",
  schema: "marketing_ai",
  origin: "seed-003",
  description: "Marketing AI model versions, their training period, metrics and deployment status",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    model_name: Column.text().check("UNIQUE (model_name, version)"),
    version: Column.text(),
    model_type: Column.text().check("length(model_type) > 0", Column.nonEmpty()),
    training_data_period: Column.jsonb().nullable(),
    performance_metrics: Column.jsonb().nullable(),
    deployment_status: Column.oneOf(["development", "testing", "production", "deprecated"]).nullable().default("'testing'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    deployed_at: Column.timestamptz().nullable()
  }
})
