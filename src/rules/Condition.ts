/**
 * The condition language of Ringmaster rules, described by Schema and
 * serialisable as JSON.
 *
 * A condition is one of:
 *
 * ```json
 * { "all": [ <condition>, ... ] }            // every one holds (true when empty)
 * { "any": [ <condition>, ... ] }            // at least one holds (true when empty, as in json-rules-engine)
 * { "not": <condition> }
 * { "condition": "highSpend", "params": { "limit": 500 } }   // a named shared condition
 * { "fact": "campaign", "path": "$.metrics.ctr", "operator": "lessThan", "value": 0.01 }
 * ```
 *
 * In a fact condition, `fact` names a top-level fact and the optional `path`
 * reaches into it (`$.a.b[0]`, `a.b[0]`, `$['a b'][2]`; see `FactPath`).
 * The `value` is a JSON literal, or one of two references:
 *
 * - `{ "fact": "other", "path": "$.x" }` compares against another fact
 *   (any object with an own `fact` key is a reference, as in
 *   json-rules-engine);
 * - `{ "param": "limit" }` is a parameter, resolved at load from the
 *   referencing condition's `params`, then the rule's, then the rule set's;
 *   an unknown parameter fails at load.
 *
 * Operator values: `between` takes `[low, high]` (each may be a reference),
 * `within` takes `{ "last": "7 days", "next": "1 hour" }`, `matches` takes a
 * pattern string or `{ "pattern", "flags" }`, `exists` takes an optional
 * boolean. See `Operator` for the semantics of each operator.
 *
 * Decode untrusted input with {@link decode} (or `Schema.decodeUnknown*`
 * with `{ onExcessProperty: "error" }`, so that a node such as
 * `{ "all": [], "any": [] }` or a misspelt key is rejected rather than
 * silently stripped).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { checkLocal } from "./internal/depth.ts"
import { issueToLoadError } from "./internal/issue.ts"
import * as Operator from "./Operator.ts"
import { RuleLoadError } from "./RuleLoadError.ts"

/**
 * The deepest a condition may be nested: 100 levels. Every condition node
 * (`all`, `any`, `not`, a fact condition, a reference) is one level (the
 * array under `all` / `any` is not a level of its own); every array or
 * object inside a condition (a `value`, `params`) is one more level below
 * its node; and a shared condition counts at the depth it is referenced
 * from (its root takes the reference's place).
 *
 * The limit is checked on the raw JSON, iteratively, before anything
 * recursive runs, by {@link decode}, `Compiler.compileRuleSet` (with shared
 * conditions expanded), `JsonRulesEngine.fromJsonRulesEngine` and
 * `RuleEngine.loadStored`; a deeper condition fails with a `RuleLoadError`
 * whose path is where the limit is crossed. It keeps every evaluator within
 * a small, fixed stack.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDepth = 100

/**
 * A comparison of one fact against a value, a parameter or another fact.
 *
 * @since 0.1.0
 * @category models
 */
export interface FactCondition {
  readonly fact: string
  readonly path?: string
  readonly operator: Operator.Operator
  readonly value?: Schema.Json
}

/**
 * Holds when every sub-condition holds.
 *
 * @since 0.1.0
 * @category models
 */
export interface AllCondition {
  readonly all: ReadonlyArray<Condition>
}

/**
 * Holds when at least one sub-condition holds (or there are none, as in
 * json-rules-engine).
 *
 * @since 0.1.0
 * @category models
 */
export interface AnyCondition {
  readonly any: ReadonlyArray<Condition>
}

/**
 * Holds when its sub-condition does not.
 *
 * @since 0.1.0
 * @category models
 */
export interface NotCondition {
  readonly not: Condition
}

/**
 * A reference to a named shared condition, with optional parameters.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConditionReference {
  readonly condition: string
  readonly params?: { readonly [name: string]: Schema.Json }
}

/**
 * A condition node.
 *
 * @since 0.1.0
 * @category models
 */
export type Condition = FactCondition | AllCondition | AnyCondition | NotCondition | ConditionReference

const suspended = Schema.suspend((): Schema.Codec<Condition> => Condition)

