/**
 * `ExperimentService`: A/B tests over `ai_testing_experiments` (seed 003
 * §14). Create an experiment (its sample-size plan is computed and stored),
 * record each variant's cumulative observations, evaluate it: a **valid**
 * verdict writes `winner_variant`, `confidence_level`, `results`, `status =
 * completed` and `ended_at` in one transaction; no valid verdict writes
 * nothing and says why. `winnerRequest` turns a stored winner into an
 * envelope-ready action request (and nothing else into one).
 *
 * Where the data lives is described in `Model.ts`. Observations are the
 * variant's **cumulative totals** (visitors and conversions, or n / mean /
 * sd so far), as an analytics source reports them: recording replaces the
 * variant's previous totals, so repeating a report is harmless. Recording
 * reads and rewrites `variant_configs` in one transaction; two processes
 * recording into the same experiment at the same instant on a server can
 * overwrite each other's variant (last writer wins) — report from one place,
 * or all variants in one call.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Schema } from "effect"
import { formatPath, issuesOf } from "../../actions/Action.ts"
import type { ActionRequest } from "../../actions/SafetyEnvelope.ts"
import { AiTestingExperiments } from "../../storage/schema/marketingAi/AiTestingExperiments.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import { ExperimentClosed, invalid, InvalidExperimentInput, InvalidExperimentRecord } from "./ExperimentError.ts"
import * as Check from "./internal/check.ts"
import {
  type ContinuousData,
  type PlanInput,
  type ProportionData,
  SamplePlan,
  TestConfiguration,
  type Variant,
  Variants
} from "./Model.ts"
import * as SampleSize from "./SampleSize.ts"
import * as Verdict from "./Verdict.ts"
import * as WinnerAction from "./WinnerAction.ts"

/**
 * A stored experiment row.
 *
 * @since 0.1.0
 * @category models
 */
export type ExperimentRow = Table.Row<typeof AiTestingExperiments>

/**
 * A variant as given to `create` (no observations yet).
 *
 * @since 0.1.0
 * @category models
 */
export interface NewVariant {
  readonly key: string
  readonly name?: string | undefined
  readonly allocation: number
  readonly config?: Schema.Json | undefined
}

/**
 * What `create` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateExperiment {
  readonly accountId?: string | undefined
  readonly name: string
  /** 'ad_copy', 'bidding_strategy', 'audience_targeting', ... */
  readonly type: string
  readonly hypothesis?: string | undefined
  readonly configuration: TestConfiguration
  readonly variants: ReadonlyArray<NewVariant>
  /** 1 − α, in (0, 1) (default 0.95, the table's default) */
  readonly significanceThreshold?: number | undefined
}

/**
 * One variant's cumulative observations, for `record`.
 *
 * @since 0.1.0
 * @category models
 */
export type Observation =
  | ({ readonly variant: string } & ProportionData)
  | ({ readonly variant: string } & ContinuousData)

/**
 * What the service does.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExperimentServiceShape {
  /** Validates, computes the sample-size plan, and inserts the experiment (status `planning`). */
  readonly create: (input: CreateExperiment) => Effect.Effect<ExperimentRow, InvalidExperimentInput | StorageError>
  /**
   * Replaces the named variants' cumulative observations; a `planning`
   * experiment becomes `running` (with `started_at`).
   */
  readonly record: (
    id: string,
    observations: ReadonlyArray<Observation>
  ) => Effect.Effect<ExperimentRow, InvalidExperimentInput | InvalidExperimentRecord | ExperimentClosed | StorageError>
  /**
   * Computes the verdict on the stored observations; writes the winner,
   * confidence level, results and `completed` only when it is valid.
   */
  readonly evaluate: (
    id: string
  ) => Effect.Effect<Verdict.Verdict, InvalidExperimentRecord | ExperimentClosed | StorageError>
  /** The envelope request for the stored winner; none unless a valid verdict completed the experiment. */
  readonly winnerRequest: (
    id: string,
    options: WinnerAction.WinnerActionOptions
  ) => Effect.Effect<Option.Option<ActionRequest>, InvalidExperimentRecord | StorageError>
}

