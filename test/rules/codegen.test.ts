import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import type * as Condition from "../../src/rules/Condition.ts"
import { compileCodegen } from "../../src/rules/internal/codegen.ts"
import { type Node, resolveRule } from "../../src/rules/internal/load.ts"
import { compileInterpreter } from "../../src/rules/internal/program.ts"

// The generated code must fire exactly the rules the interpreter fires. Few fields and many
// thresholds / literals, so that nodes are shared, thresholds pass the indexing limit and
// equality literals pass the Map-lookup limit; paths, missing facts and coercions included.
const numbers = [-2, -1, 0, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100]
const words = ["a", "b", "c", "d", "e", "f", "g", "ab", "h", "i", "j", "k", "l", "m", "n", "o"]
const refs = [
  { fact: "x" },
  { fact: "y" },
  { fact: "s" },
  { fact: "o", path: "$.p" },
  { fact: "o", path: "$.q[1]" },
  { fact: "constructor" }
] as const

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...numbers),
  fc.double({ min: -5, max: 120, noNaN: false }),
  fc.constantFrom("1", "2.5", " 3 ", "abc", "", "0x10", "5px", "-0", "1e2"),
  fc.constantFrom(...words),
  fc.constantFrom(null, true, false, undefined, -0),
  fc.constant([2]),
  fc.constant([1, 2]),
  fc.constant({ p: 1 })
)
const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.record({ p: scalar, q: fc.array(scalar, { maxLength: 3 }) }, { requiredKeys: [], noNullPrototype: true })
  }
)
const facts = fc.record(
  { x: factValue, y: factValue, s: factValue, o: factValue, constructor: factValue },
  { requiredKeys: [], noNullPrototype: true }
)

const ref = fc.constantFrom(...refs)
const literal = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...numbers), fc.constant(null), fc.boolean())
const leaf: fc.Arbitrary<Condition.Condition> = fc.oneof(
  ref.chain((r) =>
    fc.record({
      operator: fc.constantFrom("greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive"),
      value: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...numbers) }, { weight: 1, arbitrary: fc.constantFrom("3", "b") })
    }).map((c) => ({ ...r, ...c }))
  ),
  ref.chain((r) =>
    fc.record({ operator: fc.constantFrom("equal", "notEqual"), value: literal }).map((c) => ({ ...r, ...c }))
  ),
  ref.chain((r) =>
    fc.record({
      operator: fc.constantFrom("in", "notIn"),
      value: fc.oneof(fc.subarray([...words, ...numbers.slice(0, 4), null]), fc.constant("abc"))
    }).map((c) => ({ ...r, ...c }))
  ),
  ref.chain((r) =>
    fc.record({
      operator: fc.constant("between"),
      value: fc.tuple(fc.oneof(fc.constantFrom(...numbers), ref), fc.constantFrom(...numbers))
    }).map((c) => ({ ...r, ...c }))
  ),
  ref.chain((r) => fc.record({ operator: fc.constant("exists"), value: fc.boolean() }).map((c) => ({ ...r, ...c }))),
  ref.chain((r) =>
    fc.record({
      operator: fc.constantFrom("contains", "doesNotContain", "startsWith", "endsWith"),
      value: fc.constantFrom("a", "ab", 2)
    }).map((c) => ({ ...r, ...c, ...(c.operator.endsWith("With") ? { value: "a" } : {}) }))
  ),
  ref.chain((r) =>
    fc.record({ operator: fc.constant("matches"), value: fc.constantFrom("^a", "b$", "\\d") }).map((c) => ({ ...r, ...c }))
  ),
  ref.chain((r) =>
    fc.record({
      operator: fc.constantFrom("lessThan", "equal", "greaterThanInclusive", "in", "contains"),
      value: ref
    }).map((c) => ({ ...r, ...c }))
  )
) as fc.Arbitrary<Condition.Condition>

const { tree } = fc.letrec<{ tree: Condition.Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 4 }).map((all) => ({ all })) },
    { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 4 }).map((any) => ({ any })) },
    { weight: 1, arbitrary: tie("tree").map((not) => ({ not })) },
    { weight: 1, arbitrary: fc.constantFrom({ condition: "shared" }, { condition: "costly" }) }
  )
}))

const shared: Record<string, Condition.Condition> = {
  shared: { any: [{ fact: "x", operator: "greaterThan", value: 3 }, { fact: "y", operator: "lessThanInclusive", value: 0 }] },
  costly: {
    all: [
      { fact: "s", operator: "matches", value: "^a" },
      { fact: "o", path: "$.p", operator: "contains", value: 2 },
      { not: { fact: "y", operator: "startsWith", value: "a" } }
    ]
  }
}
const ctx = { shared, sharedNames: Object.keys(shared) }

