/**
 * Rows of the core marketing tables as the port's records, and the simulator's
 * hidden parameters read back from their JSON columns.
 */
import { Option, Schema } from "effect"
import { AdGroups } from "../../../storage/schema/marketing/AdGroups.ts"
import { Audiences } from "../../../storage/schema/marketing/Audiences.ts"
import { CampaignDailyMetrics } from "../../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../../storage/schema/marketing/Campaigns.ts"
import { Keywords } from "../../../storage/schema/marketing/Keywords.ts"
import type * as Table from "../../../storage/Table.ts"
import * as AdPlatform from "../AdPlatform.ts"
import type { AudienceParams, CampaignParams } from "./response.ts"

export type CampaignRow = Table.Row<typeof Campaigns>
export type AdGroupRow = Table.Row<typeof AdGroups>
export type KeywordRow = Table.Row<typeof Keywords>
export type AudienceRow = Table.Row<typeof Audiences>
export type MetricsRow = Table.Row<typeof CampaignDailyMetrics>

export const campaign = (row: CampaignRow): AdPlatform.Campaign =>
  new AdPlatform.Campaign({
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    platform: row.platform,
    externalId: row.external_id,
    status: row.status,
    objective: row.objective,
    channel: row.channel,
    dailyBudget: row.daily_budget,
    currency: row.currency,
    startDate: row.start_date,
    endDate: row.end_date,
    bidStrategy: row.bid_strategy,
    targetCpa: row.target_cpa,
    targetRoas: row.target_roas
  })

/** The audience ids an ad group targets (`targeting.audience_ids`). */
export const audienceIds = (row: AdGroupRow): ReadonlyArray<string> => {
  const ids = row.targeting["audience_ids"]
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : []
}

export const adGroup = (row: AdGroupRow): AdPlatform.AdGroup =>
  new AdPlatform.AdGroup({
    id: row.id,
    accountId: row.account_id,
    campaignId: row.campaign_id,
    name: row.name,
    externalId: row.external_id,
    status: row.status,
    defaultMaxCpc: row.default_max_cpc,
    audienceIds: [...audienceIds(row)]
  })

export const keyword = (row: KeywordRow, campaignId: string): AdPlatform.Keyword =>
  new AdPlatform.Keyword({
    id: row.id,
    accountId: row.account_id,
    adGroupId: row.ad_group_id,
    campaignId,
    text: row.text,
    matchType: row.match_type,
    isNegative: row.is_negative,
    maxCpc: row.max_cpc,
    status: row.status,
    qualityScore: row.quality_score,
    externalId: row.external_id
  })

export const audience = (row: AudienceRow): AdPlatform.Audience =>
  new AdPlatform.Audience({
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    audienceType: row.audience_type,
    platform: row.platform,
    externalId: row.external_id,
    status: row.status,
    sizeEstimate: row.size_estimate
  })

export const metrics = (row: MetricsRow): AdPlatform.DailyMetrics =>
  new AdPlatform.DailyMetrics({
    accountId: row.account_id,
    campaignId: row.campaign_id,
    date: row.metric_date,
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: row.conversions,
    spend: row.spend,
    revenue: row.revenue,
    reach: row.reach,
    searchImpressionShare: row.search_impression_share,
    isFinal: row.is_final
  })

const Positive = Schema.Finite.check(Schema.isGreaterThan(0))

/** `campaigns.settings.simulator`: a campaign's hidden response parameters. */
export const CampaignParamsSchema = Schema.Struct({
  seed: Schema.Int,
  index: Schema.Int,
  demand: Positive,
  referenceCpc: Positive,
  ctr: Positive,
  conversionRate: Positive,
  conversionValue: Positive,
  weekendFactor: Positive,
  curvature: Positive
})

/** `audiences.definition.simulator`: an audience's hidden response parameters. */
export const AudienceParamsSchema = Schema.Struct({
  reach: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  conversionFactor: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

const decodeCampaignParams = Schema.decodeUnknownOption(CampaignParamsSchema)
const decodeAudienceParams = Schema.decodeUnknownOption(AudienceParamsSchema)

export const campaignParams = (row: CampaignRow): Option.Option<CampaignParams> =>
  decodeCampaignParams(row.settings["simulator"])

export const audienceParams = (row: AudienceRow): Option.Option<AudienceParams> =>
  row.status === "active" ? decodeAudienceParams(row.definition["simulator"]) : Option.none()
