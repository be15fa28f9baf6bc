/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_workflows: multi-step AI workflow definitions (seed 000 §2).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiWorkflows = Table.make({
  name: "ai_workflows",
  origin: "seed-000",
  description: "Multi-step AI workflow definitions: type, steps, triggers",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    name: Column.text(),
    description: Column.text().nullable(),
    workflow_type: Column.oneOf([
      "content_generation",
      "attendee_personalization",
      "sponsor_management",
      "real_time_operations",
      "analytics_insights",
      "predictive_maintenance"
    ]),
    status: Column.oneOf(["draft", "active", "paused", "archived"]).nullable().default("'draft'"),
    configuration: Column.jsonObject().default("'{}'"),
    steps: Column.jsonArray().default("'[]'"),
    triggers: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    updated_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
