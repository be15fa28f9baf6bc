/**
 * The HTTP API over real HTTP on 127.0.0.1 (a free port), on PGlite (and on
 * a server when DATABASE_URL is set): authentication (401), scopes and roles
 * (403), another tenant's rows (404, never revealed), requests that do not
 * decode (400 naming the parameter; malformed query strings never answer a
 * 5xx), the size limit (413), every endpoint's happy path, the actions
 * (approve, reject, roll back, alert transitions, pause and resume) changing
 * the database, and pagination walking every row exactly once.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import * as Actor from "../../src/storage/Actor.ts"
import { Events } from "../../src/storage/schema/events/Events.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiCommunications } from "../../src/storage/schema/eventsAi/AiCommunications.ts"
import { AiWorkflowExecutions } from "../../src/storage/schema/eventsAi/AiWorkflowExecutions.ts"
import { AiWorkflows } from "../../src/storage/schema/eventsAi/AiWorkflows.ts"
import { AutomationRules as EventAutomationRules } from "../../src/storage/schema/eventsAi/AutomationRules.ts"
import { AiGeneratedContent } from "../../src/storage/schema/eventsAi/AiGeneratedContent.ts"
import { AiInsights } from "../../src/storage/schema/eventsAi/AiInsights.ts"
import { AiPerformanceMetrics } from "../../src/storage/schema/eventsAi/AiPerformanceMetrics.ts"
import { AiPredictions } from "../../src/storage/schema/eventsAi/AiPredictions.ts"
import { AiRecommendations as EventRecommendations } from "../../src/storage/schema/eventsAi/AiRecommendations.ts"
import { UserPreferences } from "../../src/storage/schema/eventsAi/UserPreferences.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { AiCampaignForecasts } from "../../src/storage/schema/marketingAi/AiCampaignForecasts.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiOptimizationHistory } from "../../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiPerformanceScores } from "../../src/storage/schema/marketingAi/AiPerformanceScores.ts"
import { AiRecommendations } from "../../src/storage/schema/marketingAi/AiRecommendations.ts"
import { AiSmartAlerts } from "../../src/storage/schema/marketingAi/AiSmartAlerts.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"
import { property } from "../support/property.ts"
import { baseUrl, call, confidence, httpWorld, tenant } from "./world.ts"

/** The paths seed 003 lists (its fifteen endpoints are these ten paths' GET and POST). */
const seedPaths = [
  "/api/ai/cycles",
  "/api/ai/decisions",
  "/api/ai/performance",
  "/api/ai/alerts",
  "/api/ai/recommendations",
  "/api/ai/learning-feedback",
  "/api/ai/forecasts",
  "/api/ai/automation-rules",
  "/api/ai/system-health",
  "/api/ai/system-status"
]

const listPaths = seedPaths.filter((p) => p !== "/api/ai/system-status").concat([
  "/api/ai/optimizations",
  "/api/events/agents",
  "/api/events/insights",
  "/api/events/predictions",
  "/api/events/recommendations",
  "/api/events/generated-content",
  "/api/events/communications",
  "/api/events/workflows",
  "/api/events/automation-rules"
])

/** One tenant with a pending recommendation (a cycle proposed below the confidence threshold). */
const withPending = (seed: number) =>
  Effect.gen(function*() {
    const t = yield* tenant(seed)
    confidence.set(t.accountId, 0.4)
    const started = yield* call("POST", "/api/ai/cycles", { key: t.serviceKey, body: { name: "nightly" } })
    assert.strictEqual(started.status, 200, JSON.stringify(started.body))
    assert.strictEqual(started.body.report.pending, 1, JSON.stringify(started.body))
    const pending = yield* call("GET", "/api/ai/recommendations?status=pending", { key: t.readKey })
    assert.strictEqual(pending.body.items.length, 1)
    return { t, recommendationId: pending.body.items[0].id as string }
  })

