/**
 * Compiles a rule set's conditions once into fast predicates and evaluates
 * facts against it.
 *
 * ```ts
 * const ruleSet = yield* Compiler.compileRuleSet(rules, { conditions: shared, parameters })
 * ruleSet.evaluate({ campaign })                          // fired rules, highest priority first
 * ruleSet.evaluate({ campaign }, { explain: true })       // with the value and outcome of every condition
 * ruleSet.evaluate({ campaign }, { now: Date.parse(...) }) // `within` is relative to this instant
 * ```
 *
 * Everything that can be wrong with a rule (schema, unknown shared condition
 * or parameter, circular reference, bad path, operator value of the wrong
 * shape, unsafe regular expression) fails `compileRuleSet` with a
 * `RuleLoadError`; evaluation itself never fails on a rule.
 *
 * Evaluation is pure and synchronous: the only clock it sees is the `now` the
 * caller passes (required when a rule uses `within`; {@link evaluateNow} reads
 * it from Effect's `Clock`).
 *
 * Order: rules fire in descending `priority`; rules of equal priority keep
 * their input order.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Result } from "effect"
import type * as Condition from "./Condition.ts"
import { explain as explainNode } from "./internal/explain.ts"
import { type Node, resolveRule } from "./internal/load.ts"
import { showValue } from "./internal/path.ts"
import { compile, type Program } from "./internal/program.ts"
import type * as Operator from "./Operator.ts"
import { RuleLoadError } from "./RuleLoadError.ts"

/**
 * What `compileRuleSet` needs of a rule; any extra fields are kept and
 * returned with the fired rules.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleInput {
  readonly id: string
  readonly priority: number
  readonly conditions: Condition.Condition
  /** values for `{ "param": name }`, over the rule set's parameters */
  readonly parameters?: Condition.Parameters | undefined
}

/**
 * The facts a rule set is evaluated against: top-level fact names to values.
 *
 * @since 0.1.0
 * @category models
 */
export type Facts = Readonly<Record<string, unknown>>

/**
 * The value and outcome of one condition, and of its sub-conditions.
 *
 * `path` locates the condition in the rule (`conditions.all[1].any[0]`; a
 * shared condition's nodes read `conditions.all[0].condition<name>.any[0]`).
 * For a fact condition, `factValue` is what the fact (and path) held and
 * `value` what it was compared with (a referenced fact's value, `[low, high]`
 * for `between`, `{ from, to }` epoch millis for `within`).
 *
 * @since 0.1.0
 * @category models
 */
export type ConditionExplanation =
  | {
    readonly _tag: "All" | "Any"
    readonly path: string
    readonly outcome: boolean
    readonly conditions: ReadonlyArray<ConditionExplanation>
  }
  | { readonly _tag: "Not"; readonly path: string; readonly outcome: boolean; readonly condition: ConditionExplanation }
  | {
    readonly _tag: "Fact"
    readonly path: string
    readonly fact: string
    readonly factPath?: string
    readonly operator: Operator.Operator
    readonly factValue: unknown
    readonly value: unknown
    readonly outcome: boolean
  }

/**
 * A rule's result with its explanation.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleResult<R> {
  readonly rule: R
  readonly fired: boolean
  readonly explanation: ConditionExplanation
}

/**
 * Options of `evaluate`.
 *
 * - `now`: the instant `within` is relative to (epoch millis or `Date`).
 * - `explain`: `true` returns the fired rules with explanations; `"all"`
 *   returns every rule (fired or not), in priority order.
 *
 * @since 0.1.0
 * @category models
 */
export interface EvaluateOptions {
  readonly now?: number | Date | undefined
  readonly explain?: boolean | "all" | undefined
}

/**
 * A compiled rule set.
 *
 * @since 0.1.0
 * @category models
 */
export interface CompiledRuleSet<R extends RuleInput> {
  /** the rules, in firing order (priority descending, then input order) */
  readonly rules: ReadonlyArray<R>
  /** whether a rule uses `within`, so that `evaluate` needs `now` */
  readonly usesNow: boolean
  /** Evaluates one set of facts; returns the fired rules in priority order. */
  evaluate(facts: Facts, options?: { readonly now?: number | Date | undefined; readonly explain?: false | undefined }): ReadonlyArray<R>
  /** Evaluates with explanations. */
  evaluate(
    facts: Facts,
    options: { readonly now?: number | Date | undefined; readonly explain: true | "all" }
  ): ReadonlyArray<RuleResult<R>>
  /** Evaluates a batch of fact sets; one list of fired rules per set. */
  evaluateBatch(
    batch: ReadonlyArray<Facts>,
    options?: { readonly now?: number | Date | undefined }
  ): ReadonlyArray<ReadonlyArray<R>>
}

