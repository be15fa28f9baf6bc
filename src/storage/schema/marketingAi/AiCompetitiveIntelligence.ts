/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_competitive_intelligence: AI competitive analysis (seed 003 §10): what
 * was learnt about a competitor, from which source, with what confidence (0–10).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiCompetitiveIntelligence = Table.make({
  name: "ai_competitive_intelligence",
  origin: "seed-003",
  description: "Competitive intelligence: keyword overlap, ad copy and bidding patterns of competitors",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    competitor_identifier: Column.text().nullable(),
    intelligence_type: Column.text().check("length(intelligence_type) > 0", Column.nonEmpty()),
    data_source: Column.text().nullable().check("length(data_source) > 0", Column.nonEmpty()),
    intelligence_data: Column.jsonb(),
    confidence_score: Column.numeric(3, 1).nullable().check("confidence_score BETWEEN 0 AND 10", Column.between(0, 10)),
    actionable_insights: Column.jsonb().nullable(),
    created_at: Column.timestamptz().nullable().default("now()")
  }
})
