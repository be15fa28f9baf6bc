/**
 * The competitive-intelligence service (issue 10,
 * `ai_competitive_intelligence`): structured intake of competitor
 * observations and the analysis that turns them into insights.
 *
 * - `record(accountId, observations)` decodes every observation
 *   (`Observation`) before writing any: a bad one fails the batch with
 *   `InvalidObservation` (its index, the field path, the reason). Each is
 *   one row — `intelligence_type` `auction_observation`, `data_source`
 *   `auction_insights`, `competitor_identifier` the competitor, the
 *   observation in `intelligence_data` — and recording the same competitor,
 *   scope and period again replaces that row's data instead of adding one.
 *   All in one transaction.
 * - `analyze(accountId)` reads the account's observations, runs `Analysis`,
 *   and keeps one insight row per competitor, scope and insight kind
 *   (`intelligence_type` `competitor_insight`, `data_source`
 *   `pattern_analysis`, the insight in `actionable_insights`, its evidence
 *   in `intelligence_data`, `confidence_score` 0–10): a repeated insight
 *   updates its row. Insights no longer found are left as written (their
 *   `intelligence_data.analyzedAt` says when they last held).
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import * as Action from "../../actions/Action.ts"
import { AiCompetitiveIntelligence } from "../../storage/schema/marketingAi/AiCompetitiveIntelligence.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import * as Analysis from "./Analysis.ts"
import { InvalidIntelligenceOptions, InvalidObservation } from "./IntelligenceError.ts"
import { Observation } from "./Observation.ts"

/**
 * An `ai_competitive_intelligence` row.
 *
 * @since 0.1.0
 * @category models
 */
export type IntelligenceRow = Table.Row<typeof AiCompetitiveIntelligence>

/**
 * @since 0.1.0
 * @category models
 */
export interface CompetitiveIntelligenceShape {
  readonly record: (
    accountId: string,
    observations: ReadonlyArray<unknown>
  ) => Effect.Effect<ReadonlyArray<IntelligenceRow>, InvalidObservation | StorageError>
  readonly analyze: (accountId: string) => Effect.Effect<ReadonlyArray<IntelligenceRow>, StorageError>
}

const decode = Schema.decodeUnknownResult(Observation)
const decodeStored = Schema.decodeUnknownOption(Observation)
const encode = Schema.encodeSync(Observation)
const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u)) as Schema.Json

