/**
 * The built-in decision policies on hand-built facts: each proposes what it
 * should, with its figures in the rationale, and nothing when it should not;
 * budget shifts conserve the total daily budget (a fast-check property);
 * confidences match reference values from scipy 1.17.1; the layer registers
 * all four.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import fc from "fast-check"
import * as DecisionProvider from "../../src/cycles/DecisionProvider.ts"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import * as BidCut from "../../src/cycles/policies/BidCut.ts"
import * as BudgetShift from "../../src/cycles/policies/BudgetShift.ts"
import * as BuiltinPolicies from "../../src/cycles/policies/BuiltinPolicies.ts"
import * as Evidence from "../../src/cycles/policies/internal/evidence.ts"
import * as PauseWaste from "../../src/cycles/policies/PauseWaste.ts"
import * as RestoreRecovered from "../../src/cycles/policies/RestoreRecovered.ts"
import { addDays } from "../support/policyLoop.ts"

const TODAY = "2026-03-30"

const campaign = (id: string, fields: Partial<ConstructorParameters<typeof AdPlatform.Campaign>[0]> = {}) =>
  new AdPlatform.Campaign({
    id,
    accountId: "acct",
    name: `Campaign ${id}`,
    platform: "simulated",
    externalId: null,
    status: "active",
    objective: null,
    channel: "search",
    dailyBudget: 100,
    currency: "USD",
    startDate: null,
    endDate: null,
    bidStrategy: "manual_cpc",
    targetCpa: 50,
    targetRoas: null,
    ...fields
  })

interface Day {
  readonly spend: number
  readonly conversions: number
  readonly clicks?: number
  readonly revenue?: number
}

/** Days `daysAgo` (1 = yesterday) … for a campaign, from a list oldest first ending `endDaysAgo` days ago. */
const days = (campaignId: string, list: ReadonlyArray<Day>, endDaysAgo = 1) =>
  list.map((d, i) =>
    new AdPlatform.DailyMetrics({
      accountId: "acct",
      campaignId,
      date: addDays(TODAY, -(endDaysAgo + list.length - 1 - i)),
      impressions: 1000,
      clicks: d.clicks ?? 100,
      conversions: d.conversions,
      spend: d.spend,
      revenue: d.revenue ?? 0,
      reach: null,
      searchImpressionShare: null,
      isFinal: true
    })
  )

const repeat = (n: number, d: Day): ReadonlyArray<Day> => Array.from({ length: n }, () => d)

const group = (id: string, campaignId: string, fields: Partial<ConstructorParameters<typeof AdPlatform.AdGroup>[0]> = {}) =>
  new AdPlatform.AdGroup({
    id,
    accountId: "acct",
    campaignId,
    name: `Group ${id}`,
    externalId: null,
    status: "active",
    defaultMaxCpc: 1,
    audienceIds: [],
    ...fields
  })

const keyword = (
  id: string,
  adGroupId: string,
  campaignId: string,
  fields: Partial<ConstructorParameters<typeof AdPlatform.Keyword>[0]> = {}
) =>
  new AdPlatform.Keyword({
    id,
    accountId: "acct",
    adGroupId,
    campaignId,
    text: `kw ${id}`,
    matchType: "exact",
    isNegative: false,
    maxCpc: 1,
    status: "active",
    qualityScore: 5,
    externalId: null,
    ...fields
  })

const facts = (
  campaigns: ReadonlyArray<{
    readonly campaign: AdPlatform.Campaign
    readonly days: ReadonlyArray<AdPlatform.DailyMetrics>
    readonly adGroups?: ReadonlyArray<AdPlatform.AdGroup>
    readonly keywords?: ReadonlyArray<AdPlatform.Keyword>
  }>
): DecisionProvider.Facts => ({
  accountId: "acct",
  cycleId: "cycle",
  today: TODAY,
  now: 0,
  campaigns: campaigns.map((c) => ({
    campaign: c.campaign,
    adGroups: c.adGroups ?? [],
    keywords: c.keywords ?? [],
    days: c.days,
    last7: DecisionProvider.totals(Evidence.lastDays(c.days, TODAY, 7)),
    prior7: DecisionProvider.totals(Evidence.lastDays(c.days, TODAY, 14).filter((d) => d.date < addDays(TODAY, -7)))
  }))
})

