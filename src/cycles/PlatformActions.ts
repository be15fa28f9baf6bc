/**
 * The actions through which anything in Ringmaster changes an ad platform:
 * rules, decision providers, people approving a recommendation. Each is an
 * `Action` run by the safety envelope, whose handler calls `AdPlatform.apply`
 * and returns the `AppliedChange` (before and after state), whose `inverse`
 * applies `AdPlatform.inverse(applied)` back.
 *
 * - `platform.set_campaign_budget` and `platform.set_keyword_bid` /
 *   `platform.set_ad_group_bid` change a number: they declare a `target`
 *   whose `current` reads the value from the platform, so the envelope clamps
 *   and caps against what the platform holds, never against a claimed value.
 * - `platform.apply_change` carries any other change (status, bid strategy,
 *   audiences) and declares its entity.
 *
 * Every action takes the `accountId` and an optional `changeId`: the id the
 * platform is given, so that a cycle which committed a write-ahead intent
 * under that id (`ringmaster.platform_changes`) can ask the platform after a
 * crash whether it was applied. Without one (a rule fired outside a cycle),
 * the handler makes a fresh id.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Option, Schema } from "effect"
import * as Action from "../actions/Action.ts"
import { registering } from "../actions/ActionRegistry.ts"
import type { DuplicateAction } from "../actions/ActionRegistry.ts"
import type { ActionRegistry } from "../actions/ActionRegistry.ts"
import { EntityRef } from "../actions/SafetyLimits.ts"
import * as AdPlatform from "./platform/AdPlatform.ts"

const Common = {
  accountId: Schema.String,
  changeId: Schema.optionalKey(Schema.String)
}

/**
 * The names of the platform actions.
 *
 * @since 0.1.0
 * @category actions
 */
export const names = {
  setCampaignBudget: "platform.set_campaign_budget",
  setKeywordBid: "platform.set_keyword_bid",
  setAdGroupBid: "platform.set_ad_group_bid",
  applyChange: "platform.apply_change"
} as const

const freshId = Effect.sync(() => crypto.randomUUID())

const apply = (accountId: string, changeId: string | undefined, change: AdPlatform.Change) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const id = changeId ?? (yield* freshId)
    return yield* platform.apply({ accountId, changeId: id, change })
  })

const undo = (applied: AdPlatform.AppliedChange) =>
  Effect.gen(function*() {
    const inverse = AdPlatform.inverse(applied)
    if (Option.isNone(inverse)) {
      return yield* Effect.fail(new AdPlatform.PlatformRejected({
        platform: "ringmaster",
        changeId: applied.changeId,
        change: applied.change,
        reason: "the value before the change was the platform default and cannot be set back"
      }))
    }
    const platform = yield* AdPlatform.AdPlatform
    yield* platform.apply({ accountId: applied.accountId, changeId: yield* freshId, change: inverse.value })
  })

const notFound = (kind: string, id: string) =>
  Effect.fail(new AdPlatform.PlatformRejected({
    platform: "ringmaster",
    changeId: "-",
    change: new AdPlatform.SetCampaignStatus({ campaignId: id, status: "paused" }),
    reason: `no ${kind} ${id} on the platform`
  }))

const entity = (accountId: string, type: AdPlatform.EntityType, id: string) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    const found = yield* platform.getEntity(accountId, { type, id })
    if (Option.isNone(found)) return yield* notFound(type.replace("_", " "), id)
    return found.value
  })

const campaignBudget = (accountId: string, campaignId: string) =>
  Effect.map(entity(accountId, "campaign", campaignId), (e) => (e._tag === "Campaign" ? e.dailyBudget ?? 0 : 0))

const keywordBid = (accountId: string, keywordId: string) =>
  Effect.map(entity(accountId, "keyword", keywordId), (e) => (e._tag === "Keyword" ? e.maxCpc ?? 0 : 0))

const adGroupBid = (accountId: string, adGroupId: string) =>
  Effect.map(entity(accountId, "ad_group", adGroupId), (e) => (e._tag === "AdGroup" ? e.defaultMaxCpc ?? 0 : 0))

const cents = (n: number) => Math.round(n * 100) / 100

/**
 * Sets a campaign's daily budget on the platform.
 *
 * @since 0.1.0
 * @category actions
 */
