import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import * as Compiler from "../../src/rules/Compiler.ts"
import type * as Condition from "../../src/rules/Condition.ts"

// Many thresholds on few fields, so the compiler indexes them (sorted thresholds, binary
// search) and shares identical conditions; the explaining evaluator walks the tree directly.
const fields = ["x", "y", "s"] as const
const thresholds = [-2, -1, 0, 0.5, 1, 2, 3, 5, 8, 13]
const words = ["a", "b", "c", "d", "e", "f", "g", "ab"]

const factValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...thresholds),
  fc.double({ min: -5, max: 15, noNaN: false }),
  fc.constantFrom("1", "2.5", " 3 ", "abc", "", "0x10", "5px"),
  fc.constantFrom(...words),
  fc.constantFrom(null, true, false, undefined),
  fc.constant([2]),
  fc.constant([1, 2])
)

const leaf: fc.Arbitrary<Condition.Condition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...fields),
    operator: fc.constantFrom("greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive"),
    value: fc.constantFrom(...thresholds)
  }),
  fc.record({
    fact: fc.constantFrom(...fields),
    operator: fc.constantFrom("equal", "notEqual"),
    value: fc.oneof(fc.constantFrom(...words), fc.constantFrom(...thresholds), fc.constant(null))
  }),
  fc.record({
    fact: fc.constantFrom(...fields),
    operator: fc.constantFrom("in", "notIn"),
    value: fc.oneof(fc.subarray(words), fc.constant("abc"))
  }),
  fc.record({
    fact: fc.constantFrom(...fields),
    operator: fc.constant("between"),
    value: fc.tuple(fc.constantFrom(...thresholds), fc.constantFrom(...thresholds))
  }),
  fc.record({ fact: fc.constantFrom(...fields), operator: fc.constant("exists") }),
  fc.record({
    fact: fc.constantFrom(...fields),
    operator: fc.constantFrom("lessThan", "equal", "greaterThanInclusive"),
    value: fc.record({ fact: fc.constantFrom(...fields) })
  })
) as fc.Arbitrary<Condition.Condition>

const { tree } = fc.letrec<{ tree: Condition.Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 4 }).map((all) => ({ all })) },
    { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 4 }).map((any) => ({ any })) },
    { weight: 1, arbitrary: tie("tree").map((not) => ({ not })) },
    { weight: 1, arbitrary: fc.constant({ condition: "shared" }) }
  )
}))

const rules = fc.array(fc.record({ conditions: tree, priority: fc.integer({ min: 0, max: 3 }) }), {
  minLength: 1,
  maxLength: 40
}).map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r })))

const facts = fc.record({ x: factValue, y: factValue, s: factValue }, { requiredKeys: [], noNullPrototype: true })

const shared: Condition.SharedConditions = {
  shared: { any: [{ fact: "x", operator: "greaterThan", value: 3 }, { fact: "y", operator: "lessThanInclusive", value: 0 }] }
}

describe("compileRuleSet", () => {
  it.effect("the compiled predicates agree with the explaining evaluator, in priority order", () =>
    Effect.sync(() =>
      fc.assert(
        fc.property(rules, fc.array(facts, { minLength: 1, maxLength: 4 }), (input, batch) => {
          const rs = Effect.runSync(Compiler.compileRuleSet(input, { conditions: shared }))
          const expectedOrder = [...input].sort((a, b) => b.priority - a.priority || Number(a.id.slice(1)) - Number(b.id.slice(1)))
          assert.deepStrictEqual(rs.rules.map((r) => r.id), expectedOrder.map((r) => r.id))
          const batchResult = rs.evaluateBatch(batch)
          batch.forEach((f, i) => {
            const fired = rs.evaluate(f).map((r) => r.id)
            const all = rs.evaluate(f, { explain: "all" })
            assert.deepStrictEqual(all.map((r) => r.rule.id), expectedOrder.map((r) => r.id))
            assert.deepStrictEqual(all.filter((r) => r.fired).map((r) => r.rule.id), fired, JSON.stringify({ input, f }))
            assert.deepStrictEqual(batchResult[i]!.map((r) => r.id), fired)
          })
        }),
        { numRuns: 300 }
      )
    ))

  it.effect("indexed thresholds decide ties exactly", () =>
    Effect.gen(function*() {
      const ops = ["greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive"] as const
      const rules = thresholds.flatMap((t) =>
        ops.map((operator) => ({ id: `${operator}:${t}`, priority: 1, conditions: { fact: "x", operator, value: t } }))
      )
      const rs = yield* Compiler.compileRuleSet(rules)
      for (const x of [...thresholds, 4, -3, 20, Number.NaN, "3", "x"]) {
        const fired = new Set(rs.evaluate({ x }).map((r) => r.id))
        for (const t of thresholds) {
          const n = typeof x === "number" ? x : Number.parseFloat(x).toString() === "NaN" ? Number.NaN : Number(x)
          assert.strictEqual(fired.has(`greaterThan:${t}`), n > t, `${x} > ${t}`)
          assert.strictEqual(fired.has(`greaterThanInclusive:${t}`), n >= t, `${x} >= ${t}`)
          assert.strictEqual(fired.has(`lessThan:${t}`), n < t, `${x} < ${t}`)
          assert.strictEqual(fired.has(`lessThanInclusive:${t}`), n <= t, `${x} <= ${t}`)
        }
      }
    }))

  it.effect("explains the value and outcome of every condition", () =>
    Effect.gen(function*() {
      const rs = yield* Compiler.compileRuleSet([{
        id: "low-ctr",
        priority: 2,
        conditions: {
          all: [
            { fact: "campaign", path: "$.ctr", operator: "lessThan", value: 0.01 },
            { any: [{ fact: "campaign", path: "$.status", operator: "equal", value: "live" }, { fact: "vip", operator: "exists" }] }
          ]
        }
      }])
      const [result] = rs.evaluate({ campaign: { ctr: 0.005, status: "live" } }, { explain: true })
      assert.isDefined(result)
      assert.isTrue(result!.fired)
      const root = result!.explanation
      assert.strictEqual(root._tag, "All")
      if (root._tag !== "All") return
      const [ctr, any] = root.conditions
      assert.deepInclude(ctr, { _tag: "Fact", path: "conditions.all[0]", factValue: 0.005, value: 0.01, outcome: true })
      assert.strictEqual(any!._tag, "Any")
      if (any!._tag !== "Any") return
      // no short-circuit: the second branch is explained too
      assert.deepInclude(any!.conditions[1], { path: "conditions.all[1].any[1]", factValue: undefined, outcome: false })
      assert.deepStrictEqual(rs.evaluate({ campaign: { ctr: 0.5 } }, { explain: true }), [])
    }))
})
