/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_agent_types: the registry of agent types `ai_agents.type` must name.
 * Replaces seed 000's `CHECK (type IN (...))` on `ai_agents.type`; the
 * migration registers the seed's 20 types (`origin = 'builtin'`), plugins
 * register theirs by inserting rows.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiAgentTypes = Table.make({
  name: "ai_agent_types",
  origin: "ringmaster",
  description: "Registry of agent types (seed 000's 20 built in, plugins add more)",
  primaryKey: "name",
  columns: {
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    description: Column.text().nullable(),
    origin: Column.text().default("'builtin'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
