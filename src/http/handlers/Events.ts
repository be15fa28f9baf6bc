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
        Effect.gen(function*() {
          const source_event_id = yield* eventScope(storage, query.eventId)
          return yield* list(storage, AiGeneratedContent, query, defined({
            source_event_id,
            content_type: query.type,
            is_approved: query.approved === undefined ? undefined : query.approved === "true"
          }), "none")
        }))
      .handle("approveContent", ({ params }) =>
        storageErrors(Effect.gen(function*() {
          const principal = yield* CurrentPrincipal
          const content = yield* storage.get(AiGeneratedContent, params.id).pipe(
            Effect.catchTag("NotFound", () => Effect.fail(new ApiError.NotFound({ resource: "generated content", id: params.id })))
          )
          const events = yield* eventScope(storage, content.source_event_id ?? undefined)
          if (content.source_event_id === null || events.in.length === 0) {
            return yield* new ApiError.NotFound({ resource: "generated content", id: params.id })
          }
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
