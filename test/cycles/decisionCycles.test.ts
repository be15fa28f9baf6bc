/**
 * Decision cycles end to end on the simulated platform, on PGlite (and on
 * a server when DATABASE_URL is set): a cycle runs once per idempotency key;
 * each decision is logged with its envelope record, history and closed
 * intent; low confidence waits for approval and approving applies it,
 * rejecting counts as feedback; rollbacks go newest first and refuse to skip
 * a later change; a change the platform made without our commit is reverted
 * by the next cycle; a failing provider fails the cycle; and learning moves
 * a wrong decision type to approval while a right one stays automatic.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Exit, Layer, Option } from "effect"
import * as Cycles from "../../src/cycles/DecisionCycles.ts"
import { DecisionCycles } from "../../src/cycles/DecisionCycles.ts"
import { type DecisionProvider, PredictedImpact, type Proposal, registering } from "../../src/cycles/DecisionProvider.ts"
import { SystemHealth } from "../../src/cycles/health/SystemHealth.ts"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import * as SimulatedPlatform from "../../src/cycles/platform/SimulatedPlatform.ts"
import * as Actor from "../../src/storage/Actor.ts"
import { PlatformChanges } from "../../src/storage/schema/cycles/PlatformChanges.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiLearningFeedback } from "../../src/storage/schema/marketingAi/AiLearningFeedback.ts"
import { AiOptimizationHistory } from "../../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { AiRecommendations } from "../../src/storage/schema/marketingAi/AiRecommendations.ts"
import { MasterAiCycles } from "../../src/storage/schema/marketingAi/MasterAiCycles.ts"
import { SafetyDecisions } from "../../src/storage/schema/safety/SafetyDecisions.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { cycleWorld, dateOf, dayOf, onDay, seededAccount } from "../support/cycleWorld.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

/** What the scripted provider does for an account. */
interface Plan {
  /** budget factor applied to the most budget-limited active campaign */
  factor: number
  confidence: number
  /** the sign of the spend change it predicts */
  predicts: 1 | -1
  decisionType: string
  explode?: boolean
  /** instead of a budget change, pause the active campaign that spent most (its spend surely falls) */
  pause?: boolean
  /** instead, move `shift` (a share of the giver's budget) between the first two campaigns, as one group */
  shift?: number
}

const plans = new Map<string, Plan>()

const scripted: DecisionProvider = {
  name: "scripted",
  description: "raises or cuts the budget of the most budget-limited campaign, as the test says",
  propose: (facts) =>
    Effect.gen(function*() {
      const plan = plans.get(facts.accountId)
      if (plan === undefined) return []
      if (plan.explode === true) return yield* Effect.die(new Error("the provider's model file is corrupt"))
      const active = facts.campaigns.filter((c) => c.campaign.status === "active" && (c.campaign.dailyBudget ?? 0) > 0)
      const utilisation = (c: (typeof active)[number]) => c.last7.spend / ((c.campaign.dailyBudget ?? 1) * Math.max(1, c.last7.days))
      if (plan.shift !== undefined) {
        const [giver, taker] = [...active].sort((a, b) => (a.campaign.id < b.campaign.id ? -1 : 1))
        if (giver === undefined || taker === undefined) return []
        const amount = Math.round(giver.campaign.dailyBudget! * plan.shift * 100) / 100
        const impact = new PredictedImpact({ metric: "revenue", delta: 0, windowDays: 2 })
        const group = `shift:${giver.campaign.id}->${taker.campaign.id}`
        const budget = (c: typeof giver, delta: number) =>
          new AdPlatform.SetCampaignBudget({ campaignId: c.campaign.id, dailyBudget: Math.round((c.campaign.dailyBudget! + delta) * 100) / 100 })
        return [
          { decisionType: plan.decisionType, change: budget(taker, amount), rationale: "take", confidence: plan.confidence, impact, context: {}, group },
          { decisionType: plan.decisionType, change: budget(giver, -amount), rationale: "give", confidence: plan.confidence, impact, context: {}, group }
        ]
      }
      if (plan.pause === true) {
        const biggest = [...active].sort((a, b) => b.last7.spend - a.last7.spend || (a.campaign.id < b.campaign.id ? -1 : 1))[0]
        if (biggest === undefined) return []
        const lost = Math.round(biggest.last7.spend / 7 * 2 * 100) / 100
        return [{
          decisionType: plan.decisionType,
          change: new AdPlatform.SetCampaignStatus({ campaignId: biggest.campaign.id, status: "paused" }),
          rationale: `pause ${biggest.campaign.name}`,
          confidence: plan.confidence,
          impact: new PredictedImpact({ metric: "spend", delta: -plan.predicts * lost, windowDays: 2 }),
          context: { campaignId: biggest.campaign.id }
        }]
      }
      const target = [...active].sort((a, b) => utilisation(b) - utilisation(a) || (a.campaign.id < b.campaign.id ? -1 : 1))[0]
      if (target === undefined) return []
      const budget = target.campaign.dailyBudget!
      const next = Math.round(budget * plan.factor * 100) / 100
      const proposal: Proposal = {
        decisionType: plan.decisionType,
        change: new AdPlatform.SetCampaignBudget({ campaignId: target.campaign.id, dailyBudget: next }),
        rationale: `utilisation ${utilisation(target).toFixed(2)}: budget ${budget} → ${next}`,
        confidence: plan.confidence,
        impact: new PredictedImpact({ metric: "spend", delta: plan.predicts * Math.abs(next - budget) * 2, windowDays: 2 }),
        context: { campaignId: target.campaign.id, utilisation: utilisation(target) }
      }
      return [proposal]
    })
}

