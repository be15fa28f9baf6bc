/**
 * The forecast service: forecasts a campaign's spend, conversions, revenue,
 * ROAS and reach over a coming period from its `campaign_daily_metrics`, and
 * writes an `ai_campaign_forecasts` row with the predicted totals and their
 * intervals; `score` later fills `actual_metrics` and `accuracy_score` of
 * every forecast whose period has ended.
 *
 * History: the campaign's daily rows before the period, from its first row to
 * its last (at most `maxHistoryDays`, the most recent), a day without a row
 * counting as a day without delivery (zeros). The forecast starts after the
 * last reported day, so a gap before the period is forecast too and left out
 * of the totals.
 *
 * Accuracy score (see `Accuracy.score`): the mean over the predicted metrics
 * (spend, conversions, revenue, ROAS, reach) of
 * `100 · (1 − |actual − predicted| / (|actual| + |predicted|))`; 100 is exact,
 * 50 is off by a factor of three, 0 is predicting something where nothing
 * happened.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, type Schema } from "effect"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../storage/schema/marketing/Campaigns.ts"
import { AiCampaignForecasts } from "../../storage/schema/marketingAi/AiCampaignForecasts.ts"
import * as Accuracy from "./Accuracy.ts"
import { type ForecastError, InsufficientHistory, InvalidForecastRequest } from "./ForecastError.ts"
import * as Forecaster from "./Forecaster.ts"
import * as Dates from "./internal/dates.ts"

/**
 * A forecast request.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  readonly campaignId: string
  /** the period's first day (`YYYY-MM-DD`); default the day after today (UTC, from `Clock`) */
  readonly start?: string | undefined
  /** the period's length in days, 1–90; default 14 */
  readonly days?: number | undefined
  /** forecasting options; default `Forecaster.defaults` */
  readonly options?: Partial<Forecaster.Options> | undefined
}

/**
 * The service's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** forecasts one campaign over a period and writes the `ai_campaign_forecasts` row */
  readonly forecast: (request: Request) => Effect.Effect<Table.Row<typeof AiCampaignForecasts>, ForecastError | StorageError>
  /**
   * fills `actual_metrics` and `accuracy_score` of every unscored forecast
   * whose period ended at least `settleDays` days before today, in one
   * transaction; returns the rows it scored
   */
  readonly score: () => Effect.Effect<ReadonlyArray<Table.Row<typeof AiCampaignForecasts>>, StorageError>
}

/**
 * Service settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** days after a period's end before it is scored (platforms restate recent days); default 3 */
  readonly settleDays: number
  /** the most recent days of history a forecast uses; default 182 (26 weeks) */
  readonly maxHistoryDays: number
}

