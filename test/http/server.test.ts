/**
 * The server around the API, over real HTTP on 127.0.0.1: the per-key rate
 * limit (429 with Retry-After, other keys unaffected), the cache of verified
 * keys, extra routes mounted
 * with `layerWith` (the dashboard's hook), graceful shutdown (a request in
 * flight finishes, then the port is closed), a port in use failing with
 * `PortInUse`, and the typed and Promise clients against the live server.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Context, Deferred, Effect, Exit, Fiber, Layer, Scope } from "effect"
import { HttpRouter, HttpServer, HttpServerResponse } from "effect/http"
import { TestClock } from "effect/testing"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import * as Client from "../../src/http/Client.ts"
import * as Server from "../../src/http/Server.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { AiPerformanceScores } from "../../src/storage/schema/marketingAi/AiPerformanceScores.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"
import { baseUrl, call, confidence, httpWorld, tenant } from "./world.ts"

/** A bucket of 10 that refills one token per 1000 s: nothing refills during a test. */
const rateLimit = { burst: 10, perSecond: 0.001 }

const suite = (name: string, database: ReturnType<typeof pglite>) =>
  describe(name, () => {
    layer(httpWorld(database, { rateLimit, keyCacheMillis: 3_600_000 }), { timeout: "240 seconds" })((it) => {
      it.effect("a verified key is trusted for keyCacheMillis: a revocation shows once it expires, a key never verified is refused at once", () =>
        TestClock.withLive(Effect.gen(function*() {
          const t = yield* tenant(23)
          const keys = yield* ApiKeys
          const used = yield* keys.create({ accountId: t.accountId, name: "used", scopes: ["read"] })
          const unused = yield* keys.create({ accountId: t.accountId, name: "unused", scopes: ["read"] })
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { key: used.secret })).status, 200)
          yield* keys.revoke(used.key.id)
          yield* keys.revoke(unused.key.id)
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { key: used.secret })).status, 200, "still trusted: the cache holds it for an hour here")
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { key: unused.secret })).status, 401)
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { key: used.secret.slice(0, -1) + (used.secret.endsWith("A") ? "B" : "A") })).status, 401, "a near miss is not a hit")
        })))

      it.effect("429 with Retry-After once a key's bucket is empty; other keys unaffected", () =>
        TestClock.withLive(Effect.gen(function*() {
          const t = yield* tenant(21)
          for (let i = 0; i < rateLimit.burst; i++) {
            assert.strictEqual((yield* call("GET", "/api/ai/alerts", { key: t.readKey })).status, 200, `request ${i + 1}`)
          }
          const limited = yield* call("GET", "/api/ai/alerts", { key: t.readKey })
          assert.strictEqual(limited.status, 429)
          assert.strictEqual(limited.body._tag, "RateLimited")
          // one token per 1000 s: the next one is 1000 s away (within a second of clock drift)
          const retryAfter = Number(limited.headers.get("retry-after"))
          assert.isAtLeast(retryAfter, 999)
          assert.isAtMost(retryAfter, 1000)
          assert.strictEqual(limited.body.retryAfterSeconds, retryAfter)
          assert.strictEqual((yield* call("GET", "/api/ai/alerts", { key: t.serviceKey })).status, 200)
        })))

      it.effect("extra routes are served beside the API; shutdown lets a request in flight finish, then closes the port", () =>
        TestClock.withLive(Effect.gen(function*() {
          const entered = yield* Deferred.make<void>()
          const gate = yield* Deferred.make<void>()
          const slow = HttpRouter.add(
            "GET",
            "/slow",
            Effect.gen(function*() {
              yield* Deferred.succeed(entered, undefined)
              yield* Deferred.await(gate)
              return HttpServerResponse.text("finished")
            })
          )
          const scope = yield* Scope.make()
          const context = yield* Layer.buildWithScope(Server.layerWith(slow, { port: 0 }), scope)
          const url = HttpServer.formatAddress(Context.get(context, HttpServer.HttpServer).address)
          const openapi = yield* Effect.promise(() => fetch(`${url}/api/openapi.json`).then((r) => r.status))
          assert.strictEqual(openapi, 200, "the API is served with the extra routes")
          const inFlight = yield* Effect.forkChild(Effect.promise(() => fetch(`${url}/slow`).then(async (r) => [r.status, await r.text()] as const)))
          yield* Deferred.await(entered)
          const closing = yield* Effect.forkChild(Scope.close(scope, Exit.void))
          yield* Deferred.succeed(gate, undefined)
          assert.deepStrictEqual(yield* Fiber.join(inFlight), [200, "finished"])
          yield* Fiber.join(closing)
          const after = yield* Effect.promise(() => fetch(`${url}/api/openapi.json`).then(() => "answered", () => "refused"))
          assert.strictEqual(after, "refused")
        })))

      it.effect("a port in use fails with PortInUse, naming the port", () =>
        TestClock.withLive(Effect.gen(function*() {
          const taken = Number(new URL(yield* baseUrl).port)
          const error = yield* Effect.flip(Effect.scoped(Layer.build(Server.layer({ port: taken }))))
          assert.strictEqual(error._tag, "PortInUse")
          assert.match(error.message, new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is in use`))
        })))

      it.effect("the six Promise functions and the typed client against the live server", () =>
        TestClock.withLive(Effect.gen(function*() {
          const t = yield* tenant(22)
          const storage = yield* Storage
          confidence.set(t.accountId, 0.4)
          assert.strictEqual((yield* call("POST", "/api/ai/cycles", { key: t.serviceKey, body: {} })).status, 200)
          yield* storage.insert(AiPerformanceScores, { account_id: t.accountId, metric_type: "roi", score_value: 12.5 })
          yield* storage.insert(AiAutomationRules, { account_id: t.accountId, rule_name: "r", rule_type: "x", trigger_conditions: {}, action_parameters: {} })
          const api = Client.makePromiseClient({ baseUrl: yield* baseUrl, apiKey: t.ownerKey })
          const result = yield* Effect.promise(async () => {
            const cycles = await api.fetchAICycles()
            const decisions = await api.fetchAIDecisions({ filters: { status: "pending" } })
            const scores = await api.fetchAIPerformanceScores({ filters: { metricType: "roi" } })
            const alerts = await api.fetchAIAlerts({ limit: 5 })
            const recommendations = await api.fetchAIRecommendations({ filters: { status: "pending" } })
            const status = await api.fetchAISystemStatus()
            return { cycles, decisions, scores, alerts, recommendations, status }
          })
          assert.strictEqual(result.cycles.length, 1)
          assert.strictEqual(result.cycles[0]!.account_id, t.accountId)
          assert.strictEqual(result.cycles[0]!.status, "completed")
          assert.instanceOf(result.cycles[0]!.created_at, Date, "rows decode into their model's types")
          assert.strictEqual(result.decisions.length, 1)
          assert.deepStrictEqual(result.scores.map((s) => s.score_value), [12.5])
          assert.isAtMost(result.alerts.length, 5)
          assert.strictEqual(result.recommendations.length, 1)
          assert.strictEqual(result.status.accountId, t.accountId)
          assert.strictEqual(result.status.recommendations.pending, 1)
          assert.deepStrictEqual(result.status.automationRules, { active: 1, total: 1 })

          // the typed client approves; the rejection of a failed call carries the API's error
          const approved = yield* Effect.promise(() =>
            api.run((client) => client.recommendations.approve({ params: { id: result.recommendations[0]!.id }, payload: {} }))
          )
          assert.strictEqual(approved.recommendation.status, "implemented")
          const refused = yield* Effect.promise(() =>
            api.run((client) => client.recommendations.approve({ params: { id: result.recommendations[0]!.id }, payload: {} })).then(
              () => undefined,
              (error: unknown) => error
            )
          )
          assert.strictEqual((refused as { _tag?: string })._tag, "Conflict")
          const stranger = Client.makePromiseClient({ baseUrl: yield* baseUrl, apiKey: "rm_000000000000_" + "A".repeat(43) })
          const unauthorized = yield* Effect.promise(() => stranger.fetchAISystemStatus().then(() => undefined, (error: unknown) => error))
          assert.strictEqual((unauthorized as { _tag?: string })._tag, "Unauthorized")
          yield* Effect.promise(() => Promise.all([api.dispose(), stranger.dispose()]))
        })))
    })
  })

suite("http server (PGlite)", pglite())
if (serverUrl !== undefined) suite("http server (server)", server(serverUrl))
