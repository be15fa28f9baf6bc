/**
 * A small real world for envelope tests on storage: campaigns in the
 * `campaigns` table, and a `set_campaign_budget` action whose target reads the
 * campaign's current budget from that table and whose handler writes it there.
 */
import { Effect, Layer, Schema } from "effect"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { Uuid } from "../../src/storage/Column.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { Storage } from "../../src/storage/Storage.ts"

/** Sets a campaign's daily budget; reads the current one from storage. */
export const setCampaignBudget = Action.make({
  name: "set_campaign_budget",
  parameters: Schema.Struct({ campaignId: Uuid, budget: Schema.Number }),
  success: Schema.Struct({ previous: Schema.Finite }),
  target: {
    entity: (p) => ({ type: "campaign", id: p.campaignId }),
    value: (p) => p.budget,
    withValue: (p, budget) => ({ ...p, budget }),
    current: (p) => Effect.map(Storage.use((s) => s.get(Campaigns, p.campaignId)), (row) => row.daily_budget ?? 0)
  },
  handler: (p) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const before = yield* storage.get(Campaigns, p.campaignId)
      yield* storage.update(Campaigns, p.campaignId, { daily_budget: p.budget })
      return { previous: before.daily_budget ?? 0 }
    }),
  inverse: (p, result) => Effect.asVoid(Storage.use((s) => s.update(Campaigns, p.campaignId, { daily_budget: result.previous })))
})

/** Registry with the action, and the envelope on the durable state. */
export const envelopeOnStorage = SafetyEnvelope.layerStorage().pipe(
  Layer.provideMerge(Layer.provideMerge(registering(setCampaignBudget), ActionRegistry.layer))
)

/** An account and a campaign with a daily budget of 100; returns the campaign id. */
export const makeCampaign = (name = "Spring sale") =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const slug = `acct-${Math.random().toString(36).slice(2, 10)}`
    const account = yield* storage.insert(Accounts, { name: "Acme", slug })
    const campaign = yield* storage.insert(Campaigns, {
      account_id: account.id,
      name,
      platform: "simulated",
      status: "active",
      daily_budget: 100
    })
    return campaign.id
  })
