/**
 * The risk service (issue 10, `ai_risk_management`): assesses an account's
 * active campaigns for budget overspend, performance decline and policy
 * flags (`Assessment`), keeps one open risk per finding, and moves risks
 * through their lifecycle.
 *
 * - `scan(accountId)` reads the account's active campaigns and their
 *   `campaign_daily_metrics` before today (`Clock`, UTC) and writes in one
 *   transaction. A finding whose identity (`Risk.key`: type, campaign,
 *   metric) has an open risk (`active` or `mitigated`) updates that row —
 *   level, probability, impact, actions, evidence, `occurrences`,
 *   `lastSeenAt` — and keeps its status; otherwise a new `active` row is
 *   written. An open risk of a scanned campaign that the scan no longer
 *   finds is `resolved` (`resolvedAt` stamped in its indicators): the
 *   trajectory or trend is gone. Risks of campaigns not scanned (paused,
 *   say) are left as they are.
 * - `probability_score` is `10 × P` (one decimal); `risk_level` comes from
 *   the expected loss `P × money at risk` as a share of the exposure
 *   (`Risk.levelOf`). An overspend is raised from `P ≥ minOverspendProbability`.
 * - `mitigate`, `resolve` and `reopen` follow `Risk.transitions`; any other
 *   move fails with `InvalidRiskTransition`.
 *
 * Mitigation actions are `SafetyEnvelope.ActionRequest`s for the platform
 * actions (`PlatformActions.requestFor`): an overspend sets the daily budget
 * to the on-budget rate; a decline cuts the daily budget by
 * `declineBudgetCut` (less money spent at a worsening return while a person
 * looks); a disapproved campaign is paused; `limited` and `under_review`
 * carry no action (they need a person to edit the ads).
 *
 * A campaign whose `settings.policy` does not decode is not failed on: the
 * scan reports it in `skipped` with the value and the reason.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import * as Action from "../../actions/Action.ts"
import { ActionRequest } from "../../actions/SafetyEnvelope.ts"
import { EntityRef } from "../../actions/SafetyLimits.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../storage/schema/marketing/Campaigns.ts"
import { AiRiskManagement } from "../../storage/schema/marketingAi/AiRiskManagement.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import type * as Metrics from "../alerts/Metrics.ts"
import * as AdPlatform from "../platform/AdPlatform.ts"
import { requestFor } from "../PlatformActions.ts"
import * as Assessment from "./Assessment.ts"
import * as Days from "./internal/days.ts"
import * as Risk from "./Risk.ts"
import { InvalidRiskOptions, InvalidRiskTransition, RiskNotFound } from "./RiskError.ts"

/**
 * An `ai_risk_management` row.
 *
 * @since 0.1.0
 * @category models
 */
export type RiskRow = Table.Row<typeof AiRiskManagement>

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly overspend: Assessment.OverspendOptions
  /** an overspend is raised from this probability (default 0.5: projected at or over budget) */
  readonly minOverspendProbability: number
  readonly decline: Assessment.DeclineOptions
  /** the share a decline's mitigation cuts the daily budget by (default 0.2) */
  readonly declineBudgetCut: number
  /** who the mitigation actions are requested by */
  readonly requester: Action.Requester
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  overspend: { candidateRatio: 0.8 },
  minOverspendProbability: 0.5,
  decline: Assessment.defaultDeclineOptions,
  declineBudgetCut: 0.2,
  requester: new Action.AgentRequester({ agentId: "risk_management" })
}

/**
 * A campaign a scan could not assess fully, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface Skipped {
  readonly campaignId: string
  readonly field: string
  readonly value: unknown
  readonly reason: string
}

/**
 * What a scan did.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScanReport {
  readonly accountId: string
  readonly today: string
  readonly campaigns: number
  readonly raised: number
  readonly updated: number
  readonly resolved: number
  readonly skipped: ReadonlyArray<Skipped>
  /** the risks raised or updated */
  readonly risks: ReadonlyArray<RiskRow>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RiskServiceShape {
  readonly scan: (accountId: string) => Effect.Effect<ScanReport, StorageError>
  readonly mitigate: (riskId: string) => Effect.Effect<RiskRow, RiskNotFound | InvalidRiskTransition | StorageError>
  readonly resolve: (riskId: string) => Effect.Effect<RiskRow, RiskNotFound | InvalidRiskTransition | StorageError>
  readonly reopen: (riskId: string) => Effect.Effect<RiskRow, RiskNotFound | InvalidRiskTransition | StorageError>
}

