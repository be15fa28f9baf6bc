/**
 * The dashboard: one page at `/dashboard/` (plain HTML and a small ES module,
 * no build step), its stylesheet, uPlot served from the installed package (no
 * CDN), and the read-only endpoints of `DashboardApi` its charts need.
 *
 * The page asks for an API key once (or takes it from the URL fragment,
 * `#key=rm_...`, which browsers never send to a server), keeps it in
 * `sessionStorage`, and calls the JSON API with it: every list it shows and
 * every action it offers (approve, reject, roll back, acknowledge, resolve) is
 * an endpoint of `Api.ts`, so the key's account, scopes and rate limit apply
 * as they do to any client. It polls every five seconds while visible.
 *
 * ```ts
 * import { HttpRouter } from "effect/http"
 * import { Http } from "ringmaster"
 * HttpRouter.serve(Layer.mergeAll(Http.Server.routes(), Dashboard.layer()))
 * ```
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { Clock, Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Core from "../../storage/schema/core/index.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../storage/schema/marketing/Campaigns.ts"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import { Storage } from "../../storage/Storage.ts"
import { ApiKeys } from "../ApiKeys.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { storageErrors } from "../internal/respond.ts"
import { type RateLimit, RateLimiter } from "../RateLimiter.ts"
import { authenticationLayer, requestErrorsLayer } from "../Server.ts"
import { DashboardApi, maxDays } from "./DashboardApi.ts"
import * as Series from "./internal/series.ts"

/**
 * Where the page is served.
 *
 * @since 0.1.0
 * @category constants
 */
export const path = "/dashboard/"

/**
 * How many days the charts show when the page does not say.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultDays = 45

/**
 * A file the dashboard serves could not be read when the routes were built
 * (a package installed without its `assets` folder, or without `uplot`).
 *
 * @since 0.1.0
 * @category errors
 */
export class DashboardAssetMissing extends Schema.TaggedError<DashboardAssetMissing>()("DashboardAssetMissing", {
  asset: Schema.String,
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `the dashboard's ${this.asset} could not be read from ${this.path}: ${this.reason}`
  }
}

// ---------------------------------------------------------------------------
// the read-only endpoints
// ---------------------------------------------------------------------------

/**
 * The handlers of `DashboardApi`, scoped to the key's account.
 *
 * @since 0.1.0
 * @category layers
 */
export const handlers = HttpApiBuilder.group(
  DashboardApi,
  "dashboard",
  Effect.fn(function*(h) {
    const storage = yield* Storage
    return h
      .handle("me", () =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const account = yield* storage.get(Core.Accounts, principal.accountId)
          const user = principal.userId === null ? undefined : yield* storage.get(Core.Users, principal.userId)
          return {
            accountId: account.id,
            accountName: account.name,
            userId: principal.userId,
            userName: user === undefined ? null : (user.full_name ?? user.email),
            scopes: [...principal.scopes]
          }
        })))
      .handle("metrics", ({ query }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const accountId = principal.accountId
          const last = (yield* storage.find(CampaignDailyMetrics, {
            where: { account_id: accountId },
            orderBy: [{ column: "metric_date", direction: "desc" }],
            limit: 1
          })).items[0]
          const first = (yield* storage.find(CampaignDailyMetrics, {
            where: { account_id: accountId },
            orderBy: [{ column: "metric_date", direction: "asc" }],
            limit: 1
          })).items[0]
          const today = Series.isoDay(yield* Clock.currentTimeMillis)
          const to = query.to ?? last?.metric_date ?? today
          // by default the last `defaultDays` days, from the first day with metrics when that is later
          const earliest = Series.isoDay(Series.dayStart(to) - (defaultDays - 1) * 86_400_000)
          const from = query.from ?? (first !== undefined && first.metric_date > earliest && first.metric_date <= to ? first.metric_date : earliest)
          const span = (Series.dayStart(to) - Series.dayStart(from)) / 86_400_000 + 1
          if (span < 1) {
            return yield* new ApiError.InvalidInput({ parameter: "query.from", rule: `must be on or before to (${to}), got ${from}` })
          }
          if (span > maxDays) {
            return yield* new ApiError.InvalidInput({ parameter: "query.from", rule: `the window may span at most ${maxDays} days, got ${span}` })
          }
          const metrics = (yield* storage.find(CampaignDailyMetrics, {
            where: { account_id: accountId, metric_date: { gte: from, lte: to } }
          })).items
          const decisions = (yield* storage.find(AiDecisionLogs, {
            where: {
              account_id: accountId,
              created_at: { gte: new Date(Series.dayStart(from)), lt: new Date(Series.dayStart(to) + 86_400_000) }
            }
          })).items
          const campaigns = yield* storage.count(Campaigns, { account_id: accountId })
          return {
            from,
            to,
            campaigns,
            days: Series.dailySeries(
              from,
              to,
              metrics,
              decisions.flatMap((d) => d.created_at === null ? [] : [{ day: Series.isoDay(d.created_at.getTime()), decisionType: d.decision_type }])
            )
          }
        })))
  })
)

