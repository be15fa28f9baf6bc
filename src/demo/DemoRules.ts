/**
 * The demo's second act: budget rules fire against the demo campaigns'
 * metrics, and every change they ask for goes through the safety envelope on
 * its durable state.
 *
 * Two stored rules (`ai_automation_rules`):
 *
 * - **Scale winners**: a campaign whose 14-day ROAS beats the account's by
 *   20% gets +50% budget; at most +20% per step, one change per campaign an
 *   hour (a cooldown), automatic only with confidence >= 0.6 (the confidence
 *   grows with the campaign's conversions).
 * - **Trim losers**: a campaign whose ROAS is 20% below the account's gets
 *   -40%; at most -25% per step, automatic only with confidence >= 0.9, so
 *   most trims wait for a person.
 *
 * The brand campaign is protected for the whole organisation (the envelope's
 * defaults). The rules fire twice (the second pass is the next evaluation, a
 * minute later: the cooldown holds), then the account owner approves the
 * first trim waiting for approval. Every decision is recorded in
 * `ringmaster.safety_decisions`.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import * as Action from "../actions/Action.ts"
import { ActionRegistry, registering } from "../actions/ActionRegistry.ts"
import { type ExecutionRecord, SafetyEnvelope } from "../actions/SafetyEnvelope.ts"
import { EntityRef, SafetyLimits } from "../actions/SafetyLimits.ts"
import { RuleEngine } from "../rules/RuleEngine.ts"
import * as Actor from "../storage/Actor.ts"
import { Uuid } from "../storage/Column.ts"
import * as Core from "../storage/schema/core/index.ts"
import * as Marketing from "../storage/schema/marketing/index.ts"
import { AiAutomationRules } from "../storage/schema/marketingAi/AiAutomationRules.ts"
import { SafetyDecisions } from "../storage/schema/safety/SafetyDecisions.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"

/**
 * What the rules and the envelope did.
 *
 * @since 0.1.0
 * @category models
 */
export interface RulesSummary {
  readonly rules: number
  readonly campaigns: number
  /** decisions by outcome and reason, in order of first appearance */
  readonly outcomes: ReadonlyArray<readonly [outcome: string, reason: string, count: number]>
  /** per campaign: name, budget before, budget after */
  readonly budgets: ReadonlyArray<readonly [name: string, before: number, after: number]>
  /** the approved trim, if one was waiting */
  readonly approved: { readonly campaign: string; readonly from: number; readonly to: number; readonly outcome: string } | undefined
  readonly pendingLeft: number
  readonly decisionsRecorded: number
}

/**
 * Sets a campaign's daily budget. Its target reads the current budget from
 * `campaigns`, so the envelope measures every change from the stored value.
 *
 * @since 0.1.0
 * @category actions
 */
export const setCampaignBudget = Action.make({
  name: "set_campaign_budget",
  description: "Sets a campaign's daily budget",
  parameters: Schema.Struct({ campaignId: Uuid, budget: Schema.Finite }),
  success: Schema.Struct({ previous: Schema.Finite }),
  target: {
    entity: (p) => new EntityRef({ type: "campaign", id: p.campaignId }),
    value: (p) => p.budget,
    withValue: (p, budget) => ({ ...p, budget: Math.round(budget * 100) / 100 }),
    current: (p) => Effect.map(Storage.use((s) => s.get(Marketing.Campaigns, p.campaignId)), (c) => c.daily_budget ?? 0)
  },
  handler: (p) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const before = yield* storage.get(Marketing.Campaigns, p.campaignId)
      yield* storage.update(Marketing.Campaigns, p.campaignId, { daily_budget: p.budget })
      return { previous: before.daily_budget ?? 0 }
    }),
  inverse: (p, result) =>
    Effect.asVoid(Storage.use((s) => s.update(Marketing.Campaigns, p.campaignId, { daily_budget: result.previous })))
})

