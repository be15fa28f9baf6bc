/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ad_groups: a group of ads and keywords inside a campaign, with its default
 * max CPC and targeting. References its campaign by `(campaign_id,
 * account_id)`, so it always belongs to the campaign's account.
 *
 * @since 0.1.0
 * @category tables
 */
export const AdGroups = Table.make({
  name: "ad_groups",
  origin: "core-marketing",
  description: "Ad groups of a campaign: status, default max CPC and targeting",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    campaign_id: Column.uuid(),
    name: Column.text().check("length(name) > 0", Column.nonEmpty()),
    external_id: Column.text().nullable(),
    status: Column.oneOf(["active", "paused", "archived"]).default("'active'"),
    default_max_cpc: Column.numeric(12, 2).nullable().check("default_max_cpc >= 0", Column.atLeast(0)),
    targeting: Column.jsonObject().default("'{}'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
