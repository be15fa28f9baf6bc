/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_risk_management: risks the AI assessed (seed 003 §13): type, level, the
 * affected entity, indicators, likelihood (0–10), impact and mitigation.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiRiskManagement = Table.make({
  name: "ai_risk_management",
  origin: "seed-003",
  description: "AI risk assessments: overspend, performance decline, policy violations, and their mitigation",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    risk_type: Column.text().check("length(risk_type) > 0", Column.nonEmpty()),
    risk_level: Column.oneOf(["low", "medium", "high", "critical"]),
    affected_entity_type: Column.text().nullable().check("length(affected_entity_type) > 0", Column.nonEmpty()),
    affected_entity_id: Column.uuid().nullable(),
    risk_indicators: Column.jsonb(),
    probability_score: Column.numeric(3, 1).nullable().check("probability_score BETWEEN 0 AND 10", Column.between(0, 10)),
    impact_assessment: Column.jsonb().nullable(),
    mitigation_actions: Column.jsonb().nullable(),
    status: Column.oneOf(["active", "mitigated", "resolved"]).nullable().default("'active'"),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
