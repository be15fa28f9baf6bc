/**
 * Risk management: the trend test behind a performance decline and the
 * overspend probability against scipy 1.17.1 (python3 on this machine), then
 * the service on storage: a scan raises each risk once with a probability,
 * an impact and envelope-ready mitigation actions; a repeat updates the
 * open risk; a risk no longer found is resolved; transitions are checked.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRequest } from "../../src/actions/SafetyEnvelope.ts"
import type * as Metrics from "../../src/cycles/alerts/Metrics.ts"
import * as Assessment from "../../src/cycles/risk/Assessment.ts"
import * as Risk from "../../src/cycles/risk/Risk.ts"
import { RiskService } from "../../src/cycles/risk/RiskService.ts"
import * as Trend from "../../src/cycles/scores/Trend.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiRiskManagement } from "../../src/storage/schema/marketingAi/AiRiskManagement.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const close = (actual: number, expected: number, tol = 1e-9, what = "") =>
  assert.isAtMost(Math.abs(actual - expected), tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`)

const dayN = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000
const dateOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)
const at = (date: string, hour = 6) => atTime(dayN(date) * 86_400_000 + hour * 3_600_000)

/** Weekly CPA rising 42.1 → 51.0 over the 8 weeks before 2026-03-11 (10 conversions a day, ROAS flat at 3). */
const cpaSeries = [42.1, 44.0, 43.5, 47.2, 46.8, 49.9, 52.3, 51.0]
const decliningDays = (): Array<Metrics.Day> => {
  const out: Array<Metrics.Day> = []
  const start = dayN("2026-03-11") - 56
  for (let i = 0; i < 56; i++) {
    const spend = cpaSeries[Math.floor(i / 7)]! * 10
    out.push({ date: dateOf(start + i), impressions: 5000, clicks: 200, conversions: 10, spend, revenue: spend * 3 })
  }
  return out
}
/** March 2026 at a 100 daily budget: 100 on 1–3 March, then seven variable days (mean 101.86). */
const overspendSpend = [60, 140, 90, 130, 70, 150, 73]
const overspendDays = (): Array<Metrics.Day> => {
  const out: Array<Metrics.Day> = []
  for (let n = dayN("2026-01-14"); n < dayN("2026-03-11"); n++) {
    const date = dateOf(n)
    const spend = n >= dayN("2026-03-04") ? overspendSpend[n - dayN("2026-03-04")]! : 100
    out.push({ date, impressions: 1000, clicks: 50, conversions: 0, spend, revenue: spend * 2 })
  }
  return out
}

describe("trend test (Theil–Sen, Mann–Kendall)", () => {
  it("equals scipy on a rising, a falling (tied) and a flat series", () => {
    // scipy 1.17.1: x = range(8)
    //   stats.kendalltau(x, y, method='asymptotic') -> statistic (tau-b), pvalue; alternative='greater' / 'less' one-sided
    //   stats.theilslopes(y, x) -> slope, intercept
    const cases = [
      { y: cpaSeries, tau: 0.7857142857142856, p: 0.006492857745083887, up: 0.0032464288725419436, down: 0.9967535711274581, slope: 1.53, intercept: 41.645 },
      { y: [3.2, 3.1, 3.1, 2.9, 3.0, 2.7, 2.7, 2.5], tau: -0.8894991799933215, p: 0.002563460923869317, up: 0.9987182695380653, down: 0.0012817304619346585, slope: -0.1, intercept: 3.3 },
      { y: [10, 12, 9, 11, 10, 12, 9, 11], tau: 0, p: 1, up: 0.5, down: 0.5, slope: 0, intercept: 10.5 }
    ]
    for (const c of cases) {
      const mk = Trend.mannKendall(c.y)
      close(mk.tau, c.tau, 1e-12, "tau")
      close(mk.pTwoSided, c.p, 1e-12, "p")
      close(mk.pIncreasing, c.up, 1e-12, "p greater")
      close(mk.pDecreasing, c.down, 1e-12, "p less")
      const line = Trend.theilSen(c.y.map((_, i) => i), c.y)
      close(line.slope, c.slope, 1e-12, "slope")
      close(line.intercept, c.intercept, 1e-12, "intercept")
    }
    assert.strictEqual(Trend.trend(cpaSeries, { better: "lower" }).direction, "declining")
    assert.strictEqual(Trend.trend(cpaSeries, { better: "higher" }).direction, "improving")
    assert.strictEqual(Trend.trend([10, 12, 9, 11, 10, 12, 9, 11], { better: "higher" }).direction, "stable")
  })
})

