/**
 * A deterministic simulated ad platform: the default `AdPlatform` of the
 * demo, the examples and the tests.
 *
 * **State lives in the core marketing tables.** Campaigns, ad groups,
 * keywords and audiences are rows of `campaigns`, `ad_groups`, `keywords` and
 * `audiences` with `platform = 'simulated'`; each simulated day is a row of
 * `campaign_daily_metrics` per active campaign; `apply` updates those rows.
 * Everything is inspectable with ordinary queries.
 *
 * **Hidden response parameters.** How a campaign responds to money (demand,
 * reference CPC, click-through and conversion rates, order value, weekend
 * dip, curvature) is drawn from the seed and the campaign's index when it is
 * seeded and kept in `campaigns.settings.simulator`; an audience's reach and
 * conversion factor in `audiences.definition.simulator`; a keyword's share of
 * its campaign's demand is a function of the seed and the keyword's
 * `external_id`. The port's records never expose them: a policy has to learn
 * them from the metrics, as it would on a real platform. The response model
 * (diminishing returns, saturation, day-of-week, noise, shocks) is described
 * in `internal/response.ts` and in `docs/guides/platform.md`.
 *
 * **Determinism.** Every random draw is keyed by (seed, campaign index, day),
 * never by row ids or call order; time comes from `Clock`. Two accounts
 * seeded with the same options produce the same metrics day after day as
 * long as nobody changes them, so "the same account, left alone" is a second
 * account seeded identically.
 *
 * **Applied changes** are recorded in `ai_integration_logs` (the log of
 * external API interactions seed 003 names), one row per `apply` the platform
 * answered: `integration_name = 'simulated_platform'`, `correlation_id` = the
 * caller's change id, `request_payload` the change, `response_payload` the
 * `AppliedChange` (before, after, applied at), `success` true, or false with
 * `status_code` 400 and the reason for a rejection. The entity update and its
 * log row are written in one transaction, so `lookupChange` answers exactly
 * the changes that were made. (No new table is needed, and the seed's
 * integration log gets real content.) When `apply` is called inside a caller's
 * `storage.transaction`, the simulated platform's writes join that
 * transaction; to model a real platform, which commits on its own, call
 * `apply` outside it.
 *
 * **Faults** for tests are deterministic: specific change or entity ids to
 * reject, a rejection rate decided by a hash of the seed and the change id,
 * a rate limit of N calls per window of the `Clock`, and "lost responses"
 * (the change is made and recorded, then the call fails with
 * `PlatformUnavailable`, as a timeout after the platform committed).
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { AdGroups } from "../../storage/schema/marketing/AdGroups.ts"
import { Audiences } from "../../storage/schema/marketing/Audiences.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../storage/schema/marketing/Campaigns.ts"
import { Keywords } from "../../storage/schema/marketing/Keywords.ts"
import { AiIntegrationLogs } from "../../storage/schema/marketingAi/AiIntegrationLogs.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import * as AdPlatform from "./AdPlatform.ts"
import * as Response from "./internal/response.ts"
import * as Rows from "./internal/rows.ts"

/**
 * The platform key of simulated campaigns (`campaigns.platform`).
 *
 * @since 0.1.0
 * @category constants
 */
export const platformKey = "simulated"

/**
 * The `integration_name` of the simulated platform's rows in `ai_integration_logs`.
 *
 * @since 0.1.0
 * @category constants
 */
export const integrationName = "simulated_platform"

/**
 * Deterministic faults to inject.
 *
 * @since 0.1.0
 * @category models
 */
export interface Faults {
  /** change ids `apply` rejects */
  readonly rejectChangeIds?: ReadonlyArray<string> | undefined
  /** entity ids (campaign, ad group, keyword) whose changes `apply` rejects */
  readonly rejectEntityIds?: ReadonlyArray<string> | undefined
  /** share of change ids rejected, in [0, 1], decided by a hash of `seed` and the change id */
  readonly rejectionRate?: number | undefined
  /** the seed of `rejectionRate` (default 0) */
  readonly seed?: number | undefined
  /** at most `calls` calls (reads and applies) per `perMillis` window of the Clock */
  readonly rateLimit?: { readonly calls: number; readonly perMillis: number } | undefined
  /** change ids whose `apply` makes the change, then fails with `PlatformUnavailable` */
  readonly loseResponseFor?: ReadonlyArray<string> | undefined
}

/**
 * What `seed` creates.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedOptions {
  /** the seed: the same seed and options give the same campaigns and the same days */
  readonly seed: number
  /** number of campaigns (default 6, 1 to 100,000) */
  readonly campaigns?: number | undefined
  /** ad groups per campaign (default 2, 1 to 20) */
  readonly adGroupsPerCampaign?: number | undefined
  /** keywords per ad group (default 4, 1 to 20) */
  readonly keywordsPerAdGroup?: number | undefined
  /** the campaigns' `start_date` (`YYYY-MM-DD`; default: today by the Clock, UTC) */
  readonly startDate?: string | undefined
  /** the campaigns' currency (default `USD`) */
  readonly currency?: string | undefined
}

