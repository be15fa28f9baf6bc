/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_model_versions (schema `events_ai`): model builds per agent and which
 * one is deployed (seed 000 §3). Seed 003 has its own table of this name, in
 * `marketing_ai`.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiModelVersions = Table.make({
  name: "ai_model_versions",
  schema: "events_ai",
  origin: "seed-000",
  description: "Model versions per agent: path, training size, metrics, deployment",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    agent_id: Column.uuid(),
    version_number: Column.text(),
    model_path: Column.text(),
    training_data_size: Column.integer(),
    performance_metrics: Column.jsonObject().default("'{}'"),
    hyperparameters: Column.jsonObject().nullable().default("'{}'"),
    is_active: Column.boolean().nullable().default("false"),
    deployed_at: Column.timestamptz().nullable(),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