const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u) ?? "null") as Schema.Json

const decodeStored = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  experimentId: string,
  field: string,
  value: unknown
) =>
  Schema.decodeUnknownEffect(schema)(value).pipe(
    Effect.mapError((error) => {
      const issue = issuesOf(error)[0]
      return new InvalidExperimentRecord({
        experimentId,
        field: issue === undefined ? field : `${field}.${formatPath(issue.path)}`,
        rule: issue?.message ?? error.message
      })
    })
  )

const decodeInput = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, field: string, value: unknown) =>
  Schema.decodeUnknownEffect(schema)(value).pipe(
    Effect.mapError((error) => {
      const issue = issuesOf(error)[0]
      return invalid(
        issue === undefined || issue.path.length === 0 ? field : `${field}.${formatPath(issue.path)}`,
        JSON.stringify(value),
        issue?.message ?? error.message
      )
    })
  )

/** α from the table's threshold (numeric(3, 2)): 0.95 -> 0.05 exactly, not 0.050000000000000044 */
const alphaOf = (threshold: number) => (100 - Math.round(threshold * 100)) / 100

const failIf = (error: InvalidExperimentInput | undefined) => (error === undefined ? Effect.void : Effect.fail(error))

/** checks the configuration's values against the variants */
const checkConfiguration = (configuration: TestConfiguration, variants: ReadonlyArray<NewVariant>) => {
  const keys = new Set<string>()
  for (const [i, v] of variants.entries()) {
    if (v.key.length === 0) return invalid(`variants[${i}].key`, v.key, "must not be empty")
    if (keys.has(v.key)) return invalid(`variants[${i}].key`, v.key, "duplicate variant key")
    keys.add(v.key)
    const bad = Check.positive(`variants[${i}].allocation`, v.allocation)
    if (bad !== undefined) return bad
  }
  return Check.first(
    variants.length < 2 ? invalid("variants", variants.length, "an experiment needs at least two variants") : undefined,
    keys.has(configuration.control) ?
      undefined :
      invalid("configuration.control", configuration.control, `names no variant (${[...keys].join(", ")})`),
    configuration.srmThreshold === undefined ? undefined : Check.openUnit("configuration.srmThreshold", configuration.srmThreshold),
    configuration.minimumSamplePerVariant === undefined ?
      undefined :
      Check.count("configuration.minimumSamplePerVariant", configuration.minimumSamplePerVariant),
    configuration.tau === undefined ? undefined : Check.positive("configuration.tau", configuration.tau),
    configuration.method === "fixed_horizon" && configuration.plan === undefined ?
      invalid("configuration.plan", "undefined", "the fixed-horizon method needs a sample-size plan") :
      undefined,
    configuration.method === "sequential" && configuration.plan === undefined && configuration.tau === undefined ?
      invalid("configuration.tau", "undefined", "the sequential method needs tau, or a plan whose effect sets it") :
      undefined
  )
}