const run = (provider: DecisionProvider.DecisionProvider, f: DecisionProvider.Facts) => provider.propose(f)

describe("policy configurations", () => {
  it("decode from {} with the documented defaults, and name the field of a bad value", () => {
    assert.deepStrictEqual(PauseWaste.defaults, {
      minDays: 3,
      gapDays: 2,
      minSpend: 100,
      targetCpaMultiple: 3,
      maxConversions: 0,
      defaultTargetCpa: null,
      impactDays: 7
    })
    assert.strictEqual(RestoreRecovered.defaults.coolOffDays, 7)
    assert.strictEqual(RestoreRecovered.defaults.backoff, 2)
    assert.strictEqual(RestoreRecovered.defaults.maxCpaRatio, 1.5)
    assert.strictEqual(BidCut.defaults.maxCut, 0.25)
    assert.strictEqual(BidCut.defaults.tolerance, 0.1)
    assert.strictEqual(BudgetShift.defaults.maxShiftShare, 0.1)
    assert.strictEqual(BudgetShift.defaults.elasticityPrior, 0.5)
    assert.deepStrictEqual(BuiltinPolicies.defaults.bidCut, BidCut.defaults)
    assert.isTrue(RestoreRecovered.defaults.coolOffDays > PauseWaste.defaults.gapDays, "hysteresis needs cool-off > gap")
    const bad = Schema.decodeUnknownResult(BidCut.Config)({ maxCut: 1.5 })
    assert.strictEqual(bad._tag, "Failure")
    if (bad._tag === "Failure") assert.include(String(bad.failure), "maxCut")
  })
})

describe("evidence", () => {
  it("the posterior probability that CPA is above a reference matches the Gamma CDF", () => {
    // scipy 1.17.1: scipy.stats.gamma.cdf(1/100, 4, scale=1/500) = chi2.cdf(10, 8) = 0.7349740847026385
    assert.closeTo(Evidence.probabilityCpaAbove(3, 500, 100), 0.7349740847026385, 1e-12)
    // no conversion: 1 - exp(-3) = 0.950212931632136 (python3 math.exp)
    assert.closeTo(Evidence.probabilityCpaAbove(0, 300, 100), 0.950212931632136, 1e-12)
    assert.strictEqual(Evidence.probabilityCpaAbove(0, 0, 100), 0.5)
  })
})

describe("PauseWaste", () => {
  const policy = PauseWaste.make()

  it.effect("pauses a campaign that spent 3 target CPAs since its last conversion", () =>
    Effect.gen(function*() {
      const c = campaign("c1", { targetCpa: 60 })
      const d = days("c1", [...repeat(10, { spend: 120, conversions: 3 }), ...repeat(3, { spend: 120, conversions: 0 })])
      const out = yield* run(policy, facts([{ campaign: c, days: d }, { campaign: campaign("c2"), days: days("c2", repeat(10, { spend: 120, conversions: 3 })) }]))
      assert.strictEqual(out.length, 1)
      const p = out[0]!
      assert.deepStrictEqual(p.change, new AdPlatform.SetCampaignStatus({ campaignId: "c1", status: "paused" }))
      assert.strictEqual(p.decisionType, "pause_wasted_spend")
      // spend 360 against reference 60: 1 - exp(-6) = 0.9975212478233336 (scipy chi2.cdf(12, 2))
      assert.closeTo(p.confidence, 0.9975212478233336, 1e-12)
      assert.strictEqual(p.impact.metric, "spend")
      assert.strictEqual(p.impact.delta, -840)
      assert.include(p.rationale, "360.00")
      assert.include(p.rationale, "no conversion")
      assert.include(p.rationale, "180.00")
    }))

  it.effect("leaves alone: a campaign under the threshold, a converting one, too few days, a paused one, a restored one", () =>
    Effect.gen(function*() {
      const good = repeat(10, { spend: 120, conversions: 3 })
      const f = facts([
        // 3 zero days but only 150 spent (threshold max(100, 3×60) = 180)
        { campaign: campaign("under", { targetCpa: 60 }), days: days("under", [...good, ...repeat(3, { spend: 50, conversions: 0 })]) },
        // converted yesterday
        { campaign: campaign("conv"), days: days("conv", [...repeat(5, { spend: 120, conversions: 0 }), { spend: 120, conversions: 1 }]) },
        // 2 days with no conversion: fewer than minDays
        { campaign: campaign("young", { targetCpa: 10 }), days: days("young", repeat(2, { spend: 500, conversions: 0 })) },
        // already paused
        { campaign: campaign("paused", { status: "paused" }), days: days("paused", repeat(5, { spend: 200, conversions: 0 })) },
        // restored yesterday after a pause: the zero days before the gap belong to the previous run
        {
          campaign: campaign("restored"),
          days: [...days("restored", repeat(5, { spend: 200, conversions: 0 }), 9), ...days("restored", [{ spend: 200, conversions: 0 }])]
        }
      ])
      assert.deepStrictEqual(yield* run(policy, f), [])
    }))

  it.effect("without a target CPA the threshold is minSpend", () =>
    Effect.gen(function*() {
      const f = facts([{ campaign: campaign("n", { targetCpa: null }), days: days("n", repeat(3, { spend: 40, conversions: 0 })) }])
      const out = yield* run(policy, f)
      assert.strictEqual(out.length, 1)
      assert.include(out[0]!.rationale, "threshold of 100.00")
    }))
})

