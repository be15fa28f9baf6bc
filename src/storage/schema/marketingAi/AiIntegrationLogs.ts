/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_integration_logs (named in seed 003, designed here): one row per
 * external API interaction (ad platform, LLM, webhook): which integration,
 * direction, endpoint and method, request and response payloads, status code,
 * latency, success, error and a correlation id. Append-only.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiIntegrationLogs = Table.make({
  name: "ai_integration_logs",
  origin: "seed-003-named",
  description: "Every external API interaction: endpoint, payloads, status, latency, success and correlation id",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    cycle_id: Column.uuid().nullable(),
    integration_name: Column.text().check("length(integration_name) > 0", Column.nonEmpty()),
    platform: Column.text().nullable().check("length(platform) > 0", Column.nonEmpty()),
    direction: Column.oneOf(["outbound", "inbound"]).default("'outbound'"),
    endpoint: Column.text().check("length(endpoint) > 0", Column.nonEmpty()),
    method: Column.oneOf(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]).nullable(),
    request_payload: Column.jsonb().nullable(),
    response_payload: Column.jsonb().nullable(),
    status_code: Column.integer().nullable().check("status_code BETWEEN 100 AND 599", Column.between(100, 599)),
    latency_ms: Column.integer().nullable().check("latency_ms >= 0", Column.atLeast(0)),
    success: Column.boolean(),
    error_message: Column.text().nullable(),
    correlation_id: Column.text().nullable(),
    retry_attempt: Column.integer().default("0").check("retry_attempt >= 0", Column.atLeast(0)),
    created_at: Column.timestamptz().default("now()")
  }
})
