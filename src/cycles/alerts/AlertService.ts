/**
 * The smart-alert service (issue 10, `ai_smart_alerts`): scans an account's
 * active campaigns for anomalies, budget pacing and opportunities, keeps one
 * open alert per finding, and moves alerts through their lifecycle.
 *
 * - `scan(accountId)` reads the account's active campaigns and their
 *   `campaign_daily_metrics` before today (`Clock`, UTC; today is still
 *   accruing), runs `Detection` on the last `evaluationDays` days, `Pacing`
 *   and `Opportunity`, and writes the findings in one transaction. A finding
 *   whose identity (account, campaign, alert type, metric: `Alert.key`)
 *   already has an open alert (`active` or `acknowledged`) updates it —
 *   latest severity, title, evidence and actions, the new days added to
 *   `days` and `occurrences`, `lastSeenAt` — instead of adding a row. A
 *   finding whose days a closed (`resolved`, `dismissed`) alert already
 *   covered is suppressed: dismissing today's alert is not undone by the
 *   next scan today; a new anomalous day raises a new alert.
 * - `acknowledge`, `resolve`, `dismiss` follow `Alert.transitions`;
 *   `resolve` and `dismiss` stamp `resolved_at` (the time it closed).
 *
 * Recommended actions are `SafetyEnvelope.ActionRequest`s for the platform
 * action `platform.set_campaign_budget { accountId, campaignId, dailyBudget }`
 * by default (what decision cycles and people submit; see `PlatformActions`),
 * or the host's own `budgetAction` with `{ campaignId, budget }`:
 * cut the daily budget to the on-budget rate when pacing over, raise it when
 * an opportunity is budget-limited. Anomalies and under-pacing recommend no
 * action (they need a person to look first). A campaign pacing over its
 * budget gets no opportunity alert, even when capped at a good ROAS: the
 * raise would contradict the cut.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import * as Action from "../../actions/Action.ts"
import { ActionRequest } from "../../actions/SafetyEnvelope.ts"
import { EntityRef } from "../../actions/SafetyLimits.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import { Storage } from "../../storage/Storage.ts"
import type * as Table from "../../storage/Table.ts"
import { CampaignDailyMetrics } from "../../storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../storage/schema/marketing/Campaigns.ts"
import { AiSmartAlerts } from "../../storage/schema/marketingAi/AiSmartAlerts.ts"
import * as AdPlatform from "../platform/AdPlatform.ts"
import * as PlatformActions from "../PlatformActions.ts"
import * as Alert from "./Alert.ts"
import { AlertNotFound, InvalidAlertOptions, InvalidAlertTransition } from "./AlertError.ts"
import * as Detection from "./Detection.ts"
import * as Dates from "./internal/dates.ts"
import * as Metrics from "./Metrics.ts"
import * as Opportunity from "./Opportunity.ts"
import * as Pacing from "./Pacing.ts"
import type * as Severity from "./Severity.ts"

/**
 * An `ai_smart_alerts` row.
 *
 * @since 0.1.0
 * @category models
 */
export type AlertRow = Table.Row<typeof AiSmartAlerts>

/**
 * The service's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly detection: Detection.Options
  readonly pacing: Pacing.Options
  readonly opportunity: Opportunity.Options
  /** metrics tested for anomalies (default: all of `Metrics.metrics`) */
  readonly metrics: ReadonlyArray<Metrics.Metric>
  /** the last days before today tested for anomalies on each scan (default 3) */
  readonly evaluationDays: number
  /** target ROAS for campaigns without `target_roas` (default none: no opportunity judged) */
  readonly defaultTargetRoas: number | null
  /** who the recommended actions are requested by */
  readonly requester: Action.Requester
  /** the registered action that sets a campaign's daily budget, with parameters `{ campaignId, budget }` */
  readonly budgetAction: string
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  detection: Detection.defaultOptions,
  pacing: Pacing.defaultOptions,
  opportunity: Opportunity.defaultOptions,
  metrics: Metrics.metrics,
  evaluationDays: 3,
  defaultTargetRoas: null,
  requester: new Action.AgentRequester({ agentId: "smart_alerts" }),
  budgetAction: PlatformActions.names.setCampaignBudget
}

