import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Schema } from "effect"
import * as fc from "fast-check"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import * as Condition from "../../src/rules/Condition.ts"
import * as Rule from "../../src/rules/Rule.ts"
import * as Envelope from "../../src/actions/SafetyEnvelope.ts"
import * as Limits from "../../src/actions/SafetyLimits.ts"
import * as Trigger from "../../src/rules/Trigger.ts"

const triggerArb: fc.Arbitrary<Trigger.Trigger> = fc.oneof(
  fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8})?$/).map(Trigger.fact),
  fc.tuple(
    fc.constantFrom<Trigger.Frequency>("continuous", "hourly", "daily"),
    fc.option(fc.constantFrom<Trigger.MissedRunPolicy>("skip", "once", "all"), { nil: undefined })
  ).map(([f, m]) => Trigger.every(f, m)),
  fc.tuple(
    fc.constantFrom("0 6 * * *", "*/15 * * * *", "0 9 * * 1-5", "30 0 1 * *"),
    fc.option(fc.constantFrom("UTC", "Europe/Paris"), { nil: undefined })
  ).map(([expression, timezone]) => Trigger.cron(expression, timezone === undefined ? {} : { timezone }))
)

const jsonArb = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as Schema.Json)

const limitsArb = fc.record(
  {
    maxExecutionsPerDay: fc.integer({ min: 0, max: 100 }),
    cooldownSeconds: fc.integer({ min: 0, max: 86400 }),
    maxChangePerStep: fc.record({ relative: fc.integer({ min: 0, max: 100 }).map((n) => n / 100) }),
    minConfidence: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    shadowMode: fc.boolean()
  },
  { requiredKeys: [] }
).map((f) =>
  new Limits.SafetyLimits({
    ...f,
    ...(f.maxChangePerStep === undefined ? {} : { maxChangePerStep: new Limits.ChangeLimit(f.maxChangePerStep) })
  })
)

/** Conditions of the condition language: fact comparisons under all/any/not, nested. */
const conditionArb: fc.Arbitrary<Condition.Condition> = fc.letrec<{ node: Condition.Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({
      fact: fc.constantFrom("campaign", "metrics", "event"),
      path: fc.constantFrom("$.roas", "$.spend", "$.status"),
      operator: fc.constantFrom("equal", "lessThan", "greaterThanInclusive", "in"),
      value: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom("active", "paused"), fc.constant(["a", "b"]))
    }, { requiredKeys: ["fact", "operator", "value"] }) as fc.Arbitrary<Condition.Condition>,
    fc.record({ all: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({ not: tie("node") })
  )
})).node

const ruleArb = (options: { readonly ruleTypes: ReadonlyArray<string>; readonly rateDecimals: number }) =>
  fc.record({
    id: fc.uuid(),
    name: fc.string({ maxLength: 20 }),
    ruleType: fc.constantFrom(...options.ruleTypes),
    priority: fc.integer({ min: -100, max: 100 }),
    trigger: triggerArb,
    conditions: conditionArb,
    actions: fc.array(
      fc.record({ action: fc.constantFrom("set_budget", "notify"), parameters: jsonArb }).map((a) =>
        new Rule.RuleAction(a)
      ),
      { maxLength: 3 }
    ),
    enabled: fc.boolean(),
    safetyLimits: limitsArb,
    executionCount: fc.nat({ max: 10_000 }),
    successRate: fc.option(fc.integer({ min: 0, max: 10 ** options.rateDecimals }), { nil: undefined }),
    lastExecutedAt: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined })
  }).map((r) =>
    new Rule.Rule({
      id: r.id,
      name: r.name,
      ruleType: r.ruleType,
      priority: r.priority,
      trigger: r.trigger,
      conditions: r.conditions,
      actions: r.actions,
      enabled: r.enabled,
      safetyLimits: r.safetyLimits,
      stats: new Rule.RuleStats({
        executionCount: r.executionCount,
        ...(r.successRate === undefined ? {} : { successRate: r.successRate / 10 ** options.rateDecimals }),
        ...(r.lastExecutedAt === undefined ? {} : { lastExecutedAt: DateTime.makeUnsafe(r.lastExecutedAt) })
      })
    })
  )

/** What a database does to a row: JSONB columns go through JSON text. */
const throughJsonb = (row: unknown, columns: ReadonlyArray<string>): unknown => {
  const copy: Record<string, unknown> = { ...(row as Record<string, unknown>) }
  for (const column of columns) copy[column] = JSON.parse(JSON.stringify(copy[column]))
  return copy
}

