/**
 * Campaign forecasts (issue 10, `ai_campaign_forecasts`): ETS models with
 * weekly seasonality fitted by maximum likelihood, prediction intervals,
 * period totals and ROAS from sample paths, the forecast service, and the
 * simulated campaigns they are measured on.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Accuracy from "./Accuracy.ts"

/**
 * @since 0.1.0
 */
export * as Ets from "./Ets.ts"

/**
 * @since 0.1.0
 */
export * as ForecastError from "./ForecastError.ts"

/**
 * @since 0.1.0
 */
export * as ForecastService from "./ForecastService.ts"

/**
 * @since 0.1.0
 */
export * as Forecaster from "./Forecaster.ts"

/**
 * @since 0.1.0
 */
export * as Simulation from "./Simulation.ts"
