/**
 * Competitive intelligence: the analysis finds a competitor pressing into
 * our auctions (defend our brand terms), one pulling back (capture its
 * share), a newcomer, and stays quiet on noise; the tests behind each agree
 * with scipy 1.17.1. On storage: intake validates every observation and
 * names a bad field, a re-sent period replaces its row, a repeated analysis
 * updates its insight rows.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as Analysis from "../../src/cycles/intelligence/Analysis.ts"
import { CompetitiveIntelligence } from "../../src/cycles/intelligence/CompetitiveIntelligence.ts"
import type { Observation } from "../../src/cycles/intelligence/Observation.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { AiCompetitiveIntelligence } from "../../src/storage/schema/marketingAi/AiCompetitiveIntelligence.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const weeks = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"]
const end = (start: string) => new Date(Date.parse(`${start}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10)
const obs = (competitor: string, i: number, patch: Partial<Observation>): Observation => ({
  competitor,
  campaignId: null,
  periodStart: weeks[i]!,
  periodEnd: end(weeks[i]!),
  impressionShare: 0.3,
  overlapRate: 0.3,
  outrankingShare: 0.6,
  positionAboveRate: 0.3,
  ...patch
})

// scipy 1.17.1, x = range(8): stats.kendalltau(x, y, method='asymptotic', alternative=...).pvalue; stats.theilslopes(y, x).slope
const rivalOverlap = [0.20, 0.24, 0.22, 0.30, 0.28, 0.35, 0.40, 0.45] // alternative='greater': p = 0.0014927354456344074, slope 0.03416666666666668
const rivalOutranking = [0.70, 0.66, 0.68, 0.60, 0.62, 0.55, 0.50, 0.45] // alternative='less': p = 0.0014927354456344074, slope -0.034166666666666665
const fadingShare = [0.30, 0.28, 0.25, 0.26, 0.18, 0.12] // then absent twice (read as 0): alternative='less': p = 0.0009138375177268404, slope -0.045
const steadyShare = [0.3, 0.32, 0.29, 0.31, 0.3, 0.33, 0.28, 0.31] // alternative='greater': p = 0.5, slope 0.0

const observations = (): Array<Observation> => {
  const out: Array<Observation> = []
  for (let i = 0; i < 8; i++) {
    out.push(obs("rival.com", i, {
      overlapRate: rivalOverlap[i]!,
      outrankingShare: rivalOutranking[i]!,
      keywordOverlap: { shared: ["event software", "Ringmaster tickets"], ourKeywords: 40 }
    }))
    if (i < 6) out.push(obs("fading.com", i, { impressionShare: fadingShare[i]!, keywordOverlap: { shared: ["conference app"], ourKeywords: 40 } }))
    out.push(obs("steady.com", i, { impressionShare: steadyShare[i]!, overlapRate: steadyShare[i]! }))
  }
  out.push(obs("newbie.com", 7, { overlapRate: 0.25 }))
  return out
}

const close = (actual: number, expected: number, tol = 1e-12) => assert.isAtMost(Math.abs(actual - expected), tol)

describe("analysis", () => {
  it("defend, capture and new entrant, each with its evidence; noise gives nothing", () => {
    const insights = Analysis.analyze(observations(), { ...Analysis.defaultOptions, brandTerms: ["ringmaster"] })
    assert.deepStrictEqual(insights.map((i) => [i.competitor, i.kind]), [
      ["fading.com", "capture"],
      ["newbie.com", "new_entrant"],
      ["rival.com", "defend"]
    ])
    const defend = insights.find((i) => i.kind === "defend")!
    assert.deepStrictEqual(defend.brandKeywords, ["Ringmaster tickets"])
    assert.deepStrictEqual(defend.keywords, ["Ringmaster tickets", "event software"])
    assert.include(defend.action, "Defend brand terms Ringmaster tickets: raise bids 10%")
    const [overlap, outranking] = defend.evidence
    close(overlap!.p, 0.0014927354456344074)
    close(overlap!.slope, 0.03416666666666668)
    close(outranking!.p, 0.0014927354456344074)
    close(outranking!.slope, -0.034166666666666665)
    assert.strictEqual(defend.confidence, 10) // 10 × (1 − 0.0015) to one decimal
    const capture = insights.find((i) => i.kind === "capture")!
    close(capture.evidence[0]!.p, 0.0009138375177268404)
    close(capture.evidence[0]!.slope, -0.045)
    assert.deepStrictEqual(capture.evidence[0]!.series, [...fadingShare, 0, 0])
    const newbie = insights.find((i) => i.kind === "new_entrant")!
    assert.strictEqual(newbie.confidence, 2.5)
  })

  it("a significant but immaterial drift is no insight; too few periods is none", () => {
    const tiny = observations().filter((o) => o.competitor === "rival.com").map((o) => ({
      ...o,
      overlapRate: 0.3 + (o.overlapRate - 0.2) / 10,
      outrankingShare: 0.6 - (0.7 - o.outrankingShare) / 10
    }))
    assert.deepStrictEqual(Analysis.analyze(tiny), [])
    assert.deepStrictEqual(Analysis.analyze(observations().filter((o) => o.periodStart >= weeks[4]!)), [])
  })
})

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    const world = CompetitiveIntelligence.layerOptions({ brandTerms: ["ringmaster"] }).pipe(Layer.provideMerge(database))
    layer(world, { timeout: "120 seconds" })((it) => {
      it.effect("intake validates and replaces a re-sent period; analysis upserts its insights", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const intel = yield* CompetitiveIntelligence
          const account = yield* storage.insert(Accounts, { name: "Intel Co", slug: `intel-${crypto.randomUUID().slice(0, 8)}` })

          const bad = yield* Effect.flip(intel.record(account.id, [obs("a.com", 0, {}), { ...obs("b.com", 1, {}), overlapRate: 1.4 }]))
          assert.deepInclude(bad, { _tag: "InvalidObservation", index: 1, path: "overlapRate" })
          const backwards = yield* Effect.flip(intel.record(account.id, [{ ...obs("b.com", 1, {}), periodEnd: "2026-01-01" }]))
          assert.deepInclude(backwards, { _tag: "InvalidObservation", index: 0, path: "periodEnd" })
          assert.strictEqual(yield* storage.count(AiCompetitiveIntelligence, { account_id: account.id }), 0)

          const all = observations()
          const rows = yield* intel.record(account.id, all)
          assert.strictEqual(rows.length, all.length)
          yield* intel.record(account.id, [all[0]!])
          assert.strictEqual(yield* storage.count(AiCompetitiveIntelligence, { account_id: account.id, intelligence_type: "auction_observation" }), all.length)

          const insights = yield* intel.analyze(account.id)
          assert.deepStrictEqual(insights.map((r) => r.competitor_identifier), ["fading.com", "newbie.com", "rival.com"])
          const defend = insights.find((r) => r.competitor_identifier === "rival.com")!
          assert.strictEqual(defend.confidence_score, 10)
          assert.deepInclude(defend.actionable_insights as object, { kind: "defend", bidChange: 0.1, brandKeywords: ["Ringmaster tickets"] })
          const again = yield* intel.analyze(account.id)
          assert.deepStrictEqual(again.map((r) => r.id), insights.map((r) => r.id))
          assert.strictEqual(yield* storage.count(AiCompetitiveIntelligence, { account_id: account.id, intelligence_type: "competitor_insight" }), 3)
        }).pipe(atTime(Date.parse("2026-03-02T06:00:00Z"))))

      it.effect("options out of range fail naming the option", () =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(Layer.build(CompetitiveIntelligence.layerOptions({ alpha: 0.9 })))
          assert.deepInclude(error, { _tag: "InvalidIntelligenceOptions", field: "alpha" })
        }).pipe(Effect.scoped))
    })
  })

suite("competitive intelligence on PGlite", pglite())
if (serverUrl !== undefined) suite("competitive intelligence on a server", server(serverUrl))