export const setCampaignBudget = Action.make({
  name: names.setCampaignBudget,
  description: "Sets a campaign's daily budget on the ad platform",
  parameters: Schema.Struct({ ...Common, campaignId: Schema.String, dailyBudget: Schema.Finite }),
  success: AdPlatform.AppliedChange,
  target: {
    entity: (p) => new EntityRef({ type: "campaign", id: p.campaignId }),
    value: (p) => p.dailyBudget,
    withValue: (p, dailyBudget) => ({ ...p, dailyBudget: cents(dailyBudget) }),
    current: (p) => campaignBudget(p.accountId, p.campaignId)
  },
  handler: (p) =>
    apply(p.accountId, p.changeId, new AdPlatform.SetCampaignBudget({ campaignId: p.campaignId, dailyBudget: p.dailyBudget })),
  inverse: (_, applied) => undo(applied)
})

/**
 * Sets a keyword's max CPC on the platform.
 *
 * @since 0.1.0
 * @category actions
 */
export const setKeywordBid = Action.make({
  name: names.setKeywordBid,
  description: "Sets a keyword's max CPC on the ad platform",
  parameters: Schema.Struct({ ...Common, keywordId: Schema.String, bid: Schema.Finite }),
  success: AdPlatform.AppliedChange,
  target: {
    entity: (p) => new EntityRef({ type: "keyword", id: p.keywordId }),
    value: (p) => p.bid,
    withValue: (p, bid) => ({ ...p, bid: cents(bid) }),
    current: (p) => keywordBid(p.accountId, p.keywordId)
  },
  handler: (p) => apply(p.accountId, p.changeId, new AdPlatform.SetKeywordBid({ keywordId: p.keywordId, bid: p.bid })),
  inverse: (_, applied) => undo(applied)
})

/**
 * Sets an ad group's default max CPC on the platform.
 *
 * @since 0.1.0
 * @category actions
 */
export const setAdGroupBid = Action.make({
  name: names.setAdGroupBid,
  description: "Sets an ad group's default max CPC on the ad platform",
  parameters: Schema.Struct({ ...Common, adGroupId: Schema.String, bid: Schema.Finite }),
  success: AdPlatform.AppliedChange,
  target: {
    entity: (p) => new EntityRef({ type: "ad_group", id: p.adGroupId }),
    value: (p) => p.bid,
    withValue: (p, bid) => ({ ...p, bid: cents(bid) }),
    current: (p) => adGroupBid(p.accountId, p.adGroupId)
  },
  handler: (p) => apply(p.accountId, p.changeId, new AdPlatform.SetAdGroupBid({ adGroupId: p.adGroupId, bid: p.bid })),
  inverse: (_, applied) => undo(applied)
})

/**
 * Applies any other change (a status, a bid strategy, audiences) on the platform.
 *
 * @since 0.1.0
 * @category actions
 */
export const applyChange = Action.make({
  name: names.applyChange,
  description: "Applies a change (status, bid strategy, audiences) on the ad platform",
  parameters: Schema.Struct({ ...Common, change: AdPlatform.Change }),
  success: AdPlatform.AppliedChange,
  entity: (p) => {
    const target = AdPlatform.target(p.change)
    return new EntityRef({ type: target.type, id: target.id })
  },
  handler: (p) => apply(p.accountId, p.changeId, p.change),
  inverse: (_, applied) => undo(applied)
})

/**
 * The action request for a change: which action, with which parameters.
 * Budgets and bids go through the actions that declare a numeric target.
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestFor = (
  accountId: string,
  changeId: string | undefined,
  change: AdPlatform.Change
): { readonly action: string; readonly parameters: Schema.Json } => {
  const common = { accountId, ...(changeId === undefined ? {} : { changeId }) }
  switch (change._tag) {
    case "SetCampaignBudget":
      return { action: names.setCampaignBudget, parameters: { ...common, campaignId: change.campaignId, dailyBudget: change.dailyBudget } }
    case "SetKeywordBid":
      return { action: names.setKeywordBid, parameters: { ...common, keywordId: change.keywordId, bid: change.bid } }
    case "SetAdGroupBid":
      return { action: names.setAdGroupBid, parameters: { ...common, adGroupId: change.adGroupId, bid: change.bid } }
    default:
      return {
        action: names.applyChange,
        parameters: { ...common, change: Schema.encodeSync(AdPlatform.Change)(change) as Schema.Json }
      }
  }
}

/**
 * Whether an action is one of the platform actions.
 *
 * @since 0.1.0
 * @category getters
 */
export const isPlatformAction = (action: string): boolean => (Object.values(names) as ReadonlyArray<string>).includes(action)

/**
 * Registers the platform actions (they need the `AdPlatform`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<never, DuplicateAction, ActionRegistry | AdPlatform.AdPlatform> = Layer.mergeAll(
  registering(setCampaignBudget),
  registering(setKeywordBid),
  registering(setAdGroupBid),
  registering(applyChange)
)
