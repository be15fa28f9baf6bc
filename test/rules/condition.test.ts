import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Compiler from "../../src/rules/Compiler.ts"
import * as Condition from "../../src/rules/Condition.ts"
import * as FactPath from "../../src/rules/FactPath.ts"
import * as RegexSafety from "../../src/rules/internal/regexSafety.ts"

const loadError = (conditions: unknown, options?: Compiler.CompileOptions & { readonly parameters?: Condition.Parameters }) =>
  Effect.flip(
    Compiler.compileRuleSet([{ id: "r1", priority: 1, conditions: conditions as Condition.Condition }], options)
  )

const fires = (conditions: Condition.Condition, facts: Compiler.Facts, options?: Compiler.CompileOptions, now?: number) =>
  Effect.map(
    Compiler.compileRuleSet([{ id: "r", priority: 1, conditions }], { ...options, providesNow: true }),
    (rs) => rs.evaluate(facts, { now }).length === 1
  )

describe("Condition schema", () => {
  it.effect("round-trips a nested condition through JSON", () =>
    Effect.gen(function*() {
      const c: Condition.Condition = Condition.all(
        Condition.fact("campaign", "lessThan", 0.01, "$.metrics.ctr"),
        Condition.any(Condition.not(Condition.fact("status", "equal", "paused")), Condition.reference("big", { min: 5 }))
      )
      const json = JSON.parse(JSON.stringify(c))
      const decoded = yield* Condition.decode(json)
      assert.deepStrictEqual(decoded, c)
      assert.deepStrictEqual(Schema.decodeUnknownSync(Condition.Condition)(json), c)
    }))

  it.effect("reports the path to a bad node and what was expected", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(Condition.decode({
        all: [
          { fact: "a", operator: "equal", value: 1 },
          { fact: "b", operator: "equal", value: 1 },
          { any: [{ fact: "c", operator: "greaterThen", value: 1 }] }
        ]
      }, { ruleId: "rule-7" }))
      assert.strictEqual(e._tag, "RuleLoadError")
      assert.strictEqual(e.ruleId, "rule-7")
      assert.strictEqual(e.path, "conditions.all[2].any[0].operator")
      assert.include(e.expected, "\"greaterThan\"")
      assert.strictEqual(e.actual, "\"greaterThen\"")
      const twoKinds = yield* Effect.flip(Condition.decode({ all: [], any: [] }))
      assert.strictEqual(twoKinds.path, "conditions.any")
      const notObject = yield* Effect.flip(Condition.decode({ not: [1] }))
      assert.strictEqual(notObject.path, "conditions.not")
    }))
})

describe("load-time validation", () => {
  it.effect("fails on unknown shared conditions, unknown parameters and cycles", () =>
    Effect.gen(function*() {
      const unknownShared = yield* loadError({ all: [{ condition: "nope" }] }, { conditions: { yes: { all: [] } } })
      assert.strictEqual(unknownShared.path, "conditions.all[0].condition")
      assert.include(unknownShared.expected, "\"yes\"")
      const unknownParam = yield* loadError(
        { any: [{ fact: "a", operator: "lessThan", value: { param: "limit" } }] },
        { parameters: { other: 1 } }
      )
      assert.strictEqual(unknownParam.path, "conditions.any[0].value.param")
      const cycle = yield* loadError({ condition: "a" }, {
        conditions: { a: { any: [{ condition: "b" }] }, b: { not: { condition: "a" } } }
      })
      assert.include(cycle.expected, "a -> b -> a")
    }))

  it.effect("fails on operator values of the wrong shape", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Condition.Condition, string]> = [
        [{ all: [{ fact: "a", operator: "between", value: [1] }] }, "conditions.all[0].value"],
        [{ all: [{ fact: "a", operator: "in", value: 3 }] }, "conditions.all[0].value"],
        [{ all: [{ fact: "a", operator: "greaterThan" }] }, "conditions.all[0].value"],
        [{ all: [{ fact: "a", operator: "within", value: { last: "7 fortnights" } }] }, "conditions.all[0].value.last"],
        [{ all: [{ fact: "a", operator: "before", value: "not a date" }] }, "conditions.all[0].value"],
        [{ all: [{ fact: "a", operator: "exists", value: "yes" }] }, "conditions.all[0].value"],
        [{ all: [{ fact: "a", path: "$.x[*]", operator: "exists" }] }, "conditions.all[0].path"],
        [{ all: [{ fact: "a", operator: "matches", value: "(a+)+$" }] }, "conditions.all[0].value"]
      ]
      for (const [conditions, path] of cases) {
        const e = yield* loadError(conditions)
        assert.strictEqual(e.path, path, JSON.stringify(conditions))
      }
      const inShared = yield* loadError({ all: [{ condition: "s" }] }, {
        conditions: { s: { any: [{ fact: "a", operator: "startsWith", value: 3 }] } }
      })
      assert.strictEqual(inShared.path, "conditions.all[0].condition<s>.any[0].value")
    }))

  it.effect("fails on duplicate ids and a non-number priority", () =>
    Effect.gen(function*() {
      const dup = yield* Effect.flip(Compiler.compileRuleSet([
        { id: "x", priority: 1, conditions: { all: [] } },
        { id: "x", priority: 2, conditions: { all: [] } }
      ]))
      assert.strictEqual(dup.path, "id")
      const nan = yield* Effect.flip(Compiler.compileRuleSet([{ id: "x", priority: Number.NaN, conditions: { all: [] } }]))
      assert.strictEqual(nan.path, "priority")
    }))
})