/**
 * The default settings.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultSettings: Settings = { settleDays: 3, maxHistoryDays: 182 }

type MetricsRow = Table.Row<typeof CampaignDailyMetrics>

const metricNames = ["spend", "conversions", "revenue", "reach"] as const

const round = (x: number, digits: number) => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

const intervalJson = (i: Forecaster.Interval, digits: number) => ({
  lower: round(i.lower, digits),
  upper: round(i.upper, digits)
})

interface Totals {
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  readonly reach?: number | undefined
  readonly roas?: number | undefined
}

const totalsOf = (rows: ReadonlyArray<MetricsRow>): Totals => {
  let spend = 0
  let conversions = 0
  let revenue = 0
  let reach = 0
  let reachReported = rows.length > 0
  for (const r of rows) {
    spend += r.spend
    conversions += r.conversions
    revenue += r.revenue
    if (r.reach === null) reachReported = false
    else reach += r.reach
  }
  return {
    spend: round(spend, 2),
    conversions: round(conversions, 2),
    revenue: round(revenue, 2),
    reach: reachReported ? reach : undefined,
    roas: spend > 0 ? round(revenue / spend, 4) : undefined
  }
}

const readNumber = (json: unknown, key: string): number | undefined => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const v = (json as Record<string, unknown>)[key]
  return typeof v === "number" && Number.isFinite(v) ? v : undefined
}

const readInterval = (json: unknown, key: string): { lower: number; upper: number } | undefined => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const v = (json as Record<string, unknown>)[key]
  const lower = readNumber(v, "lower")
  const upper = readNumber(v, "upper")
  return lower !== undefined && upper !== undefined ? { lower, upper } : undefined
}

/**
 * Builds the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (settings: Settings = defaultSettings) =>
  Effect.gen(function*() {
    const storage = yield* Storage

    const today = Effect.map(Clock.currentTimeMillis, Dates.utcDate)

    const forecast = Effect.fn("ForecastService.forecast")(function*(request: Request) {
      const campaignId = request.campaignId
      const invalid = (field: string, value: unknown, rule: string) =>
        new InvalidForecastRequest({ campaignId, field, value: String(value), rule })
      const days = request.days ?? 14
      if (!Number.isSafeInteger(days) || days < 1 || days > 90) {
        return yield* invalid("days", days, "must be an integer from 1 to 90")
      }
      const start = request.start ?? Dates.addDays(yield* today, 1)
      if (!Dates.isDate(start)) return yield* invalid("start", start, "must be a calendar date YYYY-MM-DD")
      const options: Forecaster.Options = { ...Forecaster.defaults, ...request.options }
      if (!(options.level > 0 && options.level < 1)) return yield* invalid("options.level", options.level, "must be in (0, 1)")
      if (!Number.isSafeInteger(options.paths) || options.paths < 100 || options.paths > 100_000) {
        return yield* invalid("options.paths", options.paths, "must be an integer from 100 to 100000")
      }
      if (!Number.isSafeInteger(options.seed)) return yield* invalid("options.seed", options.seed, "must be a safe integer")
      if (!Number.isSafeInteger(options.parameterDraws) || options.parameterDraws < 0 || options.parameterDraws > 100_000) {
        return yield* invalid("options.parameterDraws", options.parameterDraws, "must be an integer from 0 to 100000")
      }
      if (options.transform !== "log1p" && options.transform !== "none") {
        return yield* invalid("options.transform", options.transform, "must be \"log1p\" or \"none\"")
      }
      if (!["auto", "none", "additive", "damped"].includes(options.model)) {
        return yield* invalid("options.model", options.model, "must be \"auto\", \"none\", \"additive\" or \"damped\"")
      }

      const campaign = yield* storage.get(Campaigns, campaignId)
      const rows = (yield* storage.find(CampaignDailyMetrics, {
        where: {
          campaign_id: campaignId,
          metric_date: { lt: start }
        },
        orderBy: [{ column: "metric_date", direction: "asc" }]
      })).items
      const last = rows.length === 0 ? undefined : rows[rows.length - 1]!.metric_date
      const first = rows.length === 0 ? undefined : rows[0]!.metric_date
      const from = first === undefined || last === undefined
        ? undefined
        : Dates.fromEpochDay(Math.max(Dates.toEpochDay(first), Dates.toEpochDay(last) - settings.maxHistoryDays + 1))
      const span = from === undefined || last === undefined ? 0 : Dates.toEpochDay(last) - Dates.toEpochDay(from) + 1
      if (span < Forecaster.minimumHistory || from === undefined || last === undefined) {
        return yield* new InsufficientHistory({ campaignId, days: span, needed: Forecaster.minimumHistory })
      }
      const byDate = new Map(rows.map((r) => [r.metric_date, r]))
      const window = Array.from({ length: span }, (_, i) => byDate.get(Dates.addDays(from, i)))
      const reachReported = window.every((r) => r !== undefined && r.reach !== null)
      const history: Forecaster.History = {
        spend: window.map((r) => r?.spend ?? 0),
        conversions: window.map((r) => r?.conversions ?? 0),
        revenue: window.map((r) => r?.revenue ?? 0),
        reach: reachReported ? window.map((r) => r?.reach ?? 0) : undefined
      }
      const skip = Dates.toEpochDay(start) - Dates.toEpochDay(last) - 1
      const result = Forecaster.forecastCampaign(history, { skip, days }, options)

      const metrics = metricNames.flatMap((name) => {
        const m = result[name]
        return m === undefined ? [] : [[name, m] as const]
      })
      const predicted: Record<string, Schema.Json> = {}
      const intervals: Record<string, Schema.Json> = { level: result.level }
      const daily: Record<string, Schema.Json> = {}
      const models: Record<string, string> = {}
      for (const [name, m] of metrics) {
        const digits = name === "reach" ? 0 : 2
        predicted[name] = round(m.total.point, digits)
        intervals[name] = intervalJson(m.total, digits)
        daily[name] = m.daily.slice(skip).map((d) => ({
          point: round(d.point, 2),
          lower: round(d.lower, 2),
          upper: round(d.upper, 2)
        }))
        models[name] = m.model
      }
      if (result.roas !== undefined) {
        predicted.roas = round(result.roas.point, 4)
        intervals.roas = intervalJson(result.roas, 4)
      }
      const row = yield* storage.insert(AiCampaignForecasts, {
        account_id: campaign.account_id,
        campaign_id: campaignId,
        forecast_type: "performance",
        forecast_period_start: start,
        forecast_period_end: Dates.addDays(start, days - 1),
        predicted_metrics: {
          ...predicted,
          days,
          history_days: span,
          history_end: last,
          transform: options.transform,
          models,
          daily
        },
        confidence_intervals: intervals,
        model_used: `ETS (${options.model === "auto" ? "AICc over A,N,A / A,A,A / A,Ad,A" : options.model} trend, weekly), ${options.transform}, ${options.paths} paths, ${options.parameterDraws > 0 ? `${Math.min(options.parameterDraws, options.paths)} parameter draws` : "parameters as estimated"}`
      })
      return row
    })

    const score = Effect.fn("ForecastService.score")(function*() {
      const cutoff = Dates.addDays(yield* today, -settings.settleDays)
      const due = (yield* storage.find(AiCampaignForecasts, {
        where: {
          actual_metrics: { isNull: true },
          campaign_id: { isNull: false },
          forecast_period_start: { isNull: false },
          forecast_period_end: { lte: cutoff }
        },
        orderBy: [{ column: "forecast_period_end", direction: "asc" }]
      })).items
      return yield* storage.transaction(Effect.forEach(due, (forecastRow) =>
        Effect.gen(function*() {
          const start = forecastRow.forecast_period_start!
          const end = forecastRow.forecast_period_end!
          const rows = (yield* storage.find(CampaignDailyMetrics, {
            where: { campaign_id: forecastRow.campaign_id!, metric_date: { gte: start, lte: end } }
          })).items
          const actual = totalsOf(rows)
          const predicted = forecastRow.predicted_metrics
          const keys = ["spend", "conversions", "revenue", "roas", "reach"] as const
          const predictedValues: Record<string, number | undefined> = {}
          const actualJson: Record<string, Schema.Json> = {
            days_reported: rows.length,
            days: Dates.toEpochDay(end) - Dates.toEpochDay(start) + 1
          }
          const within: Record<string, boolean> = {}
          for (const key of keys) {
            const a = actual[key]
            if (a === undefined) continue
            actualJson[key] = a
            predictedValues[key] = readNumber(predicted, key)
            const interval = readInterval(forecastRow.confidence_intervals, key)
            if (interval !== undefined) within[key] = a >= interval.lower && a <= interval.upper
          }
          actualJson.within_interval = within
          const accuracy = Accuracy.score(predictedValues, { ...actual })
          return yield* storage.update(AiCampaignForecasts, forecastRow.id, {
            actual_metrics: actualJson,
            accuracy_score: accuracy ?? null
          })
        })))
    })

    return { forecast, score } satisfies Shape
  })

/**
 * The forecast service.
 *
 * @since 0.1.0
 * @category services
 */
export class ForecastService extends Context.Service<ForecastService, Shape>()("ringmaster/cycles/forecasts/ForecastService") {
  /**
   * The service over the storage port in context, with the default settings.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<ForecastService, never, Storage> = Layer.effect(ForecastService, make())

  /**
   * The service with the given settings.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerWith = (settings: Partial<Settings>): Layer.Layer<ForecastService, never, Storage> =>
    Layer.effect(ForecastService, make({ ...defaultSettings, ...settings }))
}