/**
 * Schema of a fact condition.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FactCondition: Schema.Codec<FactCondition> = Schema.Struct({
  fact: Schema.String,
  path: Schema.optionalKey(Schema.String),
  operator: Operator.Operator,
  value: Schema.optionalKey(Schema.Json)
})

/**
 * Schema of an `all` node.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllCondition: Schema.Codec<AllCondition> = Schema.Struct({ all: Schema.Array(suspended) })

/**
 * Schema of an `any` node.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnyCondition: Schema.Codec<AnyCondition> = Schema.Struct({ any: Schema.Array(suspended) })

/**
 * Schema of a `not` node.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NotCondition: Schema.Codec<NotCondition> = Schema.Struct({ not: suspended })

/**
 * Schema of a reference to a shared condition.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConditionReference: Schema.Codec<ConditionReference> = Schema.Struct({
  condition: Schema.String,
  params: Schema.optionalKey(Schema.Record(Schema.String, Schema.Json))
})

/**
 * Schema of a condition node: a recursive union.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Condition: Schema.Codec<Condition> = Schema.Union([
  AllCondition,
  AnyCondition,
  NotCondition,
  ConditionReference,
  FactCondition
])

/**
 * Named shared conditions, referenced by `{ "condition": name }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SharedConditions = Schema.Record(Schema.String, Condition)

/**
 * @since 0.1.0
 * @category models
 */
export type SharedConditions = typeof SharedConditions.Type

/**
 * Named parameter values, referenced by `{ "param": name }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Parameters = Schema.Record(Schema.String, Schema.Json)

/**
 * @since 0.1.0
 * @category models
 */
export type Parameters = typeof Parameters.Type

/**
 * What a rule set shares between its rules: named conditions and parameters.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConditionSet = Schema.Struct({
  conditions: Schema.optionalKey(SharedConditions),
  parameters: Schema.optionalKey(Parameters)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ConditionSet = typeof ConditionSet.Type

/**
 * Decodes an untrusted condition, rejecting unknown keys, and reports the
 * first problem as a `RuleLoadError` with the path to the bad node (for
 * example `conditions.all[2].any[0].operator`) and what was expected there.
 *
 * Nesting deeper than {@link maxDepth} fails first, before any recursive
 * decoding, with the path where the limit is crossed (references to shared
 * conditions count one level here: `Compiler.compileRuleSet` checks the
 * depth with them expanded).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (
  input: unknown,
  options?: { readonly ruleId?: string; readonly path?: string }
): Effect.Effect<Condition, RuleLoadError> =>
  Effect.suspend(() => {
    const ruleId = options?.ruleId ?? ""
    const base = options?.path ?? "conditions"
    const deep = checkLocal(input, base, maxDepth)
    if (deep !== undefined) return Effect.fail(new RuleLoadError({ ruleId, ...deep }))
    return Schema.decodeUnknownEffect(Condition)(input, { onExcessProperty: "error" }).pipe(
      Effect.mapError((error) => issueToLoadError(error.issue, input, ruleId, base))
    )
  })

/**
 * Builds an `all` node.
 *
 * @since 0.1.0
 * @category constructors
 */
export const all = (...conditions: ReadonlyArray<Condition>): AllCondition => ({ all: conditions })

/**
 * Builds an `any` node.
 *
 * @since 0.1.0
 * @category constructors
 */
export const any = (...conditions: ReadonlyArray<Condition>): AnyCondition => ({ any: conditions })

/**
 * Builds a `not` node.
 *
 * @since 0.1.0
 * @category constructors
 */
export const not = (condition: Condition): NotCondition => ({ not: condition })

/**
 * Builds a fact condition.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fact = (
  fact: string,
  operator: Operator.Operator,
  value?: Schema.Json,
  path?: string
): FactCondition => ({
  fact,
  operator,
  ...(value === undefined ? {} : { value }),
  ...(path === undefined ? {} : { path })
})

/**
 * Builds a reference to a shared condition.
 *
 * @since 0.1.0
 * @category constructors
 */
export const reference = (
  name: string,
  params?: { readonly [name: string]: Schema.Json }
): ConditionReference => (params === undefined ? { condition: name } : { condition: name, params })

/**
 * Whether a value is a fact reference `{ fact, path? }` (an object with an own
 * `fact` key, as json-rules-engine decides).
 *
 * @since 0.1.0
 * @category guards
 */
export const isFactReference = (value: unknown): value is { readonly fact: string; readonly path?: string } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "fact")

/**
 * Whether a value is a parameter reference `{ param }`.
 *
 * @since 0.1.0
 * @category guards
 */
export const isParamReference = (value: unknown): value is { readonly param: string } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "param") &&
  Object.keys(value).length === 1 && typeof (value as { readonly param: unknown }).param === "string"
