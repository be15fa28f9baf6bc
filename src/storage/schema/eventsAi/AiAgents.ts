/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_agents: one row per AI agent (seed 000 §1). `type` references
 * `ai_agent_types` instead of the seed's CHECK list; `account_id` (NULL =
 * platform agent) is Ringmaster's addition, the owner the RLS policy needs.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiAgents = Table.make({
  name: "ai_agents",
  origin: "seed-000",
  description: "AI agents: type, status, version, configuration, performance",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    name: Column.text(),
    type: Column.text().check("length(type) > 0; references ai_agent_types(name)", Column.nonEmpty()),
    status: Column.oneOf(["active", "inactive", "training", "maintenance"]).nullable().default("'active'"),
    version: Column.text(),
    configuration: Column.jsonObject().default("'{}'"),
    performance_metrics: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    updated_at: Column.timestamptz().nullable().default("now()"),
    account_id: Column.uuid().nullable()
  }
})
