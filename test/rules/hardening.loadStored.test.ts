/**
 * Hardening item 3 (and item 1 for stored rules): one bad stored rule no
 * longer makes `RuleEngine.loadStored` fail (or die, for a 2,000-level
 * condition) for all rules. The good rules load; each bad one is reported in
 * `RuleSet.rejected` with its id, table, path in its row and a message,
 * logged as a warning, and recorded once in `ai_error_logs` (resolved when
 * the rule loads again). On PGlite, through the storage port.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Logger, Schema } from "effect"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { RuleEngine } from "../../src/rules/RuleEngine.ts"
import { AiErrorLogs } from "../../src/storage/schema/eventsAi/AiErrorLogs.ts"
import { AutomationRules } from "../../src/storage/schema/eventsAi/AutomationRules.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"

const notified: Array<unknown> = []
const notify = Action.make({
  name: "notify_organiser",
  parameters: Schema.Struct({ message: Schema.String }),
  handler: (p) => Effect.sync(() => void notified.push(p))
})

/** A plugin action whose parameter Schema has a bug: it throws on some input instead of failing. */
const fragile = Action.make({
  name: "fragile_plugin_action",
  parameters: Schema.Struct({
    level: Schema.declare((u): u is number => {
      if (u === "boom") throw new Error("plugin bug in a parameter schema")
      return typeof u === "number"
    })
  }),
  handler: () => Effect.void
})

const engineLayer = RuleEngine.layer.pipe(
  Layer.provideMerge(SafetyEnvelope.layerStorage()),
  Layer.provideMerge(Layer.mergeAll(registering(notify), registering(fragile))),
  Layer.provideMerge(ActionRegistry.layer),
  Layer.provideMerge(pglite())
)

const trigger = { _tag: "Fact", factType: "queue" } as const
const busy = { fact: "queue", path: "$.waiting", operator: "greaterThan", value: 10 } as const
const say = (message: unknown) => ({ actions: [{ action: "notify_organiser", parameters: { message } }] })

const deepNots = (levels: number): unknown => {
  let c: unknown = busy
  for (let i = 0; i < levels; i++) c = { not: c }
  return c
}

describe("hardening: loadStored keeps the good rules", () => {
  layer(engineLayer, { timeout: "120 seconds" })((it) => {
    it.effect("loads the good rules and reports, logs and records each bad one (bad JSON, unknown action, too deep, ...)", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const engine = yield* RuleEngine
        const event = (rule_name: string, conditions: unknown, actions: unknown = say(rule_name)) =>
          storage.insert(AutomationRules, {
            rule_name,
            rule_type: "trigger",
            trigger_conditions: { trigger, conditions } as never,
            action_definitions: actions as never
          })
        const marketing = (rule_name: string, conditions: unknown, actions: unknown = say(rule_name)) =>
          storage.insert(AiAutomationRules, {
            rule_name,
            rule_type: "notification",
            trigger_conditions: { trigger, conditions } as never,
            action_parameters: actions as never,
            execution_frequency: "continuous"
          })
        const goodEvent = yield* event("good event rule", busy)
        const goodMarketing = yield* marketing("good marketing rule", { all: [busy] })
        const badOperator = yield* event("bad operator", { all: [busy, { fact: "queue", operator: "isBig", value: 1 }] })
        const unknownAction = yield* marketing("unknown action", busy, {
          actions: [{ action: "notify_organiser", parameters: { message: "ok" } }, { action: "launch_rockets", parameters: {} }]
        })
        const tooDeep = yield* event("too deep", deepNots(2_000))
        const badParameters = yield* event("bad parameters", busy, say(42))
        const unknownShared = yield* marketing("unknown shared condition", { any: [{ condition: "nope" }] })
        const dies = yield* marketing("a parameter schema that throws", busy, {
          actions: [{ action: "fragile_plugin_action", parameters: { level: "boom" } }]
        })

        const captured: Array<{ readonly level: string; readonly message: string }> = []
        const capture = Logger.make((options) =>
          void captured.push({ level: options.logLevel, message: (options.message as ReadonlyArray<unknown>).join(" ") })
        )
        const ruleSet = yield* engine.loadStored().pipe(Effect.provide(Logger.layer([capture])))

        assert.deepStrictEqual(ruleSet.rules.map((r) => r.id).sort(), [goodEvent.id, goodMarketing.id].sort())
        const rejected = new Map((ruleSet.rejected ?? []).map((r) => [r.ruleId, r]))
        const expected: ReadonlyArray<readonly [string, string, string]> = [
          [badOperator.id, "automation_rules", "trigger_conditions.conditions.all[1].operator"],
          [unknownAction.id, "ai_automation_rules", "action_parameters.actions[1].action"],
          [tooDeep.id, "automation_rules", "trigger_conditions.conditions" + ".not".repeat(100)],
          [badParameters.id, "automation_rules", "action_definitions.actions[0].parameters.message"],
          [unknownShared.id, "ai_automation_rules", "trigger_conditions.conditions.any[0].condition"],
          [dies.id, "ai_automation_rules", "(row)"]
        ]
        assert.strictEqual(rejected.size, expected.length)
        for (const [id, table, path] of expected) {
          const r = rejected.get(id)
          assert.isDefined(r, `${table} ${id} is reported`)
          assert.strictEqual(r!.table, table)
          assert.strictEqual(r!.path, path)
          assert.include(r!.message, id)
          assert.include(r!.message, path)
          // logged as a warning
          assert.isTrue(captured.some((c) => c.level === "Warn" && c.message.includes(id) && c.message.includes(path)), `${id} logged`)
        }
        assert.include(rejected.get(unknownAction.id)!.message, "launch_rockets")
        assert.include(rejected.get(dies.id)!.message, "plugin bug in a parameter schema")

        // the good rules fire
        const firings = yield* engine.fire(ruleSet, { queue: { waiting: 42 } }, { factType: "queue" })
        assert.deepStrictEqual(firings.map((f) => f.rule.id).sort(), [goodEvent.id, goodMarketing.id].sort())

        // recorded durably, once per rule and message
        const logs = (yield* storage.find(AiErrorLogs, { where: { error_type: "rule_load_error" } })).items
        assert.strictEqual(logs.length, expected.length)
        for (const [id, table, path] of expected) {
          const row = logs.find((l) => l.error_context?.ruleId === id)
          assert.isDefined(row)
          assert.deepInclude(row!.error_context, { source: "ringmaster/rules", ruleId: id, table, path })
          assert.strictEqual(row!.severity, "high")
          assert.isFalse(row!.is_resolved)
        }
        yield* engine.loadStored()
        assert.strictEqual(yield* storage.count(AiErrorLogs, { error_type: "rule_load_error" }), expected.length, "no duplicates on reload")

        // a fixed rule loads again and its record is resolved
        yield* storage.update(AutomationRules, badOperator.id, {
          trigger_conditions: { trigger, conditions: { all: [busy] } } as never
        })
        const reloaded = yield* engine.loadStored()
        assert.include(reloaded.rules.map((r) => r.id), badOperator.id)
        assert.notInclude((reloaded.rejected ?? []).map((r) => r.ruleId), badOperator.id)
        const fixed = (yield* storage.find(AiErrorLogs, { where: { error_type: "rule_load_error" } })).items
          .find((l) => l.error_context?.ruleId === badOperator.id)
        assert.isTrue(fixed!.is_resolved)
        assert.isNotNull(fixed!.resolved_at)
        assert.strictEqual(
          yield* storage.count(AiErrorLogs, { error_type: "rule_load_error", is_resolved: false }),
          expected.length - 1
        )
      }))
  })
})
