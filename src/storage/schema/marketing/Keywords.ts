/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"
import * as Marketing from "./internal/checks.ts"

/**
 * keywords: a search keyword of an ad group: text, match type, whether it is
 * negative, max CPC, status and the platform's quality score (1–10). Unique
 * per ad group by (lower(text), match_type, is_negative).
 *
 * @since 0.1.0
 * @category tables
 */
export const Keywords = Table.make({
  name: "keywords",
  origin: "core-marketing",
  description: "Search keywords of an ad group: text, match type, max CPC, status and quality score",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    ad_group_id: Column.uuid(),
    text: Column.text().check("length(text) BETWEEN 1 AND 80", Column.nonEmpty(), Marketing.keywordMaxLength),
    match_type: Column.oneOf(["exact", "phrase", "broad"]),
    is_negative: Column.boolean().default("false"),
    max_cpc: Column.numeric(12, 2).nullable().check("max_cpc >= 0", Column.atLeast(0)),
    status: Column.oneOf(["active", "paused", "archived"]).default("'active'"),
    quality_score: Column.integer().nullable().check("quality_score BETWEEN 1 AND 10", Column.between(1, 10)),
    external_id: Column.text().nullable(),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