const roasOf = (rows: ReadonlyArray<{ readonly spend: number | null; readonly revenue: number | null }>) => {
  const spend = rows.reduce((n, r) => n + (r.spend ?? 0), 0)
  const revenue = rows.reduce((n, r) => n + (r.revenue ?? 0), 0)
  return spend === 0 ? 0 : revenue / spend
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Stores the two budget rules for the account, fires them twice over the
 * account's campaigns, approves the first pending trim as the account owner,
 * and summarises what happened.
 *
 * @since 0.1.0
 * @category demo
 */
export const run = Effect.fnUntraced(function*(options: { readonly accountSlug: string; readonly ownerEmail: string }) {
  const storage = yield* Storage
  const account = (yield* storage.find(Core.Accounts, { where: { slug: options.accountSlug } })).items[0]
  const owner = (yield* storage.find(Core.Users, { where: { email: options.ownerEmail } })).items[0]
  if (account === undefined || owner === undefined) return undefined
  const campaigns = (yield* storage.find(Marketing.Campaigns, { where: { account_id: account.id }, orderBy: [{ column: "name" }] }))
    .items
  const metrics = (yield* storage.find(Marketing.CampaignDailyMetrics, {
    where: { account_id: account.id },
    orderBy: [{ column: "metric_date", direction: "desc" }]
  })).items
  const recent = (campaignId: string) => metrics.filter((m) => m.campaign_id === campaignId).slice(0, 14)
  const accountRoas = roasOf(campaigns.flatMap((c) => recent(c.id)))

  /** A stored rule: when the campaign's ROAS compares so with the account's threshold, set its budget to the given fact. */
  const budgetRule = (
    name: string,
    priority: number,
    operator: "greaterThan" | "lessThan",
    threshold: string,
    budget: string,
    limits: Record<string, Schema.Json>
  ) => ({
    rule_name: name,
    rule_type: "budget_management" as const,
    account_id: account.id,
    execution_frequency: "continuous" as const,
    trigger_conditions: {
      trigger: { _tag: "Fact", factType: "campaign_metrics" },
      priority,
      conditions: { fact: "metrics", path: "$.roas", operator, value: { fact: "account", path: `$.${threshold}` } }
    },
    action_parameters: {
      actions: [{
        action: "set_campaign_budget",
        parameters: {},
        bind: { campaignId: { fact: "campaign", path: "$.id" }, budget: { fact: "campaign", path: `$.${budget}` } },
        confidence: { fact: "metrics", path: "$.confidence" }
      }]
    },
    safety_limits: limits
  })
  yield* storage.insertMany(AiAutomationRules, [
    budgetRule("Scale winners", 10, "greaterThan", "scaleAbove", "scaledUp", {
      maxChangePerStep: { relative: 0.2 },
      cooldownSeconds: 3600,
      minConfidence: 0.6
    }),
    budgetRule("Trim losers", 5, "lessThan", "trimBelow", "trimmed", {
      maxChangePerStep: { relative: 0.25 },
      cooldownSeconds: 3600,
      minConfidence: 0.9
    })
  ])

  const before = new Map(campaigns.map((c) => [c.id, c.daily_budget ?? 0]))
  const engine = yield* RuleEngine
  const envelope = yield* SafetyEnvelope
  const ruleSet = yield* engine.loadStored()
  const ours = { ...ruleSet, rules: ruleSet.rules.filter((r) => ruleSet.sources.get(r.id) === "ai_automation_rules") }
  const records: Array<ExecutionRecord> = []
  const rulesActor = new Actor.Service({ name: "demo-rules", accountId: account.id })
  for (const pass of [1, 2]) {
    for (const campaign of campaigns) {
      const current = yield* storage.get(Marketing.Campaigns, campaign.id)
      const rows = recent(campaign.id)
      const conversions = rows.reduce((n, r) => n + (r.conversions ?? 0), 0)
      const budget = current.daily_budget ?? 0
      const facts = {
        account: { roas: accountRoas, scaleAbove: accountRoas * 1.2, trimBelow: accountRoas * 0.8 },
        campaign: { id: campaign.id, name: campaign.name, scaledUp: round2(budget * 1.5), trimmed: round2(budget * 0.6) },
        metrics: { roas: roasOf(rows), conversions, confidence: Math.min(0.95, round2(conversions / 40)) }
      }
      // the rules act for the account, so their pending approvals are the account's to resolve
      const firings = yield* engine.fire(ours, facts, { factType: "campaign_metrics", runId: `demo-pass-${pass}` }).pipe(Actor.withActor(rulesActor))
      for (const firing of firings) records.push(...firing.records)
    }
  }

  const pending = (yield* envelope.pending().pipe(Actor.withActor(rulesActor))).filter((d) => records.some((r) => r.id === d.id))
  let approved: RulesSummary["approved"]
  if (pending[0] !== undefined) {
    const record = yield* envelope.approve(pending[0].id, { note: "demo: the owner agrees" }).pipe(
      Actor.withActor(new Actor.User({ id: owner.id, accountId: account.id }))
    )
    const change = record.decision.outcome.change
    const campaign = campaigns.find((c) => `campaign:${c.id}` === pending[0]!.entity)
    approved = {
      campaign: campaign?.name ?? pending[0].entity ?? "?",
      from: change?.from ?? 0,
      to: change?.applied ?? 0,
      outcome: `${record.decision.outcome._tag} (${record.decision.outcome.reason.code})`
    }
    records.push(record)
  }

  const tally = new Map<string, number>()
  for (const record of records) {
    const key = `${record.decision.outcome._tag}\u0000${record.decision.outcome.reason.code}`
    tally.set(key, (tally.get(key) ?? 0) + 1)
  }
  const after = yield* storage.find(Marketing.Campaigns, { where: { account_id: account.id }, orderBy: [{ column: "name" }] })
  const pendingLeft = (yield* envelope.pending().pipe(Actor.withActor(rulesActor))).filter((d) => records.some((r) => r.id === d.id)).length
  return {
    rules: ours.rules.length,
    campaigns: campaigns.length,
    outcomes: [...tally].map(([key, count]) => {
      const [outcome, reason] = key.split("\u0000") as [string, string]
      return [outcome, reason, count] as const
    }),
    budgets: after.items.map((c) => [c.name, before.get(c.id) ?? 0, c.daily_budget ?? 0] as const),
    approved,
    pendingLeft,
    decisionsRecorded: yield* storage.count(SafetyDecisions, { id: { in: records.flatMap((r) => (r.id === undefined ? [] : [r.id])) } })
  } satisfies RulesSummary
}, (effect, options) =>
  Effect.provide(
    effect,
    layer(options.accountSlug)
  ))

/**
 * The rule engine and the envelope on the durable state, with the budget
 * action registered and the brand campaign protected, for the demo.
 */
const layer = (accountSlug: string): Layer.Layer<
  RuleEngine | SafetyEnvelope | ActionRegistry,
  StorageError,
  Storage | SqlClient.SqlClient
> =>
  Layer.unwrap(Effect.gen(function*() {
    const storage = yield* Storage
    const account = (yield* storage.find(Core.Accounts, { where: { slug: accountSlug } })).items[0]
    const campaigns = account === undefined ?
      [] :
      (yield* storage.find(Marketing.Campaigns, { where: { account_id: account.id } })).items
    const brand = campaigns.filter((c) => c.name.includes("Brand"))
    const defaults = new SafetyLimits({
      protectedEntities: brand.map((c) => new EntityRef({ type: "campaign", id: c.id }))
    })
    return RuleEngine.layer.pipe(
      Layer.provideMerge(SafetyEnvelope.layerStorage(defaults)),
      Layer.provideMerge(registering(setCampaignBudget)),
      Layer.provideMerge(ActionRegistry.layer),
      Layer.orDie
    )
  }))

/**
 * Renders the rules summary for the terminal.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (summary: RulesSummary): ReadonlyArray<string> => {
  const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const width = Math.max(...summary.budgets.map(([name]) => name.length))
  return [
    `Rules: ${summary.rules} budget rules fired twice over ${summary.campaigns} campaigns; every change went through the safety envelope`,
    ...summary.outcomes.map(([outcome, reason, count]) => `  ${String(count).padStart(3)}  ${outcome.padEnd(15)} ${reason}`),
    "  Daily budgets (EUR):",
    ...summary.budgets.map(([name, before, after]) =>
      `    ${name.padEnd(width)}  ${money(before).padStart(8)} -> ${money(after).padStart(8)}${
        before === after ? "" : `  (${after > before ? "+" : ""}${((after / before - 1) * 100).toFixed(1)}%)`
      }`
    ),
    summary.approved === undefined ?
      "  No change waited for approval." :
      `  Approved by the owner: ${summary.approved.campaign} ${money(summary.approved.from)} -> ${money(summary.approved.to)}, ${summary.approved.outcome}; ${summary.pendingLeft} still waiting`,
    `  ${summary.decisionsRecorded} decisions recorded in ringmaster.safety_decisions`
  ]
}
