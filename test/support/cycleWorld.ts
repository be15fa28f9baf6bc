/**
 * A world for decision cycle tests: storage, the simulated platform, the
 * platform actions, the durable safety envelope, the rule engine, a provider
 * registry with the given providers, and the cycle service; plus helpers to
 * seed an account and step simulated days.
 */
import { Effect, Layer } from "effect"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { AlertService } from "../../src/cycles/alerts/AlertService.ts"
import { type CycleConfig, DecisionCycles, defaults } from "../../src/cycles/DecisionCycles.ts"
import { DecisionProviders, type DuplicateProvider } from "../../src/cycles/DecisionProvider.ts"
import { ForecastService } from "../../src/cycles/forecasts/ForecastService.ts"
import type * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import { SystemHealth } from "../../src/cycles/health/SystemHealth.ts"
import { RiskService } from "../../src/cycles/risk/RiskService.ts"
import * as PlatformActions from "../../src/cycles/PlatformActions.ts"
import * as Response from "../../src/cycles/platform/internal/response.ts"
import * as SimulatedPlatform from "../../src/cycles/platform/SimulatedPlatform.ts"
import { RuleEngine } from "../../src/rules/RuleEngine.ts"
import * as Actor from "../../src/storage/Actor.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Users } from "../../src/storage/schema/core/Users.ts"
import { AccountUsers } from "../../src/storage/schema/core/AccountUsers.ts"
import { Storage } from "../../src/storage/Storage.ts"
import type * as SqlStorage from "../../src/storage/SqlStorage.ts"
import { atTime } from "./clockAt.ts"

type Database = ReturnType<typeof SqlStorage.layerPglite>

export const cycleWorld = (
  database: Database,
  providers: Layer.Layer<never, DuplicateProvider, DecisionProviders | Storage | AdPlatform.AdPlatform>,
  config: CycleConfig = defaults
) =>
  DecisionCycles.layerWith(config).pipe(
    Layer.provideMerge(providers),
    Layer.provideMerge(Layer.mergeAll(AlertService.layer, ForecastService.layer, RiskService.layer, SystemHealth.layer)),
    Layer.provideMerge(DecisionProviders.layer),
    Layer.provideMerge(RuleEngine.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(PlatformActions.layer),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(SimulatedPlatform.layer()),
    Layer.provideMerge(database)
  )

export const dayMillis = 86_400_000
export const dateOf = (day: number) => Response.dateOfDay(day)
export const dayOf = (date: string) => Response.dayNumber(date)

let accounts = 0

/** A fresh account with an owner user, seeded on the simulator with `history` days of metrics before `start`. */
export const seededAccount = (options: { readonly seed: number; readonly campaigns: number; readonly start: string; readonly history: number }) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sim = yield* SimulatedPlatform.SimulatedPlatform
    accounts += 1
    const account = yield* storage.insert(Accounts, { name: `Cycles ${accounts}`, slug: `cycles-${accounts}-${options.seed}` })
    const owner = yield* storage.insert(Users, { email: `owner-${accounts}-${options.seed}@example.com`, full_name: "Owner" })
    yield* storage.insert(AccountUsers, { account_id: account.id, user_id: owner.id, role: "owner" })
    const first = dayOf(options.start) - options.history
    const seeded = yield* sim.seed(account.id, { seed: options.seed, campaigns: options.campaigns, startDate: dateOf(first) })
    for (let d = first; d < dayOf(options.start); d++) yield* sim.advanceDay(account.id, dateOf(d))
    return { accountId: account.id, owner: new Actor.User({ id: owner.id, accountId: account.id }), seeded }
  })

/** Runs `effect` at 06:00 UTC of `date`. */
export const onDay = (date: string) => atTime(dayOf(date) * dayMillis + 6 * 3_600_000)