/**
 * Builds the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(overrides: Partial<Analysis.Options> = {}) {
  const options = { ...Analysis.defaultOptions, ...overrides }
  const fail = (field: string, value: unknown, rule: string) => Effect.fail(new InvalidIntelligenceOptions({ field, value, rule }))
  const int = (n: number, min: number) => Number.isSafeInteger(n) && n >= min
  if (!int(options.minPeriods, 4)) return yield* fail("minPeriods", options.minPeriods, "an integer ≥ 4")
  if (!int(options.periods, options.minPeriods)) return yield* fail("periods", options.periods, "an integer ≥ minPeriods")
  if (!(options.alpha > 0 && options.alpha < 0.5)) return yield* fail("alpha", options.alpha, "in (0, 0.5)")
  if (!(options.minChange >= 0 && options.minChange < 1)) return yield* fail("minChange", options.minChange, "in [0, 1)")
  if (!(options.newEntrantOverlap >= 0 && options.newEntrantOverlap <= 1)) {
    return yield* fail("newEntrantOverlap", options.newEntrantOverlap, "in [0, 1]")
  }
  if (!(options.bidRaise > 0 && options.bidRaise <= 1)) return yield* fail("bidRaise", options.bidRaise, "in (0, 1]")
  const storage = yield* Storage

  const record = Effect.fn("CompetitiveIntelligence.record")(function*(accountId: string, input: ReadonlyArray<unknown>) {
    const observations: Array<Observation> = []
    for (const [index, raw] of input.entries()) {
      const result = decode(raw)
      if (result._tag === "Failure") {
        const issue = Action.issuesOf(result.failure)[0]
        return yield* new InvalidObservation({ index, path: (issue?.path ?? []).join("."), reason: issue?.message ?? result.failure.message })
      }
      if (result.success.periodEnd < result.success.periodStart) {
        return yield* new InvalidObservation({ index, path: "periodEnd", reason: `${result.success.periodEnd} is before periodStart ${result.success.periodStart}` })
      }
      observations.push(result.success)
    }
    const now = new Date(yield* Clock.currentTimeMillis)
    return yield* storage.transaction(Effect.gen(function*() {
      const rows: Array<IntelligenceRow> = []
      for (const o of observations) {
        const data = toJson(encode(o))
        const same = (yield* storage.find(AiCompetitiveIntelligence, {
          where: {
            account_id: accountId,
            intelligence_type: "auction_observation",
            competitor_identifier: o.competitor,
            intelligence_data: { contains: { campaignId: o.campaignId, periodStart: o.periodStart, periodEnd: o.periodEnd } }
          },
          limit: 1
        })).items[0]
        rows.push(
          same === undefined ?
            yield* storage.insert(AiCompetitiveIntelligence, {
              account_id: accountId,
              competitor_identifier: o.competitor,
              intelligence_type: "auction_observation",
              data_source: "auction_insights",
              intelligence_data: data,
              created_at: now
            }) :
            yield* storage.update(AiCompetitiveIntelligence, same.id, { intelligence_data: data })
        )
      }
      return rows
    }))
  })

  const analyze = Effect.fn("CompetitiveIntelligence.analyze")(function*(accountId: string) {
    const now = new Date(yield* Clock.currentTimeMillis)
    return yield* storage.transaction(Effect.gen(function*() {
      const stored = (yield* storage.find(AiCompetitiveIntelligence, {
        where: { account_id: accountId, intelligence_type: "auction_observation" },
        orderBy: [{ column: "created_at" }]
      })).items
      const observations: Array<Observation> = []
      for (const row of stored) {
        const o = decodeStored(row.intelligence_data)
        if (o._tag === "Some") observations.push(o.value)
      }
      const rows: Array<IntelligenceRow> = []
      for (const insight of Analysis.analyze(observations, options)) {
        const identity = { kind: insight.kind, campaignId: insight.campaignId }
        const data = toJson({ ...identity, analyzedAt: now.toISOString(), periods: insight.periods, evidence: insight.evidence })
        const same = (yield* storage.find(AiCompetitiveIntelligence, {
          where: {
            account_id: accountId,
            intelligence_type: "competitor_insight",
            competitor_identifier: insight.competitor,
            intelligence_data: { contains: identity }
          },
          limit: 1
        })).items[0]
        const columns = {
          intelligence_data: data,
          confidence_score: insight.confidence,
          actionable_insights: toJson({
            kind: insight.kind,
            title: insight.title,
            action: insight.action,
            keywords: insight.keywords,
            brandKeywords: insight.brandKeywords,
            bidChange: insight.bidChange
          })
        }
        rows.push(
          same === undefined ?
            yield* storage.insert(AiCompetitiveIntelligence, {
              account_id: accountId,
              competitor_identifier: insight.competitor,
              intelligence_type: "competitor_insight",
              data_source: "pattern_analysis",
              created_at: now,
              ...columns
            }) :
            yield* storage.update(AiCompetitiveIntelligence, same.id, columns)
        )
      }
      return rows
    }))
  })

  return CompetitiveIntelligence.of({ record, analyze })
})

/**
 * The competitive-intelligence service.
 *
 * @since 0.1.0
 * @category services
 */
export class CompetitiveIntelligence extends Context.Service<CompetitiveIntelligence, CompetitiveIntelligenceShape>()(
  "ringmaster/cycles/intelligence/CompetitiveIntelligence"
) {
  /**
   * The service with the default analysis options, over `Storage`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<CompetitiveIntelligence, InvalidIntelligenceOptions, Storage> = Layer.effect(CompetitiveIntelligence, make())

  /**
   * The service with some analysis options changed (brand terms, say);
   * fails with `InvalidIntelligenceOptions` naming an option out of range.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerOptions = (overrides: Partial<Analysis.Options>): Layer.Layer<CompetitiveIntelligence, InvalidIntelligenceOptions, Storage> =>
    Layer.effect(CompetitiveIntelligence, make(overrides))
}
