import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import { Engine } from "json-rules-engine"
import * as JsonRulesEngine from "../../src/rules/JsonRulesEngine.ts"

// ---------------------------------------------------------------------------
// generators: rules and facts in json-rules-engine's own format
// ---------------------------------------------------------------------------

const factNames = ["a", "b", "s", "obj", "arr", "missing"] as const

const primitive = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0.5, 10, 100),
  fc.constantFrom("", "a", "b", "ab", "1", "2.5", "10", "x1", " 3 "),
  fc.boolean(),
  fc.constant(null)
)

const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 3 }) },
  {
    weight: 2,
    arbitrary: fc.record({ x: primitive, y: fc.array(primitive, { maxLength: 3 }), z: fc.record({ w: primitive }, { noNullPrototype: true }) }, {
      requiredKeys: [],
      noNullPrototype: true
    })
  }
)

const facts = fc.record({
  a: factValue,
  b: factValue,
  s: factValue,
  obj: factValue,
  arr: fc.array(primitive, { maxLength: 4 })
}, { requiredKeys: ["arr"], noNullPrototype: true })

const pathArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom("$.x", "$.y[0]", "$.y[1]", "$.z.w", "$.nope", "$[0]", "$.y", "x", "$['x']") }
)

const factRef = fc.record({ fact: fc.constantFrom(...factNames), path: pathArb }).map((r) =>
  r.path === undefined ? { fact: r.fact } : { fact: r.fact, path: r.path }
)

const leaf = fc.oneof(
  // numeric comparisons: number or string literal, or another fact
  fc.record({
    operator: fc.constantFrom("lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"),
    value: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 10, "2", "b", "10"), factRef)
  }),
  fc.record({ operator: fc.constantFrom("equal", "notEqual"), value: fc.oneof(primitive, factRef) }),
  fc.record({
    operator: fc.constantFrom("in", "notIn"),
    value: fc.oneof(fc.array(primitive, { maxLength: 4 }), fc.constantFrom("abc", "1 2 3", "null", "true"))
  }),
  fc.record({ operator: fc.constantFrom("contains", "doesNotContain"), value: fc.oneof(primitive, factRef) })
).chain((op) =>
  fc.record({ fact: fc.constantFrom(...factNames), path: pathArb }).map((f) => ({
    fact: f.fact,
    ...(f.path === undefined ? {} : { path: f.path }),
    operator: op.operator,
    value: op.value as unknown
  }))
)

const sharedNames = ["shared1", "shared2"] as const

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ all: fc.array(tie("tree"), { maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(tie("tree"), { maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ not: tie("tree") }) },
    { weight: 1, arbitrary: fc.record({ condition: fc.constantFrom(...sharedNames) }) }
  )
}))

const root = fc.oneof(
  fc.record({ all: fc.array(tree, { maxLength: 5 }) }),
  fc.record({ any: fc.array(tree, { maxLength: 5 }) }),
  fc.record({ not: tree }),
  fc.record({ condition: fc.constantFrom(...sharedNames) })
)

// shared conditions must not reference each other (to stay acyclic): leaves only
const sharedRoot = fc.oneof(
  fc.record({ all: fc.array(leaf, { maxLength: 3 }) }),
  fc.record({ any: fc.array(leaf, { maxLength: 3 }) }),
  fc.record({ not: leaf })
)

const ruleSet = fc.record({
  rules: fc.array(
    fc.record({ conditions: root, priority: fc.integer({ min: 1, max: 3 }) }),
    { minLength: 1, maxLength: 6 }
  ).map((rules) =>
    rules.map((r, i) => ({ name: `r${i}`, priority: r.priority, conditions: r.conditions, event: { type: `e${i}` } }))
  ),
  shared: fc.record({ shared1: sharedRoot, shared2: sharedRoot })
})

const byPriorityThenName = (a: { priority: number; name: string }, b: { priority: number; name: string }) =>
  b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

const runJre = async (
  rules: ReadonlyArray<{ name: string; priority: number; conditions: unknown; event: { type: string } }>,
  shared: Record<string, unknown>,
  input: Record<string, unknown>
): Promise<Array<string>> => {
  const engine = new Engine([], { allowUndefinedFacts: true })
  for (const [name, c] of Object.entries(shared)) engine.setCondition(name, structuredClone(c) as never)
  for (const rule of rules) engine.addRule(structuredClone(rule) as never)
  const { results } = await engine.run(structuredClone(input))
  return results
    .map((r) => ({ priority: r.priority ?? 1, name: String(r.name) }))
    .sort(byPriorityThenName)
    .map((r) => r.name)
}

