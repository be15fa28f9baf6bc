/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_user_preferences (named in seed 003, designed here): a user's AI
 * automation preferences, one row per user and preference key (a scope such
 * as `global` or `budget_management`): automation level, auto-approval
 * thresholds and notification preferences. Deleted with the user.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiUserPreferences = Table.make({
  name: "ai_user_preferences",
  origin: "seed-003-named",
  description: "A user's AI automation preferences per scope: automation level, approval thresholds, notifications",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    user_id: Column.uuid(),
    preference_key: Column.text().check("length(preference_key) > 0; UNIQUE (user_id, preference_key)", Column.nonEmpty()),
    automation_level: Column.oneOf(["manual", "recommend_only", "approval_required", "autonomous"]).default(
      "'approval_required'"
    ),
    min_confidence_for_auto_approval: Column.numeric(5, 2).nullable().check(
      "min_confidence_for_auto_approval BETWEEN 0 AND 100",
      Column.between(0, 100)
    ),
    max_auto_budget_change: Column.numeric(12, 2).nullable().check("max_auto_budget_change >= 0", Column.atLeast(0)),
    max_auto_change_percent: Column.numeric(5, 2).nullable().check(
      "max_auto_change_percent BETWEEN 0 AND 100",
      Column.between(0, 100)
    ),
    alert_min_severity: Column.oneOf(["low", "medium", "high", "critical"]).default("'medium'"),
    notification_channels: Column.textArray().default("'{}'"),
    notification_preferences: Column.jsonObject().default("'{}'"),
    preference_value: Column.jsonObject().default("'{}'"),
    is_enabled: Column.boolean().default("true"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
