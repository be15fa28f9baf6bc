/**
 * The ad platform port: what a decision cycle reads from an advertising
 * platform (campaigns, ad groups, keywords, audiences, daily metrics) and the
 * changes it can ask the platform to make (budget, bid, status, bid strategy,
 * audiences). Real platforms (Google Ads, Meta, ...) are plugins that provide
 * this service; `SimulatedPlatform` is the deterministic one the demo,
 * examples and tests use.
 *
 * Records follow the core marketing tables (`campaigns`, `ad_groups`,
 * `keywords`, `audiences`, `campaign_daily_metrics`): the same fields,
 * camelCased (`daily_budget` is `dailyBudget`, `max_cpc` is `maxCpc`, ...),
 * with `id` the row's id in those tables.
 *
 * **Changes are all or nothing.** `apply` either makes the whole change and
 * answers the entity's state before and after it (`AppliedChange`, enough to
 * build rollback data: `inverse(applied)` is the change that undoes it), or
 * fails with a typed error and changes nothing: `PlatformRejected` (the
 * platform refused this change; retrying it will not help), `PlatformRateLimited`
 * (retry after `retryAfterMillis`), `PlatformUnavailable` (the platform could
 * not be reached or did not answer; the change may or may not have been made).
 *
 * **Idempotency and crash recovery.** Every `apply` carries a caller-chosen
 * `changeId` (a UUID the caller records before calling). Applying the same
 * `changeId` twice applies it once: the second call answers the first
 * application. After a crash between the platform call and the caller's own
 * commit, or after `PlatformUnavailable`, the caller asks `lookupChange(accountId,
 * changeId)`: `Option.some(applied)` if the platform made the change,
 * `Option.none()` if it did not (and then it is safe to apply it again).
 * The simulated platform records applied change ids in `ai_integration_logs`
 * (`correlation_id` = the change id; see `SimulatedPlatform`); a real platform
 * plugin answers from the platform's own change history (Google Ads
 * `change_event`, Meta's activity log) or from a request-id it sent along.
 *
 * @since 0.1.0
 */
import { Context, Option, Schema } from "effect"
import type { Effect } from "effect"

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

/**
 * A campaign's status (`campaigns.status`).
 *
 * @since 0.1.0
 * @category models
 */
export const CampaignStatus = Schema.Literals(["draft", "active", "paused", "completed", "archived"])

/**
 * @since 0.1.0
 * @category models
 */
export type CampaignStatus = typeof CampaignStatus.Type

/**
 * The status of an ad group or a keyword (`ad_groups.status`, `keywords.status`).
 *
 * @since 0.1.0
 * @category models
 */
export const EntityStatus = Schema.Literals(["active", "paused", "archived"])

/**
 * @since 0.1.0
 * @category models
 */
export type EntityStatus = typeof EntityStatus.Type

/**
 * A campaign's bid strategy (`campaigns.bid_strategy`).
 *
 * @since 0.1.0
 * @category models
 */
export const BidStrategy = Schema.Literals([
  "manual_cpc",
  "enhanced_cpc",
  "maximize_clicks",
  "maximize_conversions",
  "maximize_conversion_value",
  "target_cpa",
  "target_roas",
  "target_impression_share",
  "lowest_cost",
  "cost_cap",
  "bid_cap"
])

/**
 * @since 0.1.0
 * @category models
 */
export type BidStrategy = typeof BidStrategy.Type

/**
 * A campaign as the platform reports it (a `campaigns` row).
 *
 * @since 0.1.0
 * @category models
 */
export class Campaign extends Schema.TaggedClass<Campaign>()("Campaign", {
  id: Schema.String,
  accountId: Schema.String,
  name: Schema.String,
  platform: Schema.String,
  externalId: Schema.NullOr(Schema.String),
  status: CampaignStatus,
  objective: Schema.NullOr(Schema.String),
  channel: Schema.NullOr(Schema.String),
  dailyBudget: Schema.NullOr(Schema.Finite),
  currency: Schema.String,
  startDate: Schema.NullOr(Schema.String),
  endDate: Schema.NullOr(Schema.String),
  bidStrategy: Schema.NullOr(BidStrategy),
  targetCpa: Schema.NullOr(Schema.Finite),
  targetRoas: Schema.NullOr(Schema.Finite)
}) {}

