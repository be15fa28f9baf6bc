/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_smart_alerts: alerts the AI raises (seed 003 §4): type, severity, the
 * affected entity, recommended actions, and the alert's lifecycle.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiSmartAlerts = Table.make({
  name: "ai_smart_alerts",
  origin: "seed-003",
  description: "Intelligent alerts: anomalies, budget thresholds, opportunities and risks on an entity",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    alert_type: Column.text().check("length(alert_type) > 0", Column.nonEmpty()),
    severity: Column.oneOf(["low", "medium", "high", "critical"]).default("'medium'"),
    title: Column.text(),
    description: Column.text().nullable(),
    affected_entity_type: Column.text().nullable().check("length(affected_entity_type) > 0", Column.nonEmpty()),
    affected_entity_id: Column.uuid().nullable(),
    recommended_actions: Column.jsonb().nullable(),
    auto_action_taken: Column.boolean().nullable().default("false"),
    status: Column.oneOf(["active", "acknowledged", "resolved", "dismissed"]).nullable().default("'active'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    resolved_at: Column.timestamptz().nullable()
  }
})
