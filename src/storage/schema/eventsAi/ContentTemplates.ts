/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * content_templates: reusable templates with variables and brand guidelines,
 * and how well they perform (seed 000 §6).
 *
 * @since 0.1.0
 * @category tables
 */
export const ContentTemplates = Table.make({
  name: "content_templates",
  origin: "seed-000",
  description: "Reusable content templates: variables, brand guidelines, usage, success rate",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    template_name: Column.text(),
    template_type: Column.text(),
    template_content: Column.text(),
    variables: Column.jsonArray().nullable().default("'[]'"),
    brand_guidelines: Column.jsonObject().nullable().default("'{}'"),
    usage_count: Column.integer().nullable().default("0"),
    success_rate: Column.numeric(3, 2).nullable().default("0.0"),
    created_at: Column.timestamptz().nullable().default("now()"),
    updated_at: Column.timestamptz().nullable().default("now()"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