/**
 * An ad group as the platform reports it (an `ad_groups` row).
 * `audienceIds` are the audiences it targets (`targeting.audience_ids`).
 *
 * @since 0.1.0
 * @category models
 */
export class AdGroup extends Schema.TaggedClass<AdGroup>()("AdGroup", {
  id: Schema.String,
  accountId: Schema.String,
  campaignId: Schema.String,
  name: Schema.String,
  externalId: Schema.NullOr(Schema.String),
  status: EntityStatus,
  defaultMaxCpc: Schema.NullOr(Schema.Finite),
  audienceIds: Schema.Array(Schema.String)
}) {}

/**
 * A keyword as the platform reports it (a `keywords` row), with the campaign
 * its ad group belongs to.
 *
 * @since 0.1.0
 * @category models
 */
export class Keyword extends Schema.TaggedClass<Keyword>()("Keyword", {
  id: Schema.String,
  accountId: Schema.String,
  adGroupId: Schema.String,
  campaignId: Schema.String,
  text: Schema.String,
  matchType: Schema.Literals(["exact", "phrase", "broad"]),
  isNegative: Schema.Boolean,
  maxCpc: Schema.NullOr(Schema.Finite),
  status: EntityStatus,
  qualityScore: Schema.NullOr(Schema.Int),
  externalId: Schema.NullOr(Schema.String)
}) {}

/**
 * An audience as the platform reports it (an `audiences` row).
 *
 * @since 0.1.0
 * @category models
 */
export class Audience extends Schema.TaggedClass<Audience>()("Audience", {
  id: Schema.String,
  accountId: Schema.String,
  name: Schema.String,
  audienceType: Schema.Literals(["custom", "lookalike", "remarketing", "customer_list", "interest", "demographic"]),
  platform: Schema.NullOr(Schema.String),
  externalId: Schema.NullOr(Schema.String),
  status: Schema.Literals(["building", "active", "too_small", "archived"]),
  sizeEstimate: Schema.NullOr(Schema.Int)
}) {}

/**
 * One campaign's metrics for one day (a `campaign_daily_metrics` row), in the
 * campaign's currency. `date` is `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category models
 */
export class DailyMetrics extends Schema.TaggedClass<DailyMetrics>()("DailyMetrics", {
  accountId: Schema.String,
  campaignId: Schema.String,
  date: Schema.String,
  impressions: Schema.Int,
  clicks: Schema.Int,
  conversions: Schema.Finite,
  spend: Schema.Finite,
  revenue: Schema.Finite,
  reach: Schema.NullOr(Schema.Int),
  searchImpressionShare: Schema.NullOr(Schema.Finite),
  isFinal: Schema.Boolean
}) {}

/**
 * Any entity a change acts on: its state before or after a change.
 *
 * @since 0.1.0
 * @category models
 */
export const EntityState = Schema.Union([Campaign, AdGroup, Keyword])

/**
 * @since 0.1.0
 * @category models
 */
export type EntityState = typeof EntityState.Type

// ---------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------

/**
 * Set a campaign's daily budget (in the campaign's currency).
 *
 * @since 0.1.0
 * @category changes
 */
export class SetCampaignBudget extends Schema.TaggedClass<SetCampaignBudget>()("SetCampaignBudget", {
  campaignId: Schema.String,
  dailyBudget: Schema.Finite
}) {}

/**
 * Pause, resume or archive a campaign.
 *
 * @since 0.1.0
 * @category changes
 */
export class SetCampaignStatus extends Schema.TaggedClass<SetCampaignStatus>()("SetCampaignStatus", {
  campaignId: Schema.String,
  status: Schema.Literals(["active", "paused", "archived"])
}) {}

