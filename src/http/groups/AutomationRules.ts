/**
 * `/api/ai/automation-rules`: the account's automation rules
 * (`ai_automation_rules`), with their execution counters; `pause` and
 * `resume` switch one off and on (`is_active`), which cycles respect.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AiAutomationRules } from "../../storage/schema/marketingAi/AiAutomationRules.ts"
import * as ApiError from "../ApiError.ts"
import { Id, Page, pageFields } from "../Listing.ts"

/**
 * A rule as the API answers it: the `ai_automation_rules` row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AutomationRule = AiAutomationRules.Row

/**
 * @since 0.1.0
 * @category groups
 */
export class AutomationRulesGroup extends HttpApiGroup.make("automationRules")
  .add(
    HttpApiEndpoint.get("list", "/api/ai/automation-rules", {
      query: {
        ...pageFields,
        type: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
        active: Schema.optionalKey(Schema.Literals(["true", "false"])),
        frequency: Schema.optionalKey(Schema.Literals(["continuous", "hourly", "daily"]))
      },
      success: Page(AutomationRule),
      error: ApiError.common
    }),
    HttpApiEndpoint.post("pause", "/api/ai/automation-rules/:id/pause", { params: { id: Id }, success: AutomationRule, error: ApiError.common }),
    HttpApiEndpoint.post("resume", "/api/ai/automation-rules/:id/resume", { params: { id: Id }, success: AutomationRule, error: ApiError.common })
  )
  .annotateMerge(OpenApi.annotations({ title: "Automation rules", description: "Rules the cycles fire, their counters, pause and resume" }))
{}
