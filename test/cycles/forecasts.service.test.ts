/**
 * ForecastService on storage: reads a campaign's `campaign_daily_metrics`,
 * writes an `ai_campaign_forecasts` row equal to what the engine forecasts
 * from the same history, refuses too little history with a typed error
 * naming the campaign and the day counts, and scores a forecast once its
 * period has ended and settled (and only then, and only once).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Accuracy from "../../src/cycles/forecasts/Accuracy.ts"
import * as Forecaster from "../../src/cycles/forecasts/Forecaster.ts"
import { ForecastService } from "../../src/cycles/forecasts/ForecastService.ts"
import * as Simulation from "../../src/cycles/forecasts/Simulation.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiCampaignForecasts } from "../../src/storage/schema/marketingAi/AiCampaignForecasts.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const dayMs = 86_400_000
const dateOf = (epochDay: number) => new Date(epochDay * dayMs).toISOString().slice(0, 10)
const epochDay = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / dayMs)
const FIRST = "2026-01-05" // a Monday

let campaigns = 0
/** A campaign with `days` days of simulated metrics from FIRST, leaving out the days in `missing`. */
const campaignWith = (days: number, options: { missing?: ReadonlyArray<number>; seed?: number; reach?: boolean } = {}) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    campaigns += 1
    const account = yield* storage.insert(Accounts, { name: `Forecast ${campaigns}`, slug: `forecast-${campaigns}` })
    const campaign = yield* storage.insert(Campaigns, { account_id: account.id, name: `Campaign ${campaigns}`, platform: "google_ads" })
    const [sim] = Simulation.make({ seed: options.seed ?? campaigns, campaigns: 1, days: days + 30 })
    const rows = Array.from({ length: days }, (_, i) => i)
      .filter((i) => !(options.missing ?? []).includes(i))
      .map((i) => ({
        account_id: account.id,
        campaign_id: campaign.id,
        metric_date: dateOf(epochDay(FIRST) + i),
        spend: sim!.spend[i]!,
        conversions: sim!.conversions[i]!,
        revenue: sim!.revenue[i]!,
        reach: options.reach === false ? null : sim!.reach[i]!
      }))
    yield* storage.bulkInsert(CampaignDailyMetrics, rows)
    return { campaign, account, sim: sim!, rows }
  })

/**
 * Runs an effect with the wall clock at noon (UTC) of a date. Not
 * `TestClock.setTime`: jumping a TestClock years ahead also moves the server
 * pool's timers, and the server suite hangs (see test/support/clockAt.ts).
 */
const at = (date: string) => atTime(epochDay(date) * dayMs + 12 * 3_600_000)

const flip = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.result(self), (r) => r._tag === "Failure" ? Effect.succeed(r.failure) : Effect.die("expected a failure"))

