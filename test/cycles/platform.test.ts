/**
 * The simulated ad platform through the `AdPlatform` port, on storage:
 * identical seeds left alone give identical metrics; a budget shift toward
 * the campaign with the better cost per conversion raises conversions over
 * 14 days against the same account left alone (and the opposite shift lowers
 * them); more budget buys fewer conversions per unit; weekends are visible;
 * applied changes are recorded and found by change id, idempotently; a
 * rejected change is a typed error that leaves the marketing tables as they
 * were; rate limits and lost responses behave as documented.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import * as Response from "../../src/cycles/platform/internal/response.ts"
import * as SimulatedPlatform from "../../src/cycles/platform/SimulatedPlatform.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { AdGroups } from "../../src/storage/schema/marketing/AdGroups.ts"
import { Audiences } from "../../src/storage/schema/marketing/Audiences.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { Keywords } from "../../src/storage/schema/marketing/Keywords.ts"
import { AiIntegrationLogs } from "../../src/storage/schema/marketingAi/AiIntegrationLogs.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"
import { property } from "../support/property.ts"

const START = "2026-03-02" // a Monday

let accounts = 0
const newAccount = Effect.gen(function*() {
  const storage = yield* Storage
  accounts += 1
  return (yield* storage.insert(Accounts, { name: `Sim ${accounts}`, slug: `sim-${accounts}` })).id
})

const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => Response.dateOfDay(Response.dayNumber(from) + i))

const run = (accountId: string, from: string, n: number) =>
  Effect.gen(function*() {
    const sim = yield* SimulatedPlatform.SimulatedPlatform
    for (const date of days(from, n)) yield* sim.advanceDay(accountId, date)
  })

const totals = (accountId: string, from: string, to: string) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const rows = yield* platform.dailyMetrics(accountId, { from, to })
    const sum = (f: (m: AdPlatform.DailyMetrics) => number) => rows.reduce((s, m) => s + f(m), 0)
    return { conversions: sum((m) => m.conversions), spend: sum((m) => m.spend), revenue: sum((m) => m.revenue), rows }
  })

/** Every row of the marketing tables of an account, for before/after comparisons. */
const snapshot = (accountId: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const where = { account_id: accountId }
    const order = [{ column: "id" as const }]
    return {
      campaigns: (yield* storage.find(Campaigns, { where, orderBy: order })).items,
      adGroups: (yield* storage.find(AdGroups, { where, orderBy: order })).items,
      keywords: (yield* storage.find(Keywords, { where, orderBy: order })).items,
      audiences: (yield* storage.find(Audiences, { where, orderBy: order })).items,
      metrics: (yield* storage.find(CampaignDailyMetrics, { where, orderBy: order })).items
    }
  })

let changes = 0
const changeId = () => `00000000-0000-4000-8000-${String(++changes).padStart(12, "0")}`

const flipError = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.result(self), (r) => r._tag === "Failure" ? Effect.succeed(r.failure) : Effect.die(`expected a failure, got ${JSON.stringify(r.success)}`))