describe("RestoreRecovered", () => {
  const policy = RestoreRecovered.make()
  const converting = repeat(14, { spend: 100, conversions: 2.5 }) // CPA 40 against a target of 50
  const waste = repeat(3, { spend: 100, conversions: 0 })

  const pausedFor = (idle: number, record: ReadonlyArray<Day> = [...converting, ...waste], fields = {}) =>
    facts([{ campaign: campaign("p", { status: "paused", ...fields }), days: days("p", record, idle + 1) }])

  it.effect("restores a campaign paused for waste after the cool-off, when it converted well before", () =>
    Effect.gen(function*() {
      const out = yield* run(policy, pausedFor(7))
      assert.strictEqual(out.length, 1)
      const p = out[0]!
      assert.deepStrictEqual(p.change, new AdPlatform.SetCampaignStatus({ campaignId: "p", status: "active" }))
      assert.strictEqual(p.impact.metric, "conversions")
      assert.closeTo(p.impact.delta, 17.5, 1e-9) // 35 conversions in 14 days, over 7 days
      // evidence: 35 conversions for 1400 against 1.5 × 50: scipy 1.17.1 1 - chi2.cdf(2*1400/75, 72)
      assert.closeTo(p.confidence, 0.9997624592517678, 1e-10)
      assert.include(p.rationale, "CPA 40.00")
      assert.include(p.rationale, "paused for 7 days")
    }))

  it.effect("waits out the cool-off, doubles it after a failed probation, and leaves alone what it should", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* run(policy, pausedFor(6)), [])
      // a failed probation: converting, waste, paused 7 days, 3 more days of waste (restored, paused again)
      const afterProbation = (idle: number) =>
        facts([{
          campaign: campaign("p", { status: "paused" }),
          days: [...days("p", [...converting, ...waste], idle + 3 + 7 + 1), ...days("p", waste, idle + 1)]
        }])
      assert.deepStrictEqual(yield* run(policy, afterProbation(13)), [])
      const second = yield* run(policy, afterProbation(14))
      assert.strictEqual(second.length, 1)
      assert.include(second[0]!.rationale, "cool-off 14")
      // evidence above 1.5 × target
      assert.deepStrictEqual(yield* run(policy, pausedFor(10, [...repeat(14, { spend: 100, conversions: 1 }), ...waste])), [])
      // too few conversions in the evidence
      assert.deepStrictEqual(yield* run(policy, pausedFor(10, [...repeat(14, { spend: 10, conversions: 0.2 }), ...waste])), [])
      // paused by a person while converting: no waste streak
      assert.deepStrictEqual(yield* run(policy, pausedFor(10, converting)), [])
      // nothing but waste on record
      assert.deepStrictEqual(yield* run(policy, pausedFor(10, waste)), [])
      // an active campaign
      assert.deepStrictEqual(yield* run(policy, pausedFor(10, undefined, { status: "active" })), [])
    }))
})

