/**
 * Hardening item 2: shared conditions are compiled once, not copied at every
 * reference. A diamond of shared conditions (each referencing the one below
 * twice) used to be expanded into a tree of 2^levels nodes (44 s to load at
 * 22 levels). The measures here are structural, never timings: the resolved
 * DAG, the compiled node table and the generated source grow linearly with
 * the input, and evaluation agrees with a naive interpreter that expands
 * every reference.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import * as Compiler from "../../src/rules/Compiler.ts"
import type * as Condition from "../../src/rules/Condition.ts"
import { compileCodegen } from "../../src/rules/internal/codegen.ts"
import { type Node, resolveRule } from "../../src/rules/internal/load.ts"
import { compileInterpreter } from "../../src/rules/internal/program.ts"

// ---------------------------------------------------------------------------
// a multiplexer diamond: c_k = c_{k-1} ? a_k : b_k, referencing c_{k-1} twice
// ---------------------------------------------------------------------------

const diamond = (levels: number): Record<string, Condition.Condition> => {
  const conditions: Record<string, Condition.Condition> = { c0: { fact: "x", operator: "greaterThan", value: 0 } }
  for (let k = 1; k <= levels; k++) {
    const below: Condition.Condition = { condition: `c${k - 1}` }
    conditions[`c${k}`] = {
      any: [
        { all: [below, { fact: `a${k}`, operator: "equal", value: true }] },
        { all: [{ not: below }, { fact: `b${k}`, operator: "equal", value: true }] }
      ]
    }
  }
  return conditions
}

/** What the diamond computes, by a loop. */
const multiplexer = (levels: number, facts: Record<string, unknown>): boolean => {
  let v = typeof facts.x === "number" && facts.x > 0
  for (let k = 1; k <= levels; k++) v = v ? facts[`a${k}`] === true : facts[`b${k}`] === true
  return v
}

/** Condition nodes in the input: objects standing where a condition is expected. */
const inputNodes = (shared: Record<string, Condition.Condition>, roots: ReadonlyArray<Condition.Condition>): number => {
  let n = 0
  const walk = (c: unknown): void => {
    n++
    const o = c as Record<string, unknown>
    if (Array.isArray(o.all)) o.all.forEach(walk)
    if (Array.isArray(o.any)) o.any.forEach(walk)
    if (o.not !== undefined) walk(o.not)
  }
  Object.values(shared).forEach(walk)
  roots.forEach(walk)
  return n
}

/** Distinct resolved node objects (a shared body is one object however often it is referenced). */
const resolvedNodes = (roots: ReadonlyArray<Node>): number => {
  const seen = new Set<object>()
  const stack: Array<unknown> = [...roots]
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>
    if (seen.has(node)) continue
    seen.add(node)
    if (Array.isArray(node.children)) stack.push(...node.children)
    if (node.child !== undefined) stack.push(node.child)
    if (node.target !== undefined) stack.push(node.target)
  }
  return seen.size
}

const resolve = (shared: Record<string, Condition.Condition>, conditions: ReadonlyArray<Condition.Condition>) => {
  const ctx = { shared, sharedNames: Object.keys(shared) }
  return conditions.map((c, i) => {
    const r = resolveRule(`r${i}`, c, {}, ctx)
    if (Result.isFailure(r)) throw new Error(r.failure.message)
    return r.success
  })
}

const diamondFacts = (levels: number) =>
  fc.record(
    Object.fromEntries([
      ["x", fc.constantFrom(-1, 0, 1, 2, "3", undefined)],
      ...Array.from({ length: levels }, (_, i) => [`a${i + 1}`, fc.boolean()]),
      ...Array.from({ length: levels }, (_, i) => [`b${i + 1}`, fc.boolean()])
    ]) as Record<string, fc.Arbitrary<unknown>>,
    { noNullPrototype: true }
  )

// ---------------------------------------------------------------------------
// a naive interpreter: expands every reference, as the old loader did
// ---------------------------------------------------------------------------

type Scope = Readonly<Record<string, number>>

const naive = (c: Condition.Condition, shared: Record<string, Condition.Condition>, scope: Scope, facts: Record<string, unknown>): boolean => {
  if ("all" in c) return c.all.every((x) => naive(x, shared, scope, facts))
  if ("any" in c) return c.any.length === 0 || c.any.some((x) => naive(x, shared, scope, facts))
  if ("not" in c) return !naive(c.not, shared, scope, facts)
  if ("condition" in c) return naive(shared[c.condition]!, shared, { ...scope, ...(c.params as Scope | undefined) }, facts)
  const raw = c.value as number | { readonly param: string }
  const value = typeof raw === "number" ? raw : scope[raw.param]!
  const fact = facts[c.fact]
  switch (c.operator) {
    case "greaterThan":
      return typeof fact === "number" && fact > value
    case "lessThanInclusive":
      return typeof fact === "number" && fact <= value
    default:
      return fact === value
  }
}