interface Finding {
  readonly type: Risk.RiskType
  readonly campaignId: string
  readonly assessment: Assessment.Assessment
  readonly actions: ReadonlyArray<Schema.Json>
}

const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u)) as Schema.Json
const encodeRequest = Schema.encodeSync(ActionRequest)
const decodeIndicators = Schema.decodeUnknownOption(Risk.Indicators)

const checkOptions = (options: Options): Effect.Effect<Options, InvalidRiskOptions> => {
  const fail = (field: string, value: unknown, rule: string) => Effect.fail(new InvalidRiskOptions({ field, value, rule }))
  const d = options.decline
  const int = (n: number, min: number) => Number.isSafeInteger(n) && n >= min
  if (!(options.overspend.candidateRatio > 0 && options.overspend.candidateRatio <= 1)) {
    return fail("overspend.candidateRatio", options.overspend.candidateRatio, "in (0, 1]")
  }
  if (!(options.minOverspendProbability >= 0 && options.minOverspendProbability <= 1)) {
    return fail("minOverspendProbability", options.minOverspendProbability, "in [0, 1]")
  }
  if (!int(d.weeks, 4)) return fail("decline.weeks", d.weeks, "an integer ≥ 4")
  if (!int(d.minWeeks, 4) || d.minWeeks > d.weeks) return fail("decline.minWeeks", d.minWeeks, "an integer between 4 and decline.weeks")
  if (!(d.alpha > 0 && d.alpha < 0.5)) return fail("decline.alpha", d.alpha, "in (0, 0.5)")
  if (!int(d.horizonWeeks, 1)) return fail("decline.horizonWeeks", d.horizonWeeks, "an integer ≥ 1")
  if (!(options.declineBudgetCut > 0 && options.declineBudgetCut < 1)) {
    return fail("declineBudgetCut", options.declineBudgetCut, "in (0, 1)")
  }
  return Effect.succeed(options)
}