describe("fromJsonRulesEngine", () => {
  it.effect("fires the same rules as json-rules-engine 7.3.1 on generated rules and facts", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(ruleSet, fc.array(facts, { minLength: 1, maxLength: 3 }), async ({ rules, shared }, batch) => {
          const compiled = Effect.runSync(JsonRulesEngine.compile(rules, { conditions: shared }))
          for (const input of batch) {
            const expected = await runJre(rules, shared, input)
            const fired = compiled.evaluate(input)
            // priority order is respected
            for (let i = 1; i < fired.length; i++) assert.isTrue(fired[i - 1]!.priority >= fired[i]!.priority)
            const actual = fired
              .map((r) => ({ priority: r.priority, name: r.id }))
              .sort(byPriorityThenName)
              .map((r) => r.name)
            assert.deepStrictEqual(actual, expected, JSON.stringify({ rules, shared, input }))
            // the explaining evaluator agrees with the compiled one
            const explained = compiled.evaluate(input, { explain: true }).map((r) => r.rule.id)
            assert.deepStrictEqual(explained, fired.map((r) => r.id))
          }
        }),
        { numRuns: 400 }
      )
    ))

  it.effect("converts events into actions and keeps priority and name", () =>
    Effect.gen(function*() {
      const imported = yield* JsonRulesEngine.fromJsonRulesEngine([
        {
          name: "low-ctr",
          priority: "5",
          conditions: { all: [{ fact: "campaign", path: "$.ctr", operator: "lessThan", value: 0.01 }] },
          event: { type: "pause", params: { reason: "ctr" } }
        },
        JSON.stringify({ conditions: { condition: "big" }, event: { type: "notify" } })
      ], { conditions: { big: { any: [{ fact: "spend", operator: "greaterThan", value: 100 }] } } })
      assert.strictEqual(imported.rules[0]!.id, "low-ctr")
      assert.strictEqual(imported.rules[0]!.priority, 5)
      assert.deepStrictEqual(imported.rules[0]!.actions, [{ action: "pause", parameters: { reason: "ctr" } }])
      assert.deepStrictEqual(imported.rules[1]!.actions, [{ action: "notify", parameters: {} }])
      assert.strictEqual(imported.rules[1]!.priority, 1)
      assert.deepStrictEqual(imported.conditions.big, { any: [{ fact: "spend", operator: "greaterThan", value: 100 }] })
    }))

  const importError = (rules: ReadonlyArray<unknown>, options?: JsonRulesEngine.ImportOptions) =>
    Effect.flip(JsonRulesEngine.compile(rules, options))

  const rule = (conditions: unknown) => ({ name: "r", conditions, event: { type: "e" } })

  it.effect("rejects custom operators, decorators and async facts at import", () =>
    Effect.gen(function*() {
      const custom = yield* importError([rule({ all: [{ fact: "a", operator: "startsWithX", value: "x" }] })])
      assert.strictEqual(custom.path, "conditions.all[0].operator")
      assert.include(custom.expected, "custom operators are not supported")
      const decorated = yield* importError([rule({ any: [{ fact: "a", operator: "someFact:equal", value: 1 }] })])
      assert.include(decorated.expected, "decorators")
      const asyncFact = yield* importError([rule({ all: [] })], { facts: { account: () => Promise.resolve(1) } })
      assert.strictEqual(asyncFact.path, "facts.account")
      assert.include(asyncFact.expected, "async")
    }))

  it.effect("rejects malformed rules with the path to the bad node", () =>
    Effect.gen(function*() {
      const e1 = yield* importError([rule({ all: [{ any: [{ fact: "a", operator: "equal" }] }] })])
      assert.strictEqual(e1.path, "conditions.all[0].any[0].value")
      assert.strictEqual(e1.ruleId, "r")
      const e2 = yield* importError([rule({ all: [{ fact: "a", operator: "in", value: 3 }] })])
      assert.strictEqual(e2.path, "conditions.all[0].value")
      const e3 = yield* importError([rule({ all: [{ condition: "nope" }] })])
      assert.strictEqual(e3.path, "conditions.all[0].condition")
      const e4 = yield* importError([{ ...rule({ all: [] }), priority: -1 }])
      assert.strictEqual(e4.path, "priority")
      const e5 = yield* importError([rule({ all: [{ fact: "a", path: "$..x", operator: "equal", value: 1 }] })])
      assert.strictEqual(e5.path, "conditions.all[0].path")
      const e6 = yield* importError([rule({ fact: "a", operator: "equal", value: 1 })])
      assert.strictEqual(e6.path, "conditions")
    }))

  it.effect("treats unknown shared conditions as false with allowUndefinedConditions", () =>
    Effect.gen(function*() {
      const compiled = yield* JsonRulesEngine.compile([rule({ any: [{ condition: "nope" }] })], {
        allowUndefinedConditions: true
      })
      assert.deepStrictEqual(compiled.evaluate({}), [])
      const engine = new Engine([rule({ any: [{ condition: "nope" }] }) as never], { allowUndefinedConditions: true })
      const { results } = yield* Effect.promise(() => engine.run({}))
      assert.strictEqual(results.length, 0)
    }))

  it.effect("keeps literal objects that look like parameters inert", () =>
    Effect.gen(function*() {
      const compiled = yield* JsonRulesEngine.compile([rule({ all: [{ fact: "a", operator: "notEqual", value: { param: "x" } }] })])
      assert.strictEqual(compiled.evaluate({ a: 1 }).length, 1)
    }))
})