// ---------------------------------------------------------------------------
// the page and its files
// ---------------------------------------------------------------------------

const securityHeaders = {
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}

const readAsset = (asset: string, file: string) =>
  Effect.try({
    try: () => readFileSync(file, "utf8"),
    catch: (e) => new DashboardAssetMissing({ asset, path: file, reason: e instanceof Error ? e.message : String(e) })
  })

const assetFile = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url))

const uplotFile = (name: string) =>
  Effect.try({
    try: () => createRequire(import.meta.url).resolve(`uplot/dist/${name}`),
    catch: (e) => new DashboardAssetMissing({ asset: `uplot/dist/${name}`, path: "node_modules", reason: e instanceof Error ? e.message : String(e) })
  })

/**
 * The page, its module and stylesheet, and uPlot's files, read once when the
 * layer is built; `/` redirects to the page.
 *
 * @since 0.1.0
 * @category layers
 */
export const pageLayer: Layer.Layer<never, DashboardAssetMissing, HttpRouter.HttpRouter> = Layer.unwrap(
  Effect.gen(function*() {
    const files: ReadonlyArray<readonly [route: `/${string}`, contentType: string, body: string]> = [
      [path, "text/html; charset=utf-8", yield* readAsset("page", assetFile("index.html"))],
      [`${path}app.js`, "text/javascript; charset=utf-8", yield* readAsset("module", assetFile("app.js"))],
      [`${path}style.css`, "text/css; charset=utf-8", yield* readAsset("stylesheet", assetFile("style.css"))],
      [`${path}vendor/uPlot.esm.js`, "text/javascript; charset=utf-8", yield* readAsset("uPlot", yield* uplotFile("uPlot.esm.js"))],
      [`${path}vendor/uPlot.min.css`, "text/css; charset=utf-8", yield* readAsset("uPlot stylesheet", yield* uplotFile("uPlot.min.css"))]
    ]
    const redirect = HttpServerResponse.redirect(path, { status: 302 })
    return Layer.mergeAll(
      HttpRouter.add("GET", "/", redirect),
      ...files.map(([route, contentType, body]) =>
        HttpRouter.add("GET", route, HttpServerResponse.text(body, { contentType, headers: securityHeaders })))
    )
  })
)

/**
 * Options of the dashboard's routes: the same rate limit and `last_used_at`
 * interval as the API's (`Server.Options`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly rateLimit?: RateLimit | undefined
  readonly touchEveryMillis?: number | undefined
}

/**
 * The page and the dashboard's endpoints, to merge with `Server.routes` and
 * serve.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}) =>
  Layer.mergeAll(
    HttpApiBuilder.layer(DashboardApi).pipe(
      Layer.provide(handlers),
      Layer.provide(requestErrorsLayer),
      Layer.provide(authenticationLayer(options)),
      Layer.provide(Layer.mergeAll(ApiKeys.layer, RateLimiter.layer(options.rateLimit)))
    ),
    pageLayer
  )
