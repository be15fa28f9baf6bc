/**
 * Hardening item 4: `evaluate` never throws. Before, a fact getter that
 * threw (or a proxy trap, or a path through a throwing getter) escaped from
 * `evaluate`, and `within` without `now` threw a TypeError.
 *
 * Decisions (see docs/guides/rules.md):
 * - a fact that cannot be read is absent (`undefined`); a comparison whose
 *   coercion throws is false;
 * - `within` needs the caller's promise of a clock at load
 *   (`{ providesNow: true }`), else the rule fails to load; if `now` is
 *   missing anyway, or not a valid instant, rules that use `within` do not
 *   fire.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import * as Compiler from "../../src/rules/Compiler.ts"
import type * as Condition from "../../src/rules/Condition.ts"
import { compileCodegen } from "../../src/rules/internal/codegen.ts"
import { resolveRule } from "../../src/rules/internal/load.ts"
import { compileInterpreter } from "../../src/rules/internal/program.ts"

const boom = (): never => {
  throw new Error("boom")
}
const throwingProxy = (target: object = {}) =>
  new Proxy(target, {
    get: boom,
    has: boom,
    getOwnPropertyDescriptor: boom,
    ownKeys: boom,
    getPrototypeOf: boom
  })
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

const compileOne = (conditions: Condition.Condition, options?: Compiler.CompileOptions) =>
  Compiler.compileRuleSet([{ id: "r", priority: 1, conditions }], options)
const firesWith = (rs: Compiler.CompiledRuleSet<Compiler.RuleInput>, facts: unknown, now?: unknown) =>
  rs.evaluate(facts as Compiler.Facts, { now: now as number }).length === 1

describe("hardening: evaluate never throws", () => {
  it.effect("a fact behind a throwing getter or proxy trap is absent", () =>
    Effect.gen(function*() {
      const absent = yield* compileOne({ fact: "campaign", path: "$.stats.roas", operator: "exists", value: false })
      const present = yield* compileOne({ fact: "campaign", path: "$.stats.roas", operator: "exists" })
      const hostile: ReadonlyArray<unknown> = [
        { get campaign() { return boom() } },
        { campaign: { get stats() { return boom() } } },
        { campaign: { stats: { get roas() { return boom() } } } },
        { campaign: throwingProxy() },
        { campaign: { stats: throwingProxy() } },
        { campaign: revoked() },
        throwingProxy(),
        revoked(),
        null,
        undefined
      ]
      for (const facts of hostile) {
        assert.isTrue(firesWith(absent, facts))
        assert.isFalse(firesWith(present, facts))
        const [explained] = absent.evaluate(facts as Compiler.Facts, { explain: true })
        assert.isTrue(explained!.fired)
        assert.deepInclude(explained!.explanation, { factValue: undefined })
      }
      // readable facts next to an unreadable one are still read
      const both = yield* compileOne({
        all: [
          { fact: "a", operator: "equal", value: 1 },
          { fact: "b", operator: "exists", value: false }
        ]
      })
      assert.isTrue(firesWith(both, { a: 1, get b() { return boom() } }))
    }))

  it.effect("a comparison whose coercion throws is false (and its negation true)", () =>
    Effect.gen(function*() {
      const hostileValues: ReadonlyArray<unknown> = [
        { valueOf: boom, toString: () => "5" },
        { [Symbol.toPrimitive]: boom },
        { toString: boom },
        Symbol("s"),
        Object.create(Date.prototype),
        throwingProxy([]),
        revoked()
      ]
      const ops: ReadonlyArray<Condition.Condition> = [
        { fact: "x", operator: "greaterThan", value: 1 },
        { fact: "x", operator: "lessThanInclusive", value: { fact: "y" } },
        { fact: "x", operator: "between", value: [0, 10] },
        { fact: "x", operator: "before", value: "2030-01-01T00:00:00Z" },
        { fact: "x", operator: "contains", value: 1 },
        { fact: "y", operator: "in", value: { fact: "x" } },
        { fact: "x", operator: "in", value: "abc" }
      ]
      for (const conditions of ops) {
        const rs = yield* compileOne(conditions)
        const negated = yield* compileOne({ not: conditions })
        for (const x of hostileValues) {
          assert.isFalse(firesWith(rs, { x, y: 3 }), `${JSON.stringify(conditions)} with ${String(typeof x)}`)
          assert.isTrue(firesWith(negated, { x, y: 3 }))
        }
      }
    }))

  it.effect("within: a load-time promise of a clock; without a valid now, rules that use it do not fire", () =>
    Effect.gen(function*() {
      const recent: Condition.Condition = { fact: "seen", operator: "within", value: { last: "1 hour" } }
      const notRecent: Condition.Condition = { not: recent }
      const unpromised = yield* Effect.flip(compileOne(notRecent))
      assert.strictEqual(unpromised._tag, "RuleLoadError")
      assert.strictEqual(unpromised.path, "conditions.not")
      assert.include(unpromised.expected, "providesNow")
      // in a shared condition, the path goes through the reference
      const shared = yield* Effect.flip(
        compileOne({ all: [{ condition: "fresh" }] }, { conditions: { fresh: { any: [recent] } } })
      )
      assert.strictEqual(shared.path, "conditions.all[0].condition<fresh>.any[0]")

      const rs = yield* Compiler.compileRuleSet([
        { id: "recent", priority: 3, conditions: recent },
        { id: "notRecent", priority: 2, conditions: notRecent },
        { id: "plain", priority: 1, conditions: { fact: "seen", operator: "exists" } }
      ], { providesNow: true })
      const now = Date.parse("2025-01-01T12:00:00Z")
      const facts = { seen: "2025-01-01T11:30:00Z" }
      assert.deepStrictEqual(rs.evaluate(facts, { now }).map((r) => r.id), ["recent", "plain"])
      assert.deepStrictEqual(rs.evaluate(facts, { now: now + 86_400_000 }).map((r) => r.id), ["notRecent", "plain"])
      for (const bad of [undefined, Number.NaN, Number.POSITIVE_INFINITY, "yesterday", new Date("garbage"), {}]) {
        assert.deepStrictEqual(rs.evaluate(facts, { now: bad as number }).map((r) => r.id), ["plain"], String(bad))
        assert.deepStrictEqual(rs.evaluateBatch([facts], { now: bad as number })[0]!.map((r) => r.id), ["plain"])
        const all = rs.evaluate(facts, { now: bad as number, explain: "all" })
        assert.deepStrictEqual(all.map((r) => [r.rule.id, r.fired]), [["recent", false], ["notRecent", false], ["plain", true]])
      }
    }))

  it.effect("a fact getter that evaluates the same rule set again gets its own result", () =>
    Effect.gen(function*() {
      const rs = yield* Compiler.compileRuleSet([
        { id: "a", priority: 2, conditions: { fact: "a", operator: "equal", value: 1 } },
        { id: "b", priority: 1, conditions: { fact: "b", operator: "equal", value: 1 } }
      ])
      let inner: ReadonlyArray<string> = []
      const outer = rs.evaluate({
        a: 1,
        get b() {
          inner = rs.evaluate({ a: 0, b: 1 }).map((r) => r.id)
          return 1
        }
      })
      assert.deepStrictEqual(outer.map((r) => r.id), ["a", "b"])
      assert.deepStrictEqual(inner, ["b"])
    }))

  // -------------------------------------------------------------------------
  // property: arbitrary (and hostile) facts never make evaluation throw, and the
  // generated code, the interpreter and the explaining evaluator agree
  // -------------------------------------------------------------------------

  const refs = [
    { fact: "x" },
    { fact: "y" },
    { fact: "o", path: "$.p" },
    { fact: "o", path: "$.q[1]" },
    { fact: "o", path: "$.p.r" },
    { fact: "constructor" }
  ] as const
  const ref = fc.constantFrom(...refs)
  const leaf: fc.Arbitrary<Condition.Condition> = ref.chain((r) =>
    fc.oneof(
      fc.record({
        operator: fc.constantFrom("greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive"),
        value: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant("3"), ref)
      }),
      fc.record({ operator: fc.constantFrom("equal", "notEqual"), value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant("a"), ref) }),
      fc.record({ operator: fc.constantFrom("in", "notIn"), value: fc.oneof(fc.constant([1, "a", null]), fc.constant("abc"), ref) }),
      fc.record({ operator: fc.constantFrom("contains", "doesNotContain"), value: fc.oneof(fc.constant(1), ref) }),
      fc.record({ operator: fc.constant("between"), value: fc.tuple(fc.oneof(fc.constant(0), ref), fc.constant(10)) }),
      fc.record({ operator: fc.constant("exists"), value: fc.boolean() }),
      fc.record({ operator: fc.constantFrom("startsWith", "endsWith"), value: fc.oneof(fc.constant("a"), ref) }),
      fc.record({ operator: fc.constant("matches"), value: fc.constant("^a") }),
      fc.record({ operator: fc.constantFrom("before", "after"), value: fc.oneof(fc.constant("2025-01-01T00:00:00Z"), ref) }),
      fc.record({ operator: fc.constant("within"), value: fc.constant({ last: "1 day", next: 1000 }) })
    ).map((c) => ({ ...r, ...c }) as Condition.Condition)
  )
  const { tree } = fc.letrec<{ tree: Condition.Condition }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small" },
      { weight: 5, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 3 }).map((all) => ({ all })) },
      { weight: 1, arbitrary: fc.array(tie("tree"), { maxLength: 3 }).map((any) => ({ any })) },
      { weight: 1, arbitrary: tie("tree").map((not) => ({ not })) }
    )
  }))

  // fast-check inspects the values it generates (and prints them), so it generates plain
  // descriptions and the property builds the hostile values from them
  const hostileKinds = [
    "getter",
    "proxy",
    "arrayProxy",
    "revoked",
    "valueOf",
    "toPrimitive",
    "toString",
    "fakeDate",
    "nullProto",
    "symbol",
    "bigint",
    "invalidDate",
    "date"
  ] as const
  type Desc =
    | { readonly kind: "plain"; readonly value: unknown }
    | { readonly kind: (typeof hostileKinds)[number] }
    | { readonly kind: "record"; readonly p?: Desc; readonly q?: ReadonlyArray<Desc> }
  const build = (d: Desc): unknown => {
    switch (d.kind) {
      case "plain":
        return d.value
      case "record": {
        const o: Record<string, unknown> = {}
        if (d.p !== undefined) o.p = build(d.p)
        if (d.q !== undefined) o.q = d.q.map(build)
        return o
      }
      case "getter":
        return { get p() { return boom() } }
      case "proxy":
        return throwingProxy()
      case "arrayProxy":
        return throwingProxy([1, 2])
      case "revoked":
        return revoked()
      case "valueOf":
        return { valueOf: boom, toString: () => "2" }
      case "toPrimitive":
        return { [Symbol.toPrimitive]: boom }
      case "toString":
        return { toString: boom, valueOf: boom }
      case "fakeDate":
        return Object.create(Date.prototype)
      case "nullProto":
        return Object.create(null)
      case "symbol":
        return Symbol("s")
      case "bigint":
        return 10n
      case "invalidDate":
        return new Date(Number.NaN)
      case "date":
        return new Date("2025-01-01T00:00:00Z")
    }
  }
  const hostile: fc.Arbitrary<Desc> = fc.constantFrom(...hostileKinds).map((kind) => ({ kind }))
  const plain: fc.Arbitrary<Desc> = fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withTypedArray: true,
    withSparseArray: true,
    maxDepth: 2
  }).map((value) => ({ kind: "plain", value }))
  const odd: fc.Arbitrary<Desc> = fc.oneof(
    { weight: 3, arbitrary: plain },
    { weight: 2, arbitrary: hostile },
    {
      weight: 2,
      arbitrary: fc.record({
        p: fc.oneof(hostile, plain),
        q: fc.array(fc.oneof(hostile, plain), { maxLength: 3 })
      }, { requiredKeys: [] }).map((r) => ({ kind: "record" as const, ...r }))
    }
  )
  type FactsDesc =
    | { readonly kind: "facts"; readonly fields: Readonly<Record<string, Desc>> }
    | { readonly kind: "throwingRoot" }
    | { readonly kind: "hostileRoot"; readonly root: Desc }
  const factsDesc: fc.Arbitrary<FactsDesc> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({ x: odd, y: odd, o: odd, constructor: odd }, { requiredKeys: [] }).map((fields) => ({
        kind: "facts" as const,
        fields
      }))
    },
    { weight: 1, arbitrary: fc.constant({ kind: "throwingRoot" as const }) },
    { weight: 1, arbitrary: hostile.map((root) => ({ kind: "hostileRoot" as const, root })) }
  )
  const buildFacts = (d: FactsDesc): unknown => {
    switch (d.kind) {
      case "facts": {
        const facts: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(d.fields)) {
          Object.defineProperty(facts, k, { value: build(v), enumerable: true, configurable: true, writable: true })
        }
        return facts
      }
      case "throwingRoot":
        return { get x() { return boom() }, y: 1, o: { p: "a" } }
      case "hostileRoot":
        return build(d.root)
    }
  }

  it("property: arbitrary facts (throwing getters, proxies, odd values) never make evaluation throw", () =>
    fc.assert(
      fc.property(
        fc.array(tree, { minLength: 1, maxLength: 12 }),
        fc.array(factsDesc, { minLength: 1, maxLength: 4 }),
        fc.oneof(fc.constant(Date.parse("2025-01-01T00:00:00Z")), fc.constant(undefined), fc.constant(Number.NaN)),
        (conditions, descriptions, now) => {
          const batch = descriptions.map(buildFacts)
          const rules = conditions.map((c, i) => ({ id: `r${i}`, priority: i % 3, conditions: c }))
          const rs = Effect.runSync(Compiler.compileRuleSet(rules, { providesNow: true }))
          const ctx = { shared: {}, sharedNames: [] }
          const roots = rules.map((r) => {
            const x = resolveRule(r.id, r.conditions, {}, ctx)
            if (Result.isFailure(x)) throw new Error(x.failure.message)
            return x.success
          })
          const order = rules.map((_, i) => i).sort((a, b) => rules[b]!.priority - rules[a]!.priority || a - b)
          const generated = compileCodegen(roots, order, { chunkRules: 5 })
          const interpreted = compileInterpreter(roots, order)
          for (const f of batch) {
            const fired = rs.evaluate(f as Compiler.Facts, { now }).map((r) => r.id)
            const explained = rs.evaluate(f as Compiler.Facts, { now, explain: "all" })
            assert.deepStrictEqual(explained.filter((r) => r.fired).map((r) => r.rule.id), fired)
            assert.deepStrictEqual(rs.evaluateBatch([f as Compiler.Facts], { now })[0]!.map((r) => r.id), fired)
            const at = now ?? Number.NaN
            const out = new Int32Array(rules.length)
            const viaCode = Array.from(out.subarray(0, generated.run(f as object, at, out)))
            const viaLoop = Array.from(out.subarray(0, interpreted.run(f as object, at, out)))
            assert.deepStrictEqual(viaCode, viaLoop)
          }
        }
      ),
      { numRuns: 300 }
    ))
})
