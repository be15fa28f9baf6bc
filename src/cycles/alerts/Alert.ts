/**
 * What an alert row holds beyond the seed's columns: its identity, its
 * occurrences and the recommended actions, stored together as one JSON
 * document in `ai_smart_alerts.recommended_actions` (the table has no other
 * JSON column).
 *
 * ```json
 * {
 *   "key": "budget_threshold:campaign:<uuid>:spend_month",
 *   "metric": "spend_month",
 *   "actions": [ { "requestId": "...", "action": "set_campaign_budget", "parameters": { ... }, ... } ],
 *   "occurrences": 3,
 *   "days": ["2026-03-02", "2026-03-03", "2026-03-04"],
 *   "firstSeenAt": "2026-03-03T06:00:00.000Z",
 *   "lastSeenAt": "2026-03-05T06:00:00.000Z",
 *   "evidence": { ...the latest finding's numbers... }
 * }
 * ```
 *
 * `actions` are encoded `SafetyEnvelope.ActionRequest`s: decode one with
 * `Schema.decodeUnknownEffect(ActionRequest)` and submit it to the envelope.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The alert types the service raises (seed 003 names `risk` too, raised by
 * the risk cycle, not here).
 *
 * @since 0.1.0
 * @category models
 */
export const AlertType = Schema.Literals(["performance_anomaly", "budget_threshold", "opportunity"])

/**
 * @since 0.1.0
 * @category models
 */
export type AlertType = typeof AlertType.Type

/**
 * An alert's lifecycle (seed 003 `status`). `active` and `acknowledged` are
 * open: a repeat of the finding updates them. `resolved` and `dismissed`
 * are closed.
 *
 * @since 0.1.0
 * @category models
 */
export const Status = Schema.Literals(["active", "acknowledged", "resolved", "dismissed"])

/**
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * The statuses each status may move to.
 *
 * @since 0.1.0
 * @category constants
 */
export const transitions: Readonly<Record<Status, ReadonlyArray<Status>>> = {
  active: ["acknowledged", "resolved", "dismissed"],
  acknowledged: ["resolved", "dismissed"],
  resolved: [],
  dismissed: []
}

/**
 * The JSON document in `recommended_actions`.
 *
 * @since 0.1.0
 * @category models
 */
export const Document = Schema.Struct({
  key: Schema.NonEmptyString,
  metric: Schema.NonEmptyString,
  actions: Schema.Array(Schema.Json),
  occurrences: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  days: Schema.Array(Schema.String),
  firstSeenAt: Schema.String,
  lastSeenAt: Schema.String,
  evidence: Schema.Json
})

/**
 * @since 0.1.0
 * @category models
 */
export type Document = typeof Document.Type

/**
 * The identity of an alert: one open alert per account, campaign, alert
 * type and metric.
 *
 * @since 0.1.0
 * @category constructors
 */
export const key = (type: AlertType, campaignId: string, metric: string): string =>
  `${type}:campaign:${campaignId}:${metric}`