const factLeaf: fc.Arbitrary<Condition.Condition> = fc.record({
  fact: fc.constantFrom("x", "y"),
  operator: fc.constantFrom("greaterThan", "lessThanInclusive", "equal"),
  value: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constant({ param: "t" }))
}) as fc.Arbitrary<Condition.Condition>

/** Shared conditions c0..cn, each referencing earlier ones (often the one below, often twice), with or without params. */
const sharedDag = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.tuple(...Array.from({ length: n + 1 }, (_, k) => {
    const reference: fc.Arbitrary<Condition.Condition> = k === 0 ? factLeaf : fc.oneof(
      { weight: 3, arbitrary: fc.constant({ condition: `c${k - 1}` }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: k - 1 }).map((j) => ({ condition: `c${j}` })) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: -1, max: 1 }).map((t) => ({ condition: `c${k - 1}`, params: { t } }))
      }
    )
    const { tree } = fc.letrec<{ tree: Condition.Condition }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small", maxDepth: 3 },
        { weight: 3, arbitrary: fc.oneof(factLeaf, reference, reference) },
        { weight: 1, arbitrary: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
        { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 3 }).map((any) => ({ any })) },
        { weight: 1, arbitrary: tie("tree").map((not) => ({ not })) }
      )
    }))
    // make sure each level references the one below (twice, for a diamond)
    return k === 0 ? tree : fc.tuple(tree, tree).map(([a, b]) => ({
      any: [{ all: [a, { condition: `c${k - 1}` }] }, { all: [b, { not: { condition: `c${k - 1}` } }] }]
    }))
  })).map((cs) => Object.fromEntries(cs.map((c, k) => [`c${k}`, c])) as Record<string, Condition.Condition>)
)

