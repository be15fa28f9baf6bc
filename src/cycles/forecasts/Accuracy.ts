/**
 * Forecast error measures and the accuracy score written to
 * `ai_campaign_forecasts.accuracy_score`.
 *
 * @since 0.1.0
 */

/**
 * Symmetric mean absolute percentage error in percent (0–200):
 * `mean(200 · |a − f| / (|a| + |f|))`, a day where both are 0 counting as 0
 * (Hyndman & Koehler 2006's sMAPE; FPP3 §5.8).
 *
 * @since 0.1.0
 * @category measures
 */
export const smape = (actual: ReadonlyArray<number>, forecast: ReadonlyArray<number>): number => {
  let total = 0
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(forecast[i]!)
    total += d === 0 ? 0 : (200 * Math.abs(actual[i]! - forecast[i]!)) / d
  }
  return total / actual.length
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006; FPP3 §5.8): the mean
 * absolute forecast error divided by the in-sample mean absolute error of
 * the seasonal naive forecast (lag `m`) over the history. Below 1 is better
 * than seasonal naive was in-sample. `NaN` when the history is exactly
 * periodic (a zero scale).
 *
 * @since 0.1.0
 * @category measures
 */
export const mase = (
  actual: ReadonlyArray<number>,
  forecast: ReadonlyArray<number>,
  history: ReadonlyArray<number>,
  m = 7
): number => {
  let scale = 0
  for (let t = m; t < history.length; t++) scale += Math.abs(history[t]! - history[t - m]!)
  scale /= history.length - m
  let error = 0
  for (let i = 0; i < actual.length; i++) error += Math.abs(actual[i]! - forecast[i]!)
  return scale === 0 ? Number.NaN : error / actual.length / scale
}

/**
 * The seasonal naive forecast: each future day repeats the same weekday of
 * the last observed season (FPP3 §5.2).
 *
 * @since 0.1.0
 * @category measures
 */
export const seasonalNaive = (history: ReadonlyArray<number>, horizon: number, m = 7): Array<number> =>
  Array.from({ length: horizon }, (_, h) => history[history.length - m + (h % m)]!)

/**
 * The accuracy score of one metric, 0–100: `100 · (1 − |a − p| / (|a| + |p|))`,
 * i.e. 100 minus half the symmetric absolute percentage error. 100 is exact
 * (and both zero), 50 is off by a factor of three, 0 is predicting something
 * where nothing happened (or the reverse). Symmetric, bounded and defined at
 * zero, unlike a plain percentage error.
 *
 * @since 0.1.0
 * @category measures
 */
export const metricScore = (predicted: number, actual: number): number => {
  const d = Math.abs(actual) + Math.abs(predicted)
  return d === 0 ? 100 : 100 * (1 - Math.abs(actual - predicted) / d)
}

/**
 * The forecast's accuracy score: the mean {@link metricScore} over the metrics
 * both predicted and observed, rounded to two decimals (the column is
 * `numeric(5,2)`). `undefined` when no metric can be compared.
 *
 * @since 0.1.0
 * @category measures
 */
export const score = (
  predicted: Readonly<Record<string, number | undefined>>,
  actual: Readonly<Record<string, number | undefined>>
): number | undefined => {
  const scores: Array<number> = []
  for (const [key, p] of Object.entries(predicted)) {
    const a = actual[key]
    if (p !== undefined && a !== undefined && Number.isFinite(p) && Number.isFinite(a)) scores.push(metricScore(p, a))
  }
  if (scores.length === 0) return undefined
  return Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 100) / 100
}