const load = (conditions: ReadonlyArray<Condition.Condition>): ReadonlyArray<Node> =>
  conditions.map((c, i) => {
    const r = resolveRule(`r${i}`, c, {}, ctx)
    if (Result.isFailure(r)) throw new Error(r.failure.message)
    return r.success
  })

const ruleSets = fc.array(fc.record({ conditions: tree, priority: fc.integer({ min: 0, max: 3 }) }), {
  minLength: 1,
  maxLength: 60
})

const fired = (run: (facts: object, now: number, out: Int32Array) => number, f: object, size: number) => {
  const out = new Int32Array(size)
  try {
    return Array.from(out.subarray(0, run(f, 0, out)))
  } catch (e) {
    return String(e)
  }
}

describe("code generation", () => {
  it("fires exactly the rules the interpreter fires, in the same order", () =>
    fc.assert(
      fc.property(
        ruleSets,
        fc.array(facts, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(1, 7, 1000),
        fc.constantFrom(2, 6, 12),
        fc.boolean(),
        (input, batch, chunkRules, eqIndexMin, branchless) => {
          const roots = load(input.map((r) => r.conditions))
          const order = input.map((_, i) => i).sort((a, b) => input[b]!.priority - input[a]!.priority || a - b)
          const interpreter = compileInterpreter(roots, order)
          const generated = compileCodegen(roots, order, { chunkRules, eqIndexMin, branchless })
          assert.strictEqual(generated.usesNow, interpreter.usesNow)
          for (const f of batch) {
            assert.deepStrictEqual(
              fired(generated.run, f, roots.length),
              fired(interpreter.run, f, roots.length),
              JSON.stringify({ conditions: input.map((r) => r.conditions), f })
            )
          }
        }
      ),
      { numRuns: 400 }
    ))

  it("never writes rule content into the generated source", () => {
    const evil = "\"); globalThis.__pwned = 1; (\""
    const roots = load([
      { fact: evil, path: `$['${evil}']`, operator: "equal", value: evil },
      { fact: evil, operator: "in", value: [evil, "*/ globalThis.__pwned = 2 /*"] },
      { fact: "x", operator: "matches", value: `${"\\"}u0022` }
    ])
    const p = compileCodegen(roots, [0, 1, 2])
    const f = { [evil]: { [evil]: evil } }
    assert.deepStrictEqual(fired(p.run, f, 3), [0])
    assert.strictEqual((globalThis as Record<string, unknown>).__pwned, undefined)
  })

  it("handles rule sets without conditions and duplicate roots", () => {
    const roots = load([{ all: [] }, { any: [] }, { not: { all: [] } }, { all: [] }])
    const order = [3, 2, 1, 0]
    for (const chunkRules of [1, 100]) {
      assert.deepStrictEqual(fired(compileCodegen(roots, order, { chunkRules }).run, {}, 4), [3, 1, 0])
    }
    assert.deepStrictEqual(fired(compileInterpreter(roots, order).run, {}, 4), [3, 1, 0])
  })

  it("never merges literals that JSON renders alike (null, undefined, NaN, a Date and its ISO text)", () => {
    // parameters reach the compiler as values, so non-JSON literals can appear in rules built in code
    const when = new Date("2026-01-01T00:00:00Z")
    const withParams = (conditions: ReadonlyArray<Condition.Condition>, params: Record<string, unknown>) =>
      conditions.map((c, i) => {
        const r = resolveRule(`r${i}`, c, params as never, ctx)
        if (Result.isFailure(r)) throw new Error(r.failure.message)
        return r.success
      })
    const roots = withParams([
      { fact: "x", operator: "in", value: { param: "nulls" } },
      { fact: "x", operator: "in", value: { param: "nans" } },
      { fact: "x", operator: "equal", value: { param: "nothing" } },
      { fact: "x", operator: "equal", value: null },
      { fact: "d", operator: "contains", value: { param: "date" } },
      { fact: "d", operator: "contains", value: { param: "iso" } }
    ], { nulls: [null], nans: [Number.NaN], nothing: undefined, date: when, iso: when.toISOString() })
    const order = [0, 1, 2, 3, 4, 5]
    for (const program of [compileInterpreter(roots, order), compileCodegen(roots, order)]) {
      assert.deepStrictEqual(fired(program.run, { x: null, d: [when.toISOString()] }, 6), [0, 3, 5])
      assert.deepStrictEqual(fired(program.run, { x: Number.NaN, d: [when] }, 6), [1, 4])
    }
  })
})
