/**
 * Hardening item 1: nesting is limited to `Condition.maxDepth`, checked on
 * the raw JSON before anything recursive runs. Before the limit,
 * `Condition.decode` died with a RangeError at 1,000 levels and the compiler
 * and the json-rules-engine importer at 10,000; every one of them now fails
 * with a typed `RuleLoadError` naming the rule and the path where the limit
 * is crossed. (`RuleEngine.loadStored` with a 2,000-deep stored rule is in
 * hardening.loadStored.test.ts.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import * as Compiler from "../../src/rules/Compiler.ts"
import * as Condition from "../../src/rules/Condition.ts"
import * as JsonRulesEngine from "../../src/rules/JsonRulesEngine.ts"
import type { RuleLoadError } from "../../src/rules/RuleLoadError.ts"

const leaf = { fact: "a", operator: "equal", value: 1 } as const

/** `levels` nested `not`s around a leaf: the leaf is at level `levels + 1`. */
const nots = (levels: number): unknown => {
  let c: unknown = leaf
  for (let i = 0; i < levels; i++) c = { not: c }
  return c
}
const alls = (levels: number): unknown => {
  let c: unknown = leaf
  for (let i = 0; i < levels; i++) c = { all: [c] }
  return c
}

/** Runs an effect and returns its typed failure; a defect (RangeError) fails the test. */
const failure = <A>(effect: Effect.Effect<A, RuleLoadError>) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(effect)
    assert.isTrue(Exit.isFailure(exit), "expected a failure")
    if (Exit.isSuccess(exit)) throw new Error("unreachable")
    assert.isFalse(Cause.hasDies(exit.cause), `a defect, not a typed error: ${Cause.pretty(exit.cause)}`)
    return yield* Effect.flip(effect)
  })

const limit = Condition.maxDepth
const notPath = (levels: number) => "conditions" + ".not".repeat(levels)

