/**
 * Decision providers: the pieces of judgement a decision cycle consults.
 *
 * A provider reads the {@link Facts} a cycle gathered from the ad platform
 * and proposes changes, each a {@link Proposal}: the platform change, the
 * decision type it belongs to (what learning calibrates), a rationale a
 * marketer can read, the provider's confidence (0–1) and the impact it
 * predicts over a window of days. The cycle writes each proposal to
 * `ai_decision_logs`, sends its change through the safety envelope to the
 * platform, and scores the prediction when the window ends.
 *
 * Providers are registered like actions, by a Layer:
 *
 * ```ts
 * const Providers = Layer.mergeAll(
 *   DecisionProvider.registering(myPolicy),
 *   DecisionProvider.registering(otherPolicy)
 * ).pipe(Layer.provideMerge(DecisionProviders.layer))
 * ```
 *
 * Two providers with one name fail at start (`DuplicateProvider`). Agents
 * become providers the same way: a provider whose `propose` runs an agent.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Schema } from "effect"
import type * as AdPlatform from "./platform/AdPlatform.ts"

/**
 * A campaign's metrics summed over some days.
 *
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly days: number
  readonly impressions: number
  readonly clicks: number
  readonly conversions: number
  readonly spend: number
  readonly revenue: number
}

/**
 * What a cycle knows about one campaign: the platform's record, its ad groups
 * and keywords, its daily metrics (oldest first, up to the lookback), and the
 * sums of the last 7 days and the 7 before.
 *
 * @since 0.1.0
 * @category models
 */
export interface CampaignFacts {
  readonly campaign: AdPlatform.Campaign
  readonly adGroups: ReadonlyArray<AdPlatform.AdGroup>
  readonly keywords: ReadonlyArray<AdPlatform.Keyword>
  readonly days: ReadonlyArray<AdPlatform.DailyMetrics>
  readonly last7: Totals
  readonly prior7: Totals
}

/**
 * What a cycle gathered: the account, the cycle's date (`YYYY-MM-DD`, the
 * last complete day is the day before), its time, and every campaign.
 *
 * @since 0.1.0
 * @category models
 */
export interface Facts {
  readonly accountId: string
  readonly cycleId: string
  readonly today: string
  readonly now: number
  readonly campaigns: ReadonlyArray<CampaignFacts>
}

/**
 * The impact a decision predicts: `metric` moves by `delta` (absolute, summed
 * over the window; for `roas` and `cpa` the change of the ratio) over the
 * `windowDays` days after the change, against the same days before it.
 *
 * @since 0.1.0
 * @category models
 */
export class PredictedImpact extends Schema.Class<PredictedImpact>("ringmaster/cycles/DecisionProvider/PredictedImpact")({
  metric: Schema.Literals(["conversions", "spend", "revenue", "roas", "cpa"]),
  delta: Schema.Finite,
  windowDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 90 }))
}) {}

/**
 * A change a provider proposes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Proposal {
  /** what learning calibrates, e.g. `budget_shift`, `bid_cut`, `pause_wasted_spend` */
  readonly decisionType: string
  readonly change: AdPlatform.Change
  /** for a marketer: what was seen and why this change */
  readonly rationale: string
  /** the provider's own confidence, 0–1, before calibration */
  readonly confidence: number
  readonly impact: PredictedImpact
  /** what the decision was based on (stored in `context_data`) */
  readonly context: { readonly [key: string]: Schema.Json }
  /**
   * Proposals of one provider with the same group are all or nothing (a
   * budget shift's raise and cut): if the envelope would not pass every one
   * as asked, none is applied.
   */
  readonly group?: string | undefined
}

/**
 * A provider of decisions.
 *
 * @since 0.1.0
 * @category models
 */
export interface DecisionProvider<R = never> {
  readonly name: string
  readonly description: string
  readonly propose: (facts: Facts) => Effect.Effect<ReadonlyArray<Proposal>, never, R>
}

/**
 * Two providers registered under one name.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateProvider extends Schema.TaggedError<DuplicateProvider>()("DuplicateProvider", {
  provider: Schema.String
}) {
  override get message() {
    return `two decision providers are registered as "${this.provider}"`
  }
}

/**
 * The providers a cycle consults, in registration order.
 *
 * @since 0.1.0
 * @category models
 */
export interface RegistryShape {
  readonly register: <R>(provider: DecisionProvider<R>) => Effect.Effect<void, DuplicateProvider, R>
  readonly all: Effect.Effect<ReadonlyArray<DecisionProvider>>
}

/**
 * The registry of decision providers.
 *
 * @since 0.1.0
 * @category services
 */
export class DecisionProviders extends Context.Service<DecisionProviders, RegistryShape>()(
  "ringmaster/cycles/DecisionProviders"
) {
  /**
   * An empty registry.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<DecisionProviders> = Layer.effect(
    DecisionProviders,
    Effect.gen(function*() {
      const providers = yield* Ref.make<ReadonlyArray<DecisionProvider>>([])
      return {
        register: <R>(provider: DecisionProvider<R>): Effect.Effect<void, DuplicateProvider, R> =>
          Effect.gen(function*() {
            const context = yield* Effect.context<R>()
            const bound: DecisionProvider = {
              name: provider.name,
              description: provider.description,
              propose: (facts) => Effect.provideContext(provider.propose(facts), context)
            }
            const added = yield* Ref.modify(providers, (list) =>
              list.some((p) => p.name === provider.name) ? [false, list] as const : [true, [...list, bound]] as const)
            if (!added) return yield* new DuplicateProvider({ provider: provider.name })
          }),
        all: Ref.get(providers)
      }
    })
  )
}

/**
 * Registers a provider (its requirements are captured when the layer is built).
 *
 * @since 0.1.0
 * @category layers
 */
export const registering = <R>(provider: DecisionProvider<R>): Layer.Layer<never, DuplicateProvider, DecisionProviders | R> =>
  Layer.effectDiscard(DecisionProviders.use((registry) => registry.register(provider)))

/**
 * Sums daily metrics.
 *
 * @since 0.1.0
 * @category constructors
 */
export const totals = (days: ReadonlyArray<AdPlatform.DailyMetrics>): Totals => {
  let impressions = 0, clicks = 0, conversions = 0, spend = 0, revenue = 0
  for (const d of days) {
    impressions += d.impressions
    clicks += d.clicks
    conversions += d.conversions
    spend += d.spend
    revenue += d.revenue
  }
  return { days: days.length, impressions, clicks, conversions, spend, revenue }
}

/**
 * Return on ad spend of some totals (0 without spend).
 *
 * @since 0.1.0
 * @category getters
 */
export const roas = (t: Totals): number => (t.spend > 0 ? t.revenue / t.spend : 0)

/**
 * Cost per acquisition of some totals (`Infinity` with spend and no conversion, 0 without spend).
 *
 * @since 0.1.0
 * @category getters
 */
export const cpa = (t: Totals): number => (t.conversions > 0 ? t.spend / t.conversions : t.spend > 0 ? Infinity : 0)
