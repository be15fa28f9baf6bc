/**
 * The built-in decision policies, registered in one place:
 *
 * ```ts
 * const Providers = BuiltinPolicies.layer().pipe(Layer.provideMerge(DecisionProviders.layer))
 * ```
 *
 * Each policy takes its own configuration (omitted fields take the
 * documented defaults); `layerConfig` decodes them from unknown input (say a
 * settings row), failing with the Schema error that names the bad field.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import * as DecisionProvider from "../DecisionProvider.ts"
import * as BidCut from "./BidCut.ts"
import * as BudgetShift from "./BudgetShift.ts"
import * as PauseWaste from "./PauseWaste.ts"
import * as RestoreRecovered from "./RestoreRecovered.ts"

/**
 * The four policies' configurations.
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  budgetShift: BudgetShift.Config.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  bidCut: BidCut.Config.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  pauseWaste: PauseWaste.Config.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  restoreRecovered: RestoreRecovered.Config.pipe(Schema.withDecodingDefaultKey(Effect.succeed({})))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The configuration with every default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults: Config = Schema.decodeUnknownSync(Config)({})

/**
 * The four providers, in the order a cycle consults them: pause waste first,
 * then restore, bids, budgets.
 *
 * @since 0.1.0
 * @category constructors
 */
export const providers = (config: Config = defaults): ReadonlyArray<DecisionProvider.DecisionProvider> => [
  PauseWaste.make(config.pauseWaste),
  RestoreRecovered.make(config.restoreRecovered),
  BidCut.make(config.bidCut),
  BudgetShift.make(config.budgetShift)
]

/**
 * Registers the four built-in policies with their configurations.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  config: Config = defaults
): Layer.Layer<never, DecisionProvider.DuplicateProvider, DecisionProvider.DecisionProviders> =>
  Layer.mergeAll(
    DecisionProvider.registering(PauseWaste.make(config.pauseWaste)),
    DecisionProvider.registering(RestoreRecovered.make(config.restoreRecovered)),
    DecisionProvider.registering(BidCut.make(config.bidCut)),
    DecisionProvider.registering(BudgetShift.make(config.budgetShift))
  )

/**
 * Registers the four built-in policies from an undecoded configuration.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  input: unknown
): Layer.Layer<never, DecisionProvider.DuplicateProvider | Schema.SchemaError, DecisionProvider.DecisionProviders> =>
  Layer.unwrap(Effect.map(Schema.decodeUnknownEffect(Config)(input), layer))