describe("Rule codecs", () => {
  it("automation_rules rows round-trip (property)", () => {
    const encode = Schema.encodeSync(Rule.FromAutomationRuleRow)
    const decode = Schema.decodeUnknownSync(Rule.FromAutomationRuleRow)
    fc.assert(
      fc.property(ruleArb({ ruleTypes: ["trigger", "condition", "action", "sequence"], rateDecimals: 2 }), (rule) => {
        const row = throughJsonb(encode(rule), ["trigger_conditions", "action_definitions"])
        assert.deepStrictEqual(decode(row), rule)
      }),
      { numRuns: 200 }
    )
  })

  it("ai_automation_rules rows round-trip (property)", () => {
    const encode = Schema.encodeSync(Rule.FromAiAutomationRuleRow)
    const decode = Schema.decodeUnknownSync(Rule.FromAiAutomationRuleRow)
    fc.assert(
      fc.property(
        ruleArb({ ruleTypes: ["budget_management", "bid_optimization", "campaign_control"], rateDecimals: 4 }),
        (rule) => {
          const row = throughJsonb(encode(rule), ["trigger_conditions", "action_parameters", "safety_limits"])
          assert.deepStrictEqual(decode(row), rule)
        }
      ),
      { numRuns: 200 }
    )
  })

  it.effect("decodes a seed-shaped ai_automation_rules row, taking the trigger from execution_frequency", () =>
    Effect.gen(function*() {
      const rule = yield* Rule.decodeRow("ai_automation_rules", {
        id: "r-1",
        rule_name: "Trim overspending campaigns",
        rule_type: "budget_management",
        trigger_conditions: { conditions: { all: [] } },
        action_parameters: { actions: [{ action: "set_budget", parameters: { campaignId: "c1", budget: 80 } }] },
        safety_limits: { maxChangePerStep: { relative: 0.2 }, minConfidence: 0.7 },
        is_active: null,
        execution_frequency: "daily",
        last_execution_at: new Date(Date.UTC(2024, 0, 1)),
        execution_count: 3,
        success_rate: "66.67"
      })
      assert.deepStrictEqual(rule.trigger, Trigger.every("daily"))
      assert.strictEqual(rule.enabled, true)
      assert.strictEqual(rule.priority, 0)
      assert.strictEqual(rule.stats.successRate, 0.6667)
      assert.strictEqual(rule.safetyLimits.minConfidence, 0.7)
      assert.deepStrictEqual(Rule.scheduledJob(rule)?.lastRunAt, DateTime.makeUnsafe(Date.UTC(2024, 0, 1)))
    }))

  it.effect("rejects bad JSON in a column with its path", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Rule.decodeRow("automation_rules", {
          id: "r-2",
          rule_name: "Remind attendees",
          rule_type: "trigger",
          trigger_conditions: { trigger: { _tag: "Cron", expression: "every tuesday" }, conditions: { all: [] } },
          action_definitions: { actions: [] },
          is_active: true,
          execution_count: 0,
          success_rate: 0,
          last_executed_at: null
        })
      )
      assert.strictEqual(error._tag, "RuleDecodeError")
      assert.strictEqual(error.ruleId, "r-2")
      assert.strictEqual(error.path, "trigger_conditions.trigger.expression")
      const missing = yield* Effect.flip(
        Rule.decodeRow("automation_rules", {
          id: "r-3",
          rule_name: "x",
          rule_type: "action",
          trigger_conditions: { conditions: { all: [] } },
          action_definitions: { actions: [{ action: "", parameters: {} }] },
          is_active: true,
          execution_count: 0,
          success_rate: null,
          last_executed_at: null
        })
      )
      assert.strictEqual(missing.path, "action_definitions.actions[0].action")
    }))

  it.effect("a rule naming an unknown action, or giving bad parameters, fails at load", () =>
    Effect.gen(function*() {
      const row = (actions: ReadonlyArray<unknown>) => ({
        id: "r-4",
        rule_name: "x",
        rule_type: "budget_management",
        trigger_conditions: { conditions: { all: [] } },
        action_parameters: { actions },
        safety_limits: null,
        is_active: true,
        execution_frequency: "hourly",
        last_execution_at: null,
        execution_count: 0,
        success_rate: null
      })
      const ok = yield* Rule.load("ai_automation_rules", row([{ action: "notify", parameters: { to: "ops" } }]))
      assert.strictEqual(ok.actions.length, 1)
      const unknown = yield* Effect.flip(
        Rule.load("ai_automation_rules", row([{ action: "pause_everything", parameters: {} }]))
      )
      assert.strictEqual(unknown._tag, "UnknownAction")
      if (unknown._tag === "UnknownAction") assert.strictEqual(unknown.action, "pause_everything")
      const bad = yield* Effect.flip(Rule.load("ai_automation_rules", row([{ action: "notify", parameters: {} }])))
      assert.strictEqual(bad._tag, "InvalidActionParameters")
      if (bad._tag === "InvalidActionParameters") assert.strictEqual(bad.field, "to")
    }).pipe(
      Effect.provide(
        registering(
          Action.make({ name: "notify", parameters: Schema.Struct({ to: Schema.String }), handler: () => Effect.void })
        ).pipe(Layer.provideMerge(ActionRegistry.layer))
      )
    ))
})

describe("Rule.recordExecution", () => {
  const decision = new Envelope.Decision({
    requestId: "q",
    action: "notify",
    requester: new Action.RuleRequester({ ruleId: "r" }),
    outcome: new Envelope.Passed({ reason: new Envelope.Reason({ code: "within_limits", message: "ok" }) }),
    mode: "live",
    decidedAt: DateTime.makeUnsafe(1000),
    day: "1970-01-01"
  })
  const record = (status: Envelope.ExecutionStatus) =>
    new Envelope.ExecutionRecord({
      decision,
      parameters: {},
      status,
      ...(status === "not_run" ? {} : { startedAt: DateTime.makeUnsafe(2000) })
    })

  it("counts executions that ran and keeps the running success rate", () => {
    let stats = new Rule.RuleStats({ executionCount: 0 })
    stats = Rule.recordExecution(stats, record("succeeded"))
    stats = Rule.recordExecution(stats, record("failed"))
    stats = Rule.recordExecution(stats, record("not_run"))
    stats = Rule.recordExecution(stats, record("succeeded"))
    assert.strictEqual(stats.executionCount, 3)
    assert.closeTo(stats.successRate ?? -1, 2 / 3, 1e-12)
    assert.deepStrictEqual(stats.lastExecutedAt, DateTime.makeUnsafe(2000))
  })
})
