/**
 * The dashboard's server side over real HTTP on PGlite (and a server with
 * DATABASE_URL): the page and uPlot served from the package with a strict
 * content security policy, `/api/dashboard/me` and `/api/dashboard/metrics`
 * behind the API's key authentication, scoped to the key's account, with 400s
 * naming the parameter; and the daily series kernel against hand-computed
 * values and a property.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Clock, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import * as Dashboard from "../../src/http/dashboard/Dashboard.ts"
import * as Series from "../../src/http/dashboard/internal/series.ts"
import * as Server from "../../src/http/Server.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { cycleWorld } from "../support/cycleWorld.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"
import { call, tenant } from "./world.ts"

/** No decision providers: these tests need no cycles. */
const noProviders = Layer.empty

/** The live clock, so the server and the seeded history run at the wall clock's time (tests run under `TestClock`). */
const liveClock = Layer.effect(Clock.Clock, TestClock.withLive(Clock.clockWith(Effect.succeed)))

/** The API and the dashboard on a free port of 127.0.0.1, over the cycle world. */
const dashboardWorld = (database: ReturnType<typeof pglite>) =>
  Server.layerWith(Dashboard.layer(), { port: 0 }).pipe(
    Layer.provideMerge(ApiKeys.layer),
    Layer.provideMerge(cycleWorld(database, noProviders)),
    Layer.provide(liveClock)
  )

const raw = (path: string) =>
  Effect.gen(function*() {
    const base = yield* Server.url
    return yield* Effect.promise(async () => {
      const response = await fetch(`${base}${path}`, { redirect: "manual" })
      return { status: response.status, headers: response.headers, text: await response.text() }
    })
  })

const suite = (name: string, database: ReturnType<typeof pglite>) =>
  describe(name, () => {
    layer(dashboardWorld(database), { timeout: "240 seconds" })((it) => {
      it.effect("serves the page, its module and uPlot from the package, with a content security policy; / redirects to it", () =>
        TestClock.withLive(Effect.gen(function*() {
          const page = yield* raw("/dashboard/")
          assert.strictEqual(page.status, 200)
          assert.match(page.headers.get("content-type") ?? "", /^text\/html/)
          assert.include(page.headers.get("content-security-policy") ?? "", "script-src 'self'")
          assert.include(page.text, `<script type="module" src="app.js"></script>`)
          const app = yield* raw("/dashboard/app.js")
          assert.strictEqual(app.status, 200)
          assert.match(app.headers.get("content-type") ?? "", /^text\/javascript/)
          assert.include(app.text, `import uPlot from "./vendor/uPlot.esm.js"`)
          const uplot = yield* raw("/dashboard/vendor/uPlot.esm.js")
          assert.strictEqual(uplot.status, 200)
          assert.strictEqual(uplot.text, readFileSync(createRequire(import.meta.url).resolve("uplot/dist/uPlot.esm.js"), "utf8"))
          assert.strictEqual((yield* raw("/dashboard/vendor/uPlot.min.css")).status, 200)
          assert.strictEqual((yield* raw("/dashboard/style.css")).status, 200)
          const root = yield* raw("/")
          assert.strictEqual(root.status, 302)
          assert.strictEqual(root.headers.get("location"), "/dashboard/")
        })))

      it.effect("me and metrics answer the key's account only: sums equal the account's own rows, another tenant sees its own", () =>
        TestClock.withLive(Effect.gen(function*() {
          const storage = yield* Storage
          const a = yield* tenant(301)
          const b = yield* tenant(302)
          const me = yield* call("GET", "/api/dashboard/me", { key: a.ownerKey })
          assert.strictEqual(me.status, 200)
          assert.strictEqual(me.body.accountId, a.accountId)
          assert.strictEqual(me.body.userId, a.ownerId)
          assert.deepStrictEqual(me.body.scopes, ["read", "write", "approve"])
          // a decision of A's, logged today
          const today = Series.isoDay(yield* Clock.currentTimeMillis)
          yield* storage.insert(AiDecisionLogs, {
            account_id: a.accountId,
            decision_type: "budget_raise",
            decision_rationale: "test",
            confidence_score: 70,
            created_at: new Date(Series.dayStart(today) + 3_600_000)
          })

          for (const t of [a, b]) {
            const answer = yield* call("GET", "/api/dashboard/metrics", { key: t.readKey })
            assert.strictEqual(answer.status, 200, JSON.stringify(answer.body))
            const metrics = answer.body as { from: string; to: string; campaigns: number; days: ReadonlyArray<Series.SeriesDay> }
            // the reference: the account's own rows in the window, read through the storage port and summed here
            const rows = (yield* storage.find(CampaignDailyMetrics, {
              where: { account_id: t.accountId, metric_date: { gte: metrics.from, lte: metrics.to } }
            })).items
            assert.isAbove(rows.length, 0)
            assert.strictEqual(metrics.campaigns, 3, "the tenant's three seeded campaigns")
            // by default: up to the last day with metrics, from the first (the 14 seeded days are fewer than defaultDays)
            const all = (yield* storage.find(CampaignDailyMetrics, { where: { account_id: t.accountId } })).items.map((r) => r.metric_date).sort()
            assert.strictEqual(metrics.to, all.at(-1))
            assert.strictEqual(metrics.from, all[0])
            assert.strictEqual(metrics.days.length, Series.daysBetween(all[0]!, all.at(-1)!).length)
            const spend = rows.reduce((n, r) => n + r.spend, 0)
            const served = metrics.days.reduce((n, d) => n + d.spend, 0)
            assert.closeTo(served, spend, 0.01 * metrics.days.length)
            for (const day of metrics.days) {
              const mine = rows.filter((r) => r.metric_date === day.day)
              assert.closeTo(day.revenue, mine.reduce((n, r) => n + r.revenue, 0), 0.006, day.day)
            }
          }
          // A's decision is marked for A, never for B (the window ends at the last metrics day, so ask for today)
          const aToday = yield* call("GET", `/api/dashboard/metrics?from=${today}&to=${today}`, { key: a.readKey })
          assert.deepStrictEqual(aToday.body.days[0].decisions, { budget_raise: 1 })
          const bToday = yield* call("GET", `/api/dashboard/metrics?from=${today}&to=${today}`, { key: b.readKey })
          assert.deepStrictEqual(bToday.body.days[0].decisions, {})
        })))

      it.effect("401 without a key; 400 naming the parameter for a bad day, a window backwards or longer than a year", () =>
        TestClock.withLive(Effect.gen(function*() {
          const t = yield* tenant(303)
          const none = yield* call("GET", "/api/dashboard/metrics")
          assert.strictEqual(none.status, 401)
          assert.strictEqual((yield* call("GET", "/api/dashboard/me")).status, 401)
          assert.strictEqual((yield* call("GET", "/api/dashboard/me", { key: "rm_000000000000_not-a-key" })).status, 401)
          const bad = yield* call("GET", "/api/dashboard/metrics?from=2026-13-45", { key: t.readKey })
          assert.strictEqual(bad.status, 400)
          assert.strictEqual(bad.body.parameter, "query.from")
          const backwards = yield* call("GET", "/api/dashboard/metrics?from=2026-02-02&to=2026-02-01", { key: t.readKey })
          assert.strictEqual(backwards.status, 400)
          assert.strictEqual(backwards.body.parameter, "query.from")
          const long = yield* call("GET", "/api/dashboard/metrics?from=2024-01-01&to=2026-01-01", { key: t.readKey })
          assert.strictEqual(long.status, 400)
          assert.include(long.body.rule, "366 days")
        })))
    })
  })

