/**
 * Hardening item 5: the json-rules-engine importer no longer drops things
 * silently.
 *
 * - Fact references in `event.params` (json-rules-engine's
 *   `replaceFactsInEventParams`) become the action's `bind`, and
 *   `JsonRulesEngine.eventParams` gives exactly the params json-rules-engine
 *   emits; without the option they stay literal, as in json-rules-engine.
 * - Condition `params` (inputs to dynamic fact functions) are rejected at
 *   import with the path, unless empty.
 * - Condition `priority` (evaluation order of siblings) is accepted: with
 *   constant facts and pure comparisons it cannot change which rules fire,
 *   which the equivalence property checks against json-rules-engine with
 *   random priorities.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import { Engine } from "json-rules-engine"
import * as JsonRulesEngine from "../../src/rules/JsonRulesEngine.ts"

const primitive = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom("a", "b", "1"), fc.boolean(), fc.constant(null))
const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 3 }) },
  {
    weight: 3,
    arbitrary: fc.record({ x: primitive, y: fc.array(primitive, { maxLength: 3 }), z: fc.record({ w: primitive }, { noNullPrototype: true }) }, {
      requiredKeys: [],
      noNullPrototype: true
    })
  }
)
// ordinary objects only: json-rules-engine gets structuredClone'd facts, which turns a null-prototype
// object into an ordinary one (and comparing with a null-prototype object throws in json-rules-engine)
const facts = fc.record({ a: factValue, b: factValue, c: factValue }, { requiredKeys: [], noNullPrototype: true })
const path = fc.option(fc.constantFrom("$.x", "$.y[0]", "$.z.w", "$.nope", "x", "$.y"), { nil: undefined })
const factRef = fc.record({ fact: fc.constantFrom("a", "b", "c", "missing"), path }).map((r) =>
  r.path === undefined ? { fact: r.fact } : { fact: r.fact, path: r.path }
)
const priority = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined })

const leaf = fc.record({
  fact: fc.constantFrom("a", "b", "c"),
  path,
  operator: fc.constantFrom("equal", "notEqual", "lessThan", "greaterThanInclusive", "in", "contains"),
  value: fc.oneof(primitive, factRef),
  priority
}).map(({ operator, path, priority, value, ...rest }) => ({
  ...rest,
  operator,
  // the importer rejects what json-rules-engine would throw on or cannot compare (see its module doc)
  // (`in` against a fact that is neither an array nor a string makes json-rules-engine throw)
  value: operator === "in"
    ? (typeof value !== "object" || value === null ? [value, "a"] : [1, "a"])
    : (operator === "lessThan" || operator === "greaterThanInclusive") && (typeof value === "boolean" || value === null)
    ? 1
    : value,
  ...(path === undefined ? {} : { path }),
  ...(priority === undefined ? {} : { priority })
}))

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ all: fc.array(tie("tree"), { maxLength: 3 }), priority }, { requiredKeys: ["all"] }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(tie("tree"), { maxLength: 3 }), priority }, { requiredKeys: ["any"] }) },
    { weight: 1, arbitrary: fc.record({ not: tie("tree"), priority }, { requiredKeys: ["not"] }) }
  )
}))

const eventParams = fc.dictionary(
  fc.constantFrom("who", "amount", "note", "where", "nested"),
  fc.oneof(primitive, factRef, fc.constant({ deep: { fact: "a" } })),
  { maxKeys: 4 }
)

const rules = fc.array(
  fc.record({
    conditions: fc.oneof(fc.record({ all: fc.array(tree, { maxLength: 4 }) }), fc.record({ any: fc.array(tree, { maxLength: 4 }) })),
    priority: fc.integer({ min: 1, max: 3 }),
    params: fc.option(eventParams, { nil: undefined })
  }),
  { minLength: 1, maxLength: 5 }
).map((rs) =>
  rs.map((r, i) => ({
    name: `r${i}`,
    priority: r.priority,
    conditions: r.conditions,
    event: r.params === undefined ? { type: `e${i}` } : { type: `e${i}`, params: r.params }
  }))
)

type JreRule = { readonly name: string; readonly priority: number; readonly conditions: unknown; readonly event: unknown }

/** json-rules-engine's fired rules (by name) and the params of their events. */
const runJre = async (input: ReadonlyArray<JreRule>, facts: Record<string, unknown>, replaceFactsInEventParams: boolean) => {
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams })
  for (const rule of input) engine.addRule(structuredClone(rule) as never)
  const { results } = await engine.run(structuredClone(facts))
  return new Map(results.map((r) => [String(r.name), (r.event as { params?: unknown }).params ?? {}]))
}