describe("assessments", () => {
  it("overspend: probability and money at risk from the normal model, as scipy computes them", () => {
    // scipy 1.17.1 / numpy: x = [60,140,90,130,70,150,73]; spent = 300 + sum(x) = 1013; d = 21 days left
    //   mu = spent + mean(x)*d - 3100 = 52.0; s = std(x, ddof=1)*sqrt(d) = 170.49046894181504
    //   P = stats.norm.cdf(mu/s) = 0.6198178328634486; E = mu*P + s*stats.norm.pdf(mu/s) = 97.15519461546766; E/P = 156.7479821718389
    const [month] = Assessment.overspend(
      { dailyBudget: 100, monthlyBudget: null, lifetimeBudget: null, startDate: null, endDate: null },
      overspendDays(),
      "2026-03-11"
    )
    assert.isDefined(month)
    assert.strictEqual(month!.period, "month")
    close(month!.probability, 0.6198178328634486, 1e-9, "P")
    close(month!.moneyAtRisk, 156.75, 0, "money at risk (cents)")
    assert.strictEqual(month!.exposure, 3100)
    close(month!.onBudgetDaily, 99.38, 0, "on-budget daily")
    // a campaign on 70 a day is not a candidate (projected 2,170 < 0.8 × 3,100)
    const calm = overspendDays().map((d) => ({ ...d, spend: 70 }))
    assert.deepStrictEqual(
      Assessment.overspend({ dailyBudget: 100, monthlyBudget: null, lifetimeBudget: null, startDate: null, endDate: null }, calm, "2026-03-11"),
      []
    )
  })

  it("decline: a significant CPA rise, probability 1 − p, money at risk from the slope", () => {
    const found = Assessment.decline(decliningDays(), "2026-03-11")
    assert.deepStrictEqual(found.map((d) => d.metric), ["cpa"])
    const cpa = found[0]!
    close(cpa.pValue, 0.0032464288725419436, 1e-12, "one-sided p (scipy kendalltau alternative='greater')")
    close(cpa.probability, 1 - 0.0032464288725419436, 1e-12, "probability")
    close(cpa.slope, 1.53, 1e-9, "slope")
    // 1.53 a week × 70 conversions a week × (1+2+3+4) weeks ahead
    close(cpa.moneyAtRisk, 1071, 1e-9, "money at risk")
    // noise around a flat CPA is no decline
    const flat = decliningDays().map((d, i) => ({ ...d, spend: [440, 470, 430, 460, 450, 445, 455, 465][Math.floor(i / 7)]! }))
    assert.deepStrictEqual(Assessment.decline(flat, "2026-03-11"), [])
  })

  it("policy: the flag set, and a flag that does not decode says why", () => {
    const days = overspendDays()
    const r = Assessment.policy({ policy: { status: "limited", reason: "trademark" } }, days, "2026-03-11")
    assert.strictEqual(r._tag, "Flagged")
    if (r._tag === "Flagged") {
      assert.strictEqual(r.assessment.probability, 0.6)
      assert.strictEqual(r.assessment.moneyAtRisk, 713 * 2)
    }
    assert.strictEqual(Assessment.policy({}, days, "2026-03-11")._tag, "None")
    const bad = Assessment.policy({ policy: { status: "banned" } }, days, "2026-03-11")
    assert.strictEqual(bad._tag, "Invalid")
  })

  it("level from the expected loss as a share of the exposure", () => {
    assert.strictEqual(Risk.levelOf(30, 100), "critical")
    assert.strictEqual(Risk.levelOf(10, 100), "high")
    assert.strictEqual(Risk.levelOf(3, 100), "medium")
    assert.strictEqual(Risk.levelOf(2.9, 100), "low")
  })
})

const seed = Effect.gen(function*() {
  const storage = yield* Storage
  const account = yield* storage.insert(Accounts, { name: "Risk Co", slug: `risk-${crypto.randomUUID().slice(0, 8)}` })
  const campaign = (name: string, patch: Partial<typeof Campaigns.Insert.Type>) =>
    storage.insert(Campaigns, { account_id: account.id, name, platform: "simulated", status: "active", ...patch })
  const declining = yield* campaign("Declining", { daily_budget: 1000 })
  const over = yield* campaign("Overspender", { daily_budget: 100 })
  const flagged = yield* campaign("Flagged", { daily_budget: 50, settings: { policy: { status: "disapproved", reason: "misleading claims" } } })
  const badFlag = yield* campaign("Bad flag", { settings: { policy: { status: "banned" } } })
  const row = (campaignId: string, d: Metrics.Day): typeof CampaignDailyMetrics.Insert.Type => ({
    account_id: account.id,
    campaign_id: campaignId,
    metric_date: d.date,
    impressions: d.impressions,
    clicks: d.clicks,
    conversions: d.conversions,
    spend: d.spend,
    revenue: d.revenue,
    is_final: true
  })
  yield* storage.bulkInsert(CampaignDailyMetrics, [
    ...decliningDays().map((d) => row(declining.id, d)),
    ...overspendDays().map((d) => row(over.id, d)),
    ...overspendDays().map((d) => row(flagged.id, { ...d, spend: 40, revenue: 120 }))
  ])
  return { account, declining, over, flagged, badFlag }
})