/**
 * What a scan did.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScanReport {
  readonly accountId: string
  /** the day the scan ran (UTC); days before it were read */
  readonly today: string
  readonly campaigns: number
  readonly raised: number
  readonly updated: number
  readonly suppressed: number
  /** the alerts raised or updated */
  readonly alerts: ReadonlyArray<AlertRow>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface AlertServiceShape {
  readonly scan: (accountId: string) => Effect.Effect<ScanReport, StorageError>
  readonly acknowledge: (alertId: string) => Effect.Effect<AlertRow, AlertNotFound | InvalidAlertTransition | StorageError>
  readonly resolve: (alertId: string) => Effect.Effect<AlertRow, AlertNotFound | InvalidAlertTransition | StorageError>
  readonly dismiss: (alertId: string) => Effect.Effect<AlertRow, AlertNotFound | InvalidAlertTransition | StorageError>
}

/** One thing a scan found about a campaign. */
interface Finding {
  readonly type: Alert.AlertType
  readonly campaignId: string
  readonly metric: string
  readonly severity: Severity.Severity
  readonly title: string
  readonly description: string
  readonly days: ReadonlyArray<string>
  readonly actions: ReadonlyArray<Schema.Json>
  readonly evidence: Schema.Json
}

const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u)) as Schema.Json
const encodeRequest = Schema.encodeSync(ActionRequest)
const decodeDocument = Schema.decodeUnknownOption(Alert.Document)
const money = (n: number) => n.toFixed(2)
const label: Record<Metrics.Metric, string> = {
  spend: "Spend",
  impressions: "Impressions",
  clicks: "Clicks",
  conversions: "Conversions",
  revenue: "Revenue",
  ctr: "CTR",
  cpc: "CPC",
  cpa: "CPA",
  roas: "ROAS"
}
const fmt = (metric: Metrics.Metric, n: number) =>
  metric === "ctr" ? `${(n * 100).toFixed(2)}%` : Metrics.kindOf(metric) === "count" ? n.toFixed(0) : money(n)

