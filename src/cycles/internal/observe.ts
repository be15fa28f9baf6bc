/**
 * Observing the platform: the `Facts` a cycle decides on, and the facts a
 * stored rule sees for one campaign.
 */
import { Effect } from "effect"
import type { CampaignFacts, Facts } from "../DecisionProvider.ts"
import { cpa, roas, totals } from "../DecisionProvider.ts"
import type * as AdPlatform from "../platform/AdPlatform.ts"

const dayMillis = 86_400_000
const isoDay = (millis: number) => new Date(millis).toISOString().slice(0, 10)

/** Reads campaigns, ad groups, keywords and `lookbackDays` complete days of metrics (the days before `now`'s day). */
export const gather = (
  platform: AdPlatform.AdPlatformShape,
  options: { readonly accountId: string; readonly cycleId: string; readonly now: number; readonly lookbackDays: number }
) =>
  Effect.gen(function*() {
    const today = isoDay(options.now)
    const dayStart = Date.parse(`${today}T00:00:00Z`)
    const from = isoDay(dayStart - options.lookbackDays * dayMillis)
    const to = isoDay(dayStart - dayMillis)
    const [campaigns, adGroups, keywords, metrics] = yield* Effect.all([
      platform.listCampaigns(options.accountId),
      platform.listAdGroups(options.accountId),
      platform.listKeywords(options.accountId),
      platform.dailyMetrics(options.accountId, { from, to })
    ])
    const byCampaign = <T extends { readonly campaignId: string }>(rows: ReadonlyArray<T>) => {
      const map = new Map<string, Array<T>>()
      for (const row of rows) {
        const list = map.get(row.campaignId)
        if (list === undefined) map.set(row.campaignId, [row])
        else list.push(row)
      }
      return map
    }
    const groups = byCampaign(adGroups)
    const words = byCampaign(keywords)
    const days = byCampaign(metrics)
    const last7From = isoDay(dayStart - 7 * dayMillis)
    const prior7From = isoDay(dayStart - 14 * dayMillis)
    const facts: ReadonlyArray<CampaignFacts> = campaigns.map((campaign) => {
      const series = (days.get(campaign.id) ?? []).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      return {
        campaign,
        adGroups: groups.get(campaign.id) ?? [],
        keywords: words.get(campaign.id) ?? [],
        days: series,
        last7: totals(series.filter((d) => d.date >= last7From)),
        prior7: totals(series.filter((d) => d.date >= prior7From && d.date < last7From))
      }
    })
    return { accountId: options.accountId, cycleId: options.cycleId, today, now: options.now, campaigns: facts } satisfies Facts
  })

const finite = (n: number): number | null => (Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 : null)

/**
 * The facts a stored rule triggered by `campaign_metrics` sees: `campaign`
 * (id, name, status, budget, targets), `metrics` (`last7` and `prior7`
 * totals, `roas`, `cpa`, `budgetUtilisation` of the last 7 days) and
 * `account` (its id, and `roas` over all campaigns' last 7 days).
 */
export const ruleFacts = (facts: Facts, c: CampaignFacts) => {
  const all = totals(facts.campaigns.flatMap((x) => x.days.filter((d) => c.last7.days === 0 || d.date >= isoDay(facts.now - 7 * dayMillis))))
  const budget = c.campaign.dailyBudget ?? 0
  return {
    account: { id: facts.accountId, roas: finite(roas(all)) },
    campaign: {
      id: c.campaign.id,
      name: c.campaign.name,
      status: c.campaign.status,
      dailyBudget: budget,
      targetCpa: c.campaign.targetCpa,
      targetRoas: c.campaign.targetRoas
    },
    metrics: {
      last7: c.last7,
      prior7: c.prior7,
      roas: finite(roas(c.last7)),
      cpa: finite(cpa(c.last7)),
      budgetUtilisation: budget > 0 && c.last7.days > 0 ? finite(c.last7.spend / (budget * c.last7.days)) : null
    }
  }
}