describe("hardening: depth limit", () => {
  it("the limit is an exported, documented constant", () => {
    assert.strictEqual(Condition.maxDepth, 100)
  })

  it.effect("Condition.decode fails with a RuleLoadError at 1,000 and 10,000 levels, naming where the limit is crossed", () =>
    Effect.gen(function*() {
      for (const levels of [1_000, 10_000]) {
        for (const [input, path] of [
          [nots(levels), notPath(limit)],
          [alls(levels), "conditions" + ".all[0]".repeat(limit)]
        ] as const) {
          const e = yield* failure(Condition.decode(input, { ruleId: "deep" }))
          assert.strictEqual(e._tag, "RuleLoadError")
          assert.strictEqual(e.ruleId, "deep")
          assert.strictEqual(e.path, path)
          assert.include(e.expected, `at most ${limit} levels`)
        }
      }
    }))

  it.effect("exactly maxDepth levels load, one more does not", () =>
    Effect.gen(function*() {
      // the leaf is at level levels + 1
      yield* Condition.decode(nots(limit - 1))
      yield* Compiler.compileRuleSet([{ id: "r", priority: 1, conditions: nots(limit - 1) as Condition.Condition }])
      const e = yield* failure(Condition.decode(nots(limit)))
      assert.strictEqual(e.path, notPath(limit))
      const c = yield* failure(
        Compiler.compileRuleSet([{ id: "r", priority: 1, conditions: nots(limit) as Condition.Condition }])
      )
      assert.strictEqual(c.path, notPath(limit))
    }))

  it.effect("a deeply nested value counts too", () =>
    Effect.gen(function*() {
      let value: unknown = 1
      for (let i = 0; i < 10_000; i++) value = [value]
      const conditions = { all: [{ fact: "a", operator: "equal", value }] }
      const e = yield* failure(Condition.decode(conditions))
      // all at 1, the leaf at 2, its value (the outer array) at 3: level 101 is 98 arrays further in
      assert.strictEqual(e.path, "conditions.all[0].value" + "[0]".repeat(limit - 2))
      const c = yield* failure(Compiler.compileRuleSet([{ id: "v", priority: 1, conditions: conditions as Condition.Condition }]))
      assert.strictEqual(c.ruleId, "v")
      assert.strictEqual(c.path, e.path)
    }))

  it.effect("the compiler fails with a RuleLoadError at 1,000 and 10,000 levels", () =>
    Effect.gen(function*() {
      for (const levels of [1_000, 10_000]) {
        const e = yield* failure(Compiler.compileRuleSet([
          { id: "ok", priority: 1, conditions: leaf },
          { id: "deep", priority: 1, conditions: nots(levels) as Condition.Condition }
        ]))
        assert.strictEqual(e.ruleId, "deep")
        assert.strictEqual(e.path, notPath(limit))
        const checked = yield* Compiler.checkRules([
          { id: "ok", priority: 1, conditions: leaf },
          { id: "deep", priority: 1, conditions: nots(levels) as Condition.Condition }
        ])
        assert.deepStrictEqual(checked.map((x) => [x.ruleId, x.path]), [["deep", notPath(limit)]])
      }
    }))

  it.effect("shared conditions count at the depth they are referenced from: a chain of 10,000 references fails to load", () =>
    Effect.gen(function*() {
      const conditions: Record<string, Condition.Condition> = { c0: leaf }
      for (let k = 1; k < 10_000; k++) conditions[`c${k}`] = { not: { condition: `c${k - 1}` } }
      const e = yield* failure(
        Compiler.compileRuleSet([{ id: "chain", priority: 1, conditions: { condition: "c9999" } }], { conditions })
      )
      assert.strictEqual(e.ruleId, "chain")
      // each shared condition adds one level (its `not`; the reference takes the place of the body's root)
      assert.isTrue(e.path.startsWith("conditions.condition<c9999>.not.condition<c9998>.not.condition<c9997>"), e.path)
      assert.strictEqual(e.path.split(".not").length - 1, limit)
      assert.include(e.actual ?? "", "c9999")
      // a short chain loads
      const short = yield* Compiler.compileRuleSet([{ id: "short", priority: 1, conditions: { condition: "c50" } }], {
        conditions
      })
      assert.deepStrictEqual(short.evaluate({ a: 1 }).map((r) => r.id), ["short"])
    }))

  it.effect("a cyclic condition object built in code fails instead of looping or overflowing", () =>
    Effect.gen(function*() {
      const cyclic: { all: Array<unknown> } = { all: [] }
      cyclic.all.push(cyclic, cyclic)
      const e = yield* failure(Compiler.compileRuleSet([{ id: "loop", priority: 1, conditions: cyclic as Condition.Condition }]))
      assert.strictEqual(e.path, "conditions" + ".all[0]".repeat(limit))
      yield* failure(Condition.decode(cyclic))
    }))

  it.effect("the json-rules-engine importer fails with a RuleLoadError at 1,000 and 10,000 levels", () =>
    Effect.gen(function*() {
      for (const levels of [1_000, 10_000]) {
        const rule = { name: "deep", conditions: { all: [nots(levels)] }, event: { type: "e" } }
        const e = yield* failure(JsonRulesEngine.fromJsonRulesEngine([rule]))
        assert.strictEqual(e.ruleId, "deep")
        assert.strictEqual(e.path, "conditions.all[0]" + ".not".repeat(limit - 1))
        // JSON text built by hand: JSON.stringify itself overflows the stack at 10,000 levels
        const text = `{"name":"deep","conditions":{"all":[${"{\"not\":".repeat(levels)}${JSON.stringify(leaf)}${
          "}".repeat(levels)
        }]},"event":{"type":"e"}}`
        const asString = yield* failure(JsonRulesEngine.compile([text]))
        assert.strictEqual(asString.path, e.path)
        const shared = yield* failure(
          JsonRulesEngine.compile([{ name: "r", conditions: { all: [{ condition: "s" }] }, event: { type: "e" } }], {
            conditions: { s: { any: [nots(levels)] } }
          })
        )
        assert.strictEqual(shared.ruleId, "condition:s")
        assert.strictEqual(shared.path, "conditions.any[0]" + ".not".repeat(limit - 1))
      }
    }))
})