/**
 * What `seed` created.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeededAccount {
  readonly campaigns: ReadonlyArray<AdPlatform.Campaign>
  readonly adGroups: ReadonlyArray<AdPlatform.AdGroup>
  readonly keywords: ReadonlyArray<AdPlatform.Keyword>
  readonly audiences: ReadonlyArray<AdPlatform.Audience>
}

/**
 * A simulation request that cannot be carried out: bad seed options, a bad
 * date, an account already seeded with this seed, a simulated campaign whose
 * hidden parameters are missing or damaged.
 *
 * @since 0.1.0
 * @category errors
 */
export class SimulationError extends Schema.TaggedError<SimulationError>()("SimulationError", {
  accountId: Schema.String,
  field: Schema.String,
  value: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `simulated platform, account ${this.accountId}: ${this.field} ${JSON.stringify(this.value)}: ${this.reason}`
  }
}

/**
 * What the simulator adds to the port.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatedPlatformShape {
  /** Creates simulated campaigns, ad groups, keywords and audiences for an account, in one transaction. */
  readonly seed: (
    accountId: string,
    options: SeedOptions
  ) => Effect.Effect<SeededAccount, SimulationError | StorageError>
  /**
   * Simulates one day (`YYYY-MM-DD`) for every active simulated campaign of
   * the account whose schedule covers it, from its current budget, bids and
   * audiences, and writes the day's `campaign_daily_metrics` rows (final).
   * A campaign that already has that day keeps it: calling twice is harmless.
   * Answers the account's metrics of that day.
   */
  readonly advanceDay: (
    accountId: string,
    date: string
  ) => Effect.Effect<ReadonlyArray<AdPlatform.DailyMetrics>, SimulationError | StorageError>
  /** Replaces the faults injected from now on. */
  readonly setFaults: (faults: Faults) => Effect.Effect<void>
}

/**
 * The simulator's own operations (seeding, advancing days, faults).
 *
 * @since 0.1.0
 * @category services
 */
export class SimulatedPlatform extends Context.Service<SimulatedPlatform, SimulatedPlatformShape>()(
  "ringmaster/cycles/SimulatedPlatform"
) {}

/**
 * Options of the simulated platform's layer.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** faults injected from the start (default none) */
  readonly faults?: Faults | undefined
}

const themes = [
  "Conference tickets",
  "Workshop passes",
  "Brand",
  "Competitor terms",
  "Early bird",
  "Group bookings",
  "Sponsorship leads",
  "Webinar signups",
  "Speaker applications",
  "Virtual pass",
  "VIP experience",
  "Exhibitor stands"
]
const adGroupNames = ["Core", "Long tail", "Local", "Mobile", "Generic", "Questions", "Dates", "Pricing"]
const modifiers = [
  "",
  "2026",
  "near me",
  "online",
  "discount",
  "price",
  "best",
  "buy",
  "register",
  "dates",
  "london",
  "berlin",
  "new york",
  "reviews",
  "agenda",
  "speakers",
  "deals",
  "student",
  "group",
  "last minute"
]
const matchTypes = ["exact", "phrase", "broad"] as const
const audienceTemplates = [
  { name: "Past attendees", type: "remarketing", reach: [0.05, 0.12], factor: [1.8, 2.6], size: [4_000, 20_000] },
  { name: "Lookalike of ticket buyers", type: "lookalike", reach: [0.25, 0.45], factor: [0.85, 1.15], size: [200_000, 900_000] },
  { name: "Event-goers interest", type: "interest", reach: [0.5, 0.9], factor: [0.35, 0.6], size: [1_000_000, 5_000_000] },
  { name: "Newsletter subscribers", type: "customer_list", reach: [0.03, 0.08], factor: [1.5, 2.2], size: [2_000, 12_000] }
] as const

const round2 = (x: number) => Math.round(x * 100) / 100
const isCents = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6
const todayUtc = (millis: number) => new Date(millis).toISOString().slice(0, 10)
const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, Array<A>> => {
  const groups = new Map<string, Array<A>>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}