/** the sample each variant needs: every treatment against the control at α / m */
const planSample = (
  configuration: TestConfiguration,
  plan: PlanInput,
  variants: ReadonlyArray<NewVariant>,
  alpha: number
) => {
  const control = variants.find((v) => v.key === configuration.control)!
  const treatments = variants.filter((v) => v.key !== configuration.control)
  const comparisons = treatments.length
  const sides: SampleSize.Sides = configuration.alternative === "two-sided" ? "two-sided" : "one-sided"
  const perVariant: Record<string, number> = { [control.key]: 0 }
  let absoluteEffect = 0
  for (const t of treatments) {
    const common = { mde: plan.mde, scale: plan.mdeScale, alpha: alpha / comparisons, power: plan.power, sides, ratio: t.allocation / control.allocation }
    const size = configuration.metric === "proportion" ?
      plan.baseline === undefined ?
        undefined :
        SampleSize.proportions({ baseline: plan.baseline, ...common }) :
      plan.sd === undefined ?
      undefined :
      SampleSize.means({ sd: plan.sd, baselineMean: plan.baseline, ...common })
    if (size === undefined) {
      return Effect.fail(
        configuration.metric === "proportion" ?
          invalid("configuration.plan.baseline", "undefined", "a conversion plan needs the baseline rate") :
          invalid("configuration.plan.sd", "undefined", "a continuous plan needs the metric's standard deviation")
      )
    }
    if (size._tag === "Failure") {
      const e = size.failure
      return Effect.fail(new InvalidExperimentInput({ field: `configuration.plan.${e.field}`, value: e.value, rule: e.rule }))
    }
    perVariant[control.key] = Math.max(perVariant[control.key]!, size.success.control)
    perVariant[t.key] = size.success.treatment
    absoluteEffect = size.success.absoluteEffect
  }
  const total = Object.values(perVariant).reduce((s, n) => s + n, 0)
  return Effect.succeed<SamplePlan>({ plan, alpha: alpha / comparisons, comparisons, sides, absoluteEffect, perVariant, total })
}

/**
 * The experiment service.
 *
 * @since 0.1.0
 * @category services
 */