describe("BidCut", () => {
  const policy = BidCut.make()

  it.effect("cuts the bids of a campaign whose CPA is twice its target, keyword by keyword and ad group defaults", () =>
    Effect.gen(function*() {
      // 20 conversions in 1000 clicks (2%); yesterday's CPC 2.00: CPA now 100 against a target of 50
      const d = days("c", repeat(10, { spend: 200, conversions: 2, clicks: 100 }))
      const f = facts([{
        campaign: campaign("c", { targetCpa: 50 }),
        days: d,
        adGroups: [group("g1", "c"), group("g2", "c", { defaultMaxCpc: 2 }), group("g3", "c", { status: "paused" })],
        keywords: [
          keyword("k1", "g1", "c", { maxCpc: 1.2 }),
          keyword("k2", "g1", "c", { isNegative: true }),
          keyword("k3", "g1", "c", { status: "paused" }),
          keyword("k4", "g2", "c", { maxCpc: null }),
          keyword("k5", "g3", "c", { maxCpc: 3 })
        ]
      }])
      const out = yield* run(policy, f)
      // cut = min(0.25, 0.5 × (1 − 50/100)) = 0.25
      assert.deepStrictEqual(out.map((p) => p.change), [
        new AdPlatform.SetKeywordBid({ keywordId: "k1", bid: 0.9 }),
        new AdPlatform.SetAdGroupBid({ adGroupId: "g2", bid: 1.5 })
      ])
      for (const p of out) {
        assert.strictEqual(p.decisionType, "bid_cut")
        assert.strictEqual(p.impact.metric, "cpa")
        assert.strictEqual(p.impact.delta, -25)
        // 20 conversions for 2000 against 50: scipy 1.17.1 chi2.cdf(2*2000/50, 42)
        assert.closeTo(p.confidence, 0.9996316994432145, 1e-10)
        assert.include(p.rationale, "CPA 100.00")
        assert.include(p.rationale, "target of 50.00")
      }
    }))

  it.effect("cuts in proportion to the overshoot, and not again once yesterday's CPC shows the cut", () =>
    Effect.gen(function*() {
      const at = (yesterdayCpc: number) =>
        facts([{
          campaign: campaign("c", { targetCpa: 50 }),
          days: days("c", [...repeat(9, { spend: 130, conversions: 2, clicks: 100 }), { spend: yesterdayCpc * 100, conversions: 2, clicks: 100 }]),
          keywords: [keyword("k", "g", "c", { maxCpc: 2 })],
          adGroups: [group("g", "c")]
        }])
      // CPC 1.30 / 2% = CPA 65: cut 0.5 × (1 − 50/65) = 0.1154 → 2 × 0.8846 = 1.77
      const first = yield* run(policy, at(1.3))
      assert.deepStrictEqual(first.map((p) => p.change), [new AdPlatform.SetKeywordBid({ keywordId: "k", bid: 1.77 })])
      // yesterday's CPC 1.09 after the cut: CPA now 54.5, within 10% of target
      assert.deepStrictEqual(yield* run(policy, at(1.09)), [])
    }))

  it.effect("leaves alone campaigns on target, with too few conversions, without a target, or paused", () =>
    Effect.gen(function*() {
      const kws = (id: string) => ({ adGroups: [group(`g${id}`, id)], keywords: [keyword(`k${id}`, `g${id}`, id)] })
      const f = facts([
        { campaign: campaign("ok", { targetCpa: 50 }), days: days("ok", repeat(10, { spend: 100, conversions: 2 })), ...kws("ok") },
        { campaign: campaign("few", { targetCpa: 50 }), days: days("few", repeat(10, { spend: 100, conversions: 0.4 })), ...kws("few") },
        { campaign: campaign("none", { targetCpa: null }), days: days("none", repeat(10, { spend: 200, conversions: 1 })), ...kws("none") },
        { campaign: campaign("off", { status: "paused" }), days: days("off", repeat(10, { spend: 200, conversions: 1 })), ...kws("off") }
      ])
      assert.deepStrictEqual(yield* run(policy, f), [])
      // a default target brings the campaign without one in
      const withDefault = yield* run(BidCut.make({ ...BidCut.defaults, defaultTargetCpa: 100 }), f)
      assert.deepStrictEqual(withDefault.map((p) => p.change), [new AdPlatform.SetKeywordBid({ keywordId: "knone", bid: 0.75 })])
    }))
})