const byNameThenId = <A extends { readonly name: string; readonly id: string }>(a: A, b: A) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * The simulated platform over `Storage`: provides `AdPlatform` and
 * `SimulatedPlatform`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<AdPlatform.AdPlatform | SimulatedPlatform, never, Storage> =>
  Layer.effectContext(Effect.gen(function*() {
    const storage = yield* Storage
    const faults = yield* Ref.make<Faults>(options.faults ?? {})
    const window = yield* Ref.make({ start: 0, calls: 0 })

    const unavailable = (operation: string) => (error: StorageError) =>
      new AdPlatform.PlatformUnavailable({ platform: platformKey, operation, reason: error.message })

    const invalid = (operation: string, field: string, value: string, reason: string) =>
      new AdPlatform.PlatformInvalidRequest({ platform: platformKey, operation, field, value, reason })

    const throttle = (operation: string) =>
      Effect.gen(function*() {
        const limit = (yield* Ref.get(faults)).rateLimit
        if (limit === undefined) return
        const now = yield* Clock.currentTimeMillis
        const start = Math.floor(now / limit.perMillis) * limit.perMillis
        const admitted = yield* Ref.modify(window, (w) => {
          const calls = w.start === start ? w.calls : 0
          return calls < limit.calls ? [true, { start, calls: calls + 1 }] : [false, { start, calls }]
        })
        if (!admitted) {
          return yield* new AdPlatform.PlatformRateLimited({
            platform: platformKey,
            operation,
            retryAfterMillis: start + limit.perMillis - now
          })
        }
      })

    // -- reads ----------------------------------------------------------------

    const campaignRows = (accountId: string) =>
      Effect.map(
        storage.find(Campaigns, { where: { account_id: accountId, platform: platformKey } }),
        (page) => page.items
      )

    const adGroupRows = (accountId: string, campaignIds: ReadonlyArray<string>) =>
      campaignIds.length === 0
        ? Effect.succeed<ReadonlyArray<Rows.AdGroupRow>>([])
        : Effect.map(
          storage.find(AdGroups, { where: { account_id: accountId, campaign_id: { in: campaignIds } } }),
          (page) => page.items
        )

    const keywordRows = (accountId: string, adGroupIds: ReadonlyArray<string>) =>
      adGroupIds.length === 0
        ? Effect.succeed<ReadonlyArray<Rows.KeywordRow>>([])
        : Effect.map(
          storage.find(Keywords, { where: { account_id: accountId, ad_group_id: { in: adGroupIds } } }),
          (page) => page.items
        )

    const simulatedCampaignIds = (accountId: string, campaignId: string | undefined) =>
      Effect.map(campaignRows(accountId), (rows) =>
        rows.filter((row) => campaignId === undefined || row.id === campaignId).map((row) => row.id))

    const listCampaigns = (accountId: string) =>
      throttle("listCampaigns").pipe(
        Effect.andThen(campaignRows(accountId)),
        Effect.map((rows) => rows.map(Rows.campaign).sort(byNameThenId)),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("listCampaigns")(e))
      )

    const listAdGroups = (accountId: string, campaignId?: string) =>
      throttle("listAdGroups").pipe(
        Effect.andThen(simulatedCampaignIds(accountId, campaignId)),
        Effect.flatMap((ids) => adGroupRows(accountId, ids)),
        Effect.map((rows) => rows.map(Rows.adGroup).sort(byNameThenId)),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("listAdGroups")(e))
      )

    const listKeywords = (accountId: string, campaignId?: string) =>
      throttle("listKeywords").pipe(
        Effect.andThen(simulatedCampaignIds(accountId, campaignId)),
        Effect.flatMap((ids) => adGroupRows(accountId, ids)),
        Effect.flatMap((groups) => {
          const campaignOf = new Map(groups.map((g) => [g.id, g.campaign_id]))
          return Effect.map(
            keywordRows(accountId, groups.map((g) => g.id)),
            (rows) =>
              rows.map((row) => Rows.keyword(row, campaignOf.get(row.ad_group_id)!)).sort((a, b) =>
                byNameThenId({ name: a.text, id: a.id }, { name: b.text, id: b.id })
              )
          )
        }),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("listKeywords")(e))
      )

    const listAudiences = (accountId: string) =>
      throttle("listAudiences").pipe(
        Effect.andThen(storage.find(Audiences, { where: { account_id: accountId, platform: platformKey } })),
        Effect.map((page) => page.items.map(Rows.audience).sort(byNameThenId)),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("listAudiences")(e))
      )

    const metricRows = (accountId: string, from: string, to: string, campaignIds: ReadonlyArray<string>) =>
      campaignIds.length === 0
        ? Effect.succeed<ReadonlyArray<Rows.MetricsRow>>([])
        : Effect.map(
          storage.find(CampaignDailyMetrics, {
            where: { account_id: accountId, campaign_id: { in: campaignIds }, metric_date: { gte: from, lte: to } },
            orderBy: [{ column: "metric_date", direction: "asc" }, { column: "campaign_id", direction: "asc" }]
          }),
          (page) => page.items
        )

    const dailyMetrics = (accountId: string, query: AdPlatform.MetricsQuery) =>
      Effect.gen(function*() {
        yield* throttle("dailyMetrics")
        for (const field of ["from", "to"] as const) {
          if (!Response.isDate(query[field])) {
            return yield* invalid("dailyMetrics", field, query[field], "must be a calendar date YYYY-MM-DD")
          }
        }
        if (query.to < query.from) {
          return yield* invalid("dailyMetrics", "to", query.to, `ends before from (${query.from})`)
        }
        const ids = yield* Effect.map(campaignRows(accountId), (rows) => {
          const wanted = query.campaignIds === undefined ? undefined : new Set(query.campaignIds)
          return rows.filter((row) => wanted === undefined || wanted.has(row.id)).map((row) => row.id)
        })
        const rows = yield* metricRows(accountId, query.from, query.to, ids)
        return rows.map(Rows.metrics)
      }).pipe(
        Effect.mapError((e) =>
          e._tag === "PlatformRateLimited" || e._tag === "PlatformInvalidRequest" ? e : unavailable("dailyMetrics")(e)
        )
      )

    // -- changes ----------------------------------------------------------------

    const decodeApplied = Schema.decodeUnknownOption(AdPlatform.AppliedChange)
    const encodeApplied = Schema.encodeSync(AdPlatform.AppliedChange)
    const encodeChange = Schema.encodeSync(AdPlatform.Change)

    const findApplied = (accountId: string, changeId: string) =>
      Effect.map(
        storage.find(AiIntegrationLogs, {
          where: { account_id: accountId, integration_name: integrationName, correlation_id: changeId, success: true },
          limit: 1
        }),
        (page) => Option.flatMap(Option.fromNullishOr(page.items[0]), (row) => decodeApplied(row.response_payload))
      )

    const lookupChange = (accountId: string, changeId: string) =>
      throttle("lookupChange").pipe(
        Effect.andThen(findApplied(accountId, changeId)),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("lookupChange")(e))
      )

    /** The row with that key, `None` if there is none (other storage errors are errors). */
    const getOption = <T extends Table.Any>(table: T, id: string) =>
      storage.get(table, id as Table.Key<T>).pipe(
        Effect.map(Option.some),
        Effect.catchTag("NotFound", () => Effect.succeed(Option.none<Table.Row<T>>()))
      )

    /** Loads the entity a change acts on, applies it, answers before and after; fails with the reason to reject. */
    const mutate = (accountId: string, change: AdPlatform.Change, now: Date) =>
      Effect.gen(function*() {
        const target = AdPlatform.target(change)
        const reject = (reason: string) => Effect.fail(reason)
        const amount = (field: string, value: number, min: number, max: number) =>
          !Number.isFinite(value) || value < min || value > max
            ? reject(`${field} ${value} is outside ${min} to ${max}`)
            : !isCents(value)
            ? reject(`${field} ${value} is not a whole number of cents`)
            : Effect.void

        const campaignRow = Effect.gen(function*() {
          const row = yield* getOption(Campaigns, target.id).pipe(Effect.map(Option.getOrUndefined))
          if (row === undefined || row.account_id !== accountId || row.platform !== platformKey) {
            return yield* reject(`no campaign ${target.id} in account ${accountId} on this platform`)
          }
          if (row.status === "archived" || row.status === "completed") {
            return yield* reject(`campaign ${row.id} is ${row.status} and cannot be changed`)
          }
          return row
        })
        const adGroupRow = Effect.gen(function*() {
          const row = yield* getOption(AdGroups, target.id).pipe(Effect.map(Option.getOrUndefined))
          const owner = row === undefined ? undefined : yield* getOption(Campaigns, row.campaign_id)
          if (
            row === undefined || row.account_id !== accountId || owner === undefined || Option.isNone(owner) ||
            owner.value.platform !== platformKey
          ) {
            return yield* reject(`no ad group ${target.id} in account ${accountId} on this platform`)
          }
          if (row.status === "archived") return yield* reject(`ad group ${row.id} is archived and cannot be changed`)
          return row
        })
        const keywordRow = Effect.gen(function*() {
          const row = yield* getOption(Keywords, target.id).pipe(Effect.map(Option.getOrUndefined))
          const group = row === undefined ? undefined : yield* getOption(AdGroups, row.ad_group_id)
          const owner = group === undefined || Option.isNone(group)
            ? undefined
            : yield* getOption(Campaigns, group.value.campaign_id)
          if (
            row === undefined || row.account_id !== accountId || group === undefined || Option.isNone(group) ||
            owner === undefined || Option.isNone(owner) || owner.value.platform !== platformKey
          ) {
            return yield* reject(`no keyword ${target.id} in account ${accountId} on this platform`)
          }
          if (row.status === "archived") return yield* reject(`keyword ${row.id} is archived and cannot be changed`)
          return { row, campaignId: group.value.campaign_id }
        })
        const stamp = { updated_at: now }

        switch (change._tag) {
          case "SetCampaignBudget": {
            const row = yield* campaignRow
            yield* amount("dailyBudget", change.dailyBudget, 1, 1_000_000)
            const after = yield* storage.update(Campaigns, row.id, { daily_budget: change.dailyBudget, ...stamp })
            return { before: Rows.campaign(row), after: Rows.campaign(after) }
          }
          case "SetCampaignStatus": {
            const row = yield* campaignRow
            const after = yield* storage.update(Campaigns, row.id, { status: change.status, ...stamp })
            return { before: Rows.campaign(row), after: Rows.campaign(after) }
          }
          case "SetCampaignBidStrategy": {
            const row = yield* campaignRow
            if (change.targetCpa !== null) yield* amount("targetCpa", change.targetCpa, 0.01, 1_000_000)
            if (change.targetRoas !== null && (!Number.isFinite(change.targetRoas) || change.targetRoas <= 0 || change.targetRoas >= 1_000_000)) {
              return yield* reject(`targetRoas ${change.targetRoas} is outside (0, 1000000)`)
            }
            if (change.bidStrategy === "target_cpa" && change.targetCpa === null) {
              return yield* reject("bidStrategy target_cpa needs a targetCpa")
            }
            if (change.bidStrategy === "target_roas" && change.targetRoas === null) {
              return yield* reject("bidStrategy target_roas needs a targetRoas")
            }
            const after = yield* storage.update(Campaigns, row.id, {
              bid_strategy: change.bidStrategy,
              target_cpa: change.targetCpa,
              target_roas: change.targetRoas,
              ...stamp
            })
            return { before: Rows.campaign(row), after: Rows.campaign(after) }
          }
          case "SetAdGroupBid": {
            const row = yield* adGroupRow
            yield* amount("bid", change.bid, 0.01, 1_000)
            const after = yield* storage.update(AdGroups, row.id, { default_max_cpc: change.bid, ...stamp })
            return { before: Rows.adGroup(row), after: Rows.adGroup(after) }
          }
          case "SetAdGroupStatus": {
            const row = yield* adGroupRow
            const after = yield* storage.update(AdGroups, row.id, { status: change.status, ...stamp })
            return { before: Rows.adGroup(row), after: Rows.adGroup(after) }
          }
          case "SetAdGroupAudiences": {
            const row = yield* adGroupRow
            const ids = [...new Set(change.audienceIds)]
            if (ids.length > 0) {
              const found = yield* storage.find(Audiences, { where: { id: { in: ids }, account_id: accountId } })
              const usable = new Set(found.items.filter((a) => a.status === "active").map((a) => a.id))
              const missing = ids.filter((id) => !usable.has(id))
              if (missing.length > 0) {
                return yield* reject(`audienceIds: no active audience ${missing.join(", ")} in account ${accountId}`)
              }
            }
            const after = yield* storage.update(AdGroups, row.id, {
              targeting: { ...row.targeting, audience_ids: ids },
              ...stamp
            })
            return { before: Rows.adGroup(row), after: Rows.adGroup(after) }
          }
          case "SetKeywordBid": {
            const { campaignId, row } = yield* keywordRow
            yield* amount("bid", change.bid, 0.01, 1_000)
            const after = yield* storage.update(Keywords, row.id, { max_cpc: change.bid, ...stamp })
            return { before: Rows.keyword(row, campaignId), after: Rows.keyword(after, campaignId) }
          }
          case "SetKeywordStatus": {
            const { campaignId, row } = yield* keywordRow
            const after = yield* storage.update(Keywords, row.id, { status: change.status, ...stamp })
            return { before: Rows.keyword(row, campaignId), after: Rows.keyword(after, campaignId) }
          }
        }
      })

    const logRejection = (accountId: string, changeId: string, change: AdPlatform.Change, reason: string) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        storage.insert(AiIntegrationLogs, {
        account_id: accountId,
        integration_name: integrationName,
        platform: platformKey,
        direction: "outbound",
        endpoint: `mutate/${change._tag}`,
        method: "POST",
        request_payload: { changeId, change: encodeChange(change) },
        status_code: 400,
        success: false,
        error_message: reason,
        correlation_id: changeId,
        created_at: new Date(now)
      }))

    const apply = (request: AdPlatform.ApplyRequest) =>
      Effect.gen(function*() {
        const { accountId, change, changeId } = request
        const rejected = (reason: string) =>
          Effect.andThen(
            logRejection(accountId, changeId, change, reason),
            Effect.fail(new AdPlatform.PlatformRejected({ platform: platformKey, changeId, change, reason }))
          )
        yield* throttle("apply")
        if (changeId.length === 0) return yield* rejected("changeId must not be empty")

        const earlier = yield* findApplied(accountId, changeId)
        if (Option.isSome(earlier)) {
          if (JSON.stringify(encodeChange(earlier.value.change)) === JSON.stringify(encodeChange(change))) {
            return earlier.value
          }
          return yield* rejected(`changeId ${changeId} was already used for another change (${earlier.value.change._tag})`)
        }

        const injected = yield* Ref.get(faults)
        const target = AdPlatform.target(change)
        if (injected.rejectChangeIds?.includes(changeId) === true) {
          return yield* rejected(`injected fault: change ${changeId} is rejected`)
        }
        if (injected.rejectEntityIds?.includes(target.id) === true) {
          return yield* rejected(`injected fault: changes to ${target.type} ${target.id} are rejected`)
        }
        if (
          injected.rejectionRate !== undefined &&
          Response.uniform(injected.seed ?? 0, `reject:${changeId}`) < injected.rejectionRate
        ) {
          return yield* rejected(`injected fault: change ${changeId} drawn for rejection (rate ${injected.rejectionRate})`)
        }

        const nowMillis = yield* Clock.currentTimeMillis
        const now = new Date(nowMillis)
        const outcome = yield* storage.transaction(
          Effect.gen(function*() {
            const { after, before } = yield* mutate(accountId, change, now)
            const applied = new AdPlatform.AppliedChange({
              changeId,
              accountId,
              change,
              before,
              after,
              appliedAt: nowMillis
            })
            yield* storage.insert(AiIntegrationLogs, {
              account_id: accountId,
              integration_name: integrationName,
              platform: platformKey,
              direction: "outbound",
              endpoint: `mutate/${change._tag}`,
              method: "POST",
              request_payload: { changeId, change: encodeChange(change) },
              response_payload: encodeApplied(applied),
              status_code: 200,
              latency_ms: 0,
              success: true,
              correlation_id: changeId,
              created_at: now
            })
            return applied
          })
        ).pipe(Effect.result)
        if (outcome._tag === "Failure") {
          const reason = outcome.failure
          if (typeof reason === "string") return yield* rejected(reason)
          // a database CHECK the model did not catch is a rejection too: nothing was written
          if (reason._tag === "CheckViolation" || reason._tag === "ValidationError") {
            return yield* rejected(reason.message)
          }
          return yield* Effect.fail(reason)
        }
        if (injected.loseResponseFor?.includes(changeId) === true) {
          return yield* new AdPlatform.PlatformUnavailable({
            platform: platformKey,
            operation: "apply",
            reason: `injected fault: the response to change ${changeId} was lost (the change was made)`
          })
        }
        return outcome.success
      }).pipe(
        Effect.mapError((e) =>
          e._tag === "PlatformRateLimited" || e._tag === "PlatformRejected" || e._tag === "PlatformUnavailable"
            ? e
            : unavailable("apply")(e)
        )
      )

    // -- simulation -------------------------------------------------------------

    const simulationError = (accountId: string, field: string, value: unknown, reason: string) =>
      new SimulationError({ accountId, field, value: String(value), reason })

    const seed = (accountId: string, seedOptions: SeedOptions) =>
      Effect.gen(function*() {
        const count = (field: string, value: number | undefined, fallback: number, max: number) =>
          value === undefined
            ? Effect.succeed(fallback)
            : Number.isInteger(value) && value >= 1 && value <= max
            ? Effect.succeed(value)
            : Effect.fail(simulationError(accountId, field, value, `must be an integer from 1 to ${max}`))
        if (!Number.isSafeInteger(seedOptions.seed)) {
          return yield* simulationError(accountId, "seed", seedOptions.seed, "must be a safe integer")
        }
        const s = seedOptions.seed
        const campaignCount = yield* count("campaigns", seedOptions.campaigns, 6, 100_000)
        const groupCount = yield* count("adGroupsPerCampaign", seedOptions.adGroupsPerCampaign, 2, 20)
        const keywordCount = yield* count("keywordsPerAdGroup", seedOptions.keywordsPerAdGroup, 4, 20)
        const startDate = seedOptions.startDate ?? todayUtc(yield* Clock.currentTimeMillis)
        if (!Response.isDate(startDate)) {
          return yield* simulationError(accountId, "startDate", startDate, "must be a calendar date YYYY-MM-DD")
        }
        const currency = seedOptions.currency ?? "USD"
        if (!/^[A-Z]{3}$/.test(currency)) {
          return yield* simulationError(accountId, "currency", currency, "must be a three-letter ISO 4217 code")
        }
        const prefix = `sim-${s}-`
        const existing = yield* storage.count(Campaigns, {
          account_id: accountId,
          platform: platformKey,
          external_id: { like: `${prefix.replace(/[\\%_]/g, "\\$&")}c%` }
        })
        if (existing > 0) {
          return yield* simulationError(accountId, "seed", s, `the account already has ${existing} campaigns of this seed`)
        }
        const now = new Date(yield* Clock.currentTimeMillis)

        return yield* storage.transaction(Effect.gen(function*() {
          const audienceRows = yield* storage.insertMany(
            Audiences,
            audienceTemplates.map((t, i) => {
              const next = Response.stream(s, `audience:${i}`)
              const draw = (range: readonly [number, number]) => range[0] + (range[1] - range[0]) * next()
              return {
                account_id: accountId,
                name: t.name,
                audience_type: t.type,
                platform: platformKey,
                external_id: `${prefix}a${i}`,
                definition: { simulator: { reach: round2(draw(t.reach)), conversionFactor: round2(draw(t.factor)) } },
                size_estimate: Math.round(draw(t.size)),
                size_estimated_at: now,
                status: "active" as const,
                created_at: now,
                updated_at: now
              }
            })
          )

          const params = Array.from({ length: campaignCount }, (_, i) => Response.drawCampaign(s, i))
          const campaignRows = yield* storage.insertMany(
            Campaigns,
            params.map((p, i) => {
              const next = Response.stream(s, `campaign-setup:${i}`)
              const theme = themes[i % themes.length]!
              const round = Math.floor(i / themes.length)
              const fullConversionCost = p.referenceCpc / p.conversionRate
              return {
                account_id: accountId,
                name: round === 0 ? theme : `${theme} ${round + 1}`,
                platform: platformKey,
                external_id: `${prefix}c${i}`,
                status: "active" as const,
                objective: next() < 0.5 ? ("sales" as const) : ("leads" as const),
                channel: "search" as const,
                daily_budget: Math.round(60 + 180 * next()),
                currency,
                start_date: startDate,
                bid_strategy: "manual_cpc" as const,
                target_cpa: round2(fullConversionCost * (0.5 + 0.6 * next())),
                settings: { simulator: { ...p } },
                last_synced_at: now,
                created_at: now,
                updated_at: now
              }
            })
          )

          const groupInserts = campaignRows.flatMap((c, i) =>
            Array.from({ length: groupCount }, (_, j) => ({
              account_id: accountId,
              campaign_id: c.id,
              name: `${c.name} — ${adGroupNames[j % adGroupNames.length]}${j >= adGroupNames.length ? ` ${Math.floor(j / adGroupNames.length) + 1}` : ""}`,
              external_id: `${prefix}c${i}-g${j}`,
              status: "active" as const,
              default_max_cpc: params[i]!.referenceCpc,
              targeting: { audience_ids: [] },
              created_at: now,
              updated_at: now
            }))
          )
          const groupRows = yield* storage.insertMany(AdGroups, groupInserts)

          const keywordInserts = groupRows.flatMap((g, n) => {
            const i = Math.floor(n / groupCount)
            const j = n % groupCount
            const p = params[i]!
            const base = themes[i % themes.length]!.toLowerCase()
            return Array.from({ length: keywordCount }, (_, k) => {
              const next = Response.stream(s, `keyword-setup:${i}:${j}:${k}`)
              const slot = j * keywordCount + k
              const modifier = modifiers[slot % modifiers.length]!
              const lap = Math.floor(slot / modifiers.length)
              const text = [base, modifier, lap > 0 ? String(lap + 1) : ""].filter((w) => w.length > 0).join(" ")
              return {
                account_id: accountId,
                ad_group_id: g.id,
                text,
                match_type: matchTypes[k % matchTypes.length]!,
                max_cpc: Math.max(0.05, round2(p.referenceCpc * (0.6 + next()))),
                status: "active" as const,
                quality_score: 3 + Math.floor(next() * 8),
                external_id: `${prefix}c${i}-g${j}-k${k}`,
                created_at: now,
                updated_at: now
              }
            })
          })
          const keywordRows = yield* storage.insertMany(Keywords, keywordInserts)
          const campaignOf = new Map(groupRows.map((g) => [g.id, g.campaign_id]))
          return {
            campaigns: campaignRows.map(Rows.campaign),
            adGroups: groupRows.map(Rows.adGroup),
            keywords: keywordRows.map((k) => Rows.keyword(k, campaignOf.get(k.ad_group_id)!)),
            audiences: audienceRows.map(Rows.audience)
          }
        }))
      })

    const advanceDay = (accountId: string, date: string) =>
      Effect.gen(function*() {
        if (!Response.isDate(date)) {
          return yield* simulationError(accountId, "date", date, "must be a calendar date YYYY-MM-DD")
        }
        const day = Response.dayNumber(date)
        const campaigns = (yield* campaignRows(accountId)).filter((c) =>
          c.status === "active" && (c.start_date === null || c.start_date <= date) &&
          (c.end_date === null || c.end_date >= date)
        )
        const ids = campaigns.map((c) => c.id)
        const done = new Set((yield* metricRows(accountId, date, date, ids)).map((m) => m.campaign_id))
        const due = campaigns.filter((c) => !done.has(c.id))
        if (due.length > 0) {
          const groups = yield* adGroupRows(accountId, due.map((c) => c.id))
          const keywords = yield* keywordRows(accountId, groups.map((g) => g.id))
          const audiences = new Map(
            (yield* storage.find(Audiences, { where: { account_id: accountId } })).items.flatMap((a) =>
              Option.match(Rows.audienceParams(a), { onNone: () => [], onSome: (p) => [[a.id, p] as const] })
            )
          )
          const groupsOf = groupBy(groups, (g) => g.campaign_id)
          const keywordsOf = groupBy(keywords, (k) => k.ad_group_id)
          const now = new Date(yield* Clock.currentTimeMillis)
          const rows: Array<Table.Insert<typeof CampaignDailyMetrics>> = []
          for (const c of due) {
            const params = Rows.campaignParams(c)
            if (Option.isNone(params)) {
              return yield* simulationError(
                accountId,
                `campaigns[${c.id}].settings.simulator`,
                JSON.stringify(c.settings["simulator"] ?? null),
                "missing or damaged hidden parameters (seed the campaign with SimulatedPlatform.seed)"
              )
            }
            const p = params.value
            const campaignGroups = groupsOf.get(c.id) ?? []
            const weightOf = (k: Rows.KeywordRow) =>
              Response.keywordWeight(p.seed, k.external_id ?? `text:${k.text.toLowerCase()}:${k.match_type}`)
            const all = campaignGroups.flatMap((g) => (keywordsOf.get(g.id) ?? []).filter((k) => !k.is_negative))
            const total = all.reduce((sum, k) => sum + weightOf(k), 0)
            const inputs = campaignGroups.filter((g) => g.status === "active").map((g) => ({
              audiences: Rows.audienceIds(g).flatMap((id) => {
                const a = audiences.get(id)
                return a === undefined ? [] : [a]
              }),
              keywords: (keywordsOf.get(g.id) ?? [])
                .filter((k) => k.status === "active" && !k.is_negative)
                .map((k) => ({
                  bid: k.max_cpc ?? g.default_max_cpc ?? p.referenceCpc,
                  qualityScore: k.quality_score ?? 5,
                  weight: weightOf(k) / total
                }))
            }))
            const result = Response.simulateDay(p, c.daily_budget ?? 0, inputs, day)
            if (result === null || result.spend === 0) continue
            rows.push({
              account_id: accountId,
              campaign_id: c.id,
              metric_date: date,
              impressions: result.impressions,
              clicks: result.clicks,
              conversions: result.conversions,
              spend: result.spend,
              revenue: result.revenue,
              reach: result.reach,
              search_impression_share: result.searchImpressionShare,
              is_final: true,
              synced_at: now,
              created_at: now,
              updated_at: now
            })
          }
          if (rows.length > 0) yield* storage.bulkInsert(CampaignDailyMetrics, rows)
        }
        return (yield* metricRows(accountId, date, date, ids)).map(Rows.metrics)
      })

    const getEntity = (accountId: string, target: { readonly type: AdPlatform.EntityType; readonly id: string }) =>
      throttle("getEntity").pipe(
        Effect.andThen(Effect.gen(function*() {
          const none = Option.none<AdPlatform.EntityState>()
          const campaignOwned = (id: string) =>
            Effect.map(getOption(Campaigns, id), (row) =>
              Option.filter(row, (c) => c.account_id === accountId && c.platform === platformKey))
          switch (target.type) {
            case "campaign":
              return Option.map(yield* campaignOwned(target.id), (row): AdPlatform.EntityState => Rows.campaign(row))
            case "ad_group": {
              const group = yield* getOption(AdGroups, target.id)
              if (Option.isNone(group) || Option.isNone(yield* campaignOwned(group.value.campaign_id))) return none
              return Option.some<AdPlatform.EntityState>(Rows.adGroup(group.value))
            }
            case "keyword": {
              const keyword = yield* getOption(Keywords, target.id)
              if (Option.isNone(keyword)) return none
              const group = yield* getOption(AdGroups, keyword.value.ad_group_id)
              if (Option.isNone(group) || Option.isNone(yield* campaignOwned(group.value.campaign_id))) return none
              return Option.some<AdPlatform.EntityState>(Rows.keyword(keyword.value, group.value.campaign_id))
            }
          }
        })),
        Effect.mapError((e) => e._tag === "PlatformRateLimited" ? e : unavailable("getEntity")(e))
      )

    const platform: AdPlatform.AdPlatformShape = {
      platform: platformKey,
      getEntity,
      listCampaigns,
      listAdGroups,
      listKeywords,
      listAudiences,
      dailyMetrics,
      apply,
      lookupChange
    }
    const simulator: SimulatedPlatformShape = {
      seed,
      advanceDay,
      setFaults: (next) => Ref.set(faults, next)
    }
    return Context.make(AdPlatform.AdPlatform, platform).pipe(Context.add(SimulatedPlatform, simulator))
  }))