export class ExperimentService extends Context.Service<ExperimentService, ExperimentServiceShape>()(
  "ringmaster/cycles/experiments/ExperimentService"
) {
  /**
   * The service over the storage port.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<ExperimentService, never, Storage> = Layer.effect(
    ExperimentService,
    Effect.gen(function*() {
      const storage = yield* Storage

      const load = Effect.fn("ExperimentService.load")(function*(id: string) {
        const row = yield* storage.get(AiTestingExperiments, id)
        const configuration = yield* decodeStored(TestConfiguration, id, "test_configuration", row.test_configuration)
        const variants = yield* decodeStored(Variants, id, "variant_configs", row.variant_configs)
        const plan = row.sample_size_calculation === null ?
          undefined :
          yield* decodeStored(SamplePlan, id, "sample_size_calculation", row.sample_size_calculation)
        return { row, configuration, variants, plan }
      })

      const create = Effect.fn("ExperimentService.create")(function*(input: CreateExperiment) {
        const configuration = yield* decodeInput(TestConfiguration, "configuration", input.configuration)
        const threshold = input.significanceThreshold ?? 0.95
        yield* failIf(Check.first(
          input.name.trim().length === 0 ? invalid("name", input.name, "must not be empty") : undefined,
          input.type.trim().length === 0 ? invalid("type", input.type, "must not be empty") : undefined,
          Check.openUnit("significanceThreshold", threshold),
          // the column is numeric(3, 2): a threshold it would round is refused rather than changed
          Math.round(threshold * 100) / 100 === threshold ?
            undefined :
            invalid("significanceThreshold", threshold, "has at most two decimals (the column is numeric(3,2))"),
          checkConfiguration(configuration, input.variants)
        ))
        const variants = yield* decodeInput(Variants, "variants", input.variants)
        const plan = configuration.plan === undefined ?
          undefined :
          yield* planSample(configuration, configuration.plan, input.variants, alphaOf(threshold))
        return yield* storage.insert(AiTestingExperiments, {
          account_id: input.accountId ?? null,
          experiment_name: input.name,
          experiment_type: input.type,
          hypothesis: input.hypothesis ?? null,
          test_configuration: toJson(configuration),
          control_group_config: { variant: configuration.control },
          variant_configs: toJson(variants),
          sample_size_calculation: plan === undefined ? null : toJson(plan),
          statistical_significance_threshold: threshold,
          status: "planning"
        })
      })

      const record = Effect.fn("ExperimentService.record")(function*(id: string, observations: ReadonlyArray<Observation>) {
        return yield* storage.transaction(Effect.gen(function*() {
          const { configuration, row, variants } = yield* load(id)
          if (row.status === "completed" || row.status === "analyzing") {
            return yield* new ExperimentClosed({ experimentId: id, status: row.status, operation: "record observations" })
          }
          const next = new Map(variants.map((v) => [v.key, v] as const))
          const seen = new Set<string>()
          for (const [i, o] of observations.entries()) {
            const field = `observations[${i}]`
            const variant = next.get(o.variant)
            if (variant === undefined) {
              return yield* invalid(`${field}.variant`, o.variant, `names no variant of experiment ${id} (${[...next.keys()].join(", ")})`)
            }
            if (seen.has(o.variant)) return yield* invalid(`${field}.variant`, o.variant, "is recorded twice in one call")
            seen.add(o.variant)
            let data: ProportionData | ContinuousData
            if (configuration.metric === "proportion") {
              if (!("visitors" in o)) return yield* invalid(field, JSON.stringify(o), "a conversion experiment records visitors and conversions")
              data = { visitors: o.visitors, conversions: o.conversions }
              yield* failIf(Check.first(
                Check.count(`${field}.visitors`, data.visitors),
                Check.count(`${field}.conversions`, data.conversions),
                data.conversions > data.visitors ?
                  invalid(`${field}.conversions`, data.conversions, `cannot exceed visitors (${data.visitors})`) :
                  undefined
              ))
            } else {
              if (!("n" in o)) return yield* invalid(field, JSON.stringify(o), "a continuous experiment records n, mean and sd")
              data = { n: o.n, mean: o.mean, sd: o.sd }
              yield* failIf(Check.first(
                Check.count(`${field}.n`, data.n),
                Check.finite(`${field}.mean`, data.mean),
                Check.nonNegative(`${field}.sd`, data.sd)
              ))
            }
            next.set(o.variant, { ...variant, observations: data })
          }
          const now = new Date(yield* Clock.currentTimeMillis)
          return yield* storage.update(AiTestingExperiments, id, {
            variant_configs: toJson(variants.map((v) => next.get(v.key)!)),
            ...(row.status === "planning" || row.status === null ? { status: "running", started_at: now } : {})
          })
        }))
      })

      const evaluate = Effect.fn("ExperimentService.evaluate")(function*(id: string) {
        return yield* storage.transaction(Effect.gen(function*() {
          const { configuration, plan, row, variants } = yield* load(id)
          if (row.status === "completed") {
            return yield* new ExperimentClosed({ experimentId: id, status: row.status, operation: "evaluate (its verdict is in results)" })
          }
          const threshold = row.statistical_significance_threshold ?? 0.95
          const verdict = Verdict.evaluate({
            metric: configuration.metric,
            method: configuration.method,
            control: configuration.control,
            variants: variants.map((v: Variant) => ({ key: v.key, allocation: v.allocation, observations: v.observations })),
            alpha: alphaOf(threshold),
            alternative: configuration.alternative,
            goal: configuration.goal,
            srmThreshold: configuration.srmThreshold,
            minimumSamplePerVariant: configuration.minimumSamplePerVariant,
            tau: configuration.tau ?? plan?.absoluteEffect,
            required: plan?.perVariant
          })
          if (verdict._tag === "Failure") {
            const e = verdict.failure
            return yield* new InvalidExperimentRecord({ experimentId: id, field: e.field, rule: `${e.value}: ${e.rule}` })
          }
          const v = verdict.success
          if (v._tag === "Valid") {
            const now = new Date(yield* Clock.currentTimeMillis)
            yield* storage.update(AiTestingExperiments, id, {
              winner_variant: v.winner,
              confidence_level: v.confidenceLevel,
              results: toJson(v.results),
              status: "completed",
              ended_at: now
            })
          }
          return v
        }))
      })

      const winnerRequest = Effect.fn("ExperimentService.winnerRequest")(function*(
        id: string,
        options: WinnerAction.WinnerActionOptions
      ) {
        const { row, variants } = yield* load(id)
        return WinnerAction.fromStored(row, variants, options)
      })

      return ExperimentService.of({ create, record, evaluate, winnerRequest })
    })
  )
}
