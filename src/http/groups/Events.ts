/**
 * The event side: the account's agents and the metrics of their runs, what
 * they produced for the account's events (insights, predictions,
 * recommendations to attendees, generated content, which a person approves
 * for use), and the preferences of the account's members.
 *
 * | method | path | |
 * |---|---|---|
 * | GET | `/api/events/agents` | agents (`ai_agents`) |
 * | GET | `/api/events/agents/:id/metrics` | an agent's run metrics (`ai_performance_metrics`: latency, throughput, ...) |
 * | GET | `/api/events/insights` | insights (`ai_insights`) of the account's events |
 * | GET | `/api/events/predictions` | predictions (`ai_predictions`) of the account's events |
 * | GET | `/api/events/recommendations` | recommendations to attendees (events' `ai_recommendations`) |
 * | GET | `/api/events/generated-content` | content agents generated for the account's events (`ai_generated_content`) |
 * | POST | `/api/events/generated-content/:id/approve` | a person (owner or admin, scope `approve`) approves it for use |
 * | GET | `/api/events/communications` | messages agents sent or scheduled (`ai_communications`) |
 * | GET | `/api/events/workflows` | workflows (`ai_workflows`) |
 * | GET | `/api/events/workflows/:id/executions` | a workflow's executions (`ai_workflow_executions`) |
 * | GET | `/api/events/automation-rules` | the event side's automation rules (`automation_rules`) |
 * | POST | `/api/events/automation-rules/:id/pause`, `/resume` | switch one off and on (`is_active`) |
 * | GET | `/api/events/user-preferences` | a member's preferences (`user_preferences`; personal: row-level security shows them to their own user) |
 *
 * Rows that hang off an event are the account's when their event is
 * (`events.account_id`); an `eventId` of another account lists nothing.
 * Generated content, communications, workflows and automation rules carry
 * the account that wrote them (`account_id`, migration 0011).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
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
import * as ApiError from "../ApiError.ts"
import { RequiredScope } from "../Authentication.ts"
import { Id, Page, pageFields } from "../Listing.ts"

const bool = Schema.Literals(["true", "false"])

/**
 * @since 0.1.0
 * @category groups
 */
export class EventsGroup extends HttpApiGroup.make("events")
  .add(
    HttpApiEndpoint.get("agents", "/api/events/agents", {
      query: {
        ...pageFields,
        status: Schema.optionalKey(Schema.Literals(["active", "inactive", "training", "maintenance"])),
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1)))
      },
      success: Page(AiAgents.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("agentMetrics", "/api/events/agents/:id/metrics", {
      params: { id: Id },
      query: {
        ...pageFields,
        category: Schema.optionalKey(Schema.Literals(["accuracy", "precision", "recall", "latency", "throughput", "cost"])),
        name: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1)))
      },
      success: Page(AiPerformanceMetrics.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("insights", "/api/events/insights", {
      query: {
        ...pageFields,
        eventId: Schema.optionalKey(Id),
        type: Schema.optionalKey(Schema.Literals([
          "attendee_behavior",
          "sponsor_performance",
          "content_engagement",
          "networking_success",
          "revenue_optimization",
          "operational_efficiency"
        ])),
        implemented: Schema.optionalKey(bool)
      },
      success: Page(AiInsights.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("predictions", "/api/events/predictions", {
      query: {
        ...pageFields,
        eventId: Schema.optionalKey(Id),
        type: Schema.optionalKey(Schema.Literals(["attendance", "engagement", "revenue", "churn", "satisfaction"]))
      },
      success: Page(AiPredictions.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("recommendations", "/api/events/recommendations", {
      query: {
        ...pageFields,
        eventId: Schema.optionalKey(Id),
        userId: Schema.optionalKey(Id),
        type: Schema.optionalKey(Schema.Literals(["session", "networking", "sponsor", "content", "activity"])),
        accepted: Schema.optionalKey(Schema.Literals(["true", "false", "unanswered"]))
      },
      success: Page(AiRecommendations.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("generatedContent", "/api/events/generated-content", {
      query: {
        ...pageFields,
        eventId: Schema.optionalKey(Id),
        type: Schema.optionalKey(Schema.Literals([
          "event_description",
          "session_title",
          "speaker_bio",
          "email_template",
          "social_post",
          "proposal",
          "report",
          "presentation"
        ])),
        approved: Schema.optionalKey(bool)
      },
      success: Page(AiGeneratedContent.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("approveContent", "/api/events/generated-content/:id/approve", {
      params: { id: Id },
      success: AiGeneratedContent.Row,
      error: ApiError.common
    }).annotate(RequiredScope, "approve"),
    HttpApiEndpoint.get("communications", "/api/events/communications", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.Literals(["email", "sms", "push_notification", "in_app_message"])),
        status: Schema.optionalKey(Schema.Literals(["pending", "sent", "delivered", "opened", "clicked", "failed"])),
        recipientType: Schema.optionalKey(Schema.Literals(["user", "attendee", "sponsor"])),
        recipientId: Schema.optionalKey(Id)
      },
      success: Page(AiCommunications.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("workflows", "/api/events/workflows", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.Literals([
          "content_generation",
          "attendee_personalization",
          "sponsor_management",
          "real_time_operations",
          "analytics_insights",
          "predictive_maintenance"
        ])),
        status: Schema.optionalKey(Schema.Literals(["draft", "active", "paused", "archived"]))
      },
      success: Page(AiWorkflows.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("workflowExecutions", "/api/events/workflows/:id/executions", {
      params: { id: Id },
      query: {
        ...pageFields,
        status: Schema.optionalKey(Schema.Literals(["running", "completed", "failed", "cancelled"]))
      },
      success: Page(AiWorkflowExecutions.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.get("automationRules", "/api/events/automation-rules", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.Literals(["trigger", "condition", "action", "sequence"])),
        active: Schema.optionalKey(bool)
      },
      success: Page(AutomationRules.Row),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("pauseRule", "/api/events/automation-rules/:id/pause", {
      params: { id: Id },
      success: AutomationRules.Row,
      error: ApiError.common
    }),
    HttpApiEndpoint.post("resumeRule", "/api/events/automation-rules/:id/resume", {
      params: { id: Id },
      success: AutomationRules.Row,
      error: ApiError.common
    }),
    HttpApiEndpoint.get("userPreferences", "/api/events/user-preferences", {
      query: {
        ...pageFields,
        /** a member of the key's account */
        userId: Id,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1)))
      },
      success: Page(UserPreferences.Row),
      error: ApiError.common
    })
  )
  .annotateMerge(OpenApi.annotations({ title: "Events", description: "Agents, their runs, and what they produced for the account's events" }))
{}