/**
 * Set a campaign's bid strategy and its targets (`null` clears a target).
 *
 * @since 0.1.0
 * @category changes
 */
export class SetCampaignBidStrategy extends Schema.TaggedClass<SetCampaignBidStrategy>()("SetCampaignBidStrategy", {
  campaignId: Schema.String,
  bidStrategy: BidStrategy,
  targetCpa: Schema.NullOr(Schema.Finite),
  targetRoas: Schema.NullOr(Schema.Finite)
}) {}

/**
 * Set an ad group's default max CPC (`ad_groups.default_max_cpc`): the bid
 * of its keywords that have none of their own.
 *
 * @since 0.1.0
 * @category changes
 */
export class SetAdGroupBid extends Schema.TaggedClass<SetAdGroupBid>()("SetAdGroupBid", {
  adGroupId: Schema.String,
  bid: Schema.Finite
}) {}

/**
 * Pause, resume or archive an ad group.
 *
 * @since 0.1.0
 * @category changes
 */
export class SetAdGroupStatus extends Schema.TaggedClass<SetAdGroupStatus>()("SetAdGroupStatus", {
  adGroupId: Schema.String,
  status: EntityStatus
}) {}

/**
 * Set the audiences an ad group targets (replaces the list; audience
 * expansion adds ids, narrowing removes them).
 *
 * @since 0.1.0
 * @category changes
 */
export class SetAdGroupAudiences extends Schema.TaggedClass<SetAdGroupAudiences>()("SetAdGroupAudiences", {
  adGroupId: Schema.String,
  audienceIds: Schema.Array(Schema.String)
}) {}

/**
 * Set a keyword's max CPC (`keywords.max_cpc`).
 *
 * @since 0.1.0
 * @category changes
 */
export class SetKeywordBid extends Schema.TaggedClass<SetKeywordBid>()("SetKeywordBid", {
  keywordId: Schema.String,
  bid: Schema.Finite
}) {}

/**
 * Pause, resume or archive a keyword.
 *
 * @since 0.1.0
 * @category changes
 */
export class SetKeywordStatus extends Schema.TaggedClass<SetKeywordStatus>()("SetKeywordStatus", {
  keywordId: Schema.String,
  status: EntityStatus
}) {}

/**
 * A change the platform can apply.
 *
 * @since 0.1.0
 * @category changes
 */
export const Change = Schema.Union([
  SetCampaignBudget,
  SetCampaignStatus,
  SetCampaignBidStrategy,
  SetAdGroupBid,
  SetAdGroupStatus,
  SetAdGroupAudiences,
  SetKeywordBid,
  SetKeywordStatus
])

/**
 * @since 0.1.0
 * @category changes
 */
export type Change = typeof Change.Type

/**
 * The kind of entity a change acts on.
 *
 * @since 0.1.0
 * @category models
 */
export type EntityType = "campaign" | "ad_group" | "keyword"

/**
 * Which entity a change acts on (`type` matches the seed's
 * `affected_entity_type` vocabulary).
 *
 * @since 0.1.0
 * @category getters
 */
export const target = (change: Change): { readonly type: EntityType; readonly id: string } => {
  switch (change._tag) {
    case "SetCampaignBudget":
    case "SetCampaignStatus":
    case "SetCampaignBidStrategy":
      return { type: "campaign", id: change.campaignId }
    case "SetAdGroupBid":
    case "SetAdGroupStatus":
    case "SetAdGroupAudiences":
      return { type: "ad_group", id: change.adGroupId }
    case "SetKeywordBid":
    case "SetKeywordStatus":
      return { type: "keyword", id: change.keywordId }
  }
}

/**
 * A change the platform made: the entity before and after it, when (the
 * platform's clock, epoch milliseconds) and under which caller-chosen id.
 *
 * @since 0.1.0
 * @category models
 */