describe("hardening: shared conditions compiled once", () => {
  it("a diamond resolves to a DAG linear in its size (the old loader built 2^levels nodes)", () => {
    for (const levels of [8, 14, 30]) {
      const shared = diamond(levels)
      const roots = resolve(shared, [{ condition: `c${levels}` }])
      const input = inputNodes(shared, [{ condition: `c${levels}` }])
      assert.isAtMost(resolvedNodes(roots), 2 * input, `${levels} levels`)
    }
  })

  it("the compiled program and the generated source are linear in the input", () => {
    for (const levels of [10, 20, 30]) {
      const shared = diamond(levels)
      const conditions = [{ condition: `c${levels}` }, { not: { condition: `c${levels - 1}` } }]
      const roots = resolve(shared, conditions)
      const input = inputNodes(shared, conditions)
      const json = JSON.stringify({ shared, conditions }).length
      const generated = compileCodegen(roots, [0, 1])
      const interpreted = compileInterpreter(roots, [0, 1])
      assert.isAtMost(generated.stats.nodes, input, `${levels} levels: generated nodes`)
      assert.isAtMost(interpreted.stats.nodes, input, `${levels} levels: interpreter nodes`)
      assert.isAtMost(generated.stats.sourceLength, 20 * json, `${levels} levels: generated source`)
      assert.isAbove(generated.stats.hoisted, 0, "large shared nodes get their own function")
    }
  })

  it.effect("a 30-level diamond loads, and fires as the loop it encodes", () =>
    Effect.gen(function*() {
      const levels = 30
      const shared = diamond(levels)
      const rs = yield* Compiler.compileRuleSet([
        { id: "top", priority: 2, conditions: { condition: `c${levels}` } },
        { id: "notBelow", priority: 1, conditions: { not: { condition: `c${levels - 1}` } } }
      ], { conditions: shared })
      fc.assert(
        fc.property(diamondFacts(levels), (facts) => {
          const expected = [
            ...(multiplexer(levels, facts) ? ["top"] : []),
            ...(multiplexer(levels - 1, facts) ? [] : ["notBelow"])
          ]
          assert.deepStrictEqual(rs.evaluate(facts).map((r) => r.id), expected)
          const explained = rs.evaluate(facts, { explain: "all" })
          assert.deepStrictEqual(explained.filter((r) => r.fired).map((r) => r.rule.id), expected)
          // the explanation shares the body of each shared condition: it is a DAG as small as the input
          const seen = new Set<object>()
          const stack: Array<object> = explained.map((r) => r.explanation)
          while (stack.length > 0) {
            const e = stack.pop() as Compiler.ConditionExplanation
            if (seen.has(e)) continue
            seen.add(e)
            if (e._tag === "All" || e._tag === "Any") stack.push(...e.conditions)
            else if (e._tag === "Not" || e._tag === "Condition") stack.push(e.condition)
          }
          assert.isAtMost(seen.size, 2 * inputNodes(shared, [{ condition: "c30" }, { not: { condition: "c29" } }]))
        }),
        { numRuns: 200 }
      )
    }))

  it("random DAGs of shared conditions (diamonds, parameters) fire as a naive expanding interpreter says", () =>
    fc.assert(
      fc.property(
        sharedDag,
        fc.array(fc.record({ x: fc.integer({ min: -3, max: 3 }), y: fc.integer({ min: -3, max: 3 }) }), {
          minLength: 1,
          maxLength: 5
        }),
        fc.boolean(),
        (shared, batch, withParams) => {
          const names = Object.keys(shared)
          const rules = names.map((name, i) => ({
            id: `r${i}`,
            priority: 0,
            conditions: (withParams && i % 2 === 1 ? { condition: name, params: { t: 1 } } : { condition: name }) as Condition.Condition
          }))
          const rs = Effect.runSync(Compiler.compileRuleSet(rules, { conditions: shared, parameters: { t: 0 } }))
          const ctx = { shared, sharedNames: names }
          const roots = rules.map((r) => {
            const x = resolveRule(r.id, r.conditions, { t: 0 }, ctx)
            if (Result.isFailure(x)) throw new Error(x.failure.message)
            return x.success
          })
          const order = rules.map((_, i) => i)
          const interpreted = compileInterpreter(roots, order)
          const generated = compileCodegen(roots, order, { chunkRules: 3 })
          for (const facts of batch) {
            const expected = rules.filter((r) => naive(r.conditions, shared, { t: 0 }, facts)).map((r) => r.id)
            assert.deepStrictEqual(rs.evaluate(facts).map((r) => r.id), expected, JSON.stringify({ shared, facts }))
            assert.deepStrictEqual(
              rs.evaluate(facts, { explain: true }).map((r) => r.rule.id),
              expected
            )
            const out = new Int32Array(rules.length)
            assert.deepStrictEqual(Array.from(out.subarray(0, interpreted.run(facts, 0, out)), (i) => `r${i}`), expected)
            assert.deepStrictEqual(Array.from(out.subarray(0, generated.run(facts, 0, out)), (i) => `r${i}`), expected)
          }
          // linear: a body is compiled once per distinct parameter scope (t is -1, 0 or 1 here)
          assert.isAtMost(generated.stats.nodes, 3 * inputNodes(shared, rules.map((r) => r.conditions)))
          assert.isAtMost(resolvedNodes(roots), 3 * inputNodes(shared, rules.map((r) => r.conditions)))
        }
      ),
      { numRuns: 300 }
    ))

  it.effect("cycles among shared conditions are still rejected, with the path and the cycle", () =>
    Effect.gen(function*() {
      const conditions: Record<string, Condition.Condition> = {
        a: { all: [{ condition: "b" }, { condition: "b" }] },
        b: { any: [{ fact: "x", operator: "equal", value: 1 }, { condition: "c" }] },
        c: { not: { condition: "a" } }
      }
      const e = yield* Effect.flip(
        Compiler.compileRuleSet([{ id: "loop", priority: 1, conditions: { all: [{ condition: "a" }] } }], { conditions })
      )
      assert.strictEqual(e.ruleId, "loop")
      assert.strictEqual(e.path, "conditions.all[0].condition<a>.all[0].condition<b>.any[1].condition<c>.not.condition")
      assert.include(e.expected, "a -> b -> c -> a")
      // a cycle below a diamond
      const below = { ...diamond(12), c0: { any: [{ condition: "d" }] }, d: { not: { condition: "c0" } } }
      const deep = yield* Effect.flip(
        Compiler.compileRuleSet([{ id: "deep", priority: 1, conditions: { condition: "c12" } }], { conditions: below })
      )
      assert.include(deep.expected, "c0 -> d -> c0")
      // every rule that reaches a cycle is reported
      const checked = yield* Compiler.checkRules([
        { id: "one", priority: 1, conditions: { condition: "a" } },
        { id: "fine", priority: 1, conditions: { fact: "x", operator: "equal", value: 1 } },
        { id: "two", priority: 1, conditions: { not: { condition: "b" } } }
      ], { conditions })
      assert.deepStrictEqual(checked.map((x) => x.ruleId), ["one", "two"])
      assert.include(checked[1]!.expected, "b -> c -> a -> b")
    }))
})