const suite = <E>(name: string, database: Layer.Layer<Storage, E>) =>
  describe(name, () => {
    const world = SimulatedPlatform.layer().pipe(Layer.provideMerge(database))
    layer(world, { timeout: "180 seconds" })((it) => {
      it.effect("two accounts seeded identically and left alone report identical days; another seed does not", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const [a, b, c] = [yield* newAccount, yield* newAccount, yield* newAccount]
          for (const [account, seed] of [[a, 11], [b, 11], [c, 12]] as const) {
            yield* sim.seed(account, { seed, campaigns: 4, startDate: START })
            yield* run(account, START, 10)
          }
          const byExternal = (account: string) =>
            Effect.gen(function*() {
              const campaigns = yield* platform.listCampaigns(account)
              const external = new Map(campaigns.map((x) => [x.id, x.externalId!.replace(/^sim-\d+-/, "")]))
              const rows = (yield* totals(account, START, "2026-03-11")).rows
              return rows.map(({ accountId: _, campaignId, ...m }) => ({ campaign: external.get(campaignId), ...m }))
                .sort((x, y) => `${x.date}${x.campaign}`.localeCompare(`${y.date}${y.campaign}`))
            })
          const [ma, mb, mc] = [yield* byExternal(a), yield* byExternal(b), yield* byExternal(c)]
          assert.strictEqual(ma.length, 40)
          assert.deepStrictEqual(ma, mb)
          assert.notDeepEqual(ma.map((m) => m.clicks), mc.map((m) => m.clicks))
          // the port's records are the tables' rows
          const campaigns = yield* platform.listCampaigns(a)
          assert.strictEqual(campaigns.length, 4)
          assert.isTrue(campaigns.every((x) => x.platform === "simulated" && x.status === "active" && x.dailyBudget !== null))
          assert.strictEqual((yield* platform.listAdGroups(a)).length, 8)
          assert.strictEqual((yield* platform.listKeywords(a, campaigns[0]!.id)).length, 8)
          assert.strictEqual((yield* platform.listAudiences(a)).length, 4)
        }))

      it.effect("shifting budget toward the lower-CPA campaign raises 14-day conversions against the account left alone", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const [alone, good, bad] = [yield* newAccount, yield* newAccount, yield* newAccount]
          for (const account of [alone, good, bad]) {
            yield* sim.seed(account, { seed: 2026, campaigns: 6, startDate: START })
            yield* run(account, START, 7)
          }
          // Decide from the first week's metrics only (what a cycle would see), the same for both accounts.
          const week = (yield* totals(alone, START, "2026-03-08")).rows
          const campaigns = yield* platform.listCampaigns(alone)
          const stats = campaigns.map((c) => {
            const rows = week.filter((m) => m.campaignId === c.id)
            const spend = rows.reduce((s, m) => s + m.spend, 0)
            const conversions = rows.reduce((s, m) => s + m.conversions, 0)
            const limited = rows.filter((m) => m.spend >= c.dailyBudget! - 0.01).length
            return { campaign: c, cpa: spend / conversions, limited }
          }).sort((x, y) => x.cpa - y.cpa)
          const best = stats.find((s) => s.limited >= 5)! // spends its whole budget: has room to grow
          const worst = stats[stats.length - 1]!
          assert.notStrictEqual(best.campaign.id, worst.campaign.id)
          const shift = Math.round(worst.campaign.dailyBudget! * 0.5)

          const move = (account: string, from: AdPlatform.Campaign, to: AdPlatform.Campaign) =>
            Effect.gen(function*() {
              const ids = new Map((yield* platform.listCampaigns(account)).map((c) => [c.externalId, c.id]))
              yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: ids.get(from.externalId)!, dailyBudget: from.dailyBudget! - shift }) })
              yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: ids.get(to.externalId)!, dailyBudget: to.dailyBudget! + shift }) })
            })
          yield* move(good, worst.campaign, best.campaign)
          yield* move(bad, best.campaign, worst.campaign)
          for (const account of [alone, good, bad]) yield* run(account, "2026-03-09", 14)

          const [t0, t1, t2] = [
            yield* totals(alone, "2026-03-09", "2026-03-22"),
            yield* totals(good, "2026-03-09", "2026-03-22"),
            yield* totals(bad, "2026-03-09", "2026-03-22")
          ]
          // The same total daily budget in all three accounts ...
          const budgetOf = (account: string) =>
            Effect.map(platform.listCampaigns(account), (cs) => cs.reduce((s, c) => s + c.dailyBudget!, 0))
          assert.strictEqual(yield* budgetOf(good), yield* budgetOf(alone))
          assert.strictEqual(yield* budgetOf(bad), yield* budgetOf(alone))
          // ... buys more conversions when moved toward the better campaign, and fewer when moved away.
          assert.isAbove(t1.conversions, t0.conversions * 1.03)
          assert.isBelow(t2.conversions, t0.conversions * 0.97)
        }))

      it.effect("pausing a converting campaign loses its conversions; its other campaigns are untouched", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const [alone, paused] = [yield* newAccount, yield* newAccount]
          for (const account of [alone, paused]) yield* sim.seed(account, { seed: 77, campaigns: 3, startDate: START })
          const target = (yield* platform.listCampaigns(paused))[0]!
          yield* platform.apply({ accountId: paused, changeId: changeId(), change: new AdPlatform.SetCampaignStatus({ campaignId: target.id, status: "paused" }) })
          for (const account of [alone, paused]) yield* run(account, START, 7)
          const [t0, t1] = [yield* totals(alone, START, "2026-03-08"), yield* totals(paused, START, "2026-03-08")]
          assert.strictEqual(t1.rows.filter((m) => m.campaignId === target.id).length, 0)
          const twin = (yield* platform.listCampaigns(alone)).find((c) => c.externalId === target.externalId)!
          const lost = t0.rows.filter((m) => m.campaignId === twin.id).reduce((s, m) => s + m.conversions, 0)
          assert.isAbove(lost, 0)
          assert.approximately(t1.conversions, t0.conversions - lost, 1e-6)
        }))

      it.effect("more budget buys fewer extra conversions per unit, until the campaign saturates", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const steps = [40, 80, 120, 160, 2_000, 4_000]
          const conversions: Array<number> = []
          for (const budget of steps) {
            const account = yield* newAccount
            const seeded = yield* sim.seed(account, { seed: 5, campaigns: 1, startDate: START })
            yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: seeded.campaigns[0]!.id, dailyBudget: budget }) })
            yield* run(account, START, 7)
            conversions.push((yield* totals(account, START, "2026-03-08")).conversions)
          }
          const marginal = [1, 2, 3].map((i) => (conversions[i]! - conversions[i - 1]!) / 40)
          assert.isAbove(marginal[0]!, 0)
          assert.isAbove(marginal[0]!, marginal[1]!)
          assert.isAbove(marginal[1]!, marginal[2]!)
          // saturated: doubling an already excessive budget buys nothing
          assert.strictEqual(conversions[5], conversions[4])
        }))

      it.effect("weekends are visible in demand-limited campaigns", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 31, campaigns: 6, startDate: START })
          for (const c of seeded.campaigns) {
            yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: c.id, dailyBudget: 100_000 }) })
          }
          yield* run(account, START, 14)
          const rows = (yield* totals(account, START, "2026-03-15")).rows
          const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()
          const mean = (xs: ReadonlyArray<number>) => xs.reduce((s, x) => s + x, 0) / xs.length
          const weekends = mean(rows.filter((m) => [0, 6].includes(weekday(m.date))).map((m) => m.clicks))
          const weekdays = mean(rows.filter((m) => ![0, 6].includes(weekday(m.date))).map((m) => m.clicks))
          assert.isBelow(weekends, weekdays * 0.9)
        }))

      it.effect("apply answers before and after, is recorded by change id, is idempotent, and its inverse restores", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 3, campaigns: 2, startDate: START })
          const campaign = seeded.campaigns[0]!
          const keyword = seeded.keywords[0]!
          yield* TestClock.adjust("90 minutes")

          const id = changeId()
          const budget = new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: 321.5 })
          const applied = yield* platform.apply({ accountId: account, changeId: id, change: budget })
          assert.strictEqual(applied.appliedAt, 90 * 60_000)
          assert.strictEqual(applied.before._tag === "Campaign" && applied.before.dailyBudget, campaign.dailyBudget)
          assert.strictEqual(applied.after._tag === "Campaign" && applied.after.dailyBudget, 321.5)
          assert.strictEqual((yield* storage.get(Campaigns, campaign.id)).daily_budget, 321.5)
          assert.deepStrictEqual(yield* platform.lookupChange(account, id), Option.some(applied))
          assert.isTrue(Option.isNone(yield* platform.lookupChange(account, changeId())))
          // the record is in ai_integration_logs under the change id
          const log = (yield* storage.find(AiIntegrationLogs, { where: { correlation_id: id } })).items
          assert.strictEqual(log.length, 1)
          assert.isTrue(log[0]!.success)

          // the same change id again: the first application, nothing changed
          yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: 400 }) })
          const again = yield* platform.apply({ accountId: account, changeId: id, change: budget })
          assert.deepStrictEqual(again, applied)
          assert.strictEqual((yield* storage.get(Campaigns, campaign.id)).daily_budget, 400)
          // ... but not for another change
          const reused = yield* flipError(platform.apply({ accountId: account, changeId: id, change: new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: 10 }) }))
          assert.strictEqual(reused._tag, "PlatformRejected")

          // inverse of a keyword bid, an ad group's audiences and a status change
          const bid = yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetKeywordBid({ keywordId: keyword.id, bid: 0.37 }) })
          assert.strictEqual((yield* storage.get(Keywords, keyword.id)).max_cpc, 0.37)
          yield* platform.apply({ accountId: account, changeId: changeId(), change: Option.getOrThrow(AdPlatform.inverse(bid)) })
          assert.strictEqual((yield* storage.get(Keywords, keyword.id)).max_cpc, keyword.maxCpc)

          const group = seeded.adGroups[0]!
          const audiences = seeded.audiences.slice(0, 2).map((a) => a.id)
          const expand = yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetAdGroupAudiences({ adGroupId: group.id, audienceIds: audiences }) })
          assert.deepStrictEqual(expand.after._tag === "AdGroup" && expand.after.audienceIds, audiences)
          yield* platform.apply({ accountId: account, changeId: changeId(), change: Option.getOrThrow(AdPlatform.inverse(expand)) })
          assert.deepStrictEqual((yield* platform.listAdGroups(account, campaign.id)).find((g) => g.id === group.id)!.audienceIds, [])

          const pause = yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "paused" }) })
          const undo = Option.getOrThrow(AdPlatform.inverse(pause))
          assert.deepStrictEqual(undo, new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "active" }))
        }))

      it.effect("a rejected change is a typed error and leaves every marketing table as it was", () =>
        Effect.gen(function*() {
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const other = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 4, campaigns: 2, startDate: START })
          const foreign = yield* sim.seed(other, { seed: 4, campaigns: 1, startDate: START })
          yield* run(account, START, 2)
          const [campaign, group, keyword] = [seeded.campaigns[0]!, seeded.adGroups[0]!, seeded.keywords[0]!]
          const before = yield* snapshot(account)
          const invalid: ReadonlyArray<readonly [AdPlatform.Change, string]> = [
            [new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: -5 }), "dailyBudget -5"],
            [new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: 10.005 }), "whole number of cents"],
            [new AdPlatform.SetKeywordBid({ keywordId: keyword.id, bid: 0 }), "bid 0"],
            [new AdPlatform.SetAdGroupBid({ adGroupId: group.id, bid: 5000 }), "bid 5000"],
            [new AdPlatform.SetKeywordBid({ keywordId: "00000000-0000-4000-8000-000000000000", bid: 1 }), "no keyword"],
            [new AdPlatform.SetCampaignBudget({ campaignId: foreign.campaigns[0]!.id, dailyBudget: 50 }), "no campaign"],
            [new AdPlatform.SetAdGroupAudiences({ adGroupId: group.id, audienceIds: [seeded.audiences[0]!.id, foreign.audiences[0]!.id] }), "no active audience"],
            [new AdPlatform.SetCampaignBidStrategy({ campaignId: campaign.id, bidStrategy: "target_cpa", targetCpa: null, targetRoas: null }), "needs a targetCpa"]
          ]
          for (const [change, reason] of invalid) {
            const id = changeId()
            const error = yield* flipError(platform.apply({ accountId: account, changeId: id, change }))
            assert.strictEqual(error._tag, "PlatformRejected")
            assert.include(error._tag === "PlatformRejected" ? error.reason : "", reason)
            assert.isTrue(Option.isNone(yield* platform.lookupChange(account, id)))
          }
          // injected: by entity id, by change id
          yield* sim.setFaults({ rejectEntityIds: [campaign.id] })
          const injected = yield* flipError(platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: 99 }) }))
          assert.strictEqual(injected._tag, "PlatformRejected")
          yield* sim.setFaults({})
          assert.deepStrictEqual(yield* snapshot(account), before)
        }))

      it.effect("with a rejection rate, every change is either applied and recorded or rejected and absent", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 8, campaigns: 1, adGroupsPerCampaign: 1, keywordsPerAdGroup: 3, startDate: START })
          yield* sim.setFaults({ rejectionRate: 0.5, seed: 1 })
          const outcomes = { applied: 0, rejected: 0 }
          yield* property(
            fc.record({ keyword: fc.integer({ min: 0, max: 2 }), cents: fc.integer({ min: 1, max: 10_000 }) }),
            ({ cents, keyword }) =>
              Effect.gen(function*() {
                const target = seeded.keywords[keyword]!
                const was = (yield* storage.get(Keywords, target.id)).max_cpc
                const id = changeId()
                const result = yield* Effect.result(platform.apply({ accountId: account, changeId: id, change: new AdPlatform.SetKeywordBid({ keywordId: target.id, bid: cents / 100 }) }))
                const now = (yield* storage.get(Keywords, target.id)).max_cpc
                const found = yield* platform.lookupChange(account, id)
                if (result._tag === "Success") {
                  outcomes.applied += 1
                  assert.strictEqual(now, cents / 100)
                  assert.deepStrictEqual(found, Option.some(result.success))
                } else {
                  outcomes.rejected += 1
                  assert.strictEqual(result.failure._tag, "PlatformRejected")
                  assert.strictEqual(now, was)
                  assert.isTrue(Option.isNone(found))
                }
              }),
            { numRuns: 40, seed: 42 }
          )
          yield* sim.setFaults({})
          assert.isAbove(outcomes.applied, 0)
          assert.isAbove(outcomes.rejected, 0)
        }))

      it.effect("rate limiting by the Clock, and a lost response whose change lookupChange finds", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 9, campaigns: 1, startDate: START })
          yield* TestClock.adjust(250)
          yield* sim.setFaults({ rateLimit: { calls: 2, perMillis: 1_000 } })
          yield* platform.listCampaigns(account)
          yield* platform.listKeywords(account)
          const limited = yield* flipError(platform.listCampaigns(account))
          assert.strictEqual(limited._tag, "PlatformRateLimited")
          assert.strictEqual(limited._tag === "PlatformRateLimited" ? limited.retryAfterMillis : -1, 750)
          yield* TestClock.adjust(750)
          assert.strictEqual((yield* platform.listCampaigns(account)).length, 1)

          const id = changeId()
          yield* sim.setFaults({ loseResponseFor: [id] })
          const campaign = seeded.campaigns[0]!
          const lost = yield* flipError(platform.apply({ accountId: account, changeId: id, change: new AdPlatform.SetCampaignStatus({ campaignId: campaign.id, status: "paused" }) }))
          assert.strictEqual(lost._tag, "PlatformUnavailable")
          assert.strictEqual((yield* storage.get(Campaigns, campaign.id)).status, "paused")
          const found = yield* platform.lookupChange(account, id)
          assert.isTrue(Option.isSome(found))
          yield* sim.setFaults({})
        }))

      it.effect("advanceDay is idempotent, skips paused campaigns and refuses bad input with a named field", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          const platform = yield* AdPlatform.AdPlatform
          const account = yield* newAccount
          const seeded = yield* sim.seed(account, { seed: 10, campaigns: 3, startDate: START })
          const first = yield* sim.advanceDay(account, START)
          const second = yield* sim.advanceDay(account, START)
          assert.strictEqual(first.length, 3)
          assert.deepStrictEqual(second, first)
          assert.strictEqual(yield* storage.count(CampaignDailyMetrics, { account_id: account }), 3)
          yield* platform.apply({ accountId: account, changeId: changeId(), change: new AdPlatform.SetCampaignStatus({ campaignId: seeded.campaigns[1]!.id, status: "paused" }) })
          assert.strictEqual((yield* sim.advanceDay(account, "2026-03-03")).length, 2)
          // before the campaigns start: nothing
          assert.strictEqual((yield* sim.advanceDay(account, "2026-03-01")).length, 0)

          const badDate = yield* flipError(sim.advanceDay(account, "2026-02-30"))
          assert.strictEqual(badDate._tag === "SimulationError" && badDate.field, "date")
          const badSeed = yield* flipError(sim.seed(account, { seed: 10, campaigns: 1 }))
          assert.strictEqual(badSeed._tag === "SimulationError" && badSeed.field, "seed")
          const badCount = yield* flipError(sim.seed(account, { seed: 99, campaigns: 0 }))
          assert.strictEqual(badCount._tag === "SimulationError" && badCount.field, "campaigns")
          const badRange = yield* flipError(platform.dailyMetrics(account, { from: "2026-03-05", to: "2026-03-01" }))
          assert.strictEqual(badRange._tag === "PlatformInvalidRequest" && badRange.field, "to")
        }))
    })
  })

suite("simulated platform (PGlite)", pglite())
if (serverUrl !== undefined) suite("simulated platform (server)", server(serverUrl))
