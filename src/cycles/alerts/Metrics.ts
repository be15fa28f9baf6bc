/**
 * A campaign's day as the alert engines see it (a `campaign_daily_metrics`
 * row, decimals as numbers), and the metrics they watch: the platform's
 * counts and amounts, and the ratios derived from them.
 *
 * @since 0.1.0
 */

/**
 * One campaign-day.
 *
 * @since 0.1.0
 * @category models
 */
export interface Day {
  /** ISO date, `YYYY-MM-DD` */
  readonly date: string
  readonly impressions: number
  readonly clicks: number
  readonly conversions: number
  readonly spend: number
  readonly revenue: number
  /** percent of eligible search impressions won (0–100), when the platform reports it */
  readonly searchImpressionShare?: number | null | undefined
}

/**
 * The metrics the anomaly detector watches.
 *
 * @since 0.1.0
 * @category models
 */
export const metrics = ["spend", "impressions", "clicks", "conversions", "revenue", "ctr", "cpc", "cpa", "roas"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type Metric = typeof metrics[number]

/**
 * How a metric's noise behaves, which sets the detector's floor on its
 * scale: `count` (Poisson-like: the scale is at least √expected), `amount`
 * (money: at least one currency unit), `ratio` (no absolute floor).
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "count" | "amount" | "ratio"

/**
 * The kind of each metric.
 *
 * @since 0.1.0
 * @category getters
 */
export const kindOf = (metric: Metric): Kind => {
  switch (metric) {
    case "impressions":
    case "clicks":
    case "conversions":
      return "count"
    case "spend":
    case "revenue":
      return "amount"
    default:
      return "ratio"
  }
}

/**
 * The smallest denominators a ratio needs on a day to be read at all: a CPA
 * over two conversions is noise, not a signal.
 *
 * @since 0.1.0
 * @category models
 */
export interface RatioMinimums {
  /** impressions for CTR (default 100) */
  readonly impressions: number
  /** clicks for CPC (default 10) */
  readonly clicks: number
  /** conversions for CPA and ROAS (default 5) */
  readonly conversions: number
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultRatioMinimums: RatioMinimums = { impressions: 100, clicks: 10, conversions: 5 }

/**
 * A metric's value on a day; `undefined` for a ratio whose denominator is
 * below its minimum (the day says nothing about that ratio).
 *
 * @since 0.1.0
 * @category getters
 */
export const valueOf = (day: Day, metric: Metric, minimums: RatioMinimums = defaultRatioMinimums): number | undefined => {
  switch (metric) {
    case "spend":
    case "impressions":
    case "clicks":
    case "conversions":
    case "revenue":
      return day[metric]
    case "ctr":
      return day.impressions >= minimums.impressions && day.impressions > 0 ? day.clicks / day.impressions : undefined
    case "cpc":
      return day.clicks >= minimums.clicks && day.clicks > 0 ? day.spend / day.clicks : undefined
    case "cpa":
      return day.conversions >= minimums.conversions && day.conversions > 0 ? day.spend / day.conversions : undefined
    case "roas":
      return day.conversions >= minimums.conversions && day.spend > 0 ? day.revenue / day.spend : undefined
  }
}