/**
 * Options of `compileRuleSet`: shared conditions and rule-set parameters.
 *
 * @since 0.1.0
 * @category models
 */
export interface CompileOptions {
  readonly conditions?: Condition.SharedConditions | undefined
  readonly parameters?: Condition.Parameters | undefined
}

const toMillis = (now: number | Date | undefined, usesNow: boolean): number => {
  if (now === undefined) {
    if (usesNow) {
      throw new TypeError("ringmaster rules: this rule set uses `within`; pass { now } to evaluate (or use evaluateNow)")
    }
    return 0
  }
  return typeof now === "number" ? now : now.getTime()
}

/**
 * Loads and compiles a rule set. Fails with a `RuleLoadError` naming the rule,
 * the path to the bad node and what was expected.
 *
 * @since 0.1.0
 * @category constructors
 */
export const compileRuleSet: <R extends RuleInput>(
  rules: ReadonlyArray<R>,
  options?: CompileOptions
) => Effect.Effect<CompiledRuleSet<R>, RuleLoadError> = Effect.fnUntraced(function*<R extends RuleInput>(
  rules: ReadonlyArray<R>,
  options?: CompileOptions
) {
  const shared = options?.conditions ?? {}
  const ctx = { shared, sharedNames: Object.keys(shared) }
  const baseScope = options?.parameters ?? {}
  const roots: Array<Node> = []
  const seen = new Set<string>()
  for (const rule of rules) {
    const id = rule.id
    if (typeof id !== "string") {
      return yield* new RuleLoadError({ ruleId: "", path: "id", expected: "a string", actual: showValue(id) })
    }
    if (seen.has(id)) {
      return yield* new RuleLoadError({ ruleId: id, path: "id", expected: "an id not used by another rule in the set" })
    }
    seen.add(id)
    if (typeof rule.priority !== "number" || Number.isNaN(rule.priority)) {
      return yield* new RuleLoadError({
        ruleId: id,
        path: "priority",
        expected: "a number",
        actual: showValue(rule.priority)
      })
    }
    const scope = rule.parameters === undefined ? baseScope : { ...baseScope, ...rule.parameters }
    const resolved = resolveRule(id, rule.conditions, scope, ctx)
    if (Result.isFailure(resolved)) return yield* resolved.failure
    roots.push(resolved.success)
  }
  const order = rules.map((_, i) => i).sort((a, b) => rules[b]!.priority - rules[a]!.priority || a - b)
  return make(rules, roots, order, compile(roots, order))
})

const make = <R extends RuleInput>(
  rules: ReadonlyArray<R>,
  roots: ReadonlyArray<Node>,
  order: ReadonlyArray<number>,
  program: Program
): CompiledRuleSet<R> => {
  const out = new Int32Array(rules.length)
  const ordered = order.map((i) => rules[i]!)
  const run = (facts: Facts, now: number): ReadonlyArray<R> => {
    const n = program.run(facts, now, out)
    const fired: Array<R> = new Array(n)
    for (let i = 0; i < n; i++) fired[i] = rules[out[i]!]!
    return fired
  }
  function evaluate(facts: Facts, options?: { readonly now?: number | Date | undefined; readonly explain?: false | undefined }): ReadonlyArray<R>
  function evaluate(
    facts: Facts,
    options: { readonly now?: number | Date | undefined; readonly explain: true | "all" }
  ): ReadonlyArray<RuleResult<R>>
  function evaluate(facts: Facts, options?: EvaluateOptions): ReadonlyArray<R> | ReadonlyArray<RuleResult<R>> {
    const now = toMillis(options?.now, program.usesNow)
    const mode = options?.explain
    if (mode === undefined || mode === false) return run(facts, now)
    const results: Array<RuleResult<R>> = []
    for (const i of order) {
      const explanation = explainNode(roots[i]!, facts, now)
      if (explanation.outcome || mode === "all") {
        results.push({ rule: rules[i]!, fired: explanation.outcome, explanation })
      }
    }
    return results
  }
  return {
    rules: ordered,
    usesNow: program.usesNow,
    evaluate,
    evaluateBatch: (batch, options) => {
      const now = toMillis(options?.now, program.usesNow)
      return batch.map((facts) => run(facts, now))
    }
  }
}

/**
 * Evaluates with `now` read from Effect's `Clock` (so `TestClock` drives
 * `within` in tests).
 *
 * @since 0.1.0
 * @category evaluation
 */
export const evaluateNow = <R extends RuleInput>(
  ruleSet: CompiledRuleSet<R>,
  facts: Facts
): Effect.Effect<ReadonlyArray<R>> =>
  Effect.map(Clock.currentTimeMillis, (now) => ruleSet.evaluate(facts, { now }))
