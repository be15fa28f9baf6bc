/**
 * The comparison operators of the condition language.
 *
 * Comparison semantics follow json-rules-engine 7.3.1 for every operator the
 * two engines share, so that imported rules fire exactly as they did:
 *
 * - `equal` / `notEqual`: strict equality (`===`); objects and arrays compare
 *   by reference, so a literal object never equals a fact.
 * - `lessThan`, `lessThanInclusive`, `greaterThan`, `greaterThanInclusive`:
 *   false unless `Number.parseFloat(fact)` is a number, then JavaScript's
 *   `<` / `<=` / `>` / `>=` (with its coercions).
 * - `in` / `notIn`: the value is an array (membership by `===`) or a string
 *   (substring search of `String(fact)`).
 * - `contains` / `doesNotContain`: the fact must be an array (otherwise both
 *   are false); membership by `===`.
 *
 * Ringmaster's own operators:
 *
 * - `between`: `[low, high]`, inclusive, numeric (same coercion as above).
 * - `exists`: the fact is neither `undefined` nor `null` (`value: false`
 *   inverts it; the value may be omitted).
 * - `startsWith` / `endsWith`: string fact and string value.
 * - `matches`: the value is a regular expression source (or
 *   `{ pattern, flags }`), checked for catastrophic backtracking at load
 *   (see `internal/regexSafety.ts`); the fact must be a string.
 * - `before` / `after`: dates; facts and values may be ISO strings, epoch
 *   milliseconds or `Date`s. An unparseable date makes the condition false.
 * - `within`: `{ last?: duration, next?: duration }` relative to the `now`
 *   passed to `evaluate` (never the wall clock): true when
 *   `now - last <= fact <= now + next`. Durations are milliseconds or strings
 *   such as `"7 days"`, `"2 hours"`, `"30 minutes"`. A rule set using it
 *   compiles only with `{ providesNow: true }` (see `Compiler`).
 *
 * No comparison throws: one whose coercion would (a symbol, an object whose
 * `valueOf` throws, a proxy) is false.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Every operator name, in a stable order.
 *
 * @since 0.1.0
 * @category constants
 */
export const names = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "between",
  "exists",
  "startsWith",
  "endsWith",
  "matches",
  "before",
  "after",
  "within"
] as const

/**
 * The operator of a fact condition.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Operator = Schema.Literals(names)

/**
 * @since 0.1.0
 * @category models
 */
export type Operator = typeof Operator.Type

/**
 * The operators json-rules-engine 7.3.1 ships, which `fromJsonRulesEngine`
 * accepts.
 *
 * @since 0.1.0
 * @category constants
 */
export const jsonRulesEngineNames: ReadonlyArray<Operator> = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain"
]

/**
 * Whether a name is an operator.
 *
 * @since 0.1.0
 * @category guards
 */
export const isOperator = (name: unknown): name is Operator =>
  typeof name === "string" && (names as ReadonlyArray<string>).includes(name)
