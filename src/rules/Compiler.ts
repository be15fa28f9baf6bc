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
 * or parameter, circular reference, nesting deeper than `Condition.maxDepth`,
 * bad path, operator value of the wrong shape, unsafe regular expression,
 * `within` without a promised clock) fails `compileRuleSet` with a
 * `RuleLoadError`; {@link checkRules} reports every bad rule instead of the
 * first.
 *
 * Shared conditions are compiled once, however many rules (or other shared
 * conditions) reference them: loading is linear in the size of the rule set.
 *
 * Evaluation never throws and never fails on a rule. It is pure and
 * synchronous; a fact that cannot be read (a getter or proxy trap that
 * throws) is absent (`undefined`), and a comparison that cannot be made (a
 * value whose coercion throws) is false. The only clock it sees is the `now`
 * the caller passes: a rule set with `within` compiles only with
 * `{ providesNow: true }`, the caller's promise to pass `now` to every
 * `evaluate` ({@link evaluateNow} reads it from Effect's `Clock`). If `now`
 * is missing anyway, or not a valid instant, rules that use `within` do not
 * fire.
 *
 * Order: rules fire in descending `priority`; rules of equal priority keep
 * their input order.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Result } from "effect"
import * as Condition from "./Condition.ts"
import { sharedDepths } from "./internal/depth.ts"
import { explain as explainNode } from "./internal/explain.ts"
import { withinPath } from "./internal/leaves.ts"
import { childScope, type LoadContext, type Node, resolveRule } from "./internal/load.ts"
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
 * `path` locates the condition in the rule (`conditions.all[1].any[0]`).
 * A reference to a shared condition is a `Condition` node (its `path` is
 * where the reference is); its `condition` explains the shared condition's
 * body, whose paths are relative to it (`condition<name>.any[0]`). That body
 * is explained once per evaluation and the same object is shared by every
 * reference to it (per parameter scope), so an explanation is a DAG as large
 * as the rule set, not a tree as large as its expansion.
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
    readonly _tag: "Condition"
    readonly path: string
    /** the shared condition's name */
    readonly name: string
    readonly outcome: boolean
    readonly condition: ConditionExplanation
  }
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
  /** whether a rule uses `within`, so that `evaluate` needs `now` (without it, those rules do not fire) */
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
 * Options of `compileRuleSet`: shared conditions, rule-set parameters, and
 * whether the caller promises a clock.
 *
 * - `providesNow`: the caller passes `now` to every `evaluate` (or uses
 *   `evaluateNow`). Required when a rule uses `within`: without it such a
 *   rule fails to load, rather than be undecidable at every evaluation.
 *
 * @since 0.1.0
 * @category models
 */
export interface CompileOptions {
  readonly conditions?: Condition.SharedConditions | undefined
  readonly parameters?: Condition.Parameters | undefined
  readonly providesNow?: boolean | undefined
}

/** Epoch millis of `now`; `NaN` when it is missing or not a valid instant. */
const toMillis = (now: unknown): number => {
  if (typeof now === "number") return Number.isFinite(now) ? now : Number.NaN
  if (now instanceof Date) {
    try {
      return now.getTime()
    } catch {
      return Number.NaN
    }
  }
  return Number.NaN
}

interface Prepared<R> {
  readonly kept: ReadonlyArray<R>
  readonly roots: ReadonlyArray<Node>
  /** per kept rule: whether it uses `within` */
  readonly usesWithin: ReadonlyArray<boolean>
  readonly errors: ReadonlyArray<RuleLoadError>
}

/**
 * Checks and resolves every rule. `firstOnly` stops at the first bad rule;
 * otherwise every bad rule is reported and left out.
 */