const suite = (name: string, database: ReturnType<typeof pglite>) =>
  describe(name, () => {
    // a limit no test reaches (the rate limit has its own suite in server.test.ts); keys checked on
    // every request, so a revocation shows at once (the cache is tested in server.test.ts)
    layer(httpWorld(database, { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 }, keyCacheMillis: 0 }), { timeout: "240 seconds" })((it) => {
      const live = (title: string, body: () => Effect.Effect<void, unknown, Storage | ApiKeys | Layer.Success<ReturnType<typeof httpWorld>>>) =>
        it.effect(title, () => TestClock.withLive(body()))

      live("401 without credentials, with a malformed, unknown or revoked key; both headers authenticate", () =>
        Effect.gen(function*() {
          const t = yield* tenant(1)
          const none = yield* call("GET", "/api/ai/cycles")
          assert.strictEqual(none.status, 401)
          assert.strictEqual(none.body._tag, "Unauthorized")
          assert.match(none.body.reason, /no credentials/)
          const malformed = yield* call("GET", "/api/ai/cycles", { key: "hunter2" })
          assert.strictEqual(malformed.status, 401)
          const forged = t.readKey.slice(0, -4) + (t.readKey.endsWith("AAAA") ? "BBBB" : "AAAA")
          const wrong = yield* call("GET", "/api/ai/cycles", { key: forged })
          assert.strictEqual(wrong.status, 401)
          assert.match(wrong.body.reason, /unknown key or wrong secret/)
          const badBearer = yield* call("GET", "/api/ai/cycles", { bearer: forged })
          assert.strictEqual(badBearer.status, 401)
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { key: t.readKey })).status, 200)
          assert.strictEqual((yield* call("GET", "/api/ai/cycles", { bearer: t.readKey })).status, 200)

          const keys = yield* ApiKeys
          const doomed = yield* keys.create({ accountId: t.accountId, name: "doomed", scopes: ["read"] })
          assert.strictEqual((yield* call("GET", "/api/ai/alerts", { key: doomed.secret })).status, 200)
          yield* keys.revoke(doomed.key.id)
          const revoked = yield* call("GET", "/api/ai/alerts", { key: doomed.secret })
          assert.strictEqual(revoked.status, 401)
          assert.match(revoked.body.reason, /revoked/)
          // only the hash is stored
          const row = (yield* keys.list(t.accountId)).find((k) => k.id === doomed.key.id)!
          assert.notInclude(JSON.stringify(row), doomed.secret.slice(16))
          assert.match(row.hash, /^[0-9a-f]{64}$/)
        }))

      live("403 for a missing scope, a member approving, a service key approving", () =>
        Effect.gen(function*() {
          const { t, recommendationId } = yield* withPending(2)
          const readOnly = yield* call("POST", "/api/ai/alerts", { key: t.readKey, body: { alertType: "x", title: "t" } })
          assert.strictEqual(readOnly.status, 403)
          assert.strictEqual(readOnly.body.scope, "write")
          const noApprove = yield* call("POST", `/api/ai/recommendations/${recommendationId}/approve`, { key: t.serviceKey, body: {} })
          assert.strictEqual(noApprove.status, 403)
          assert.strictEqual(noApprove.body.scope, "approve")
          const member = yield* call("POST", `/api/ai/recommendations/${recommendationId}/approve`, { key: t.memberKey, body: {} })
          assert.strictEqual(member.status, 403)
          assert.match(member.body.reason, /role "member" may not approve/)
          const keys = yield* ApiKeys
          const serviceApprover = yield* keys.create({ accountId: t.accountId, name: "bot", scopes: ["read", "approve"] })
          const bot = yield* call("POST", `/api/ai/recommendations/${recommendationId}/approve`, { key: serviceApprover.secret, body: {} })
          assert.strictEqual(bot.status, 403)
          assert.match(bot.body.reason, /only a person may approve/)
          const storage = yield* Storage
          assert.strictEqual((yield* storage.get(AiRecommendations, recommendationId)).status, "pending", "nothing was approved")
          // a personal key for a user outside the account cannot be made
          const stranger = yield* Effect.flip(keys.create({ accountId: t.accountId, userId: (yield* tenant(3)).ownerId, name: "x" }))
          assert.strictEqual(stranger._tag, "UserNotMember")
        }))

      live("approve via HTTP applies the change: recommendation implemented, decision and history recorded; then roll it back", () =>
        Effect.gen(function*() {
          const { t, recommendationId } = yield* withPending(4)
          const storage = yield* Storage
          const approved = yield* call("POST", `/api/ai/recommendations/${recommendationId}/approve`, { bearer: t.ownerKey, body: { note: "go" } })
          assert.strictEqual(approved.status, 200, JSON.stringify(approved.body))
          assert.strictEqual(approved.body.execution, "succeeded")
          assert.strictEqual(approved.body.recommendation.status, "implemented")
          const row = yield* storage.get(AiRecommendations, recommendationId)
          assert.strictEqual(row.status, "implemented")
          const history = (yield* storage.find(AiOptimizationHistory, { where: { decision_id: row.decision_id! } })).items
          assert.strictEqual(history.length, 1)
          const twice = yield* call("POST", `/api/ai/recommendations/${recommendationId}/approve`, { key: t.ownerKey, body: {} })
          assert.strictEqual(twice.status, 409)
          assert.strictEqual(twice.body._tag, "Conflict")

          const changes = yield* call("GET", "/api/ai/optimizations?rolledBack=false", { key: t.readKey })
          assert.deepStrictEqual(changes.body.items.map((c: { id: string }) => c.id), [history[0]!.id])
          const rolled = yield* call("POST", `/api/ai/optimizations/${history[0]!.id}/rollback`, { key: t.ownerKey })
          assert.strictEqual(rolled.status, 200, JSON.stringify(rolled.body))
          assert.strictEqual(rolled.body.change.id, history[0]!.id)
          assert.strictEqual((yield* storage.get(AiOptimizationHistory, history[0]!.id)).rolled_back_by, rolled.body.rollback.id)
          const again = yield* call("POST", `/api/ai/optimizations/${history[0]!.id}/rollback`, { key: t.ownerKey })
          assert.strictEqual(again.status, 409)
        }))

      live("reject via HTTP marks the recommendation rejected and the decision incorrect", () =>
        Effect.gen(function*() {
          const { t, recommendationId } = yield* withPending(5)
          const storage = yield* Storage
          const missingReason = yield* call("POST", `/api/ai/recommendations/${recommendationId}/reject`, { key: t.ownerKey, body: {} })
          assert.strictEqual(missingReason.status, 400)
          assert.strictEqual(missingReason.body.parameter, "body.reason")
          const rejected = yield* call("POST", `/api/ai/recommendations/${recommendationId}/reject`, { key: t.ownerKey, body: { reason: "over budget" } })
          assert.strictEqual(rejected.status, 200, JSON.stringify(rejected.body))
          const row = yield* storage.get(AiRecommendations, recommendationId)
          assert.strictEqual(row.status, "rejected")
          assert.strictEqual((yield* storage.get(AiDecisionLogs, row.decision_id!)).validation_status, "incorrect")
        }))

      live("another tenant's rows answer 404 and never appear in its lists", () =>
        Effect.gen(function*() {
          const { t: a, recommendationId } = yield* withPending(6)
          const b = yield* tenant(7)
          const storage = yield* Storage
          const alert = yield* call("POST", "/api/ai/alerts", { key: a.serviceKey, body: { alertType: "spend_spike", title: "Spend spike" } })
          assert.strictEqual(alert.status, 200)
          const rule = yield* storage.insert(AiAutomationRules, {
            account_id: a.accountId, rule_name: "cap", rule_type: "budget_cap", trigger_conditions: {}, action_parameters: {}
          })
          const history = (yield* storage.find(AiOptimizationHistory, { where: { account_id: a.accountId } })).items
          const targets = [
            ["POST", `/api/ai/recommendations/${recommendationId}/approve`, b.ownerKey, {}],
            ["POST", `/api/ai/recommendations/${recommendationId}/reject`, b.ownerKey, { reason: "no" }],
            ["POST", `/api/ai/alerts/${alert.body.id}/acknowledge`, b.serviceKey, undefined],
            ["POST", `/api/ai/alerts/${alert.body.id}/dismiss`, b.serviceKey, undefined],
            ["POST", `/api/ai/automation-rules/${rule.id}/pause`, b.serviceKey, undefined],
            ...history.map((h) => ["POST", `/api/ai/optimizations/${h.id}/rollback`, b.ownerKey, undefined] as const)
          ] as const
          for (const [method, path, key, body] of targets) {
            const answer = yield* call(method, path, { key, body })
            assert.strictEqual(answer.status, 404, `${path}: ${JSON.stringify(answer.body)}`)
            assert.strictEqual(answer.body._tag, "NotFound")
          }
          // and the same 404 as for an id that exists nowhere
          const nowhere = yield* call("POST", "/api/ai/alerts/00000000-0000-4000-8000-000000000000/acknowledge", { key: b.serviceKey })
          assert.strictEqual(nowhere.status, 404)
          assert.deepStrictEqual(Object.keys(nowhere.body).sort(), Object.keys((yield* call("POST", `/api/ai/alerts/${alert.body.id}/resolve`, { key: b.serviceKey })).body).sort())
          assert.strictEqual((yield* storage.get(AiRecommendations, recommendationId)).status, "pending")
          assert.strictEqual((yield* storage.get(AiSmartAlerts, alert.body.id)).status, "active")
          assert.strictEqual((yield* storage.get(AiAutomationRules, rule.id)).is_active, true)
          for (const path of listPaths) {
            const page = yield* call("GET", `${path}?limit=200`, { key: b.readKey })
            assert.strictEqual(page.status, 200, path)
            for (const item of page.body.items) assert.strictEqual(item.account_id, b.accountId, path)
          }
          const status = yield* call("GET", "/api/ai/system-status", { key: b.readKey })
          assert.strictEqual(status.body.accountId, b.accountId)
          assert.strictEqual(status.body.recommendations.pending, 0)
          assert.strictEqual(status.body.cycles.total, 0)
          // feedback on another tenant's decision is refused without saying it exists
          const decision = (yield* storage.find(AiDecisionLogs, { where: { account_id: a.accountId }, limit: 1 })).items[0]!
          const feedback = yield* call("POST", "/api/ai/learning-feedback", { key: b.serviceKey, body: { decisionId: decision.id, correct: true } })
          assert.strictEqual(feedback.status, 422)
          assert.match(feedback.body.rule, /no such decision in this account/)
        }))

      live("every endpoint's happy path", () =>
        Effect.gen(function*() {
          const t = yield* tenant(8)
          const storage = yield* Storage
          confidence.set(t.accountId, 0.95)
          const cycle = yield* call("POST", "/api/ai/cycles", { key: t.serviceKey, body: { type: "optimization", priority: 3 }, headers: { "idempotency-key": "run-1" } })
          assert.strictEqual(cycle.status, 200, JSON.stringify(cycle.body))
          assert.isTrue(cycle.body.created)
          assert.strictEqual(cycle.body.cycle.status, "completed")
          assert.strictEqual(cycle.body.report.applied, 1)
          const replay = yield* call("POST", "/api/ai/cycles", { key: t.ownerKey, body: {}, headers: { "idempotency-key": "run-1" } })
          assert.isFalse(replay.body.created)
          assert.strictEqual(replay.body.cycle.id, cycle.body.cycle.id)
          const cycles = yield* call("GET", "/api/ai/cycles?status=completed&type=optimization", { key: t.readKey })
          assert.deepStrictEqual(cycles.body.items.map((c: { id: string }) => c.id), [cycle.body.cycle.id])
          // a person starts one too; the trigger names them
          const personal = yield* call("POST", "/api/ai/cycles", { key: t.ownerKey, body: { type: "analysis" } })
          assert.strictEqual(personal.status, 200, JSON.stringify(personal.body))
          assert.strictEqual(personal.body.cycle.status, "completed", JSON.stringify(personal.body))
          assert.strictEqual(personal.body.cycle.trigger_event, `api:user:${t.ownerId}`)

          const decisions = yield* call("GET", `/api/ai/decisions?cycleId=${cycle.body.cycle.id}`, { key: t.readKey })
          assert.strictEqual(decisions.body.items.length, 1)
          const recorded = yield* call("POST", "/api/ai/decisions", {
            key: t.ownerKey,
            body: { decisionType: "manual_pause", rationale: "event is over", confidence: 80, cycleId: cycle.body.cycle.id }
          })
          assert.strictEqual(recorded.status, 200, JSON.stringify(recorded.body))
          assert.strictEqual(recorded.body.validation_status, "pending")
          assert.strictEqual((yield* storage.get(AiDecisionLogs, recorded.body.id)).decision_rationale, "event is over")

          yield* storage.insert(AiPerformanceScores, { account_id: t.accountId, metric_type: "accuracy", score_value: 81.5, measurement_period: "daily", trend_direction: "improving" })
          const scores = yield* call("GET", "/api/ai/performance?metricType=accuracy&period=daily", { key: t.readKey })
          assert.deepStrictEqual(scores.body.items.map((s: { score_value: number }) => s.score_value), [81.5])

          const raised = yield* call("POST", "/api/ai/alerts", { key: t.serviceKey, body: { alertType: "cpa_rise", severity: "high", title: "CPA up 40%" } })
          assert.strictEqual(raised.status, 200, JSON.stringify(raised.body))
          const alerts = yield* call("GET", "/api/ai/alerts?severity=high&status=active", { key: t.readKey })
          assert.include(alerts.body.items.map((a: { id: string }) => a.id), raised.body.id)
          const acked = yield* call("POST", `/api/ai/alerts/${raised.body.id}/acknowledge`, { key: t.serviceKey })
          assert.strictEqual(acked.body.status, "acknowledged")
          const resolved = yield* call("POST", `/api/ai/alerts/${raised.body.id}/resolve`, { key: t.serviceKey })
          assert.strictEqual(resolved.body.status, "resolved")
          assert.strictEqual((yield* storage.get(AiSmartAlerts, raised.body.id)).status, "resolved")
          const reopen = yield* call("POST", `/api/ai/alerts/${raised.body.id}/acknowledge`, { key: t.serviceKey })
          assert.strictEqual(reopen.status, 409)
          assert.strictEqual(reopen.body.rule, "alert lifecycle")
          const other = yield* call("POST", "/api/ai/alerts", { key: t.serviceKey, body: { alertType: "noise", title: "Noise" } })
          assert.strictEqual((yield* call("POST", `/api/ai/alerts/${other.body.id}/dismiss`, { key: t.serviceKey })).body.status, "dismissed")

          const proposed = yield* call("POST", "/api/ai/recommendations", {
            key: t.serviceKey,
            body: { recommendationType: "audience_expansion", targetEntityType: "audience", recommendedChanges: { add: ["lookalike"] }, confidence: 7 }
          })
          assert.strictEqual(proposed.status, 200, JSON.stringify(proposed.body))
          const recs = yield* call("GET", "/api/ai/recommendations?type=audience_expansion", { key: t.readKey })
          assert.deepStrictEqual(recs.body.items.map((r: { id: string }) => r.id), [proposed.body.id])

          const feedback = yield* call("POST", "/api/ai/learning-feedback", { key: t.ownerKey, body: { decisionId: recorded.body.id, correct: false, note: "too early" } })
          assert.strictEqual(feedback.status, 200, JSON.stringify(feedback.body))
          assert.deepStrictEqual(feedback.body.feedback_value.correct, false)
          const feedbacks = yield* call("GET", `/api/ai/learning-feedback?decisionId=${recorded.body.id}`, { key: t.readKey })
          assert.deepStrictEqual(feedbacks.body.items.map((f: { id: string }) => f.id), [feedback.body.id])

          yield* storage.insert(AiCampaignForecasts, { account_id: t.accountId, forecast_type: "spend", predicted_metrics: { spend: 100 } })
          const forecasts = yield* call("GET", "/api/ai/forecasts?type=spend&scored=false", { key: t.readKey })
          assert.strictEqual(forecasts.body.items.length, 1)

          const rule = yield* storage.insert(AiAutomationRules, {
            account_id: t.accountId, rule_name: "pause waste", rule_type: "pause", trigger_conditions: {}, action_parameters: {}, execution_frequency: "daily"
          })
          const paused = yield* call("POST", `/api/ai/automation-rules/${rule.id}/pause`, { key: t.serviceKey })
          assert.strictEqual(paused.body.is_active, false)
          assert.strictEqual((yield* storage.get(AiAutomationRules, rule.id)).is_active, false)
          const inactive = yield* call("GET", "/api/ai/automation-rules?active=false", { key: t.readKey })
          assert.deepStrictEqual(inactive.body.items.map((r: { id: string }) => r.id), [rule.id])
          const resumed = yield* call("POST", `/api/ai/automation-rules/${rule.id}/resume`, { key: t.serviceKey })
          assert.strictEqual(resumed.body.is_active, true)

          const health = yield* call("GET", "/api/ai/system-health", { key: t.readKey })
          assert.strictEqual(health.status, 200)
          assert.include(health.body.items.map((h: { component_name: string }) => h.component_name), "decision-cycles")
          const status = yield* call("GET", "/api/ai/system-status", { key: t.readKey })
          assert.strictEqual(status.status, 200)
          assert.strictEqual(status.body.cycles.total, 2)
          assert.strictEqual(status.body.decisions.total, yield* storage.count(AiDecisionLogs, { account_id: t.accountId }))
          // the cycle's own scan may raise alerts; ours are resolved or dismissed
          assert.strictEqual(status.body.alerts.active, yield* storage.count(AiSmartAlerts, { account_id: t.accountId, status: "active" }))
          assert.strictEqual(status.body.recommendations.pending, 1)
          assert.deepStrictEqual(status.body.automationRules, { active: 1, total: 1 })
          assert.strictEqual(status.body.health, "healthy")
        }))

      live("400 names the parameter; 413 for a body over the limit; malformed query strings never answer a 5xx", () =>
        Effect.gen(function*() {
          const t = yield* tenant(9)
          const cases = [
            ["GET", "/api/ai/cycles?limit=abc", undefined, "query.limit"],
            ["GET", "/api/ai/cycles?limit=0", undefined, "query.limit"],
            ["GET", "/api/ai/cycles?limit=201", undefined, "query.limit"],
            ["GET", "/api/ai/alerts?status=bogus", undefined, "query.status"],
            ["GET", "/api/ai/decisions?since=yesterday", undefined, "query.since"],
            ["GET", "/api/ai/decisions?cycleId=42", undefined, "query.cycleId"],
            ["GET", "/api/ai/decisions?cursor=%21%21", undefined, "query.cursor"],
            ["POST", "/api/ai/alerts/not-a-uuid/acknowledge", undefined, "path.id"],
            ["POST", "/api/ai/decisions", { rationale: "r", confidence: 50 }, "body.decisionType"],
            ["POST", "/api/ai/decisions", { decisionType: "x", rationale: "r", confidence: 150 }, "body.confidence"]
          ] as const
          for (const [method, path, body, parameter] of cases) {
            const answer = yield* call(method, path, { key: t.ownerKey, body })
            assert.strictEqual(answer.status, 400, `${path}: ${JSON.stringify(answer.body)}`)
            assert.strictEqual(answer.body.parameter, parameter, `${path}: ${JSON.stringify(answer.body)}`)
            assert.isString(answer.body.rule)
          }
          const notJson = yield* call("POST", "/api/ai/alerts", { key: t.ownerKey, raw: "{not json" })
          assert.strictEqual(notJson.status, 400, JSON.stringify(notJson.body))
          assert.strictEqual(notJson.body.parameter, "body")
          for (const [method, path] of [["GET", "/api/ai/nope"], ["GET", "/api/ai/cycles/extra/segments"]] as const) {
            const unknown = yield* call(method, path, { key: t.ownerKey })
            assert.strictEqual(unknown.status, 404)
            assert.deepStrictEqual(unknown.body, { _tag: "NotFound", resource: "route", id: `${method} ${path}` })
          }
          // a path of the API with a method it does not take: 405 naming the methods it takes
          const wrongMethod = yield* call("DELETE", "/api/ai/cycles", { key: t.ownerKey })
          assert.strictEqual(wrongMethod.status, 405)
          assert.deepStrictEqual(wrongMethod.body, { _tag: "MethodNotAllowed", method: "DELETE", path: "/api/ai/cycles", allowed: ["GET", "POST"] })
          assert.strictEqual(wrongMethod.headers.get("allow"), "GET, POST")
          const wrongOnParam = yield* call("DELETE", "/api/ai/alerts/00000000-0000-4000-8000-000000000000/acknowledge", { key: t.ownerKey })
          assert.strictEqual(wrongOnParam.status, 405, JSON.stringify(wrongOnParam.body))
          const big = yield* call("POST", "/api/ai/alerts", { key: t.ownerKey, raw: JSON.stringify({ alertType: "x", title: "t", description: "x".repeat(1_100_000) }) })
          assert.strictEqual(big.status, 413)
          assert.strictEqual(big.body._tag, "PayloadTooLarge")
          assert.strictEqual(big.body.limitBytes, 1024 * 1024)
          // sent without a Content-Length (chunked): refused once the body grows past the limit
          const base = yield* baseUrl
          const chunked = yield* Effect.promise(async () => {
            const chunk = new TextEncoder().encode("x".repeat(64 * 1024))
            let sent = 0
            const body = new ReadableStream<Uint8Array>({
              pull(controller) {
                if (sent >= 2 * 1024 * 1024) return controller.close()
                sent += chunk.length
                controller.enqueue(chunk)
              }
            })
            const response = await fetch(`${base}/api/ai/alerts`, {
              method: "POST",
              headers: { "x-api-key": t.ownerKey, "content-type": "application/json" },
              body,
              duplex: "half"
            } as RequestInit)
            return { status: response.status, body: (await response.json().catch(() => undefined)) as { readonly _tag?: string } | undefined }
          })
          assert.strictEqual(chunked.status, 413, JSON.stringify(chunked.body))
          assert.strictEqual(chunked.body?._tag, "PayloadTooLarge")

          const parameter = fc.constantFrom("limit", "cursor", "order", "since", "until", "status", "type", "severity", "cycleId", "decisionId", "active", "scored", "rolledBack")
          const value = fc.oneof(
            fc.string(),
            fc.constantFrom("-1", "1e999", "NaN", "0x10", "%", "%zz", "null", "[]", "{}", "2026-13-45T99:99:99Z", "desc", "true", "../..", "\u0000"),
            fc.integer().map(String)
          )
          yield* property(
            fc.tuple(fc.constantFrom(...listPaths), fc.array(fc.tuple(parameter, value), { maxLength: 4 })),
            ([path, pairs]) =>
              Effect.gen(function*() {
                const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")
                const answer = yield* call("GET", `${path}?${query}`, { key: t.readKey })
                assert.isBelow(answer.status, 500, `${path}?${query}: ${JSON.stringify(answer.body)}`)
                if (answer.status === 400) assert.isString(answer.body.parameter, `${path}?${query}`)
                else assert.strictEqual(answer.status, 200, `${path}?${query}: ${JSON.stringify(answer.body)}`)
              }),
            { numRuns: 150, seed: 11 }
          )
        }))

      live("pagination walks every row exactly once, in either order, ties broken by id; a cursor is bound to its listing", () =>
        Effect.gen(function*() {
          const t = yield* tenant(10)
          const storage = yield* Storage
          // 57 decisions over 5 distinct instants: most share their created_at with others
          const ids = new Set<string>()
          for (let i = 0; i < 57; i++) {
            const row = yield* storage.insert(AiDecisionLogs, {
              account_id: t.accountId,
              decision_type: i % 2 === 0 ? "even" : "odd",
              decision_rationale: `row ${i}`,
              confidence_score: 50,
              created_at: new Date(Date.UTC(2026, 0, 1 + (i % 5)))
            })
            ids.add(row.id)
          }
          for (const order of ["asc", "desc"] as const) {
            const seen: Array<{ id: string; created_at: string }> = []
            let cursor: string | null = null
            let pages = 0
            do {
              const path: string = `/api/ai/decisions?limit=10&order=${order}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`
              const page = yield* call("GET", path, { key: t.readKey })
              assert.strictEqual(page.status, 200, JSON.stringify(page.body))
              seen.push(...page.body.items)
              cursor = page.body.nextCursor
              pages += 1
            } while (cursor !== null && pages < 20)
            assert.strictEqual(seen.length, 57)
            assert.deepStrictEqual(new Set(seen.map((r) => r.id)), ids)
            // by created_at in the order asked, then by id ascending (storage appends the primary key, ascending)
            const sorted = [...seen].sort((a, b) =>
              a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : (order === "asc" ? 1 : -1) * (a.created_at < b.created_at ? -1 : 1)
            )
            assert.deepStrictEqual(seen.map((r) => r.id), sorted.map((r) => r.id))
          }
          const evens = yield* call("GET", "/api/ai/decisions?type=even&limit=5", { key: t.readKey })
          assert.strictEqual(evens.body.items.length, 5)
          const replayed = yield* call("GET", `/api/ai/decisions?type=odd&limit=5&cursor=${encodeURIComponent(evens.body.nextCursor)}`, { key: t.readKey })
          assert.strictEqual(replayed.status, 400)
          assert.strictEqual(replayed.body.parameter, "query.cursor")
          const window = yield* call("GET", "/api/ai/decisions?since=2026-01-02T00:00:00Z&until=2026-01-04T00:00:00Z&limit=200", { key: t.readKey })
          assert.strictEqual(window.body.items.length, 23) // days 2 and 3: i % 5 in {1, 2}: 12 + 11
        }))

      live("the event side: agents and their run metrics, insights, predictions, recommendations, generated content and its approval, communications, workflows and executions, automation rules with pause and resume, preferences, each of the key's account only", () =>
        Effect.gen(function*() {
          const a = yield* tenant(11)
          const b = yield* tenant(12)
          const storage = yield* Storage
          const seed = (accountId: string, userId: string, n: number) =>
            Effect.gen(function*() {
              const event = yield* storage.insert(Events, {
                account_id: accountId, name: `Summit ${n}`, slug: `summit-${n}`,
                starts_at: new Date(Date.UTC(2026, 5, 1)), ends_at: new Date(Date.UTC(2026, 5, 2))
              })
              const agent = yield* storage.insert(AiAgents, { account_id: accountId, name: `matcher ${n}`, type: "networking", version: "1" })
              yield* storage.insert(AiPerformanceMetrics, {
                agent_id: agent.id, metric_category: "latency", metric_name: "run_latency_ms", metric_value: 12.5, measurement_timestamp: new Date(Date.UTC(2026, 5, 1))
              })
              const insight = yield* storage.insert(AiInsights, {
                event_id: event.id, insight_type: "networking_success", insight_title: "t", insight_description: "d", insight_data: {}, confidence_score: 0.8, impact_score: 0.5
              })
              const prediction = yield* storage.insert(AiPredictions, {
                event_id: event.id, prediction_type: "attendance", predicted_value: 420, confidence_interval: { lower: 400, upper: 440 },
                prediction_horizon: 30, model_version: "v1", input_features: {}, expires_at: new Date(Date.UTC(2026, 6, 1))
              })
              const recommendation = yield* storage.insert(EventRecommendations, {
                user_id: userId, event_id: event.id, recommendation_type: "session", recommended_item_id: event.id, recommended_item_type: "session", confidence_score: 0.7
              })
              const preference = yield* storage.insert(UserPreferences, { user_id: userId, preference_type: "topics", preference_value: ["ai"] })
              // as an agent of the account writes it (row-level security keeps a row to the account that wrote it)
              const content = yield* storage.insert(AiGeneratedContent, {
                content_type: "social_post", source_event_id: event.id, title: "See you there", content: "Summit opens at 9."
              }).pipe(Actor.withActor(new Actor.Service({ name: "content-agent", accountId })))
              const asAgent = Actor.withActor(new Actor.Service({ name: "event-agent", accountId }))
              const communication = yield* storage.insert(AiCommunications, {
                communication_type: "email", recipient_id: userId, recipient_type: "user", subject: "Welcome", content: "Hello"
              }).pipe(asAgent)
              const workflow = yield* storage.insert(AiWorkflows, { name: `follow-up ${n}`, workflow_type: "content_generation", status: "active" }).pipe(asAgent)
              const execution = yield* storage.insert(AiWorkflowExecutions, {
                workflow_id: workflow.id, event_id: event.id, status: "completed", started_at: new Date(Date.UTC(2026, 5, 1))
              }).pipe(asAgent)
              const rule = yield* storage.insert(EventAutomationRules, {
                rule_name: `reminder ${n}`, rule_type: "trigger", trigger_conditions: {}, action_definitions: {}
              }).pipe(asAgent)
              return { event, agent, insight, prediction, recommendation, preference, content, communication, workflow, execution, rule }
            })
          const mine = yield* seed(a.accountId, a.ownerId, 11)
          const theirs = yield* seed(b.accountId, b.ownerId, 12)
          const ids = (answer: { body: { items: ReadonlyArray<{ id: string }> } }) => answer.body.items.map((r) => r.id)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/agents?type=networking", { key: a.readKey })), [mine.agent.id])
          const metrics = yield* call("GET", `/api/events/agents/${mine.agent.id}/metrics?category=latency`, { key: a.readKey })
          assert.deepStrictEqual(metrics.body.items.map((m: { metric_value: number }) => m.metric_value), [12.5])
          assert.strictEqual((yield* call("GET", `/api/events/agents/${theirs.agent.id}/metrics`, { key: a.readKey })).status, 404)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/insights", { key: a.readKey })), [mine.insight.id])
          assert.deepStrictEqual(ids(yield* call("GET", `/api/events/insights?eventId=${theirs.event.id}`, { key: a.readKey })), [])
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/predictions?type=attendance", { key: a.readKey })), [mine.prediction.id])
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/recommendations?accepted=unanswered", { key: a.readKey })), [mine.recommendation.id])
          assert.deepStrictEqual(ids(yield* call("GET", `/api/events/recommendations?eventId=${mine.event.id}&accepted=true`, { key: a.readKey })), [])
          // preferences are personal: the owner's own key reads them (row-level security shows them to their user)
          assert.deepStrictEqual(ids(yield* call("GET", `/api/events/user-preferences?userId=${a.ownerId}`, { key: a.ownerKey })), [mine.preference.id])
          const stranger = yield* call("GET", `/api/events/user-preferences?userId=${b.ownerId}`, { key: a.readKey })
          assert.strictEqual(stranger.status, 404)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/generated-content?approved=false&type=social_post", { key: a.readKey })), [mine.content.id])
          const approvePath = `/api/events/generated-content/${mine.content.id}/approve`
          assert.strictEqual((yield* call("POST", approvePath, { key: a.serviceKey })).status, 403, "no approve scope")
          assert.strictEqual((yield* call("POST", approvePath, { key: a.memberKey })).status, 403, "a member may not approve")
          assert.strictEqual((yield* call("POST", approvePath, { key: b.ownerKey })).status, 404, "another account's content")
          const approved = yield* call("POST", approvePath, { key: a.ownerKey })
          assert.strictEqual(approved.status, 200, JSON.stringify(approved.body))
          const row = yield* storage.get(AiGeneratedContent, mine.content.id)
          assert.strictEqual(row.is_approved, true)
          assert.strictEqual(row.approved_by, a.ownerId)
          assert.isNotNull(row.approved_at)
          assert.strictEqual((yield* call("POST", approvePath, { key: a.ownerKey })).status, 409)
          assert.strictEqual((yield* storage.get(AiGeneratedContent, theirs.content.id)).is_approved, false)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/communications?type=email&status=pending", { key: a.readKey })), [mine.communication.id])
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/workflows?status=active", { key: a.readKey })), [mine.workflow.id])
          assert.deepStrictEqual(ids(yield* call("GET", `/api/events/workflows/${mine.workflow.id}/executions`, { key: a.readKey })), [mine.execution.id])
          assert.strictEqual((yield* call("GET", `/api/events/workflows/${theirs.workflow.id}/executions`, { key: a.readKey })).status, 404)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/automation-rules?active=true", { key: a.readKey })), [mine.rule.id])
          assert.strictEqual((yield* call("POST", `/api/events/automation-rules/${theirs.rule.id}/pause`, { key: a.serviceKey })).status, 404)
          const paused = yield* call("POST", `/api/events/automation-rules/${mine.rule.id}/pause`, { key: a.serviceKey })
          assert.strictEqual(paused.status, 200, JSON.stringify(paused.body))
          assert.strictEqual((yield* storage.get(EventAutomationRules, mine.rule.id)).is_active, false)
          assert.deepStrictEqual(ids(yield* call("GET", "/api/events/automation-rules?active=true", { key: a.readKey })), [])
          assert.strictEqual((yield* call("POST", `/api/events/automation-rules/${mine.rule.id}/resume`, { key: a.serviceKey })).body.is_active, true)
          assert.strictEqual((yield* storage.get(EventAutomationRules, theirs.rule.id)).is_active, true)
          const missing = yield* call("GET", "/api/events/user-preferences", { key: a.readKey })
          assert.strictEqual(missing.status, 400)
          assert.strictEqual(missing.body.parameter, "query.userId")
        }))

      live("the OpenAPI document lists seed 003's paths; the docs page loads no script from elsewhere", () =>
        Effect.gen(function*() {
          const openapi = yield* call("GET", "/api/openapi.json")
          assert.strictEqual(openapi.status, 200)
          for (const path of seedPaths) assert.property(openapi.body.paths, path)
          for (const path of seedPaths.filter((p) => !["/api/ai/performance", "/api/ai/forecasts", "/api/ai/automation-rules", "/api/ai/system-health", "/api/ai/system-status"].includes(p))) {
            assert.property(openapi.body.paths[path], "get", path)
            assert.property(openapi.body.paths[path], "post", path)
          }
          const docs = yield* call("GET", "/api/docs")
          assert.strictEqual(docs.status, 200)
          assert.match(docs.body, /<html/i)
          assert.notMatch(docs.body, /<script[^>]+src="https?:/i)
        }))
    })
  })

suite("http api (PGlite)", pglite())
if (serverUrl !== undefined) suite("http api (server)", server(serverUrl))
