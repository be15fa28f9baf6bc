/**
 * A decision loop for policy tests, without the cycle machinery: each
 * simulated day, gather `Facts` from `AdPlatform` reads (the shape a cycle
 * builds: every campaign with its ad groups, keywords, the daily metrics of
 * the lookback before today, last 7 and prior 7 sums), let providers propose,
 * apply each proposal through `AdPlatform.apply`, then let the simulator
 * play the day. Run the same seed with and without providers to measure what
 * the providers did.
 */
import { Clock, Effect } from "effect"
import * as DecisionProvider from "../../src/cycles/DecisionProvider.ts"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import * as Response from "../../src/cycles/platform/internal/response.ts"
import * as SimulatedPlatform from "../../src/cycles/platform/SimulatedPlatform.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { Storage } from "../../src/storage/Storage.ts"

/** Days of metrics the facts hold (the cycle's lookback). */
export const LOOKBACK_DAYS = 28

/** The date `n` days after `date`. */
export const addDays = (date: string, n: number): string => Response.dateOfDay(Response.dayNumber(date) + n)

/** The facts a cycle on `today` gathers for an account. */
export const gatherFacts = (accountId: string, today: string, lookbackDays = LOOKBACK_DAYS) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const campaigns = yield* platform.listCampaigns(accountId)
    const adGroups = yield* platform.listAdGroups(accountId)
    const keywords = yield* platform.listKeywords(accountId)
    const metrics = yield* platform.dailyMetrics(accountId, {
      from: addDays(today, -lookbackDays),
      to: addDays(today, -1)
    })
    const within = (days: ReadonlyArray<AdPlatform.DailyMetrics>, from: number, to: number) =>
      days.filter((d) => d.date >= addDays(today, -from) && d.date <= addDays(today, -to))
    const facts: DecisionProvider.Facts = {
      accountId,
      cycleId: `loop-${today}`,
      today,
      now: yield* Clock.currentTimeMillis,
      campaigns: campaigns.map((campaign) => {
        const days = metrics.filter((m) => m.campaignId === campaign.id)
        return {
          campaign,
          adGroups: adGroups.filter((g) => g.campaignId === campaign.id),
          keywords: keywords.filter((k) => k.campaignId === campaign.id),
          days,
          last7: DecisionProvider.totals(within(days, 7, 1)),
          prior7: DecisionProvider.totals(within(days, 14, 8))
        }
      })
    }
    return facts
  })

/** A new account seeded on the simulated platform; answers its id and what was seeded. */
export const seededAccount = (options: SimulatedPlatform.SeedOptions) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sim = yield* SimulatedPlatform.SimulatedPlatform
    const slug = `policy-${options.seed}-${Math.random().toString(36).slice(2, 10)}`
    const accountId = (yield* storage.insert(Accounts, { name: `Policy loop ${options.seed}`, slug })).id
    const seeded = yield* sim.seed(accountId, options)
    return { accountId, seeded }
  })

/**
 * Sets a seeded campaign's hidden conversion rate (a scenario: a broken
 * landing page, its fix); answers the rate it had.
 */
export const setConversionRate = (campaignId: string, conversionRate: number) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const row = yield* storage.get(Campaigns, campaignId)
    const simulator = row.settings["simulator"] as { readonly conversionRate: number }
    yield* storage.update(Campaigns, campaignId, {
      settings: { ...row.settings, simulator: { ...simulator, conversionRate } }
    })
    return simulator.conversionRate
  })

/** A change a provider proposed and the platform applied. */
export interface Applied {
  readonly date: string
  readonly provider: string
  readonly proposal: DecisionProvider.Proposal
  readonly applied: AdPlatform.AppliedChange
}

let changes = 0
const changeId = () => `00000000-0000-4000-9000-${String(++changes).padStart(12, "0")}`

/**
 * Plays `days` days from `start`: on each, the `scenario` hook (if any), then
 * (from day `actFrom` on) facts, proposals and their application, then the
 * simulated day. Answers every applied change.
 */
export const runLoop = <E, R>(options: {
  readonly accountId: string
  readonly start: string
  readonly days: number
  readonly providers: ReadonlyArray<DecisionProvider.DecisionProvider>
  readonly actFrom?: number
  readonly scenario?: (date: string, index: number) => Effect.Effect<void, E, R>
}) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const sim = yield* SimulatedPlatform.SimulatedPlatform
    const applied: Array<Applied> = []
    for (let i = 0; i < options.days; i++) {
      const date = addDays(options.start, i)
      if (options.scenario !== undefined) yield* options.scenario(date, i)
      if (i >= (options.actFrom ?? 0) && options.providers.length > 0) {
        const facts = yield* gatherFacts(options.accountId, date)
        for (const provider of options.providers) {
          for (const proposal of yield* provider.propose(facts)) {
            const result = yield* platform.apply({ accountId: options.accountId, changeId: changeId(), change: proposal.change })
            applied.push({ date, provider: provider.name, proposal, applied: result })
          }
        }
      }
      yield* sim.advanceDay(options.accountId, date)
    }
    return applied
  })

/** An account's outcome over some days. */
export interface Outcome {
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  /** spend on campaign-days without a conversion */
  readonly wastedSpend: number
  readonly cpa: number
  readonly roas: number
}

/** The outcome of an account (or some of its campaigns) from `from` to `to` inclusive. */
export const outcome = (accountId: string, from: string, to: string, campaignIds?: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const rows = yield* platform.dailyMetrics(accountId, { from, to, campaignIds })
    const t = DecisionProvider.totals(rows)
    const result: Outcome = {
      spend: t.spend,
      conversions: t.conversions,
      revenue: t.revenue,
      wastedSpend: rows.filter((r) => r.conversions <= 0).reduce((s, r) => s + r.spend, 0),
      cpa: DecisionProvider.cpa(t),
      roas: DecisionProvider.roas(t)
    }
    return result
  })