const decodeRequest = Schema.decodeUnknownSync(ActionRequest)
const decodeIndicators = Schema.decodeUnknownSync(Risk.Indicators)

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    layer(RiskService.layer.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("a scan raises each risk once, a repeat updates it, a vanished risk is resolved; transitions are checked", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const risks = yield* RiskService
          const { account, declining, over, flagged, badFlag } = yield* seed.pipe(at("2026-03-11", 1))

          const first = yield* risks.scan(account.id).pipe(at("2026-03-11"))
          assert.strictEqual(first.campaigns, 4)
          assert.strictEqual(first.raised, 3)
          assert.deepStrictEqual(first.skipped.map((s) => [s.campaignId, s.field]), [[badFlag.id, "settings.policy"]])
          const byType = new Map(first.risks.map((r) => [r.risk_type, r]))
          const decline = byType.get("performance_decline")!
          assert.strictEqual(decline.affected_entity_id, declining.id)
          assert.strictEqual(decline.probability_score, 10) // 10 × (1 − 0.0032) rounded to one decimal
          assert.deepInclude(decline.impact_assessment as object, { moneyAtRisk: 1071 })
          const cut = decodeRequest((decline.mitigation_actions as Array<unknown>)[0])
          assert.strictEqual(cut.action, "platform.set_campaign_budget")
          assert.deepInclude(cut.parameters as object, { accountId: account.id, campaignId: declining.id, dailyBudget: 800 })

          const overspend = byType.get("budget_overspend")!
          assert.strictEqual(overspend.affected_entity_id, over.id)
          assert.strictEqual(overspend.probability_score, 6.2) // 10 × 0.6198
          // expected loss 0.6198 × 156.75 = 97.16 of a 3,100 budget: 3.1% -> medium
          assert.strictEqual(overspend.risk_level, "medium")
          const onBudget = decodeRequest((overspend.mitigation_actions as Array<unknown>)[0])
          assert.deepInclude(onBudget.parameters as object, { campaignId: over.id, dailyBudget: 99.38 })

          const policy = byType.get("policy_violation")!
          assert.strictEqual(policy.affected_entity_id, flagged.id)
          assert.strictEqual(policy.probability_score, 10)
          const pause = decodeRequest((policy.mitigation_actions as Array<unknown>)[0])
          assert.strictEqual(pause.action, "platform.apply_change")
          assert.deepInclude((pause.parameters as { change: object }).change, { _tag: "SetCampaignStatus", status: "paused" })

          // the next day: the same three risks, updated, not duplicated
          const mitigated = yield* risks.mitigate(policy.id)
          assert.strictEqual(mitigated.status, "mitigated")
          const second = yield* risks.scan(account.id).pipe(at("2026-03-11", 12))
          assert.strictEqual(second.raised, 0)
          assert.strictEqual(second.updated, 3)
          assert.strictEqual(yield* storage.count(AiRiskManagement, { account_id: account.id }), 3)
          const again = yield* storage.get(AiRiskManagement, policy.id)
          assert.strictEqual(again.status, "mitigated")
          assert.strictEqual(decodeIndicators(again.risk_indicators).occurrences, 2)

          // the host clears the flag: the policy risk is resolved by the next scan
          yield* storage.update(Campaigns, flagged.id, { settings: {} })
          const third = yield* risks.scan(account.id).pipe(at("2026-03-11", 18))
          assert.strictEqual(third.resolved, 1)
          const closed = yield* storage.get(AiRiskManagement, policy.id)
          assert.strictEqual(closed.status, "resolved")
          assert.isNotNull(decodeIndicators(closed.risk_indicators).resolvedAt)

          const wrong = yield* Effect.flip(risks.mitigate(policy.id))
          assert.deepInclude(wrong, { _tag: "InvalidRiskTransition", from: "resolved", to: "mitigated" })
          const missing = yield* Effect.flip(risks.resolve(crypto.randomUUID()))
          assert.strictEqual(missing._tag, "RiskNotFound")
          const resolved = yield* risks.resolve(overspend.id)
          assert.strictEqual(resolved.status, "resolved")
        }))

      it.effect("options out of range fail as InvalidRiskOptions naming the option", () =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(Layer.build(RiskService.layerOptions({ declineBudgetCut: 1.5 })))
          assert.deepInclude(error, { _tag: "InvalidRiskOptions", field: "declineBudgetCut", value: 1.5 })
        }).pipe(Effect.scoped))
    })
  })

suite("risk service on PGlite", pglite())
if (serverUrl !== undefined) suite("risk service on a server", server(serverUrl))