const checkOptions = (options: Options): Effect.Effect<Options, InvalidAlertOptions> => {
  const fail = (field: string, value: unknown, rule: string) => Effect.fail(new InvalidAlertOptions({ field, value, rule }))
  const d = options.detection
  const positiveInt = (n: number) => Number.isSafeInteger(n) && n >= 1
  if (!positiveInt(d.historyDays) || d.historyDays < 14) return fail("detection.historyDays", d.historyDays, "an integer ≥ 14")
  if (!positiveInt(d.minHistoryDays) || d.minHistoryDays > d.historyDays) {
    return fail("detection.minHistoryDays", d.minHistoryDays, "an integer between 1 and detection.historyDays")
  }
  if (!(d.threshold > 0) || !Number.isFinite(d.threshold)) return fail("detection.threshold", d.threshold, "a finite number > 0")
  if (!(d.relativeFloor >= 0 && d.relativeFloor < 1)) return fail("detection.relativeFloor", d.relativeFloor, "in [0, 1)")
  if (!positiveInt(options.evaluationDays)) return fail("evaluationDays", options.evaluationDays, "an integer ≥ 1")
  if (!(options.pacing.overTolerance >= 0) || !Number.isFinite(options.pacing.overTolerance)) {
    return fail("pacing.overTolerance", options.pacing.overTolerance, "a finite number ≥ 0")
  }
  if (!(options.pacing.underTolerance > 0 && options.pacing.underTolerance < 1)) {
    return fail("pacing.underTolerance", options.pacing.underTolerance, "in (0, 1)")
  }
  if (!(options.opportunity.raise > 0) || !Number.isFinite(options.opportunity.raise)) {
    return fail("opportunity.raise", options.opportunity.raise, "a finite number > 0")
  }
  if (options.defaultTargetRoas !== null && !(options.defaultTargetRoas > 0 && Number.isFinite(options.defaultTargetRoas))) {
    return fail("defaultTargetRoas", options.defaultTargetRoas, "null or a finite number > 0")
  }
  for (const m of options.metrics) {
    if (!(Metrics.metrics as ReadonlyArray<string>).includes(m)) return fail("metrics", m, `one of ${Metrics.metrics.join(", ")}`)
  }
  if (options.budgetAction.length === 0) return fail("budgetAction", options.budgetAction, "a non-empty action name")
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

  const budgetRequest = (key: string, asOf: string, accountId: string, campaignId: string, budget: number, confidence: number) =>
    toJson(encodeRequest(
      new ActionRequest({
        requestId: `smart-alert:${key}:${asOf}`,
        action: options.budgetAction,
        parameters: options.budgetAction === PlatformActions.names.setCampaignBudget ?
          PlatformActions.requestFor(accountId, undefined, new AdPlatform.SetCampaignBudget({ campaignId, dailyBudget: budget })).parameters :
          { campaignId, budget },
        requester: options.requester,
        entity: new EntityRef({ type: "campaign", id: campaignId }),
        confidence: Math.max(0, Math.min(1, confidence))
      })
    ))

  const findingsOf = (
    campaign: Table.Row<typeof Campaigns>,
    days: ReadonlyArray<Metrics.Day>,
    today: string,
    todayN: number
  ): ReadonlyArray<Finding> => {
    const out: Array<Finding> = []
    const asOf = Dates.toDate(todayN - 1)
    const tested: Array<string> = []
    for (let n = todayN - options.evaluationDays; n < todayN; n++) tested.push(Dates.toDate(n))
    const anomalies = Detection.detect(days, { metrics: options.metrics, dates: tested }, options.detection)
    for (const metric of options.metrics) {
      const found = anomalies.filter((a) => a.metric === metric)
      const latest = found.at(-1)
      if (latest === undefined) continue
      const worst = found.reduce((w, a) => (Math.abs(a.z) > Math.abs(w.z) ? a : w), latest)
      const change = latest.relativeChange === null ? "" : ` (${(Math.abs(latest.relativeChange) * 100).toFixed(0)}%)`
      out.push({
        type: "performance_anomaly",
        campaignId: campaign.id,
        metric,
        severity: worst.severity,
        title: `${label[metric]} ${latest.direction} expected on ${latest.date}${change}: ${campaign.name}`,
        description: `${label[metric]} was ${fmt(metric, latest.observed)} on ${latest.date} against an expected ${
          fmt(metric, latest.expected)
        } (robust z ${latest.z.toFixed(1)}: seasonal median baseline, MAD scale ${fmt(metric, latest.scale)}).`,
        days: found.map((a) => a.date),
        actions: [],
        evidence: toJson({ anomalies: found })
      })
    }
    const key = (type: Alert.AlertType, metric: string) => Alert.key(type, campaign.id, metric)
    const settings = campaign.settings as Record<string, unknown>
    const monthly = typeof settings["monthly_budget"] === "number" && settings["monthly_budget"] > 0 ?
      settings["monthly_budget"] :
      null
    const budget: Pacing.Budget = {
      dailyBudget: campaign.daily_budget,
      monthlyBudget: monthly,
      lifetimeBudget: campaign.lifetime_budget,
      startDate: campaign.start_date,
      endDate: campaign.end_date
    }
    const pacing = Pacing.pace(budget, days, today, options.pacing)
    for (const f of pacing) {
      const metric = `spend_${f.period}`
      const period = f.period === "month" ? "month" : "campaign"
      const cut = f.direction === "over" && campaign.daily_budget !== null && f.onBudgetDaily < campaign.daily_budget
      out.push({
        type: "budget_threshold",
        campaignId: campaign.id,
        metric,
        severity: f.severity,
        title: `Spend pacing ${f.direction === "over" ? "over" : "under"} the ${period} budget: ${campaign.name}`,
        description: `Projected ${period} spend ${money(f.projected)} against a budget of ${money(f.budget)} (${
          (f.ratio * 100).toFixed(0)
        }%): ${money(f.spentSoFar)} spent, ${money(f.runRate)} a day over the last ${f.runRateDays} days, ${f.daysLeft} days left.`,
        days: [asOf],
        actions: cut ?
          [budgetRequest(key("budget_threshold", metric), asOf, campaign.account_id, campaign.id, f.onBudgetDaily, f.runRateDays / 7)] :
          [],
        evidence: toJson(f)
      })
    }
    const target = campaign.target_roas ?? options.defaultTargetRoas
    const opportunity = Opportunity.find({ dailyBudget: campaign.daily_budget, targetRoas: target }, days, today, options.opportunity)
    // a campaign pacing over its budget is not offered more: the two actions would contradict
    if (opportunity !== undefined && !pacing.some((f) => f.direction === "over")) {
      out.push({
        type: "opportunity",
        campaignId: campaign.id,
        metric: "roas",
        severity: opportunity.severity,
        title: `Budget-limited at ROAS ${opportunity.roas.toFixed(2)} (target ${opportunity.targetRoas.toFixed(2)}): ${campaign.name}`,
        description: `Spend reached the daily budget of ${money(opportunity.dailyBudget)} on ${opportunity.cappedDays} of the last 7 days while ROAS over 14 days was ${
          opportunity.roas.toFixed(2)
        } on ${opportunity.conversions} conversions${
          opportunity.medianImpressionShare === null ? "" : `; search impression share ${opportunity.medianImpressionShare.toFixed(0)}%`
        }. Raising the daily budget to ${money(opportunity.proposedDailyBudget)} is recommended.`,
        days: [asOf],
        actions: [
          budgetRequest(
            key("opportunity", "roas"),
            asOf,
            campaign.account_id,
            campaign.id,
            opportunity.proposedDailyBudget,
            Math.min(1, opportunity.conversions / 30) * (opportunity.cappedDays / 7)
          )
        ],
        evidence: toJson(opportunity)
      })
    }
    return out
  }

  const upsert = (accountId: string, finding: Finding, now: Date) =>
    Effect.gen(function*() {
      const key = Alert.key(finding.type, finding.campaignId, finding.metric)
      const same = {
        account_id: accountId,
        affected_entity_type: "campaign",
        affected_entity_id: finding.campaignId,
        alert_type: finding.type,
        recommended_actions: { contains: { key } }
      } as const
      const open = (yield* storage.find(AiSmartAlerts, {
        where: { ...same, or: [{ status: { in: ["active", "acknowledged"] } }, { status: null }] },
        orderBy: [{ column: "created_at", direction: "desc" }],
        limit: 1
      })).items[0]
      const stamp = now.toISOString()
      if (open !== undefined) {
        const previous = decodeDocument(open.recommended_actions)
        const known = previous._tag === "Some" ? previous.value.days : []
        const fresh = finding.days.filter((d) => !known.includes(d))
        const document: Alert.Document = {
          key,
          metric: finding.metric,
          actions: finding.actions,
          occurrences: (previous._tag === "Some" ? previous.value.occurrences : 1) + fresh.length,
          days: [...known, ...fresh].sort().slice(-60),
          firstSeenAt: previous._tag === "Some" ? previous.value.firstSeenAt : stamp,
          lastSeenAt: stamp,
          evidence: finding.evidence
        }
        const row = yield* storage.update(AiSmartAlerts, open.id, {
          severity: finding.severity,
          title: finding.title,
          description: finding.description,
          recommended_actions: toJson(document)
        })
        return { _tag: "updated" as const, row }
      }
      const closed = (yield* storage.find(AiSmartAlerts, {
        where: { ...same, status: { in: ["resolved", "dismissed"] } },
        orderBy: [{ column: "created_at", direction: "desc" }],
        limit: 1
      })).items[0]
      if (closed !== undefined) {
        const previous = decodeDocument(closed.recommended_actions)
        const covered = previous._tag === "Some" ? previous.value.days : []
        if (finding.days.every((d) => covered.includes(d))) return { _tag: "suppressed" as const }
      }
      const document: Alert.Document = {
        key,
        metric: finding.metric,
        actions: finding.actions,
        occurrences: finding.days.length,
        days: [...finding.days],
        firstSeenAt: stamp,
        lastSeenAt: stamp,
        evidence: finding.evidence
      }
      const row = yield* storage.insert(AiSmartAlerts, {
        account_id: accountId,
        alert_type: finding.type,
        severity: finding.severity,
        title: finding.title,
        description: finding.description,
        affected_entity_type: "campaign",
        affected_entity_id: finding.campaignId,
        recommended_actions: toJson(document),
        auto_action_taken: false,
        status: "active",
        created_at: now
      })
      return { _tag: "raised" as const, row }
    })

  const scan = Effect.fn("AlertService.scan")(function*(accountId: string) {
    const millis = yield* Clock.currentTimeMillis
    const now = new Date(millis)
    const today = Dates.dateOfMillis(millis)
    const todayN = Dates.dayNumber(today)!
    return yield* storage.transaction(Effect.gen(function*() {
      const campaigns = (yield* storage.find(Campaigns, {
        where: { account_id: accountId, status: "active" },
        orderBy: [{ column: "created_at" }]
      })).items
      let from = todayN - options.detection.historyDays - options.evaluationDays - 1
      for (const c of campaigns) {
        const start = c.lifetime_budget !== null && c.start_date !== null ? Dates.dayNumber(c.start_date) : undefined
        if (start !== undefined && start < from) from = start
      }
      const rows = campaigns.length === 0 ? [] : (yield* storage.find(CampaignDailyMetrics, {
        where: { account_id: accountId, metric_date: { gte: Dates.toDate(from), lt: today } },
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
      let raised = 0
      let updated = 0
      let suppressed = 0
      const alerts: Array<AlertRow> = []
      for (const campaign of campaigns) {
        for (const finding of findingsOf(campaign, byCampaign.get(campaign.id) ?? [], today, todayN)) {
          const result = yield* upsert(accountId, finding, now)
          if (result._tag === "suppressed") suppressed++
          else {
            if (result._tag === "raised") raised++
            else updated++
            alerts.push(result.row)
          }
        }
      }
      return { accountId, today, campaigns: campaigns.length, raised, updated, suppressed, alerts } satisfies ScanReport
    }))
  })

  const move = (to: Alert.Status) =>
    Effect.fn(`AlertService.${to}`)(function*(alertId: string) {
      const millis = yield* Clock.currentTimeMillis
      return yield* storage.transaction(Effect.gen(function*() {
        const row = yield* storage.get(AiSmartAlerts, alertId).pipe(
          Effect.catchTag("NotFound", () => Effect.fail(new AlertNotFound({ alertId })))
        )
        const from: Alert.Status = row.status ?? "active"
        if (!Alert.transitions[from].includes(to)) return yield* new InvalidAlertTransition({ alertId, from, to })
        return yield* storage.update(AiSmartAlerts, alertId, {
          status: to,
          ...(to === "resolved" || to === "dismissed" ? { resolved_at: new Date(millis) } : {})
        })
      }))
    })

  return AlertService.of({
    scan,
    acknowledge: move("acknowledged"),
    resolve: move("resolved"),
    dismiss: move("dismissed")
  })
})

/**
 * The smart-alert service.
 *
 * @since 0.1.0
 * @category services
 */
export class AlertService extends Context.Service<AlertService, AlertServiceShape>()("ringmaster/cycles/alerts/AlertService") {
  /**
   * The service with the default options, over `Storage`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<AlertService, InvalidAlertOptions, Storage> = Layer.effect(AlertService, make())

  /**
   * The service with some options changed; fails with `InvalidAlertOptions`
   * naming an option out of range.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerOptions = (overrides: Partial<Options>): Layer.Layer<AlertService, InvalidAlertOptions, Storage> =>
    Layer.effect(AlertService, make(overrides))
}
