/**
 * Alert severities (seed 003 `ai_smart_alerts.severity`) and how the size of
 * a deviation maps to one.
 *
 * @since 0.1.0
 */

/**
 * The severities the `ai_smart_alerts` table allows, mildest first.
 *
 * @since 0.1.0
 * @category models
 */
export const severities = ["low", "medium", "high", "critical"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type Severity = typeof severities[number]

/**
 * Where each severity starts on a scale of deviation size: a size below
 * `medium` is `low`, from `medium` it is `medium`, and so on. Must increase.
 *
 * @since 0.1.0
 * @category models
 */
export interface Cuts {
  readonly medium: number
  readonly high: number
  readonly critical: number
}

/**
 * Anomalies: cuts on |robust z|. The detector raises from |z| ≥ 5 (its
 * threshold); a deviation of 7 scale units is unusual even for heavy-tailed
 * noise, 10 is a different regime, 20 a broken campaign or broken tracking.
 *
 * @since 0.1.0
 * @category constants
 */
export const anomalyCuts: Cuts = { medium: 7, high: 10, critical: 20 }

/**
 * Over-pacing: cuts on projected spend / budget. Pacing alerts start at 1.05
 * (5% over); 15% over is a real overrun, 30% one that needs a person today,
 * 50% a runaway.
 *
 * @since 0.1.0
 * @category constants
 */
export const overPacingCuts: Cuts = { medium: 1.15, high: 1.3, critical: 1.5 }

/**
 * Opportunities: cuts on ROAS / target ROAS. An opportunity is never
 * critical (nothing is lost by waiting a day), so `critical` is unreachable.
 *
 * @since 0.1.0
 * @category constants
 */
export const opportunityCuts: Cuts = { medium: 1.5, high: 2.5, critical: Number.POSITIVE_INFINITY }

/**
 * The severity of a deviation of `size` under `cuts`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromSize = (size: number, cuts: Cuts): Severity =>
  size >= cuts.critical ? "critical" : size >= cuts.high ? "high" : size >= cuts.medium ? "medium" : "low"