/**
 * Builds the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(overrides: Partial<Options> = {}) {
  const options = yield* checkOptions({ ...defaultOptions, ...overrides })
  const storage = yield* Storage

  const request = (accountId: string, key: string, asOf: string, campaignId: string, change: AdPlatform.Change, confidence: number) => {
    const { action, parameters } = requestFor(accountId, undefined, change)
    return toJson(encodeRequest(
      new ActionRequest({
        requestId: `risk:${key}:${asOf}`,
        action,
        parameters,
        requester: options.requester,
        entity: new EntityRef({ type: "campaign", id: campaignId }),
        confidence: Math.max(0, Math.min(1, confidence))
      })
    ))
  }

  const findingsOf = (
    accountId: string,
    campaign: Table.Row<typeof Campaigns>,
    days: ReadonlyArray<Metrics.Day>,
    today: string,
    skipped: Array<Skipped>
  ): ReadonlyArray<Finding> => {
    const out: Array<Finding> = []
    const asOf = today
    const settings = campaign.settings as { readonly [key: string]: unknown }
    const monthly = typeof settings["monthly_budget"] === "number" && settings["monthly_budget"] > 0 ? settings["monthly_budget"] : null
    const overspends = Assessment.overspend({
      dailyBudget: campaign.daily_budget,
      monthlyBudget: monthly,
      lifetimeBudget: campaign.lifetime_budget,
      startDate: campaign.start_date,
      endDate: campaign.end_date
    }, days, today, options.overspend)
    for (const o of overspends) {
      if (o.probability < options.minOverspendProbability) continue
      const key = Risk.key("budget_overspend", campaign.id, o.metric)
      const cut = campaign.daily_budget === null || o.onBudgetDaily < campaign.daily_budget
      out.push({
        type: "budget_overspend",
        campaignId: campaign.id,
        assessment: o,
        actions: cut ?
          [request(accountId, key, asOf, campaign.id, new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: o.onBudgetDaily }), o.probability)] :
          []
      })
    }
    for (const d of Assessment.decline(days, today, options.decline)) {
      const key = Risk.key("performance_decline", campaign.id, d.metric)
      out.push({
        type: "performance_decline",
        campaignId: campaign.id,
        assessment: d,
        actions: campaign.daily_budget === null || campaign.daily_budget <= 0 ? [] : [
          request(accountId, key, asOf, campaign.id, new AdPlatform.SetCampaignBudget({
            campaignId: campaign.id,
            dailyBudget: Math.round(campaign.daily_budget * (1 - options.declineBudgetCut) * 100) / 100
          }), d.probability)
        ]
      })
    }
    const reading = Assessment.policy(settings, days, today)
    if (reading._tag === "Invalid") {
      skipped.push({ campaignId: campaign.id, field: "settings.policy", value: reading.value, reason: reading.reason })
    } else if (reading._tag === "Flagged") {
      const a = reading.assessment
      const key = Risk.key("policy_violation", campaign.id, a.metric)
      out.push({
        type: "policy_violation",
        campaignId: campaign.id,
        assessment: a,
        actions: a.flag.status === "disapproved" ?
          [request(accountId, key, asOf, campaign.id, new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "paused" }), 1)] :
          []
      })
    }
    return out
  }

  const columns = (finding: Finding) => {
    const a = finding.assessment
    const expectedLoss = Math.round(a.probability * a.moneyAtRisk * 100) / 100
    const impact: Risk.Impact = { moneyAtRisk: a.moneyAtRisk, exposure: a.exposure, expectedLoss, basis: a.basis }
    return {
      risk_level: Risk.levelOf(expectedLoss, a.exposure),
      probability_score: Math.round(a.probability * 100) / 10,
      impact_assessment: toJson(impact),
      mitigation_actions: toJson(finding.actions)
    }
  }

  const openOf = (accountId: string) =>
    Effect.map(
      storage.find(AiRiskManagement, {
        where: { account_id: accountId, or: [{ status: { in: ["active", "mitigated"] } }, { status: null }] },
        orderBy: [{ column: "created_at" }]
      }),
      (page) => page.items
    )

  const scan = Effect.fn("RiskService.scan")(function*(accountId: string) {
    const millis = yield* Clock.currentTimeMillis
    const now = new Date(millis)
    const stamp = now.toISOString()
    const todayN = Math.floor(millis / 86_400_000)
    const today = Days.toDate(todayN)
    return yield* storage.transaction(Effect.gen(function*() {
      const campaigns = (yield* storage.find(Campaigns, {
        where: { account_id: accountId, status: "active" },
        orderBy: [{ column: "created_at" }]
      })).items
      let from = Math.min(todayN - 7 * options.decline.weeks, todayN - 31)
      for (const c of campaigns) {
        const start = c.lifetime_budget !== null && c.start_date !== null ? Days.dayNumber(c.start_date) : undefined
        if (start !== undefined && start < from) from = start
      }
      const rows = campaigns.length === 0 ? [] : (yield* storage.find(CampaignDailyMetrics, {
        where: { account_id: accountId, metric_date: { gte: Days.toDate(from), lt: today } },
        orderBy: [{ column: "metric_date" }]
      })).items
      const byCampaign = new Map<string, Array<Metrics.Day>>()
      for (const r of rows) {
        const list = byCampaign.get(r.campaign_id) ?? []
        list.push({
          date: r.metric_date,
          impressions: r.impressions,
          clicks: r.clicks,
          conversions: r.conversions,
          spend: r.spend,
          revenue: r.revenue,
          searchImpressionShare: r.search_impression_share
        })
        byCampaign.set(r.campaign_id, list)
      }
      const open = new Map<string, RiskRow>()
      for (const r of yield* openOf(accountId)) {
        const doc = decodeIndicators(r.risk_indicators)
        if (doc._tag === "Some") open.set(doc.value.key, r)
      }
      const skipped: Array<Skipped> = []
      const risks: Array<RiskRow> = []
      const seen = new Set<string>()
      let raised = 0
      let updated = 0
      for (const campaign of campaigns) {
        for (const finding of findingsOf(accountId, campaign, byCampaign.get(campaign.id) ?? [], today, skipped)) {
          const key = Risk.key(finding.type, finding.campaignId, finding.assessment.metric)
          seen.add(key)
          const existing = open.get(key)
          const previous = existing === undefined ? undefined : decodeIndicators(existing.risk_indicators)
          const indicators: Risk.Indicators = {
            key,
            metric: finding.assessment.metric,
            occurrences: previous?._tag === "Some" ? previous.value.occurrences + 1 : 1,
            firstSeenAt: previous?._tag === "Some" ? previous.value.firstSeenAt : stamp,
            lastSeenAt: stamp,
            resolvedAt: null,
            evidence: toJson(finding.assessment.evidence)
          }
          if (existing !== undefined) {
            risks.push(yield* storage.update(AiRiskManagement, existing.id, { ...columns(finding), risk_indicators: toJson(indicators) }))
            updated++
          } else {
            risks.push(yield* storage.insert(AiRiskManagement, {
              account_id: accountId,
              risk_type: finding.type,
              affected_entity_type: "campaign",
              affected_entity_id: finding.campaignId,
              risk_indicators: toJson(indicators),
              status: "active",
              created_at: now,
              ...columns(finding)
            }))
            raised++
          }
        }
      }
      const scanned = new Set(campaigns.map((c) => c.id))
      let resolved = 0
      for (const [key, row] of open) {
        if (seen.has(key) || row.affected_entity_id === null || !scanned.has(row.affected_entity_id)) continue
        const doc = decodeIndicators(row.risk_indicators)
        if (doc._tag === "None") continue
        yield* storage.update(AiRiskManagement, row.id, {
          status: "resolved",
          risk_indicators: toJson({ ...doc.value, resolvedAt: stamp })
        })
        resolved++
      }
      return { accountId, today, campaigns: campaigns.length, raised, updated, resolved, skipped, risks } satisfies ScanReport
    }))
  })

  const move = (to: Risk.Status, name: string) =>
    Effect.fn(`RiskService.${name}`)(function*(riskId: string) {
      const millis = yield* Clock.currentTimeMillis
      return yield* storage.transaction(Effect.gen(function*() {
        const row = yield* storage.get(AiRiskManagement, riskId).pipe(
          Effect.catchTag("NotFound", () => Effect.fail(new RiskNotFound({ riskId })))
        )
        const from: Risk.Status = row.status ?? "active"
        if (!Risk.transitions[from].includes(to)) return yield* new InvalidRiskTransition({ riskId, from, to })
        const doc = decodeIndicators(row.risk_indicators)
        return yield* storage.update(AiRiskManagement, riskId, {
          status: to,
          ...(doc._tag === "Some" ?
            { risk_indicators: toJson({ ...doc.value, resolvedAt: to === "resolved" ? new Date(millis).toISOString() : null }) } :
            {})
        })
      }))
    })

  return RiskService.of({
    scan,
    mitigate: move("mitigated", "mitigate"),
    resolve: move("resolved", "resolve"),
    reopen: move("active", "reopen")
  })
})

/**
 * The risk service.
 *
 * @since 0.1.0
 * @category services
 */
export class RiskService extends Context.Service<RiskService, RiskServiceShape>()("ringmaster/cycles/risk/RiskService") {
  /**
   * The service with the default options, over `Storage`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<RiskService, InvalidRiskOptions, Storage> = Layer.effect(RiskService, make())

  /**
   * The service with some options changed; fails with `InvalidRiskOptions`
   * naming an option out of range.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerOptions = (overrides: Partial<Options>): Layer.Layer<RiskService, InvalidRiskOptions, Storage> =>
    Layer.effect(RiskService, make(overrides))
}
