/**
 * `ExperimentService` over `ai_testing_experiments` on PGlite (and on a
 * server when `DATABASE_URL` is set): the plan is stored at creation
 * (3841 per arm for 10% -> 12%: scipy 1.17.1, see
 * experiments.statistics.test.ts), observations land in `variant_configs`,
 * and `winner_variant`, `confidence_level`, `results` and `completed` are
 * written only by a valid verdict — never for skewed traffic, an
 * underpowered experiment or an insignificant one. A winner becomes an
 * envelope request only after that, and runs through the envelope.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Clock, Effect, Exit, Layer, Option, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { ExperimentService } from "../../src/cycles/experiments/ExperimentService.ts"
import type { CreateExperiment } from "../../src/cycles/experiments/ExperimentService.ts"
import { AiTestingExperiments } from "../../src/storage/schema/marketingAi/AiTestingExperiments.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const applyWinner = Action.make({
  name: "apply_experiment_winner",
  parameters: Schema.Struct({ experimentId: Schema.String, variant: Schema.String, headline: Schema.String }),
  success: Schema.Struct({ applied: Schema.String }),
  entity: (p) => ({ type: "experiment", id: p.experimentId }),
  handler: (p) => Effect.succeed({ applied: `${p.variant}: ${p.headline}` })
})

const world = <E>(database: Layer.Layer<Storage | SqlClient.SqlClient, E>) =>
  Layer.mergeAll(ExperimentService.layer, SafetyEnvelope.layerStorage(), registering(applyWinner)).pipe(
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(database)
  )

const conversionTest = (overrides: Partial<CreateExperiment> = {}): CreateExperiment => ({
  name: "Headline test",
  type: "ad_copy",
  hypothesis: "A benefit-led headline converts better",
  configuration: {
    metric: "proportion",
    control: "A",
    method: "fixed_horizon",
    alternative: "two-sided",
    plan: { baseline: 0.1, mde: 0.02, mdeScale: "absolute", power: 0.8 }
  },
  variants: [
    { key: "A", allocation: 1, config: { headline: "Register now" } },
    { key: "B", allocation: 1, config: { headline: "Save 3 hours a week" } }
  ],
  ...overrides
})

const suite = <E>(name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, E>) =>
  describe(name, () => {
    layer(world(database), { timeout: "120 seconds" })((it) => {
      it.effect("create stores the configuration, variants and the sample-size plan", () =>
        Effect.gen(function*() {
          const service = yield* ExperimentService
          const row = yield* service.create(conversionTest())
          assert.strictEqual(row.status, "planning")
          assert.strictEqual(row.statistical_significance_threshold, 0.95)
          assert.deepStrictEqual(row.control_group_config, { variant: "A" })
          const plan = row.sample_size_calculation as { perVariant: Record<string, number>; total: number; alpha: number }
          assert.deepStrictEqual(plan.perVariant, { A: 3841, B: 3841 })
          assert.strictEqual(plan.total, 7682)
          assert.strictEqual(plan.alpha, 0.05)
          assert.isNull(row.winner_variant)
          assert.isNull(row.results)
        }))

      it.effect("bad input is refused with a typed error naming the field", () =>
        Effect.gen(function*() {
          const service = yield* ExperimentService
          const field = (input: CreateExperiment) =>
            service.create(input).pipe(
              Effect.flip,
              Effect.map((e) => (e._tag === "InvalidExperimentInput" ? e.field : e._tag))
            )
          const base = conversionTest()
          assert.strictEqual(yield* field({ ...base, configuration: { ...base.configuration, control: "Z" } }), "configuration.control")
          const noPlan = { metric: "proportion" as const, control: "A", method: "fixed_horizon" as const, alternative: "two-sided" as const }
          assert.strictEqual(yield* field({ ...base, configuration: noPlan }), "configuration.plan")
          assert.strictEqual(yield* field({ ...base, significanceThreshold: 0.955 }), "significanceThreshold")
          assert.strictEqual(yield* field({ ...base, variants: [base.variants[0]!, { key: "A", allocation: 1 }] }), "variants[1].key")
          assert.strictEqual(
            yield* field({ ...base, configuration: { ...base.configuration, plan: { baseline: 0.99, mde: 0.02, mdeScale: "absolute", power: 0.8 } } }),
            "configuration.plan.mde"
          )
          assert.strictEqual(
            yield* field({ ...base, configuration: { ...base.configuration, method: "bayes" } as never }),
            "configuration.method"
          )
        }))

      it.effect("underpowered, then skewed: evaluate writes nothing; a valid verdict writes winner, confidence, results and completes", () =>
        Effect.gen(function*() {
          const service = yield* ExperimentService
          const storage = yield* Storage
          const created = yield* service.create(conversionTest())
          const id = created.id

          const running = yield* service.record(id, [
            { variant: "A", visitors: 2000, conversions: 200 },
            { variant: "B", visitors: 2000, conversions: 250 }
          ])
          assert.strictEqual(running.status, "running")
          assert.strictEqual(running.started_at?.getTime(), yield* Clock.currentTimeMillis)
          const stored = running.variant_configs as ReadonlyArray<{ key: string; allocation: number; observations: unknown; config: unknown }>
          assert.deepStrictEqual(stored[1], { key: "B", allocation: 1, config: { headline: "Save 3 hours a week" }, observations: { visitors: 2000, conversions: 250 } })

          // significant (p = 0.0124) but before the planned 3841 per arm: no verdict, nothing written
          const early = yield* service.evaluate(id)
          assert.strictEqual(early._tag === "NoVerdict" && early.reason, "insufficient_sample")
          const afterEarly = yield* storage.get(AiTestingExperiments, id)
          assert.isNull(afterEarly.winner_variant)
          assert.isNull(afterEarly.confidence_level)
          assert.isNull(afterEarly.results)
          assert.strictEqual(afterEarly.status, "running")

          // skewed traffic (scipy: stats.chisquare([3900, 4500]).pvalue = 5.888668049571963e-11): blocked
          yield* service.record(id, [
            { variant: "A", visitors: 3900, conversions: 390 },
            { variant: "B", visitors: 4500, conversions: 560 }
          ])
          const skewed = yield* service.evaluate(id)
          assert.strictEqual(skewed._tag === "NoVerdict" && skewed.reason, "sample_ratio_mismatch")
          assert.isNull((yield* storage.get(AiTestingExperiments, id)).results)

          // no winner request without a valid verdict
          const none = yield* service.winnerRequest(id, {
            action: applyWinner.name,
            requestId: "exp-early",
            requester: new Action.AgentRequester({ agentId: "experiments" }),
            parameters: (v) => ({ experimentId: id, variant: v.key, headline: "" })
          })
          assert.isTrue(Option.isNone(none))

          // the planned sample, balanced, significant
          // scipy: stats.chi2_contingency([[480, 3520], [400, 3600]], correction=False)[1] = 0.004255126876797353
          //   -> confidence floor(100·(1 − p), 2 decimals) = 99.57
          yield* service.record(id, [
            { variant: "A", visitors: 4000, conversions: 400 },
            { variant: "B", visitors: 4000, conversions: 480 }
          ])
          const verdict = yield* service.evaluate(id)
          assert.strictEqual(verdict._tag, "Valid")
          const done = yield* storage.get(AiTestingExperiments, id)
          assert.strictEqual(done.winner_variant, "B")
          assert.strictEqual(done.status, "completed")
          assert.strictEqual(done.confidence_level, 99.57)
          assert.isNotNull(done.ended_at)
          const results = done.results as { winner: string; comparisons: ReadonlyArray<{ pValue: number }> }
          assert.strictEqual(results.winner, "B")
          assert.isBelow(Math.abs(results.comparisons[0]!.pValue - 0.004255126876797353), 1e-9)

          // closed: no more observations, no re-evaluation
          const closed = yield* Effect.exit(service.record(id, [{ variant: "A", visitors: 5000, conversions: 500 }]))
          assert.isTrue(Exit.isFailure(closed))
          const again = yield* Effect.flip(service.evaluate(id))
          assert.strictEqual(again._tag, "ExperimentClosed")

          // the winner, through the envelope
          const request = yield* service.winnerRequest(id, {
            action: applyWinner.name,
            requestId: "exp-winner",
            requester: new Action.AgentRequester({ agentId: "experiments" }),
            parameters: (v) => ({ experimentId: id, variant: v.key, headline: (v.config as { headline: string }).headline })
          })
          assert.isTrue(Option.isSome(request))
          const r = Option.getOrThrow(request)
          assert.strictEqual(r.confidence, 0.9957)
          assert.deepStrictEqual({ ...r.entity }, { type: "experiment", id })
          const envelope = yield* SafetyEnvelope
          const record = yield* envelope.submit(r)
          assert.strictEqual(record.status, "succeeded")
          assert.deepStrictEqual(record.result, { applied: "B: Save 3 hours a week" })
        }))

      it.effect("sequential continuous experiment: Welch and the mSPRT on stored summaries", () =>
        Effect.gen(function*() {
          const service = yield* ExperimentService
          const storage = yield* Storage
          const created = yield* service.create({
            name: "Bid strategy revenue",
            type: "bidding_strategy",
            configuration: {
              metric: "continuous",
              control: "manual",
              method: "sequential",
              alternative: "two-sided",
              plan: { sd: 20, mde: 2, mdeScale: "absolute", power: 0.8 }
            },
            variants: [{ key: "manual", allocation: 1 }, { key: "target_roas", allocation: 1 }]
          })
          const wrongKind = yield* Effect.flip(service.record(created.id, [{ variant: "manual", visitors: 10, conversions: 1 }]))
          assert.strictEqual(wrongKind._tag, "InvalidExperimentInput")
          yield* service.record(created.id, [
            { variant: "manual", n: 1000, mean: 50, sd: 20 },
            { variant: "target_roas", n: 1000, mean: 51, sd: 20 }
          ])
          const notYet = yield* service.evaluate(created.id)
          assert.strictEqual(notYet._tag === "NoVerdict" && notYet.reason, "boundary_not_crossed")
          assert.isNull((yield* storage.get(AiTestingExperiments, created.id)).winner_variant)
          yield* service.record(created.id, [
            { variant: "manual", n: 3000, mean: 50, sd: 20 },
            { variant: "target_roas", n: 3000, mean: 52.5, sd: 21 }
          ])
          const verdict = yield* service.evaluate(created.id)
          assert.strictEqual(verdict._tag === "Valid" && verdict.winner, "target_roas")
          const row = yield* storage.get(AiTestingExperiments, created.id)
          assert.strictEqual(row.winner_variant, "target_roas")
          assert.strictEqual((row.results as { method: string }).method, "sequential")
        }))

      it.effect("a stored row that does not decode is a typed error naming the field", () =>
        Effect.gen(function*() {
          const service = yield* ExperimentService
          const storage = yield* Storage
          const created = yield* service.create(conversionTest())
          yield* storage.update(AiTestingExperiments, created.id, { variant_configs: [{ key: "A" }] })
          const e = yield* Effect.flip(service.evaluate(created.id))
          assert.strictEqual(e._tag, "InvalidExperimentRecord")
          if (e._tag === "InvalidExperimentRecord") assert.match(e.field, /^variant_configs/)
        }))
    })
  })

suite("ExperimentService on PGlite", pglite())
if (serverUrl !== undefined) suite("ExperimentService on a server", server(serverUrl))
