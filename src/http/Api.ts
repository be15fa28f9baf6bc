/**
 * The HTTP API of Ringmaster, defined once: served by `Server.ts`, called
 * through `Client.ts`, documented by the OpenAPI document it derives.
 *
 * Seed 003's fifteen endpoints, exactly as listed:
 *
 * | method | path | |
 * |---|---|---|
 * | GET, POST | `/api/ai/cycles` | list; start and run a cycle |
 * | GET, POST | `/api/ai/decisions` | list; record a person's decision |
 * | GET | `/api/ai/performance` | performance scores |
 * | GET, POST | `/api/ai/alerts` | list; raise an alert |
 * | GET, POST | `/api/ai/recommendations` | list; propose a recommendation |
 * | GET, POST | `/api/ai/learning-feedback` | list; a verdict on a decision |
 * | GET | `/api/ai/forecasts` | campaign forecasts |
 * | GET | `/api/ai/automation-rules` | automation rules |
 * | GET | `/api/ai/system-health` | component health checks |
 * | GET | `/api/ai/system-status` | the account's summary |
 *
 * and the actions people take: `POST /api/ai/recommendations/:id/approve`
 * and `/reject`, `POST /api/ai/optimizations/:id/rollback` (with
 * `GET /api/ai/optimizations` to find them), `POST
 * /api/ai/alerts/:id/acknowledge`, `/resolve`, `/dismiss`, and `POST
 * /api/ai/automation-rules/:id/pause` and `/resume`.
 *
 * The event side (`groups/Events.ts`): `/api/events/agents`,
 * `/api/events/agents/:id/metrics`, `/api/events/insights`,
 * `/api/events/predictions`, `/api/events/recommendations`,
 * `/api/events/generated-content` (and `POST .../:id/approve`),
 * `/api/events/communications`, `/api/events/workflows` (and
 * `.../:id/executions`), `/api/events/automation-rules` (and `POST
 * .../:id/pause`, `/resume`), `/api/events/user-preferences`.
 *
 * Every endpoint needs an API key (`Authentication`), and a request that
 * does not decode answers a 400 naming the parameter (`RequestErrors`).
 *
 * @since 0.1.0
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { AlertsGroup } from "./groups/Alerts.ts"
import { AutomationRulesGroup } from "./groups/AutomationRules.ts"
import { CyclesGroup } from "./groups/Cycles.ts"
import { DecisionsGroup } from "./groups/Decisions.ts"
import { EventsGroup } from "./groups/Events.ts"
import { ForecastsGroup } from "./groups/Forecasts.ts"
import { LearningFeedbackGroup } from "./groups/LearningFeedback.ts"
import { OptimizationsGroup } from "./groups/Optimizations.ts"
import { PerformanceGroup } from "./groups/Performance.ts"
import { RecommendationsGroup } from "./groups/Recommendations.ts"
import { SystemGroup } from "./groups/System.ts"
import { RequestErrors } from "./RequestErrors.ts"

/**
 * The API.
 *
 * @since 0.1.0
 * @category api
 */
export class Api extends HttpApi.make("ringmaster")
  .add(CyclesGroup)
  .add(DecisionsGroup)
  .add(PerformanceGroup)
  .add(AlertsGroup)
  .add(RecommendationsGroup)
  .add(LearningFeedbackGroup)
  .add(ForecastsGroup)
  .add(AutomationRulesGroup)
  .add(SystemGroup)
  .add(OptimizationsGroup)
  .add(EventsGroup)
  .middleware(RequestErrors)
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({
    title: "Ringmaster AI API",
    version: "0.1.0",
    description: "Decision cycles, decisions, alerts, recommendations, learning feedback, forecasts, " +
      "automation rules and system health of one account, as seed 003 lists them. Authenticate with an API key."
  }))
{}
