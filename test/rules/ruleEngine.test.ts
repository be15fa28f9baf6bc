/**
 * The rule engine end to end on PGlite: rules stored in both seed tables,
 * fired by facts, their actions clamped by the safety envelope and writing
 * through the storage port, and the rule's counters written in the same
 * transaction. A failing action's writes roll back while its failure is
 * counted.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Fiber, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import * as Rule from "../../src/rules/Rule.ts"
import { RuleEngine } from "../../src/rules/RuleEngine.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { SafetyLimits } from "../../src/actions/SafetyLimits.ts"
import * as Trigger from "../../src/rules/Trigger.ts"
import { Uuid } from "../../src/storage/Column.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { AutomationRules } from "../../src/storage/schema/eventsAi/AutomationRules.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { AiOptimizationHistory } from "../../src/storage/schema/marketingAi/AiOptimizationHistory.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"

/** Sets a campaign's daily budget and records the change with its rollback data; `fail` makes it throw after writing. */
const setBudget = Action.make({
  name: "set_campaign_budget",
  parameters: Schema.Struct({ campaignId: Uuid, budget: Schema.Finite, fail: Schema.optionalKey(Schema.Boolean) }),
  target: {
    entity: (p) => ({ type: "campaign", id: p.campaignId }),
    value: (p) => p.budget,
    withValue: (p, budget) => ({ ...p, budget }),
    current: (p) => Effect.map(Storage.use((s) => s.get(Campaigns, p.campaignId)), (c) => c.daily_budget ?? 0)
  },
  handler: (p) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const before = yield* storage.get(Campaigns, p.campaignId)
      yield* storage.update(Campaigns, p.campaignId, { daily_budget: p.budget })
      yield* storage.insert(AiOptimizationHistory, {
        target_entity_type: "campaign",
        target_entity_id: p.campaignId,
        optimization_type: "budget_reallocation",
        before_state: { daily_budget: before.daily_budget },
        after_state: { daily_budget: p.budget },
        rollback_data: { daily_budget: before.daily_budget }
      })
      if (p.fail === true) return yield* Effect.fail({ _tag: "PlatformRejected", message: "the ad platform refused the change" })
    }).pipe(Effect.orDie, Effect.catchDefect((defect) => Effect.fail(defect)))
})

const notifications: Array<unknown> = []
const notify = Action.make({
  name: "notify_organiser",
  parameters: Schema.Struct({ message: Schema.String, eventName: Schema.String }),
  handler: (p) => Effect.sync(() => void notifications.push(p))
})

/** An action whose handler throws instead of returning an Effect (a bug in a plugin). */
const throws = Action.make({
  name: "buggy_plugin_action",
  parameters: Schema.Struct({}),
  handler: (): Effect.Effect<void> => {
    throw new Error("plugin bug")
  }
})

const database = pglite()
const engineLayer = RuleEngine.layer.pipe(
  Layer.provideMerge(SafetyEnvelope.layerStorage()),
  Layer.provideMerge(Layer.mergeAll(registering(setBudget), registering(notify), registering(throws))),
  Layer.provideMerge(ActionRegistry.layer),
  Layer.provideMerge(database)
)