describe("hardening: json-rules-engine event params and condition params/priority", () => {
  it.effect("with replaceFactsInEventParams, fact references in event params bind from the facts exactly as json-rules-engine replaces them", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(rules, fc.array(facts, { minLength: 1, maxLength: 3 }), fc.boolean(), async (input, batch, replace) => {
          const imported = Effect.runSync(JsonRulesEngine.fromJsonRulesEngine(input, { replaceFactsInEventParams: replace }))
          const compiled = Effect.runSync(JsonRulesEngine.compile(input, { replaceFactsInEventParams: replace }))
          for (const f of batch) {
            const expected = await runJre(input, f, replace)
            const fired = compiled.evaluate(f)
            assert.deepStrictEqual(fired.map((r) => r.id).sort(), [...expected.keys()].sort(), JSON.stringify({ input, f }))
            for (const rule of fired) {
              assert.deepStrictEqual(JsonRulesEngine.eventParams(rule, f), expected.get(rule.id), JSON.stringify({ rule, f }))
            }
          }
          // the binding is the action's, in Rule.RuleAction's shape
          for (const rule of imported.rules) {
            const params = (rule.event.params ?? {}) as Record<string, unknown>
            const refs = Object.keys(params).filter((k) => {
              const v = params[k]
              return typeof v === "object" && v !== null && Object.hasOwn(v, "fact")
            })
            const action = rule.actions[0]!
            assert.deepStrictEqual(Object.keys(action.bind ?? {}).sort(), replace ? refs.sort() : [])
            for (const key of Object.keys(action.bind ?? {})) {
              assert.notProperty(action.parameters as object, key)
            }
          }
        }),
        { numRuns: 150 }
      )
    ))

  it.effect("imports event params with fact references into bind", () =>
    Effect.gen(function*() {
      const rule = {
        name: "raise",
        conditions: { all: [{ fact: "campaign", path: "$.roas", operator: "greaterThan", value: 3 }] },
        event: {
          type: "set_campaign_budget",
          params: { budget: 200, campaignId: { fact: "campaign", path: "$.id" }, literal: { nested: { fact: "x" } } }
        }
      }
      const [imported] = (yield* JsonRulesEngine.fromJsonRulesEngine([rule], { replaceFactsInEventParams: true })).rules
      assert.deepStrictEqual(imported!.actions, [{
        action: "set_campaign_budget",
        parameters: { budget: 200, literal: { nested: { fact: "x" } } },
        bind: { campaignId: { fact: "campaign", path: "$.id" } }
      }])
      assert.deepStrictEqual(
        JsonRulesEngine.eventParams(imported!, { campaign: { id: "c-1", roas: 4 } }),
        { budget: 200, literal: { nested: { fact: "x" } }, campaignId: "c-1" }
      )
      // without the option, as json-rules-engine: literal
      const [literal] = (yield* JsonRulesEngine.fromJsonRulesEngine([rule])).rules
      assert.deepStrictEqual(literal!.actions, [{ action: "set_campaign_budget", parameters: rule.event.params }])
    }))

  it.effect("rejects condition params (inputs to dynamic facts) with the path; empty params are fine", () =>
    Effect.gen(function*() {
      const rule = (conditions: unknown, event: unknown = { type: "e" }) => ({ name: "p", conditions, event })
      const cases: ReadonlyArray<readonly [unknown, string, boolean?]> = [
        [rule({ all: [{ fact: "account", params: { id: 7 }, operator: "equal", value: 1 }] }), "conditions.all[0].params"],
        [rule({ any: [{ fact: "a", operator: "equal", value: { fact: "account", params: { id: 7 } } }] }), "conditions.any[0].value.params"],
        [rule({ all: [{ not: { all: [], params: { x: 1 } } }] }), "conditions.all[0].not.params"],
        [rule({ all: [] }, { type: "e", params: { who: { fact: "account", params: { id: 7 } } } }), "event.params[\"who\"].params", true],
        [rule({ all: [] }, { type: "e", params: { who: { fact: "" } } }), "event.params[\"who\"].fact", true]
      ]
      for (const [input, path, replace] of cases) {
        const e = yield* Effect.flip(JsonRulesEngine.fromJsonRulesEngine([input], { replaceFactsInEventParams: replace === true }))
        assert.strictEqual(e._tag, "RuleLoadError")
        assert.strictEqual(e.ruleId, "p")
        assert.strictEqual(e.path, path, JSON.stringify(input))
      }
      const params = (yield* Effect.flip(JsonRulesEngine.fromJsonRulesEngine([cases[0]![0]]))).expected
      assert.include(params, "dynamic fact")
      const fine = yield* JsonRulesEngine.compile([
        rule({ all: [{ fact: "a", params: {}, operator: "equal", value: 1, priority: 2 }], priority: 5 })
      ])
      assert.strictEqual(fine.evaluate({ a: 1 }).length, 1)
    }))
})