describe("regular expression safety", () => {
  it("rejects catastrophic patterns and accepts ordinary ones", () => {
    for (const unsafe of ["(a+)+", "(a*)*", "(a|a)*", "(a|ab)+$", "(.*)\\1", "(?<x>a)\\k<x>", "(\\w+\\s?)*$", ".*.*=.*", "x".repeat(300)]) {
      assert.isDefined(RegexSafety.check(unsafe, ""), unsafe)
    }
    assert.isDefined(RegexSafety.check("abc", "g"))
    assert.isDefined(RegexSafety.check("(", ""))
    for (const safe of ["^spring-(sale|promo)$", "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "^SKU-\\d{4}$", "(?:ab)+c", "\\d+\\s+"]) {
      assert.isUndefined(RegexSafety.check(safe, "i"), safe)
    }
  })
})

describe("operators", () => {
  it.effect("compare dates given as ISO strings, epoch millis or Date, and `within` a caller's now", () =>
    Effect.gen(function*() {
      const now = Date.parse("2025-03-10T12:00:00Z")
      const launch = { fact: "launch", operator: "before" as const, value: "2025-03-01T00:00:00Z" }
      assert.isTrue(yield* fires(launch, { launch: "2025-02-01T00:00:00Z" }))
      assert.isTrue(yield* fires(launch, { launch: Date.parse("2025-02-01T00:00:00Z") }))
      assert.isTrue(yield* fires(launch, { launch: new Date("2025-02-01T00:00:00Z") }))
      assert.isFalse(yield* fires(launch, { launch: "garbage" }))
      assert.isTrue(yield* fires({ fact: "d", operator: "after", value: { fact: "e" } }, { d: 2000, e: "1970-01-01T00:00:01Z" }))
      const recent = { fact: "seen", operator: "within" as const, value: { last: "7 days" } }
      assert.isTrue(yield* fires(recent, { seen: "2025-03-05T00:00:00Z" }, undefined, now))
      assert.isFalse(yield* fires(recent, { seen: "2025-03-01T00:00:00Z" }, undefined, now))
      assert.isFalse(yield* fires(recent, { seen: "2025-03-11T00:00:00Z" }, undefined, now))
      assert.isTrue(yield* fires({ fact: "seen", operator: "within", value: { next: "1 day" } }, { seen: now + 3_600_000 }, undefined, now))
    }))

  it.effect("within needs the caller's promise of a clock at load, and reads now from the Clock with evaluateNow", () =>
    Effect.gen(function*() {
      const conditions: Condition.Condition = { all: [{ fact: "t", operator: "within", value: { last: 1000 } }] }
      const unpromised = yield* Effect.flip(Compiler.compileRuleSet([{ id: "r", priority: 1, conditions }]))
      assert.strictEqual(unpromised.path, "conditions.all[0]")
      assert.include(unpromised.expected, "providesNow")
      const rs = yield* Compiler.compileRuleSet([{ id: "r", priority: 1, conditions }], { providesNow: true })
      assert.isTrue(rs.usesNow)
      // TestClock starts at 0
      assert.strictEqual((yield* Compiler.evaluateNow(rs, { t: 0 })).length, 1)
      assert.strictEqual((yield* Compiler.evaluateNow(rs, { t: 5000 })).length, 0)
    }))

  it.effect("between, exists, startsWith, endsWith, matches, contains", () =>
    Effect.gen(function*() {
      assert.isTrue(yield* fires({ fact: "x", operator: "between", value: [1, 3] }, { x: 3 }))
      assert.isFalse(yield* fires({ fact: "x", operator: "between", value: [1, 3] }, { x: 3.5 }))
      assert.isTrue(yield* fires({ fact: "x", operator: "between", value: [{ fact: "lo" }, 3] }, { x: 2, lo: 2 }))
      assert.isTrue(yield* fires({ fact: "x", operator: "exists" }, { x: 0 }))
      assert.isFalse(yield* fires({ fact: "x", operator: "exists" }, { x: null }))
      assert.isTrue(yield* fires({ fact: "x", operator: "exists", value: false }, {}))
      assert.isTrue(yield* fires({ fact: "n", operator: "startsWith", value: "spring" }, { n: "spring-sale" }))
      assert.isTrue(yield* fires({ fact: "n", operator: "endsWith", value: "sale" }, { n: "spring-sale" }))
      assert.isFalse(yield* fires({ fact: "n", operator: "endsWith", value: "sale" }, { n: 5 }))
      assert.isTrue(yield* fires({ fact: "n", operator: "matches", value: { pattern: "^SPRING", flags: "i" } }, { n: "spring-sale" }))
      assert.isTrue(yield* fires({ fact: "tags", operator: "contains", value: "vip" }, { tags: ["a", "vip"] }))
      assert.isFalse(yield* fires({ fact: "tags", operator: "doesNotContain", value: "vip" }, { tags: "vip" }))
    }))

  it.effect("reads nested objects and arrays through a path, and compares facts with facts", () =>
    Effect.gen(function*() {
      const facts = { campaign: { metrics: { ctr: 0.02 }, channels: ["email", "sms"] }, target: { ctr: 0.01 } }
      assert.isTrue(yield* fires({ fact: "campaign", path: "$.metrics.ctr", operator: "greaterThan", value: { fact: "target", path: "$.ctr" } }, facts))
      assert.isTrue(yield* fires({ fact: "campaign", path: "$.channels[1]", operator: "equal", value: "sms" }, facts))
      assert.isTrue(yield* fires({ fact: "campaign", path: "channels[5]", operator: "exists", value: false }, facts))
      assert.deepStrictEqual(FactPath.parse("$['a b'][2].c"), FactPath.parse("$[\"a b\"][2].c"))
    }))

  it.effect("parameters resolve from the reference, then the rule, then the rule set", () =>
    Effect.gen(function*() {
      const shared = { highSpend: { all: [{ fact: "spend", operator: "greaterThan" as const, value: { param: "limit" } }] } }
      const rs = yield* Compiler.compileRuleSet([
        { id: "ref", priority: 1, conditions: { condition: "highSpend", params: { limit: 100 } } },
        { id: "rule", priority: 1, conditions: { condition: "highSpend" }, parameters: { limit: 200 } },
        { id: "set", priority: 1, conditions: { condition: "highSpend" } }
      ], { conditions: shared, parameters: { limit: 300 } })
      assert.deepStrictEqual(rs.evaluate({ spend: 150 }).map((r) => r.id), ["ref"])
      assert.deepStrictEqual(rs.evaluate({ spend: 250 }).map((r) => r.id), ["ref", "rule"])
      assert.deepStrictEqual(rs.evaluate({ spend: 350 }).map((r) => r.id), ["ref", "rule", "set"])
    }))
})