describe("BudgetShift", () => {
  const policy = BudgetShift.make()
  const limited = (id: string, budget: number, roas: number) => ({
    campaign: campaign(id, { dailyBudget: budget }),
    days: days(id, repeat(14, { spend: budget, conversions: 1, revenue: budget * roas }))
  })

  it.effect("moves 10% of the worse campaign's budget to the budget-limited one with the better marginal ROAS", () =>
    Effect.gen(function*() {
      const out = yield* run(policy, facts([limited("hi", 100, 6), limited("lo", 200, 2)]))
      assert.deepStrictEqual(out.map((p) => p.change), [
        new AdPlatform.SetCampaignBudget({ campaignId: "hi", dailyBudget: 120 }),
        new AdPlatform.SetCampaignBudget({ campaignId: "lo", dailyBudget: 180 })
      ])
      // constant spend: elasticity is the prior 0.5, marginal ROAS 3 and 1; 20/day over 7 days
      assert.deepStrictEqual(out.map((p) => p.impact.delta), [420, -140])
      // no day-to-day variation: only the prior elasticity's sd 0.25 is uncertain: standard errors 6 × 0.25 and
      // 2 × 0.25, gap 3 − 1; scipy 1.17.1 norm.cdf(2 / sqrt(1.5**2 + 0.5**2)) = 0.8970483946339658
      assert.closeTo(out[0]!.confidence, 0.8970483946339658, 1e-12)
      assert.include(out[0]!.rationale, "Moving 20.00 USD/day from Campaign lo to Campaign hi")
      assert.include(out[0]!.rationale, "elasticity 0.50 (prior")
    }))

  it.effect("does not feed a campaign that is not spending its budget, and takes unused budget first", () =>
    Effect.gen(function*() {
      const idle = {
        campaign: campaign("idle", { dailyBudget: 300 }),
        days: days("idle", repeat(14, { spend: 150, conversions: 1, revenue: 150 * 9 }))
      }
      const out = yield* run(policy, facts([idle, limited("hi", 100, 4), limited("lo", 100, 3)]))
      // idle has the best ROAS but 150 of its 300 unused: it gives 10% of its budget (30), capped at 20% of hi's (20)
      assert.deepStrictEqual(out.map((p) => p.change), [
        new AdPlatform.SetCampaignBudget({ campaignId: "hi", dailyBudget: 120 }),
        new AdPlatform.SetCampaignBudget({ campaignId: "idle", dailyBudget: 280 })
      ])
      assert.strictEqual(out[1]!.impact.delta, 0)
      // nothing limited: nothing moves; a small gap: nothing moves
      assert.deepStrictEqual(yield* run(policy, facts([idle])), [])
      assert.deepStrictEqual(yield* run(policy, facts([limited("a", 100, 3), limited("b", 100, 2.7)])), [])
      // a receiver whose next unit of spend would not pay for itself (ROAS 1.8 × 0.5 = 0.9 < 1) gets nothing
      assert.deepStrictEqual(yield* run(policy, facts([limited("a", 100, 1.8), limited("b", 100, 0.4)])), [])
    }))

  it("fits the elasticity of an exact power law and falls back to the prior without spend variation", () => {
    // revenue = 3 · spend^0.7 exactly: the log-log slope is 0.7 with no residual, so the shrinkage leaves it
    const exact = Array.from({ length: 14 }, (_, i) => {
      const spend = 50 + 10 * i
      return { spend, revenue: 3 * Math.pow(spend, 0.7) }
    })
    const fit = BudgetShift.elasticity(BudgetShift.defaults, exact)
    assert.strictEqual(fit.source, "fit")
    assert.closeTo(fit.value, 0.7, 1e-6)
    const flat = BudgetShift.elasticity(BudgetShift.defaults, exact.map((d) => ({ ...d, spend: 100 })))
    assert.deepStrictEqual(flat, { value: 0.5, sd: 0.25, source: "prior" })
  })

  it("conserves the total daily budget, moves each campaign once, feeds only budget-limited campaigns", () => {
    const campaignArb = fc.record({
      budgetCents: fc.integer({ min: 1_000, max: 50_000 }),
      used: fc.constantFrom(1, 1, 0.5, 0.8),
      roas: fc.array(fc.double({ min: 0.2, max: 10, noNaN: true }), { minLength: 14, maxLength: 14 }),
      spendJitter: fc.array(fc.double({ min: 0.6, max: 1, noNaN: true }), { minLength: 14, maxLength: 14 }),
      status: fc.constantFrom("active", "active", "active", "paused")
    })
    fc.assert(fc.property(fc.array(campaignArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (specs, maxPairs) => {
      const f = facts(specs.map((s, i) => {
        const id = `c${i}`
        const budget = s.budgetCents / 100
        return {
          campaign: campaign(id, { dailyBudget: budget, status: s.status as "active" | "paused" }),
          days: days(id, s.roas.map((r, j) => {
            const spend = Evidence.cents(budget * (s.used === 1 ? (j >= 12 ? 1 : s.spendJitter[j]!) : s.used * s.spendJitter[j]!))
            return { spend, conversions: 1, revenue: spend * r }
          }))
        }
      }))
      const out = BudgetShift.proposals({ ...BudgetShift.defaults, maxPairs }, f)
      const before = new Map(f.campaigns.map((c) => [c.campaign.id, c]))
      const ids = out.map((p) => AdPlatform.target(p.change).id)
      assert.strictEqual(new Set(ids).size, ids.length)
      assert.isAtMost(out.length, 2 * maxPairs)
      let delta = 0
      for (const p of out) {
        assert.strictEqual(p.change._tag, "SetCampaignBudget")
        if (p.change._tag !== "SetCampaignBudget") continue
        const c = before.get(p.change.campaignId)!
        assert.strictEqual(c.campaign.status, "active")
        const old = c.campaign.dailyBudget!
        delta += p.change.dailyBudget - old
        assert.isAtLeast(p.change.dailyBudget, BudgetShift.defaults.minBudget)
        if (p.change.dailyBudget > old) {
          const yesterday = c.days[c.days.length - 1]!
          assert.isAtLeast(yesterday.spend, 0.95 * old, "only budget-limited campaigns receive")
        }
        assert.isAtLeast(p.confidence, 0)
        assert.isAtMost(p.confidence, 1)
      }
      assert.closeTo(delta, 0, 1e-6)
    }))
  })
})

describe("BuiltinPolicies", () => {
  it.effect("registers the four policies once; a second registration under a name fails", () =>
    Effect.gen(function*() {
      const names = yield* Effect.map(
        DecisionProvider.DecisionProviders.use((r) => r.all),
        (all) => all.map((p) => p.name)
      ).pipe(Effect.provide(BuiltinPolicies.layer().pipe(Layer.provideMerge(DecisionProvider.DecisionProviders.layer))))
      assert.deepStrictEqual(names, ["pause_wasted_spend", "restore_recovered", "bid_cut", "budget_shift"])
      const twice = yield* Effect.flip(
        Effect.provide(
          Effect.void,
          Layer.mergeAll(BuiltinPolicies.layer(), DecisionProvider.registering(BidCut.make())).pipe(
            Layer.provideMerge(DecisionProvider.DecisionProviders.layer)
          )
        )
      )
      assert.strictEqual(twice._tag, "DuplicateProvider")
      const configured = yield* Effect.flip(
        Effect.provide(
          Effect.void,
          BuiltinPolicies.layerConfig({ pauseWaste: { minSpend: -1 } }).pipe(
            Layer.provideMerge(DecisionProvider.DecisionProviders.layer)
          )
        )
      )
      assert.include(String(configured), "minSpend")
    }))
})
