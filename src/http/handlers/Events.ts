/**
 * Handlers of `/api/events/*`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AccountUsers } from "../../storage/schema/core/AccountUsers.ts"
import { Events } from "../../storage/schema/events/Events.ts"
import { AiAgents } from "../../storage/schema/eventsAi/AiAgents.ts"
import { AiCommunications } from "../../storage/schema/eventsAi/AiCommunications.ts"
import { AiWorkflowExecutions } from "../../storage/schema/eventsAi/AiWorkflowExecutions.ts"
import { AiWorkflows } from "../../storage/schema/eventsAi/AiWorkflows.ts"
import { AutomationRules } from "../../storage/schema/eventsAi/AutomationRules.ts"
import { AiGeneratedContent } from "../../storage/schema/eventsAi/AiGeneratedContent.ts"
import { AiInsights } from "../../storage/schema/eventsAi/AiInsights.ts"
import { AiPerformanceMetrics } from "../../storage/schema/eventsAi/AiPerformanceMetrics.ts"
import { AiPredictions } from "../../storage/schema/eventsAi/AiPredictions.ts"
import { AiRecommendations } from "../../storage/schema/eventsAi/AiRecommendations.ts"
import { UserPreferences } from "../../storage/schema/eventsAi/UserPreferences.ts"
import type { StorageShape } from "../../storage/Storage.ts"
import { Storage } from "../../storage/Storage.ts"
import { Api } from "../Api.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defined, list, owned, storageErrors } from "../internal/respond.ts"

/**
 * The `event_id` condition that keeps rows to the account's events: one
 * event when `eventId` is the account's, none when it is not.
 */
const eventScope = (storage: StorageShape, eventId: string | undefined) =>
  storageErrors(Effect.gen(function*() {
    const principal = yield* CurrentPrincipal
    const events = (yield* storage.find(Events, { where: { account_id: principal.accountId } })).items.map((e) => e.id)
    const ids = eventId === undefined ? events : events.filter((id) => id === eventId)
    return { in: ids }
  }))

/**
 * The events handlers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = HttpApiBuilder.group(
  Api,
  "events",
  Effect.fn(function*(handlers) {
    const storage = yield* Storage
    const setRuleActive = (id: string, active: boolean) =>
      storageErrors(Effect.gen(function*() {
        yield* owned(storage, AutomationRules, id, "automation rule")
        const at = yield* Clock.currentTimeMillis
        return yield* storage.update(AutomationRules, id, { is_active: active, updated_at: new Date(at) })
      }))
    return handlers
      .handle("agents", ({ query }) => list(storage, AiAgents, query, defined({ status: query.status, type: query.type })))
      .handle("agentMetrics", ({ params, query }) =>
        Effect.gen(function*() {
          yield* owned(storage, AiAgents, params.id, "agent")
          return yield* list(
            storage,
            AiPerformanceMetrics,
            query,
            defined({ agent_id: params.id, metric_category: query.category, metric_name: query.name }),
            "none"
          )
        }))
      .handle("insights", ({ query }) =>
        Effect.gen(function*() {
          const event_id = yield* eventScope(storage, query.eventId)
          return yield* list(storage, AiInsights, query, defined({
            event_id,
            insight_type: query.type,
            is_implemented: query.implemented === undefined ? undefined : query.implemented === "true"
          }), "none")
        }))
      .handle("predictions", ({ query }) =>
        Effect.gen(function*() {
          const event_id = yield* eventScope(storage, query.eventId)
          return yield* list(storage, AiPredictions, query, defined({ event_id, prediction_type: query.type }), "none")
        }))
      .handle("recommendations", ({ query }) =>
        Effect.gen(function*() {
          const event_id = yield* eventScope(storage, query.eventId)
          return yield* list(storage, AiRecommendations, query, defined({
            event_id,
            user_id: query.userId,
            recommendation_type: query.type,
            is_accepted: query.accepted === undefined ? undefined : query.accepted === "unanswered" ? null : query.accepted === "true"
          }), "none")
        }))
      .handle("generatedContent", ({ query }) =>
        list(storage, AiGeneratedContent, query, defined({
          source_event_id: query.eventId,
          content_type: query.type,
          is_approved: query.approved === undefined ? undefined : query.approved === "true"
        })))
      .handle("approveContent", ({ params }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const content = yield* owned(storage, AiGeneratedContent, params.id, "generated content")
          if (principal.userId === null) {
            return yield* new ApiError.Forbidden({ reason: "only a person may approve content: use a key created for a user (--user)" })
          }
          if (content.is_approved === true) {
            return yield* new ApiError.Conflict({ rule: "content already approved", reason: `approved by ${content.approved_by ?? "unknown"}` })
          }
          const at = yield* Clock.currentTimeMillis
          return yield* storage.update(AiGeneratedContent, params.id, {
            is_approved: true,
            approved_by: principal.userId,
            approved_at: new Date(at)
          })
        })))
      .handle("communications", ({ query }) =>
        list(storage, AiCommunications, query, defined({
          communication_type: query.type,
          delivery_status: query.status,
          recipient_type: query.recipientType,
          recipient_id: query.recipientId
        })))
      .handle("workflows", ({ query }) => list(storage, AiWorkflows, query, defined({ workflow_type: query.type, status: query.status })))
      .handle("workflowExecutions", ({ params, query }) =>
        Effect.gen(function*() {
          yield* owned(storage, AiWorkflows, params.id, "workflow")
          return yield* list(storage, AiWorkflowExecutions, query, defined({ workflow_id: params.id, status: query.status }), "none")
        }))
      .handle("automationRules", ({ query }) =>
        list(storage, AutomationRules, query, defined({
          rule_type: query.type,
          is_active: query.active === undefined ? undefined : query.active === "true"
        })))
      .handle("pauseRule", ({ params }) => setRuleActive(params.id, false))
      .handle("resumeRule", ({ params }) => setRuleActive(params.id, true))
      .handle("userPreferences", ({ query }) =>
        Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const members = yield* storageErrors(storage.count(AccountUsers, { account_id: principal.accountId, user_id: query.userId }))
          // a user outside the account is as unknown as one that does not exist
          if (members === 0) return yield* new ApiError.NotFound({ resource: "user", id: query.userId })
          return yield* list(storage, UserPreferences, query, defined({ user_id: query.userId, preference_type: query.type }), "none")
        }))
  })
)
