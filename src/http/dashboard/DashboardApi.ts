/**
 * The dashboard's own read-only endpoints, beside the API of `Api.ts`: who
 * the key is (`GET /api/dashboard/me`) and the account's daily campaign
 * metrics with the decisions of each day (`GET /api/dashboard/metrics`), which
 * the charts need and seed 003's endpoints do not offer.
 *
 * Both need an API key with the `read` scope (the same `Authentication`
 * middleware as the API) and answer only the key's account.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as ApiError from "../ApiError.ts"
import { Authentication } from "../Authentication.ts"
import { RequestErrors } from "../RequestErrors.ts"

/**
 * The longest window `GET /api/dashboard/metrics` answers, in days.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDays = 366

/**
 * A calendar day, `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Day = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a day as YYYY-MM-DD" }),
  Schema.makeFilter((s: string) => Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? "not a valid day" : undefined)
)

/**
 * Who the key is: its account, the user it acts for and its scopes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Me = Schema.Struct({
  accountId: Schema.String,
  accountName: Schema.String,
  userId: Schema.NullOr(Schema.String),
  userName: Schema.NullOr(Schema.String),
  scopes: Schema.Array(Schema.String)
})

/**
 * One day of the account's campaigns, summed over its campaigns, with the
 * decisions the cycles took that day.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MetricsDay = Schema.Struct({
  day: Day,
  spend: Schema.Number,
  conversions: Schema.Number,
  revenue: Schema.Number,
  clicks: Schema.Number,
  /** revenue / spend; `null` on a day without spend */
  roas: Schema.NullOr(Schema.Number),
  /** decisions logged that day, by type */
  decisions: Schema.Record(Schema.String, Schema.Number)
})

/**
 * The answer of `GET /api/dashboard/metrics`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Metrics = Schema.Struct({
  from: Day,
  to: Day,
  campaigns: Schema.Number,
  days: Schema.Array(MetricsDay)
})

/**
 * The dashboard group.
 *
 * @since 0.1.0
 * @category groups
 */
export class DashboardGroup extends HttpApiGroup.make("dashboard")
  .add(
    HttpApiEndpoint.get("me", "/api/dashboard/me", {
      success: Me,
      error: ApiError.common
    }),
    HttpApiEndpoint.get("metrics", "/api/dashboard/metrics", {
      query: {
        /** first day (default: 44 days before `to`, or the first day with metrics when later) */
        from: Schema.optionalKey(Day),
        /** last day (default: the last day with metrics, else today) */
        to: Schema.optionalKey(Day)
      },
      success: Metrics,
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({
    title: "Dashboard",
    description: "What the dashboard's charts need: the key's account and its daily campaign metrics with the decisions of each day"
  }))
{}

/**
 * The dashboard's API: one group, behind the same middleware as `Api`.
 *
 * @since 0.1.0
 * @category api
 */
export class DashboardApi extends HttpApi.make("ringmaster-dashboard")
  .add(DashboardGroup)
  .middleware(RequestErrors)
  .middleware(Authentication)
{}
