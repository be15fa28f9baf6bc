/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_system_health: health checks of the AI system's components (seed 003
 * §15): status, metrics, errors, last heartbeat and uptime (0–100 %).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiSystemHealth = Table.make({
  name: "ai_system_health",
  origin: "seed-003",
  description: "Health checks of AI components: status, metrics, errors, heartbeat and uptime",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    component_name: Column.text().check("length(component_name) > 0", Column.nonEmpty()),
    health_status: Column.oneOf(["healthy", "warning", "critical", "offline"]),
    performance_metrics: Column.jsonb().nullable(),
    error_logs: Column.jsonb().nullable(),
    last_heartbeat: Column.timestamptz().nullable().default("now()"),
    uptime_percentage: Column.numeric(5, 2).nullable().check("uptime_percentage BETWEEN 0 AND 100", Column.between(0, 100)),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
