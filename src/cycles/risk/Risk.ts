/**
 * What an `ai_risk_management` row holds beyond the seed's scalar columns:
 * the risk types, the lifecycle, the identity of a risk and the JSON
 * documents in `risk_indicators` and `impact_assessment`.
 *
 * `risk_indicators`:
 *
 * ```json
 * {
 *   "key": "budget_overspend:campaign:<uuid>:month",
 *   "metric": "month",
 *   "occurrences": 3,
 *   "firstSeenAt": "2026-03-03T06:00:00.000Z",
 *   "lastSeenAt": "2026-03-05T06:00:00.000Z",
 *   "resolvedAt": null,
 *   "evidence": { ...the latest assessment's numbers... }
 * }
 * ```
 *
 * `impact_assessment`: `{ "moneyAtRisk": 812.40, "exposure": 3100, "expectedLoss": 406.2, "basis": "..." }`;
 * `mitigation_actions`: an array of encoded `SafetyEnvelope.ActionRequest`s
 * (decode with `Schema.decodeUnknownEffect(ActionRequest)` and submit).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The risk types (seed 003 names these three).
 *
 * @since 0.1.0
 * @category models
 */
export const RiskType = Schema.Literals(["budget_overspend", "performance_decline", "policy_violation"])

/**
 * @since 0.1.0
 * @category models
 */
export type RiskType = typeof RiskType.Type

/**
 * A risk's level (seed 003 `risk_level`).
 *
 * @since 0.1.0
 * @category models
 */
export type Level = "low" | "medium" | "high" | "critical"

/**
 * A risk's lifecycle (seed 003 `status`): `active` and `mitigated` are open
 * (a repeat of the finding updates them), `resolved` is closed.
 *
 * @since 0.1.0
 * @category models
 */
export const Status = Schema.Literals(["active", "mitigated", "resolved"])

/**
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * The statuses each status may move to: a mitigated risk may come back
 * (`active`) when the mitigation did not hold; a resolved one is closed.
 *
 * @since 0.1.0
 * @category constants
 */
export const transitions: Readonly<Record<Status, ReadonlyArray<Status>>> = {
  active: ["mitigated", "resolved"],
  mitigated: ["active", "resolved"],
  resolved: []
}

/**
 * The JSON document in `risk_indicators`.
 *
 * @since 0.1.0
 * @category models
 */
export const Indicators = Schema.Struct({
  key: Schema.NonEmptyString,
  metric: Schema.NonEmptyString,
  occurrences: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  firstSeenAt: Schema.String,
  lastSeenAt: Schema.String,
  resolvedAt: Schema.NullOr(Schema.String),
  evidence: Schema.Json
})

/**
 * @since 0.1.0
 * @category models
 */
export type Indicators = typeof Indicators.Type

/**
 * The JSON document in `impact_assessment`: the money lost if the risk
 * materialises, the money the entity handles over the same horizon, and
 * their product with the probability.
 *
 * @since 0.1.0
 * @category models
 */
export const Impact = Schema.Struct({
  moneyAtRisk: Schema.Finite,
  exposure: Schema.Finite,
  expectedLoss: Schema.Finite,
  basis: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type Impact = typeof Impact.Type

/**
 * The identity of a risk: one open risk per type, campaign and metric.
 *
 * @since 0.1.0
 * @category constructors
 */
export const key = (type: RiskType, campaignId: string, metric: string): string => `${type}:campaign:${campaignId}:${metric}`

/**
 * A risk's level from its expected loss as a share of its exposure:
 * `critical` from 25%, `high` from 10%, `medium` from 3%, else `low`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const levelOf = (expectedLoss: number, exposure: number): Level => {
  const share = exposure > 0 ? expectedLoss / exposure : expectedLoss > 0 ? 1 : 0
  return share >= 0.25 ? "critical" : share >= 0.1 ? "high" : share >= 0.03 ? "medium" : "low"
}
