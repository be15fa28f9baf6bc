/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_generated_content: text an agent generated (descriptions, bios, emails,
 * posts, reports) and its approval (seed 000 §6).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiGeneratedContent = Table.make({
  name: "ai_generated_content",
  origin: "seed-000",
  description: "Generated text (descriptions, bios, emails, posts) and its approval",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    content_type: Column.oneOf([
      "event_description",
      "session_title",
      "speaker_bio",
      "email_template",
      "social_post",
      "proposal",
      "report",
      "presentation"
    ]),
    source_event_id: Column.uuid().nullable(),
    source_user_id: Column.uuid().nullable(),
    title: Column.text(),
    content: Column.text(),
    metadata: Column.jsonObject().nullable().default("'{}'"),
    quality_score: Column.numeric(3, 2).nullable(),
    is_approved: Column.boolean().nullable().default("false"),
    approved_by: Column.uuid().nullable(),
    approved_at: Column.timestamptz().nullable(),
    generated_by_agent_id: Column.uuid().nullable(),
    created_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