export class AppliedChange extends Schema.TaggedClass<AppliedChange>()("AppliedChange", {
  changeId: Schema.String,
  accountId: Schema.String,
  change: Change,
  before: EntityState,
  after: EntityState,
  appliedAt: Schema.Finite
}) {}

/**
 * The change that undoes an applied one: it sets the changed field back to
 * its value in `applied.before` (a campaign's budget, status or bid strategy;
 * an ad group's bid, status or audiences; a keyword's bid or status). A bid
 * or budget that was `null` before (the platform default) cannot be set back
 * through the port: `Option.none()` then.
 *
 * @since 0.1.0
 * @category constructors
 */
export const inverse = (applied: AppliedChange): Option.Option<Change> => {
  const change = applied.change
  const before = applied.before
  const some = (c: Change): Option.Option<Change> => Option.some(c)
  const none: Option.Option<Change> = Option.none()
  switch (change._tag) {
    case "SetCampaignBudget":
      return before._tag === "Campaign" && before.dailyBudget !== null
        ? some(new SetCampaignBudget({ campaignId: change.campaignId, dailyBudget: before.dailyBudget }))
        : none
    case "SetCampaignStatus":
      return before._tag === "Campaign" && (before.status === "active" || before.status === "paused" || before.status === "archived")
        ? some(new SetCampaignStatus({ campaignId: change.campaignId, status: before.status }))
        : none
    case "SetCampaignBidStrategy":
      return before._tag === "Campaign" && before.bidStrategy !== null
        ? some(
          new SetCampaignBidStrategy({
            campaignId: change.campaignId,
            bidStrategy: before.bidStrategy,
            targetCpa: before.targetCpa,
            targetRoas: before.targetRoas
          })
        )
        : none
    case "SetAdGroupBid":
      return before._tag === "AdGroup" && before.defaultMaxCpc !== null
        ? some(new SetAdGroupBid({ adGroupId: change.adGroupId, bid: before.defaultMaxCpc }))
        : none
    case "SetAdGroupStatus":
      return before._tag === "AdGroup"
        ? some(new SetAdGroupStatus({ adGroupId: change.adGroupId, status: before.status }))
        : none
    case "SetAdGroupAudiences":
      return before._tag === "AdGroup"
        ? some(new SetAdGroupAudiences({ adGroupId: change.adGroupId, audienceIds: before.audienceIds }))
        : none
    case "SetKeywordBid":
      return before._tag === "Keyword" && before.maxCpc !== null
        ? some(new SetKeywordBid({ keywordId: change.keywordId, bid: before.maxCpc }))
        : none
    case "SetKeywordStatus":
      return before._tag === "Keyword"
        ? some(new SetKeywordStatus({ keywordId: change.keywordId, status: before.status }))
        : none
  }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * The platform throttled the call; retry after `retryAfterMillis`. Nothing
 * was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class PlatformRateLimited extends Schema.TaggedError<PlatformRateLimited>()("PlatformRateLimited", {
  platform: Schema.String,
  operation: Schema.String,
  retryAfterMillis: Schema.Finite
}, { httpApiStatus: 429 }) {
  override get message() {
    return `${this.platform}: ${this.operation} rate limited; retry after ${this.retryAfterMillis} ms`
  }
}

/**
 * The platform refused the change (an unknown entity, a value it does not
 * accept, a policy). Nothing was changed; retrying the same change will not
 * help.
 *
 * @since 0.1.0
 * @category errors
 */
export class PlatformRejected extends Schema.TaggedError<PlatformRejected>()("PlatformRejected", {
  platform: Schema.String,
  changeId: Schema.String,
  change: Change,
  reason: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `${this.platform} rejected ${this.change._tag} (change ${this.changeId}): ${this.reason}`
  }
}

/**
 * The platform could not be reached or did not answer. For `apply`, the
 * change may or may not have been made: ask `lookupChange` before retrying
 * with another id.
 *
 * @since 0.1.0
 * @category errors
 */
export class PlatformUnavailable extends Schema.TaggedError<PlatformUnavailable>()("PlatformUnavailable", {
  platform: Schema.String,
  operation: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 503 }) {
  override get message() {
    return `${this.platform}: ${this.operation} failed: ${this.reason}`
  }
}

/**
 * A read asked for something malformed (a date that is not `YYYY-MM-DD`, a
 * range that ends before it starts). Nothing to retry: fix the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class PlatformInvalidRequest extends Schema.TaggedError<PlatformInvalidRequest>()("PlatformInvalidRequest", {
  platform: Schema.String,
  operation: Schema.String,
  field: Schema.String,
  value: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.platform}: ${this.operation}: ${this.field} ${JSON.stringify(this.value)}: ${this.reason}`
  }
}

/**
 * The errors of the read operations.
 *
 * @since 0.1.0
 * @category errors
 */
export type ReadError = PlatformRateLimited | PlatformUnavailable | PlatformInvalidRequest

/**
 * The errors of `apply`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ApplyError = PlatformRateLimited | PlatformRejected | PlatformUnavailable

// ---------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------

/**
 * What `apply` takes: the account, a caller-chosen change id (a UUID,
 * recorded by the caller before the call) and the change.
 *
 * @since 0.1.0
 * @category models
 */
export interface ApplyRequest {
  readonly accountId: string
  readonly changeId: string
  readonly change: Change
}

/**
 * Which metrics `dailyMetrics` returns: days `from` to `to` inclusive
 * (`YYYY-MM-DD`), optionally only some campaigns.
 *
 * @since 0.1.0
 * @category models
 */
export interface MetricsQuery {
  readonly from: string
  readonly to: string
  readonly campaignIds?: ReadonlyArray<string> | undefined
}

/**
 * What an ad platform can do. Lists are in a stable order (by name, then id;
 * metrics by date, then campaign id).
 *
 * @since 0.1.0
 * @category models
 */
export interface AdPlatformShape {
  /** The platform's key (`campaigns.platform`): `simulated`, `google_ads`, ... */
  readonly platform: string
  readonly listCampaigns: (accountId: string) => Effect.Effect<ReadonlyArray<Campaign>, ReadError>
  /** The account's ad groups, or only those of one campaign. */
  readonly listAdGroups: (
    accountId: string,
    campaignId?: string | undefined
  ) => Effect.Effect<ReadonlyArray<AdGroup>, ReadError>
  /** The account's keywords, or only those of one campaign. */
  readonly listKeywords: (
    accountId: string,
    campaignId?: string | undefined
  ) => Effect.Effect<ReadonlyArray<Keyword>, ReadError>
  readonly listAudiences: (accountId: string) => Effect.Effect<ReadonlyArray<Audience>, ReadError>
  /**
   * One campaign, ad group or keyword of the account, as it is now; `None`
   * when the account has no such entity on this platform. What the safety
   * envelope reads as a budget's or a bid's current value.
   */
  readonly getEntity: (
    accountId: string,
    target: { readonly type: EntityType; readonly id: string }
  ) => Effect.Effect<Option.Option<EntityState>, ReadError>
  readonly dailyMetrics: (
    accountId: string,
    query: MetricsQuery
  ) => Effect.Effect<ReadonlyArray<DailyMetrics>, ReadError>
  /**
   * Applies one change all or nothing and answers the entity before and
   * after it. The same `changeId` applied again answers the first
   * application without changing anything.
   */
  readonly apply: (request: ApplyRequest) => Effect.Effect<AppliedChange, ApplyError>
  /** Whether the change with this id was applied: the application, or `None`. */
  readonly lookupChange: (
    accountId: string,
    changeId: string
  ) => Effect.Effect<Option.Option<AppliedChange>, ReadError>
}

/**
 * The ad platform port.
 *
 * @since 0.1.0
 * @category services
 */
export class AdPlatform extends Context.Service<AdPlatform, AdPlatformShape>()("ringmaster/cycles/AdPlatform") {}