describe("RuleEngine", () => {
  layer(engineLayer, { timeout: "120 seconds" })((it) => {
    it.effect("fires stored rules, clamps their actions, and keeps the counters in the same transaction", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const engine = yield* RuleEngine
        const account = yield* storage.insert(Accounts, { name: "Rules Co", slug: "rules-co" })
        const campaign = yield* storage.insert(Campaigns, { account_id: account.id, name: "Search", platform: "google_ads", daily_budget: 100 })
        const rule = yield* storage.insert(AiAutomationRules, {
          rule_name: "Raise budget when ROAS is strong",
          rule_type: "budget_management",
          trigger_conditions: {
            trigger: { _tag: "Fact", factType: "campaign_metrics" },
            priority: 5,
            conditions: { all: [
              { fact: "metrics", path: "$.roas", operator: "greaterThan", value: 3 },
              { fact: "campaign", path: "$.status", operator: "in", value: ["active", "draft"] }
            ] }
          },
          action_parameters: {
            actions: [{
              action: "set_campaign_budget",
              parameters: { budget: 200 },
              bind: { campaignId: { fact: "campaign", path: "$.id" } }
            }]
          },
          safety_limits: { maxChangePerStep: { relative: 0.2 } },
          execution_frequency: "continuous"
        })
        const rules = yield* engine.loadStored()
        assert.deepStrictEqual(rules.rules.map((r) => r.id), [rule.id])

        const facts = { campaign: { id: campaign.id, status: "draft", daily_budget: 100 }, metrics: { roas: 4.2 } }
        assert.deepStrictEqual(yield* engine.fire(rules, { ...facts, metrics: { roas: 2 } }, { factType: "campaign_metrics" }), [])
        assert.deepStrictEqual(yield* engine.fire(rules, facts, { factType: "other" }), [], "another fact type does not trigger it")

        const [firing] = yield* engine.fire(rules, facts, { factType: "campaign_metrics" })
        assert.strictEqual(firing!.records.length, 1)
        assert.strictEqual(firing!.records[0]!.decision.outcome._tag, "Clamped", "+100% asked, +20% allowed")
        assert.strictEqual((yield* storage.get(Campaigns, campaign.id)).daily_budget, 120)
        assert.strictEqual(yield* storage.count(AiOptimizationHistory, { target_entity_id: campaign.id }), 1)
        const counted = yield* storage.get(AiAutomationRules, rule.id)
        assert.strictEqual(counted.execution_count, 1)
        assert.strictEqual(counted.success_rate, 100)
        assert.isNotNull(counted.last_execution_at)

        // a failing action: its writes roll back, its failure is counted
        const failing = yield* storage.update(AiAutomationRules, rule.id, {
          action_parameters: {
            actions: [{
              action: "set_campaign_budget",
              parameters: { budget: 130, fail: true },
              bind: { campaignId: { fact: "campaign", path: "$.id" } }
            }]
          }
        })
        assert.strictEqual(failing.id, rule.id)
        const reloaded = yield* engine.loadStored()
        const [failed] = yield* engine.fire(reloaded, { ...facts, campaign: { ...facts.campaign, daily_budget: 120 } }, { factType: "campaign_metrics" })
        assert.strictEqual(failed!.records[0]!.status, "failed")
        assert.strictEqual((yield* storage.get(Campaigns, campaign.id)).daily_budget, 120, "the failed action's update rolled back")
        assert.strictEqual(yield* storage.count(AiOptimizationHistory, { target_entity_id: campaign.id }), 1, "and so did its history row")
        const after = yield* storage.get(AiAutomationRules, rule.id)
        assert.strictEqual(after.execution_count, 2)
        assert.strictEqual(after.success_rate, 50)
      }))

    it.effect("fires event-seed rules with fraction success rates, and reports malformed stored rules at load", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const engine = yield* RuleEngine
        const rule = yield* storage.insert(AutomationRules, {
          rule_name: "Warn when a session is nearly full",
          rule_type: "trigger",
          trigger_conditions: {
            trigger: { _tag: "Fact", factType: "session_registration" },
            conditions: { fact: "session", path: "$.fill", operator: "greaterThanInclusive", value: 0.9 }
          },
          action_definitions: {
            actions: [{ action: "notify_organiser", parameters: { message: "almost full" }, bind: { eventName: { fact: "event", path: "$.name" } } }]
          }
        })
        const rules = yield* engine.loadStored()
        const firings = yield* engine.fire(rules, { session: { fill: 0.95 }, event: { name: "Summit" } }, { factType: "session_registration" })
        assert.deepStrictEqual(firings.map((f) => f.rule.id), [rule.id])
        assert.deepStrictEqual(notifications.at(-1), { message: "almost full", eventName: "Summit" })
        const stored = yield* storage.get(AutomationRules, rule.id)
        assert.strictEqual(stored.execution_count, 1)
        assert.strictEqual(stored.success_rate, 1)
        assert.isNotNull(stored.last_executed_at)

        // a bound parameter that does not decode is reported and counted as a failure
        const [bad] = yield* engine.fire(rules, { session: { fill: 0.95 }, event: { name: 42 } }, { factType: "session_registration" })
        assert.strictEqual(bad!.errors.length, 1)
        assert.strictEqual((yield* storage.get(AutomationRules, rule.id)).success_rate, 0.5)

        // a malformed rule is left out and reported, naming the rule and the path; the good one still loads
        const broken = yield* storage.insert(AutomationRules, {
          rule_name: "Broken",
          rule_type: "trigger",
          trigger_conditions: { trigger: { _tag: "Fact", factType: "x" }, conditions: { all: [{ fact: "a", operator: "isBig", value: 1 }] } },
          action_definitions: { actions: [] }
        })
        const withBroken = yield* engine.loadStored()
        assert.deepStrictEqual(withBroken.rejected.map((r) => [r.ruleId, r.path]), [[broken.id, "trigger_conditions.conditions.all[0].operator"]])
        assert.include(withBroken.rules.map((r) => r.id), rule.id)
        yield* storage.update(AutomationRules, broken.id, {
          trigger_conditions: { trigger: { _tag: "Fact", factType: "x" }, conditions: { all: [] } },
          action_definitions: { actions: [{ action: "launch_rockets", parameters: {} }] }
        })
        const unknown = yield* engine.loadStored()
        assert.deepStrictEqual(unknown.rejected.map((r) => [r.ruleId, r.path]), [[broken.id, "action_definitions.actions[0].action"]])
        yield* storage.delete(AutomationRules, broken.id)
      }))

    it.effect("hardening: a handler that throws is a failed record; the rule's other actions still run", () =>
      Effect.gen(function*() {
        const engine = yield* RuleEngine
        const rule = new Rule.Rule({
          id: "throwing-then-notify",
          name: "throwing then notify",
          ruleType: "reporting",
          priority: 0,
          trigger: Trigger.fact("tick"),
          conditions: { all: [] },
          actions: [
            new Rule.RuleAction({ action: "buggy_plugin_action", parameters: {} }),
            new Rule.RuleAction({ action: "notify_organiser", parameters: { message: "after the bug", eventName: "Summit" } })
          ],
          enabled: true,
          safetyLimits: new SafetyLimits({}),
          stats: new Rule.RuleStats({ executionCount: 0 })
        })
        const ruleSet = yield* engine.compile([rule])
        const [firing] = yield* engine.fire(ruleSet, {}, { factType: "tick" })
        assert.deepStrictEqual(firing!.records.map((r) => r.status), ["failed", "succeeded"])
        assert.include(firing!.records[0]!.error ?? "", "plugin bug")
        assert.strictEqual((notifications.at(-1) as { message: string }).message, "after the bug")
        assert.strictEqual(firing!.stats.executionCount, 1)
        assert.strictEqual(firing!.stats.successRate, 0)
      }))

    it.effect("hardening: a rule with minConfidence runs when its actions carry a confidence", () =>
      Effect.gen(function*() {
        const engine = yield* RuleEngine
        const make = (id: string, confidence: Rule.RuleAction["confidence"]) =>
          new Rule.Rule({
            id,
            name: id,
            ruleType: "reporting",
            priority: 0,
            trigger: Trigger.fact("signal"),
            conditions: { all: [] },
            actions: [new Rule.RuleAction({
              action: "notify_organiser",
              parameters: { message: id, eventName: "Summit" },
              ...(confidence === undefined ? {} : { confidence })
            })],
            enabled: true,
            safetyLimits: new SafetyLimits({ minConfidence: 0.8 }),
            stats: new Rule.RuleStats({ executionCount: 0 })
          })
        const ruleSet = yield* engine.compile([
          make("sure", 0.9),
          make("from-facts", { fact: "model", path: "$.confidence" }),
          make("unsure", 0.5),
          make("silent", undefined)
        ])
        const firings = yield* engine.fire(ruleSet, { model: { confidence: 0.95 } }, { factType: "signal" })
        const outcome = new Map(firings.map((f) => [f.rule.id, f.records[0]!.decision.outcome]))
        assert.strictEqual(outcome.get("sure")?._tag, "Passed")
        assert.strictEqual(outcome.get("from-facts")?._tag, "Passed")
        assert.strictEqual(outcome.get("unsure")?.reason.code, "confidence_below_minimum")
        assert.strictEqual(outcome.get("silent")?.reason.code, "confidence_missing")
      }))

    it.effect("runs scheduled rules on their frequency and cron, evaluating only that rule each run", () =>
      Effect.gen(function*() {
        const engine = yield* RuleEngine
        const seen: Array<string> = []
        const make = (id: string, trigger: Trigger.Trigger, threshold: number) =>
          new Rule.Rule({
            id,
            name: id,
            ruleType: "reporting",
            priority: 0,
            trigger,
            conditions: { fact: "queue", path: "$.waiting", operator: "greaterThan", value: threshold },
            actions: [new Rule.RuleAction({ action: "notify_organiser", parameters: { message: id, eventName: "Summit" } })],
            enabled: true,
            safetyLimits: new SafetyLimits({}),
            stats: new Rule.RuleStats({ executionCount: 0 })
          })
        const ruleSet = yield* engine.compile([
          make("hourly-check", Trigger.every("hourly"), 10),
          make("quarter-past-cron", Trigger.cron("15 * * * *"), 10),
          make("never-true", Trigger.every("hourly"), 1_000_000),
          make("fact-driven", Trigger.fact("queue"), 10)
        ])
        const before = notifications.length
        const fiber = yield* engine.runScheduled(ruleSet, (rule, run) =>
          Effect.sync(() => {
            seen.push(`${rule.id}@${new Date(run.scheduledAt.epochMilliseconds).toISOString().slice(11, 16)}`)
            return { queue: { waiting: 42 } }
          })).pipe(Effect.forkChild)
        yield* TestClock.adjust("3 hours")
        yield* Fiber.interrupt(fiber)
        // the clock starts at 00:00: hourly runs at 01:00, 02:00, 03:00; the cron at 00:15, 01:15, 02:15
        assert.deepStrictEqual(seen.filter((s) => s.startsWith("hourly-check")), ["hourly-check@01:00", "hourly-check@02:00", "hourly-check@03:00"])
        assert.deepStrictEqual(seen.filter((s) => s.startsWith("quarter-past-cron")), ["quarter-past-cron@00:15", "quarter-past-cron@01:15", "quarter-past-cron@02:15"])
        assert.strictEqual(seen.filter((s) => s.startsWith("fact-driven")).length, 0, "fact-triggered rules are not scheduled")
        const messages = notifications.slice(before).map((n) => (n as { message: string }).message)
        assert.strictEqual(messages.filter((m) => m === "hourly-check").length, 3)
        assert.strictEqual(messages.filter((m) => m === "quarter-past-cron").length, 3)
        assert.strictEqual(messages.filter((m) => m === "never-true").length, 0, "runs whose conditions do not hold fire nothing")
        assert.strictEqual(messages.filter((m) => m === "fact-driven").length, 0, "each run evaluates only its own rule")
      }))
  })
})