const suite = <E>(name: string, database: Layer.Layer<Storage, E>) =>
  describe(name, () => {
    layer(ForecastService.layer.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("writes the engine's forecast of the next 14 days from the campaign's history", () =>
        Effect.gen(function*() {
          const { campaign, account, sim } = yield* campaignWith(56)
          const service = yield* ForecastService
          // the last reported day is today; the period starts tomorrow
          const row = yield* at(dateOf(epochDay(FIRST) + 55))(service.forecast({ campaignId: campaign.id }))
          assert.strictEqual(row.campaign_id, campaign.id)
          assert.strictEqual(row.account_id, account.id)
          assert.strictEqual(row.forecast_type, "performance")
          assert.strictEqual(row.forecast_period_start, dateOf(epochDay(FIRST) + 56))
          assert.strictEqual(row.forecast_period_end, dateOf(epochDay(FIRST) + 69))
          assert.isNull(row.actual_metrics)
          assert.isNull(row.accuracy_score)
          const expected = Forecaster.forecastCampaign(
            { spend: sim.spend.slice(0, 56), conversions: sim.conversions.slice(0, 56), revenue: sim.revenue.slice(0, 56), reach: sim.reach.slice(0, 56) },
            { skip: 0, days: 14 }
          )
          const predicted = row.predicted_metrics as Record<string, unknown>
          const intervals = row.confidence_intervals as Record<string, { lower: number; upper: number }>
          for (const m of ["spend", "conversions", "revenue"] as const) {
            assert.closeTo(predicted[m] as number, expected[m].total.point, 0.006, m)
            assert.closeTo(intervals[m]!.lower, expected[m].total.lower, 0.006, m)
            assert.closeTo(intervals[m]!.upper, expected[m].total.upper, 0.006, m)
          }
          assert.closeTo(predicted.reach as number, expected.reach!.total.point, 0.5)
          assert.closeTo(predicted.roas as number, expected.roas!.point, 0.00006)
          assert.strictEqual((intervals as unknown as { level: number }).level, 0.9)
          assert.strictEqual(predicted.history_days, 56)
          assert.strictEqual((predicted.daily as Record<string, Array<unknown>>).spend!.length, 14)
          assert.include(row.model_used!, "ETS")
        }))

      it.effect("a day without a row is a day without delivery; a gap before the period is forecast and left out", () =>
        Effect.gen(function*() {
          const { campaign, sim } = yield* campaignWith(42, { missing: [10, 11], reach: false })
          const start = dateOf(epochDay(FIRST) + 45) // three unreported days between the last row and the period
          const row = yield* (yield* ForecastService).forecast({ campaignId: campaign.id, start, days: 7 })
          const zeroed = (xs: ReadonlyArray<number>) => xs.slice(0, 42).map((v, i) => (i === 10 || i === 11 ? 0 : v))
          const expected = Forecaster.forecastCampaign(
            { spend: zeroed(sim.spend), conversions: zeroed(sim.conversions), revenue: zeroed(sim.revenue) },
            { skip: 3, days: 7 }
          )
          const predicted = row.predicted_metrics as Record<string, unknown>
          assert.closeTo(predicted.spend as number, expected.spend.total.point, 0.006)
          assert.strictEqual(predicted.history_end, dateOf(epochDay(FIRST) + 41))
          assert.isUndefined(predicted.reach, "reach is not forecast when the platform does not report it")
          assert.strictEqual(row.forecast_period_end, dateOf(epochDay(FIRST) + 51))
        }))

      it.effect("too little history is a typed error naming the campaign and the days it has and needs", () =>
        Effect.gen(function*() {
          const { campaign } = yield* campaignWith(20)
          const error = yield* flip((yield* ForecastService).forecast({ campaignId: campaign.id, start: dateOf(epochDay(FIRST) + 20) }))
          assert.strictEqual(error._tag, "InsufficientHistory")
          if (error._tag !== "InsufficientHistory") return
          assert.strictEqual(error.campaignId, campaign.id)
          assert.strictEqual(error.days, 20)
          assert.strictEqual(error.needed, 28)
          assert.include(error.message, campaign.id)
          // only history before the period counts
          const early = yield* flip((yield* ForecastService).forecast({ campaignId: campaign.id, start: dateOf(epochDay(FIRST) + 5) }))
          assert.strictEqual(early._tag === "InsufficientHistory" ? early.days : -1, 5)
        }))

      it.effect("bad requests are typed errors naming the field and value", () =>
        Effect.gen(function*() {
          const { campaign } = yield* campaignWith(30)
          const service = yield* ForecastService
          const days = yield* flip(service.forecast({ campaignId: campaign.id, days: 0 }))
          assert.strictEqual(days._tag, "InvalidForecastRequest")
          assert.include(days.message, "days = 0")
          const start = yield* flip(service.forecast({ campaignId: campaign.id, start: "2026-02-30" }))
          assert.include(start.message, "start = 2026-02-30")
          const level = yield* flip(service.forecast({ campaignId: campaign.id, start: "2026-03-01", options: { level: 1.5 } }))
          assert.include(level.message, "options.level = 1.5")
          const draws = yield* flip(service.forecast({ campaignId: campaign.id, start: "2026-03-01", options: { parameterDraws: -3 } }))
          assert.include(draws.message, "options.parameterDraws = -3")
          const missing = yield* flip(service.forecast({ campaignId: "00000000-0000-4000-8000-00000000f00d" }))
          assert.strictEqual(missing._tag, "NotFound")
        }))

      it.effect("score fills actuals and the accuracy score once the period has ended and settled, once", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const service = yield* ForecastService
          const { campaign, account, sim } = yield* campaignWith(35, { seed: 99 })
          const start = dateOf(epochDay(FIRST) + 35)
          const forecast = yield* at(start)(service.forecast({ campaignId: campaign.id, start, days: 7 }))
          // the period's actual metrics arrive (simulated days 35…41)
          yield* storage.bulkInsert(CampaignDailyMetrics, Array.from({ length: 7 }, (_, j) => ({
            account_id: account.id,
            campaign_id: campaign.id,
            metric_date: dateOf(epochDay(start) + j),
            spend: sim.spend[35 + j]!,
            conversions: sim.conversions[35 + j]!,
            revenue: sim.revenue[35 + j]!,
            reach: sim.reach[35 + j]!
          })))
          // the period ends on start+6; settled three days later, i.e. scored from start+9 on
          const early = yield* at(dateOf(epochDay(start) + 8))(service.score())
          assert.isFalse(early.some((r) => r.id === forecast.id), "not scored before it settles")
          const scored = (yield* at(dateOf(epochDay(start) + 9))(service.score())).find((r) => r.id === forecast.id)
          assert.isDefined(scored)
          const actual = scored!.actual_metrics as Record<string, unknown>
          const sum = (xs: ReadonlyArray<number>) => xs.slice(35, 42).reduce((a, b) => a + b, 0)
          assert.closeTo(actual.spend as number, sum(sim.spend), 0.006)
          assert.closeTo(actual.conversions as number, sum(sim.conversions), 0.006)
          assert.closeTo(actual.revenue as number, sum(sim.revenue), 0.006)
          assert.strictEqual(actual.reach, sum(sim.reach))
          assert.closeTo(actual.roas as number, sum(sim.revenue) / sum(sim.spend), 0.00006)
          assert.strictEqual(actual.days_reported, 7)
          const predicted = forecast.predicted_metrics as Record<string, number>
          const intervals = forecast.confidence_intervals as Record<string, { lower: number; upper: number }>
          const within = actual.within_interval as Record<string, boolean>
          assert.strictEqual(within.spend, actual.spend as number >= intervals.spend!.lower && actual.spend as number <= intervals.spend!.upper)
          const expected = Accuracy.score(
            { spend: predicted.spend, conversions: predicted.conversions, revenue: predicted.revenue, roas: predicted.roas, reach: predicted.reach },
            { spend: actual.spend as number, conversions: actual.conversions as number, revenue: actual.revenue as number, roas: actual.roas as number, reach: actual.reach as number }
          )
          assert.strictEqual(scored!.accuracy_score, expected)
          assert.isAbove(scored!.accuracy_score!, 50, "a week of a simulated campaign is forecast within a factor of three")
          const stored = yield* storage.get(AiCampaignForecasts, forecast.id)
          assert.strictEqual(stored.accuracy_score, expected)
          const again = yield* service.score()
          assert.isFalse(again.some((r) => r.id === forecast.id), "a scored forecast is not scored again")
        }))
    })
  })

suite("ForecastService (PGlite)", pglite())
if (serverUrl !== undefined) suite("ForecastService (PostgreSQL)", server(serverUrl))