const prepare = <R extends RuleInput>(
  rules: ReadonlyArray<R>,
  options: CompileOptions | undefined,
  firstOnly: boolean
): Prepared<R> => {
  const shared = options?.conditions ?? {}
  const ctx: LoadContext = { shared, sharedNames: Object.keys(shared) }
  const depths = sharedDepths(shared, Condition.maxDepth)
  const baseScope = options?.parameters ?? {}
  const withinMemo = new Map<Node, string | null>()
  const kept: Array<R> = []
  const roots: Array<Node> = []
  const usesWithin: Array<boolean> = []
  const errors: Array<RuleLoadError> = []
  const seen = new Set<string>()
  for (const rule of rules) {
    const error = (() => {
      const id = rule.id
      if (typeof id !== "string") {
        return new RuleLoadError({ ruleId: "", path: "id", expected: "a string", actual: showValue(id) })
      }
      if (seen.has(id)) {
        return new RuleLoadError({ ruleId: id, path: "id", expected: "an id not used by another rule in the set" })
      }
      seen.add(id)
      if (typeof rule.priority !== "number" || Number.isNaN(rule.priority)) {
        return new RuleLoadError({ ruleId: id, path: "priority", expected: "a number", actual: showValue(rule.priority) })
      }
      const deep = depths.check(rule.conditions, "conditions")
      if (deep !== undefined) return new RuleLoadError({ ruleId: id, ...deep })
      const scope = rule.parameters === undefined ? baseScope : childScope(ctx, baseScope, rule.parameters)
      const resolved = resolveRule(id, rule.conditions, scope, ctx)
      if (Result.isFailure(resolved)) return resolved.failure
      const within = withinPath(resolved.success, withinMemo)
      if (within !== undefined && options?.providesNow !== true) {
        return new RuleLoadError({
          ruleId: id,
          path: within,
          expected:
            "a rule set compiled with { providesNow: true }: `within` is relative to the `now` passed to evaluate, so the caller must promise to pass it (or use Compiler.evaluateNow)"
        })
      }
      kept.push(rule)
      roots.push(resolved.success)
      usesWithin.push(within !== undefined)
      return undefined
    })()
    if (error !== undefined) {
      errors.push(error)
      if (firstOnly) break
    }
  }
  return { kept, roots, usesWithin, errors }
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
  const prepared = prepare(rules, options, true)
  if (prepared.errors.length > 0) return yield* prepared.errors[0]!
  const order = rules.map((_, i) => i).sort((a, b) => rules[b]!.priority - rules[a]!.priority || a - b)
  return make(rules, prepared.roots, prepared.usesWithin, order, compile(prepared.roots, order))
})

/**
 * Checks every rule as `compileRuleSet` would, without compiling, and
 * returns one `RuleLoadError` per rule that would not load (in input order;
 * empty when all load). A rule whose id repeats an earlier rule's is
 * reported; the earlier one is not.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkRules = <R extends RuleInput>(
  rules: ReadonlyArray<R>,
  options?: CompileOptions
): Effect.Effect<ReadonlyArray<RuleLoadError>> => Effect.sync(() => prepare(rules, options, false).errors)

const make = <R extends RuleInput>(
  rules: ReadonlyArray<R>,
  roots: ReadonlyArray<Node>,
  usesWithin: ReadonlyArray<boolean>,
  order: ReadonlyArray<number>,
  program: Program
): CompiledRuleSet<R> => {
  const shared = new Int32Array(rules.length)
  let busy = false
  const ordered = order.map((i) => rules[i]!)
  const run = (facts: Facts, now: number): ReadonlyArray<R> => {
    // a fact getter that evaluates this rule set again gets its own buffer
    const out = busy ? new Int32Array(rules.length) : shared
    const outer = busy
    busy = true
    let n: number
    try {
      n = program.run(facts, now, out)
    } finally {
      busy = outer
    }
    const fired: Array<R> = []
    // without a valid `now`, `within` cannot be decided: rules that use it do not fire
    const undecided = now !== now && program.usesNow
    for (let i = 0; i < n; i++) {
      const index = out[i]!
      if (!(undecided && usesWithin[index])) fired.push(rules[index]!)
    }
    return fired
  }
  function evaluate(facts: Facts, options?: { readonly now?: number | Date | undefined; readonly explain?: false | undefined }): ReadonlyArray<R>
  function evaluate(
    facts: Facts,
    options: { readonly now?: number | Date | undefined; readonly explain: true | "all" }
  ): ReadonlyArray<RuleResult<R>>
  function evaluate(facts: Facts, options?: EvaluateOptions): ReadonlyArray<R> | ReadonlyArray<RuleResult<R>> {
    const now = toMillis(options?.now)
    const mode = options?.explain
    if (mode === undefined || mode === false) return run(facts, now)
    const undecided = now !== now && program.usesNow
    const memo = new Map<Node, ConditionExplanation>()
    const results: Array<RuleResult<R>> = []
    for (const i of order) {
      const explanation = explainNode(roots[i]!, facts, now, memo)
      const fired = explanation.outcome && !(undecided && usesWithin[i]!)
      if (fired || mode === "all") results.push({ rule: rules[i]!, fired, explanation })
    }
    return results
  }
  return {
    rules: ordered,
    usesNow: program.usesNow,
    evaluate,
    evaluateBatch: (batch, options) => {
      const now = toMillis(options?.now)
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
