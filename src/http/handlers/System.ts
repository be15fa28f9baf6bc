/**
 * Handlers of `/api/ai/system-health` and `/api/ai/system-status`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AiAutomationRules } from "../../storage/schema/marketingAi/AiAutomationRules.ts"
import { AiDecisionLogs } from "../../storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiRecommendations } from "../../storage/schema/marketingAi/AiRecommendations.ts"
import { AiSmartAlerts } from "../../storage/schema/marketingAi/AiSmartAlerts.ts"
import { AiSystemHealth } from "../../storage/schema/marketingAi/AiSystemHealth.ts"
import { MasterAiCycles } from "../../storage/schema/marketingAi/MasterAiCycles.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, storageErrors } from "../internal/respond.ts"

const severity = { healthy: 0, warning: 1, critical: 2, offline: 3 } as const

const iso = (date: Date | null) => date === null ? null : date.toISOString()

/**
 * The system handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "system",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    return handlers
      .handle("health", ({ query }) =>
        list(storage, AiSystemHealth, query, defined({ component_name: query.component, health_status: query.status })))
      .handle("status", () =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const account_id = principal.accountId
          // the latest check of each component: newest first, first seen wins
          const checks = (yield* storage.find(AiSystemHealth, {
            where: { account_id },
            orderBy: [{ column: "last_heartbeat", direction: "desc" }],
            limit: 500
          })).items
          const latest = new Map<string, typeof checks[number]>()
          for (const check of checks) if (!latest.has(check.component_name)) latest.set(check.component_name, check)
          const components = [...latest.values()].sort((a, b) => a.component_name.localeCompare(b.component_name))
          const worst = components.reduce<keyof typeof severity | undefined>(
            (acc, c) => acc === undefined || severity[c.health_status] > severity[acc] ? c.health_status : acc,
            undefined
          )
          const last = (yield* storage.find(MasterAiCycles, {
            where: { account_id },
            orderBy: [{ column: "created_at", direction: "desc" }],
            limit: 1
          })).items[0]
          const count = Effect.all({
            cycles: storage.count(MasterAiCycles, { account_id }),
            running: storage.count(MasterAiCycles, { account_id, status: "running" }),
            failed: storage.count(MasterAiCycles, { account_id, status: "failed" }),
            decisions: storage.count(AiDecisionLogs, { account_id }),
            pending: storage.count(AiDecisionLogs, { account_id, validation_status: "pending" }),
            validated: storage.count(AiDecisionLogs, { account_id, validation_status: "validated" }),
            incorrect: storage.count(AiDecisionLogs, { account_id, validation_status: "incorrect" }),
            activeAlerts: storage.count(AiSmartAlerts, { account_id, status: "active" }),
            criticalAlerts: storage.count(AiSmartAlerts, { account_id, status: "active", severity: "critical" }),
            pendingRecommendations: storage.count(AiRecommendations, { account_id, status: "pending" }),
            activeRules: storage.count(AiAutomationRules, { account_id, is_active: true }),
            rules: storage.count(AiAutomationRules, { account_id })
          })
          const n = yield* count
          const now = yield* Clock.currentTimeMillis
          return {
            accountId: account_id,
            generatedAt: new Date(now).toISOString(),
            health: worst ?? "unknown",
            components: components.map((c) => ({
              component: c.component_name,
              status: c.health_status,
              lastHeartbeat: iso(c.last_heartbeat),
              uptimePercentage: c.uptime_percentage
            })),
            cycles: {
              total: n.cycles,
              running: n.running,
              failed: n.failed,
              last: last === undefined ? null : {
                id: last.id,
                name: last.cycle_name,
                status: last.status,
                startedAt: iso(last.start_time),
                endedAt: iso(last.end_time)
              }
            },
            decisions: { total: n.decisions, pending: n.pending, validated: n.validated, incorrect: n.incorrect },
            alerts: { active: n.activeAlerts, critical: n.criticalAlerts },
            recommendations: { pending: n.pendingRecommendations },
            automationRules: { active: n.activeRules, total: n.rules }
          }
        })))
  })
)