const START = "2026-03-09" // a Monday

const runDay = (accountId: string, date: string) =>
  onDay(date)(DecisionCycles.use((cycles) =>
    cycles.runOnce({ accountId, trigger: "schedule:daily", idempotencyKey: `daily:${date}` })))

const advance = (accountId: string, date: string) =>
  SimulatedPlatform.SimulatedPlatform.use((sim) => sim.advanceDay(accountId, date))

const budgetOf = (accountId: string, campaignId: string) =>
  Effect.gen(function*() {
    const platform = yield* AdPlatform.AdPlatform
    return (yield* platform.listCampaigns(accountId)).find((c) => c.id === campaignId)!.dailyBudget!
  })

const suite = (name: string, database: ReturnType<typeof pglite>) =>
  describe(name, () => {
    layer(cycleWorld(database, Layer.mergeAll(registering(scripted))), { timeout: "240 seconds" })((it) => {
      it.effect("runs once per key and records the decision, its envelope record, history and intent together", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const cycles = yield* DecisionCycles
          const { accountId } = yield* seededAccount({ seed: 7, campaigns: 3, start: START, history: 14 })
          plans.set(accountId, { factor: 1.1, confidence: 0.9, predicts: 1, decisionType: "budget_raise" })
          const report = yield* runDay(accountId, START)
          assert.isDefined(report)
          assert.strictEqual(report!.applied, 1)
          assert.strictEqual(report!.campaigns, 3)
          assert.isDefined(report!.alerts, "the alert service was provided, so the cycle scanned")
          assert.strictEqual(report!.forecastsScored, 0)
          assert.isDefined(report!.risks, "the risk service was provided, so the cycle scanned")
          const beats = yield* SystemHealth.use((h) => h.components(accountId))
          assert.deepStrictEqual(beats.map((b) => [b.component_name, b.health_status]), [["decision-cycles", "healthy"]])
          assert.isUndefined(yield* runDay(accountId, START), "the same key does not run twice")
          const again = yield* onDay(START)(cycles.start({ accountId, trigger: "manual", idempotencyKey: `daily:${START}` }))
          assert.isFalse(again.created)
          const rows = (yield* storage.find(MasterAiCycles, { where: { account_id: accountId } })).items
          assert.strictEqual(rows.length, 1)
          assert.strictEqual(rows[0]!.status, "completed")
          assert.isNotNull(rows[0]!.end_time)
          assert.isAtLeast(rows[0]!.duration_seconds!, 0)

          const decision = (yield* storage.find(AiDecisionLogs, { where: { cycle_id: rows[0]!.id } })).items
          assert.strictEqual(decision.length, 1)
          assert.strictEqual(decision[0]!.confidence_score, 90)
          assert.isNotNull(decision[0]!.safety_decision_id)
          assert.strictEqual(decision[0]!.impact_due_at!.getTime(), (dayOf(START) + 2) * 86_400_000)
          const history = (yield* storage.find(AiOptimizationHistory, { where: { decision_id: decision[0]!.id } })).items
          assert.strictEqual(history.length, 1)
          const before = (history[0]!.before_state as { dailyBudget: number }).dailyBudget
          const after = (history[0]!.after_state as { dailyBudget: number }).dailyBudget
          assert.strictEqual(after, Math.round(before * 1.1 * 100) / 100)
          assert.strictEqual(yield* budgetOf(accountId, history[0]!.target_entity_id!), after)
          assert.deepStrictEqual((history[0]!.rollback_data as { reversible: boolean }).reversible, true)
          const intents = (yield* storage.find(PlatformChanges, { where: { account_id: accountId } })).items
          assert.deepStrictEqual(intents.map((i) => i.status), ["applied"])
          assert.strictEqual(intents[0]!.change_id, history[0]!.platform_change_id)
        }))

      it.effect("low confidence waits for approval: approving applies it, rejecting counts against the type", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const cycles = yield* DecisionCycles
          const { accountId, owner } = yield* seededAccount({ seed: 11, campaigns: 3, start: START, history: 14 })
          plans.set(accountId, { factor: 1.2, confidence: 0.4, predicts: 1, decisionType: "budget_raise_unsure" })
          const first = yield* runDay(accountId, START)
          assert.strictEqual(first!.pending, 1)
          assert.strictEqual(first!.applied, 0)
          const waiting = (yield* storage.find(AiRecommendations, { where: { account_id: accountId } })).items
          assert.strictEqual(waiting.length, 1)
          assert.strictEqual(waiting[0]!.status, "pending")
          assert.isNotNull(waiting[0]!.safety_decision_id)
          const change = waiting[0]!.recommended_changes as { campaignId: string; dailyBudget: number }
          const unchanged = yield* budgetOf(accountId, change.campaignId)
          assert.notStrictEqual(unchanged, change.dailyBudget, "nothing applied while waiting")

          const refused = yield* Effect.exit(onDay(START)(cycles.approve(waiting[0]!.id)))
          assert.isTrue(Exit.isFailure(refused), "the system actor cannot approve")
          const record = yield* onDay(START)(cycles.approve(waiting[0]!.id, { note: "fine" }).pipe(Actor.withActor(owner)))
          assert.strictEqual(record.status, "succeeded")
          assert.strictEqual(yield* budgetOf(accountId, change.campaignId), change.dailyBudget)
          const approved = yield* storage.get(AiRecommendations, waiting[0]!.id)
          assert.strictEqual(approved.status, "implemented")
          assert.strictEqual((yield* storage.find(AiOptimizationHistory, { where: { decision_id: waiting[0]!.decision_id! } })).items.length, 1)
          const twice = yield* Effect.exit(onDay(START)(cycles.approve(waiting[0]!.id).pipe(Actor.withActor(owner))))
          assert.isTrue(Exit.isFailure(twice))

          yield* advance(accountId, START)
          const next = dateOf(dayOf(START) + 1)
          const second = yield* runDay(accountId, next)
          assert.strictEqual(second!.pending, 1)
          const pendingNow = (yield* storage.find(AiRecommendations, { where: { account_id: accountId, status: "pending" } })).items
          yield* onDay(next)(cycles.reject(pendingNow[0]!.id, { reason: "we are over budget this month" }).pipe(Actor.withActor(owner)))
          assert.strictEqual((yield* storage.get(AiRecommendations, pendingNow[0]!.id)).status, "rejected")
          const decision = yield* storage.get(AiDecisionLogs, pendingNow[0]!.decision_id!)
          assert.strictEqual(decision.validation_status, "incorrect")
          const feedback = (yield* storage.find(AiLearningFeedback, { where: { account_id: accountId } })).items
          assert.deepStrictEqual(feedback.map((f) => f.feedback_type).sort(), ["human_approval", "human_rejection"])
          const evidence = yield* cycles.evidence(accountId)
          assert.deepStrictEqual(
            { right: evidence.get("budget_raise_unsure")!.right, wrong: evidence.get("budget_raise_unsure")!.wrong },
            { right: 1, wrong: 1 }
          )
        }))

      it.effect("a newer proposal for the same target supersedes one still waiting: one pending recommendation, the old one withdrawn", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const { accountId, owner } = yield* seededAccount({ seed: 17, campaigns: 3, start: START, history: 14 })
          plans.set(accountId, { factor: 1.2, confidence: 0.4, predicts: 1, decisionType: "budget_raise_unsure" })
          yield* runDay(accountId, START)
          const [first] = (yield* storage.find(AiRecommendations, { where: { account_id: accountId, status: "pending" } })).items
          assert.isDefined(first)
          yield* advance(accountId, START)
          const next = dateOf(dayOf(START) + 1)
          yield* runDay(accountId, next)
          const all = (yield* storage.find(AiRecommendations, { where: { account_id: accountId } })).items
          const pending = all.filter((r) => r.status === "pending")
          assert.strictEqual(pending.length, 1, "one waiting recommendation per target")
          assert.notStrictEqual(pending[0]!.id, first!.id)
          assert.strictEqual(pending[0]!.target_entity_id, first!.target_entity_id)
          const old = all.find((r) => r.id === first!.id)!
          assert.strictEqual(old.status, "rejected")
          assert.strictEqual((old.current_state as { superseded_by?: string }).superseded_by, pending[0]!.decision_id)
          // the envelope resolved it as the cycle's service, not as a person, and says why
          const envelopeRecord = yield* storage.get(SafetyDecisions, first!.safety_decision_id!)
          assert.strictEqual(envelopeRecord.approval, "rejected")
          assert.match(envelopeRecord.resolved_by ?? "", /^service:/)
          assert.match(envelopeRecord.resolution_note ?? "", /^withdrawn: superseded by decision /)
          // it is not learning evidence: nobody rejected it
          assert.strictEqual((yield* storage.find(AiLearningFeedback, { where: { account_id: accountId } })).items.length, 0)
          // the superseded one can no longer be approved; the new one can
          const late = yield* Effect.exit(onDay(next)(DecisionCycles.use((c) => c.approve(first!.id)).pipe(Actor.withActor(owner))))
          assert.isTrue(Exit.isFailure(late))
          const record = yield* onDay(next)(DecisionCycles.use((c) => c.approve(pending[0]!.id)).pipe(Actor.withActor(owner)))
          assert.strictEqual(record.status, "succeeded")
        }))

      it.effect("rolls back newest first, refuses to skip a later change, and never twice", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const cycles = yield* DecisionCycles
          const { accountId } = yield* seededAccount({ seed: 13, campaigns: 2, start: START, history: 14 })
          plans.set(accountId, { factor: 1.15, confidence: 0.95, predicts: 1, decisionType: "budget_raise" })
          yield* runDay(accountId, START)
          yield* advance(accountId, START)
          yield* runDay(accountId, dateOf(dayOf(START) + 1))
          const history = (yield* storage.find(AiOptimizationHistory, {
            where: { account_id: accountId },
            orderBy: [{ column: "created_at" }]
          })).items
          assert.strictEqual(history.length, 2)
          assert.strictEqual(history[0]!.target_entity_id, history[1]!.target_entity_id, "both changes hit the same campaign")
          const campaignId = history[0]!.target_entity_id!
          const original = (history[0]!.before_state as { dailyBudget: number }).dailyBudget

          const refused = yield* Effect.flip(cycles.rollback(history[0]!.id))
          assert.strictEqual(refused._tag, "RollbackRefused")
          assert.deepStrictEqual(refused._tag === "RollbackRefused" ? refused.dependents : [], [history[1]!.id])

          const results = yield* onDay(dateOf(dayOf(START) + 1))(cycles.rollbackAll([history[0]!.id, history[1]!.id]))
          assert.deepStrictEqual(results.map((r) => r.historyId), [history[1]!.id, history[0]!.id])
          assert.strictEqual(yield* budgetOf(accountId, campaignId), original)
          const first = yield* storage.get(AiOptimizationHistory, history[0]!.id)
          assert.strictEqual(first.rolled_back_by, results[1]!.rollbackHistoryId)
          const entry = yield* storage.get(AiOptimizationHistory, results[1]!.rollbackHistoryId)
          assert.strictEqual(entry.rollback_of, history[0]!.id)
          assert.strictEqual(entry.optimization_type, "rollback:budget_raise")
          const again = yield* Effect.flip(cycles.rollback(history[0]!.id))
          assert.include(again.message, "already rolled back")
        }))

      it.effect("reverts a change the platform made when the process stopped before its commit", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const platform = yield* AdPlatform.AdPlatform
          const { accountId, seeded } = yield* seededAccount({ seed: 17, campaigns: 2, start: START, history: 7 })
          const campaign = seeded.campaigns[0]!
          const change = new AdPlatform.SetCampaignBudget({ campaignId: campaign.id, dailyBudget: campaign.dailyBudget! * 3 })
          const encoded = { _tag: "SetCampaignBudget", campaignId: campaign.id, dailyBudget: campaign.dailyBudget! * 3 }
          // what a crashed process leaves: an intent, applied on the platform, never committed as a decision
          const crashed = yield* storage.insert(PlatformChanges, { account_id: accountId, platform: "simulated", change: encoded })
          yield* onDay(START)(platform.apply({ accountId, changeId: crashed.change_id, change }))
          const lost = yield* storage.insert(PlatformChanges, { account_id: accountId, platform: "simulated", change: encoded })
          assert.strictEqual(yield* budgetOf(accountId, campaign.id), campaign.dailyBudget! * 3)

          const report = yield* runDay(accountId, START)
          assert.deepStrictEqual(report!.reconciled, { reverted: 1, notApplied: 1 })
          assert.strictEqual(yield* budgetOf(accountId, campaign.id), campaign.dailyBudget)
          assert.strictEqual((yield* storage.get(PlatformChanges, crashed.change_id)).status, "reverted")
          assert.strictEqual((yield* storage.get(PlatformChanges, lost.change_id)).status, "not_applied")
          const applied = yield* platform.lookupChange(accountId, lost.change_id)
          assert.isTrue(Option.isNone(applied))
          // getEntity: what the envelope reads as the current value; another account's entity is not there
          const now = yield* platform.getEntity(accountId, { type: "campaign", id: campaign.id })
          assert.strictEqual(Option.isSome(now) && now.value._tag === "Campaign" ? now.value.dailyBudget : -1, campaign.dailyBudget)
          const other = yield* seededAccount({ seed: 18, campaigns: 1, start: START, history: 1 })
          assert.isTrue(Option.isNone(yield* platform.getEntity(other.accountId, { type: "campaign", id: campaign.id })))
          const keyword = seeded.keywords[0]!
          const found = yield* platform.getEntity(accountId, { type: "keyword", id: keyword.id })
          assert.strictEqual(Option.isSome(found) ? found.value._tag : "none", "Keyword")
        }))

      it.effect("fires the account's own stored rules on each campaign's facts, through the same envelope and records", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const { accountId } = yield* seededAccount({ seed: 29, campaigns: 2, start: START, history: 7 })
          const other = yield* seededAccount({ seed: 31, campaigns: 2, start: START, history: 7 })
          const rule = (account: string, name: string) => ({
            rule_name: name,
            rule_type: "budget_management" as const,
            account_id: account,
            execution_frequency: "continuous" as const,
            trigger_conditions: {
              trigger: { _tag: "Fact", factType: "campaign_metrics" },
              conditions: { fact: "metrics", path: "$.last7.spend", operator: "greaterThan", value: 0 }
            },
            action_parameters: {
              actions: [{
                action: "platform.set_campaign_budget",
                parameters: { dailyBudget: 1 },
                bind: { accountId: { fact: "account", path: "$.id" }, campaignId: { fact: "campaign", path: "$.id" } },
                confidence: 0.95
              }]
            },
            safety_limits: { maxChangePerStep: { relative: 0.1 } }
          })
          const ours = yield* storage.insert(AiAutomationRules, rule(accountId, "Trim every spending campaign"))
          const theirs = yield* storage.insert(AiAutomationRules, rule(other.accountId, "Someone else's rule"))
          const before = yield* AdPlatform.AdPlatform.use((p) => p.listCampaigns(accountId))
          const report = yield* runDay(accountId, START)
          assert.deepStrictEqual(report!.decisions, [{ decisionType: "rule:Trim every spending campaign", outcome: "Clamped", count: 2 }])
          const after = yield* AdPlatform.AdPlatform.use((p) => p.listCampaigns(accountId))
          for (const c of before) {
            const now = after.find((a) => a.id === c.id)!
            assert.strictEqual(now.dailyBudget, Math.round(c.dailyBudget! * 0.9 * 100) / 100, "clamped to 10% a step")
          }
          assert.strictEqual((yield* storage.get(AiAutomationRules, ours.id)).execution_count, 2)
          assert.strictEqual((yield* storage.get(AiAutomationRules, theirs.id)).execution_count, 0, "another account's rule did not fire here")
          const history = (yield* storage.find(AiOptimizationHistory, { where: { account_id: accountId } })).items
          assert.strictEqual(history.length, 2)
          assert.isTrue(history.every((h) => h.optimization_type === "rule:Trim every spending campaign"))
          const intents = (yield* storage.find(PlatformChanges, { where: { account_id: accountId } })).items
          assert.deepStrictEqual(intents.map((i) => i.status), ["applied", "applied"])
        }))

      it.effect("a group of proposals is all or nothing: held back when one member would be clamped", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const { accountId, seeded } = yield* seededAccount({ seed: 37, campaigns: 2, start: START, history: 7 })
          const sorted = [...seeded.campaigns].sort((a, b) => (a.id < b.id ? -1 : 1))
          const total = () => Effect.map(AdPlatform.AdPlatform.use((p) => p.listCampaigns(accountId)), (cs) => cs.reduce((n, c) => n + c.dailyBudget!, 0))
          const before = yield* total()
          // a 10% shift passes for both members; the total budget is kept
          plans.set(accountId, { factor: 1, shift: 0.1, confidence: 0.9, predicts: 1, decisionType: "shift" })
          const first = yield* runDay(accountId, START)
          assert.deepStrictEqual(first!.decisions, [{ decisionType: "shift", outcome: "Passed", count: 2 }])
          assert.closeTo(yield* total(), before, 0.011)
          // a shift the taker's 30% step limit would clamp: neither member is applied
          yield* advance(accountId, START)
          const taker = yield* budgetOf(accountId, sorted[1]!.id)
          plans.set(accountId, { factor: 1, shift: (taker * 0.5) / (yield* budgetOf(accountId, sorted[0]!.id)), confidence: 0.9, predicts: 1, decisionType: "shift" })
          const budgets = [yield* budgetOf(accountId, sorted[0]!.id), taker]
          const second = yield* runDay(accountId, dateOf(dayOf(START) + 1))
          assert.deepStrictEqual(second!.decisions, [{ decisionType: "shift", outcome: "HeldBack", count: 2 }])
          assert.deepStrictEqual([yield* budgetOf(accountId, sorted[0]!.id), yield* budgetOf(accountId, sorted[1]!.id)], budgets)
          const logs = (yield* storage.find(AiDecisionLogs, { where: { account_id: accountId, cycle_id: second!.cycleId } })).items
          assert.strictEqual(logs.length, 2)
          for (const log of logs) assert.include(log.action_taken ?? "", "would be Clamped")
          // the platform rejects the second member after the first applied: the first is undone, both are held back
          yield* advance(accountId, dateOf(dayOf(START) + 1))
          plans.set(accountId, { factor: 1, shift: 0.1, confidence: 0.9, predicts: 1, decisionType: "shift" })
          const sim = yield* SimulatedPlatform.SimulatedPlatform
          yield* sim.setFaults({ rejectEntityIds: [sorted[0]!.id] })
          const third = yield* runDay(accountId, dateOf(dayOf(START) + 2)).pipe(Effect.ensuring(sim.setFaults({})))
          assert.deepStrictEqual(third!.decisions, [{ decisionType: "shift", outcome: "HeldBack", count: 2 }])
          assert.deepStrictEqual([yield* budgetOf(accountId, sorted[0]!.id), yield* budgetOf(accountId, sorted[1]!.id)], budgets)
          const intents = (yield* storage.find(PlatformChanges, { where: { account_id: accountId, cycle_id: third!.cycleId } })).items
          assert.strictEqual(intents.length, 2)
          assert.isTrue(intents.every((i) => i.status === "not_applied" || i.status === "reverted"), JSON.stringify(intents.map((i) => i.status)))
        }))

      it.effect("a failing provider fails the cycle, which says where and why", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const { accountId } = yield* seededAccount({ seed: 19, campaigns: 2, start: START, history: 7 })
          plans.set(accountId, { factor: 1.1, confidence: 0.9, predicts: 1, decisionType: "budget_raise", explode: true })
          const error = yield* Effect.flip(runDay(accountId, START))
          assert.strictEqual(error._tag, "CycleFailed")
          assert.include(error.message, "deciding")
          assert.include(error.message, "corrupt")
          const cycle = (yield* storage.find(MasterAiCycles, { where: { account_id: accountId } })).items[0]!
          assert.strictEqual(cycle.status, "failed")
          assert.include(JSON.stringify(cycle.metadata), "corrupt")
          assert.strictEqual(yield* storage.count(AiDecisionLogs, { cycle_id: cycle.id }), 0)
        }))

      it.effect("learning: a consistently wrong type ends up waiting for approval, a right one stays automatic", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const cycles = yield* DecisionCycles
          const right = yield* seededAccount({ seed: 23, campaigns: 8, start: START, history: 14 })
          const wrong = yield* seededAccount({ seed: 23, campaigns: 8, start: START, history: 14 })
          // the same change (pause the biggest active campaign: its spend falls to 0), one type predicting that, one the opposite
          plans.set(right.accountId, { factor: 1, pause: true, confidence: 0.65, predicts: 1, decisionType: "pause_predicts_less_spend" })
          plans.set(wrong.accountId, { factor: 1, pause: true, confidence: 0.75, predicts: -1, decisionType: "pause_predicts_more_spend" })
          const reports: Array<{ right: Cycles.CycleReport; wrong: Cycles.CycleReport }> = []
          for (let d = 0; d < 8; d++) {
            const date = dateOf(dayOf(START) + d)
            const r = yield* runDay(right.accountId, date)
            const w = yield* runDay(wrong.accountId, date)
            reports.push({ right: r!, wrong: w! })
            yield* advance(right.accountId, date)
            yield* advance(wrong.accountId, date)
          }
          const confidences = (accountId: string) =>
            Effect.map(
              storage.find(AiDecisionLogs, { where: { account_id: accountId }, orderBy: [{ column: "created_at" }] }),
              (page) => page.items.map((d) => d.confidence_score!)
            )
          const rightConfidence = yield* confidences(right.accountId)
          const wrongConfidence = yield* confidences(wrong.accountId)
          assert.strictEqual(rightConfidence[0], 65)
          assert.isAbove(rightConfidence.at(-1)!, 65, "right decisions gain confidence")
          assert.isBelow(wrongConfidence.at(-1)!, 60, "wrong decisions lose it, below the envelope's minimum")
          assert.strictEqual(reports[0]!.wrong.applied, 1, "at first both apply automatically")
          assert.strictEqual(reports.at(-1)!.wrong.pending, 1, "in the end the wrong type waits for approval")
          assert.strictEqual(reports.at(-1)!.right.applied, 1, "the right type stays automatic")
          const evidence = yield* cycles.evidence(wrong.accountId)
          assert.isAtLeast(evidence.get("pause_predicts_more_spend")!.wrong, 2)
          const scored = (yield* storage.find(AiDecisionLogs, { where: { account_id: right.accountId, validation_status: "validated" } })).items
          assert.isAtLeast(scored.length, 3)
          for (const d of scored) {
            const actual = d.actual_impact as { predicted: number; actual: number; sape: number }
            assert.isBelow(actual.actual, 0)
            assert.isAtLeast(actual.sape, 0)
            assert.isAtMost(actual.sape, 2)
          }
        }))
    })
  })

suite("decision cycles (PGlite)", pglite())
if (serverUrl !== undefined) suite("decision cycles (server)", server(serverUrl))