suite("dashboard on PGlite", pglite())
if (serverUrl !== undefined) suite("dashboard on a server", server(serverUrl))

describe("dashboard series", () => {
  it("sums each day over campaigns, fills missing days with zero and no ROAS, counts decisions by type", () => {
    // reference values computed by hand: 10 + 5 = 15 spend, 30 + 20 = 50 revenue, ROAS 50 / 15 = 3.3333
    const series = Series.dailySeries(
      "2026-11-01",
      "2026-11-03",
      [
        { metric_date: "2026-11-01", spend: 10, conversions: 1, revenue: 30, clicks: 7 },
        { metric_date: "2026-11-01", spend: 5, conversions: 0.5, revenue: 20, clicks: 3 },
        { metric_date: "2026-11-03", spend: 4, conversions: 0, revenue: 0, clicks: 2 },
        { metric_date: "2026-11-04", spend: 99, conversions: 9, revenue: 99, clicks: 9 }
      ],
      [
        { day: "2026-11-01", decisionType: "bid_cut" },
        { day: "2026-11-01", decisionType: "bid_cut" },
        { day: "2026-11-01", decisionType: "budget_shift" }
      ]
    )
    assert.deepStrictEqual(series, [
      { day: "2026-11-01", spend: 15, conversions: 1.5, revenue: 50, clicks: 10, roas: 3.3333, decisions: { bid_cut: 2, budget_shift: 1 } },
      { day: "2026-11-02", spend: 0, conversions: 0, revenue: 0, clicks: 0, roas: null, decisions: {} },
      { day: "2026-11-03", spend: 4, conversions: 0, revenue: 0, clicks: 2, roas: 0, decisions: {} }
    ])
  })

  it("covers every day of the window once and keeps the window's total (property)", () => {
    const day = fc.integer({ min: 0, max: 60 }).map((d) => Series.isoDay(Date.UTC(2026, 0, 1) + d * 86_400_000))
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 30 }),
      fc.array(fc.record({ metric_date: day, spend: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100) }), { maxLength: 50 }),
      (start, length, rows) => {
        const from = Series.isoDay(Date.UTC(2026, 0, 1) + start * 86_400_000)
        const to = Series.isoDay(Date.UTC(2026, 0, 1) + (start + length) * 86_400_000)
        const series = Series.dailySeries(from, to, rows.map((r) => ({ ...r, conversions: 0, revenue: 0, clicks: 0 })), [])
        assert.strictEqual(series.length, length + 1)
        assert.deepStrictEqual(series.map((s) => s.day), [...new Set(series.map((s) => s.day))].sort())
        const inside = rows.filter((r) => r.metric_date >= from && r.metric_date <= to).reduce((n, r) => n + r.spend, 0)
        assert.closeTo(series.reduce((n, s) => n + s.spend, 0), inside, 0.005 * (length + 1))
      }
    ))
  })
})
