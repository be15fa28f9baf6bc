/**
 * Load-time resolution of a rule's condition tree: parameters substituted,
 * paths parsed, operator values checked and regular expressions vetted.
 * Everything that can be wrong with a rule is found here, with the path to
 * the bad node.
 *
 * Shared conditions are resolved once per parameter scope and referenced,
 * not copied: a `{ condition: name }` becomes a `Ref` node pointing at the
 * one resolved body, so the result is a DAG whose size is linear in the rule
 * set's (a diamond of conditions that each reference the one below twice
 * stays small). Scopes are interned by content, so references that pass the
 * same parameters share one body too. The body's `source` paths are relative
 * (`condition<name>.any[0]`); a load error inside it is reported from the
 * rule's root (`conditions.all[0].condition<name>.any[0].value`).
 *
 * Recursion here is bounded by `Condition.maxDepth`, which callers check on
 * the raw JSON first (see `depth.ts`).
 *
 * @internal
 */
import { Result } from "effect"
import type * as Condition from "../Condition.ts"
import * as FactPath from "../FactPath.ts"
import * as Operator from "../Operator.ts"
import { RuleLoadError } from "../RuleLoadError.ts"
import { literalKey } from "./literalKey.ts"
import { parseDuration, toEpoch } from "./operators.ts"
import { showValue } from "./path.ts"
import * as RegexSafety from "./regexSafety.ts"

/** @internal */
export type Operand =
  | { readonly _tag: "Literal"; readonly value: unknown }
  | { readonly _tag: "Fact"; readonly fact: string; readonly path: FactPath.FactPath }

/** @internal */
export type LeafSpec =
  | {
    readonly _tag: "Binary"
    readonly operator: Exclude<Operator.Operator, "between" | "exists" | "matches" | "within">
    readonly operand: Operand
  }
  | { readonly _tag: "Between"; readonly low: Operand; readonly high: Operand }
  | { readonly _tag: "Exists"; readonly expected: boolean }
  | { readonly _tag: "Matches"; readonly regex: RegExp }
  | { readonly _tag: "Within"; readonly last: number; readonly next: number }

/** @internal */
export type Node =
  | { readonly _tag: "All"; readonly source: string; readonly children: ReadonlyArray<Node> }
  | { readonly _tag: "Any"; readonly source: string; readonly children: ReadonlyArray<Node> }
  | { readonly _tag: "Not"; readonly source: string; readonly child: Node }
  | {
    readonly _tag: "Ref"
    readonly source: string
    readonly name: string
    /** the shared condition's body, resolved once for this parameter scope and shared by every such reference */
    readonly target: Node
  }
  | {
    readonly _tag: "Leaf"
    readonly source: string
    readonly fact: string
    readonly path: FactPath.FactPath
    readonly operator: Operator.Operator
    readonly spec: LeafSpec
  }

type Scope = Readonly<Record<string, unknown>>

class Failure {
  constructor(readonly path: string, readonly expected: string, readonly actual?: unknown) {}
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isFactRef = (u: unknown): u is Readonly<Record<string, unknown>> => isRecord(u) && Object.hasOwn(u, "fact")

const isParamRef = (u: unknown): u is { readonly param: string } =>
  isRecord(u) && Object.keys(u).length === 1 && typeof u.param === "string"

const listNames = (names: ReadonlyArray<string>): string =>
  names.length === 0 ? "none is defined" : `one of ${names.map((n) => JSON.stringify(n)).join(", ")}`

/** Substitutes `{ param }` objects anywhere in a value (not inside fact references). */
const substitute = (value: unknown, scope: Scope, path: string): unknown => {
  if (isParamRef(value)) {
    if (!Object.hasOwn(scope, value.param)) {
      throw new Failure(`${path}.param`, `a defined parameter (${listNames(Object.keys(scope))})`, value.param)
    }
    return scope[value.param]
  }
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const v = substitute(value[i], scope, `${path}[${i}]`)
      if (v !== value[i]) (out ??= value.slice())[i] = v
    }
    return out ?? value
  }
  if (isRecord(value) && !Object.hasOwn(value, "fact")) {
    const record: Readonly<Record<string, unknown>> = value
    let out: Record<string, unknown> | undefined
    for (const key of Object.keys(record)) {
      const v = substitute(record[key], scope, `${path}.${key}`)
      if (v !== record[key]) (out ??= { ...record })[key] = v
    }
    return out ?? value
  }
  return value
}

const parsePath = (path: unknown, at: string): FactPath.FactPath => {
  if (path === undefined || path === "") return []
  if (typeof path !== "string") throw new Failure(at, "a JSONPath string such as \"$.a.b[0]\"", path)
  const parsed = FactPath.parse(path)
  if (Result.isFailure(parsed)) throw new Failure(at, parsed.failure, path)
  return parsed.success
}

const toOperand = (value: unknown, at: string): Operand => {
  if (isFactRef(value)) {
    if (typeof value.fact !== "string") throw new Failure(`${at}.fact`, "a fact name (string)", value.fact)
    return { _tag: "Fact", fact: value.fact, path: parsePath(value.path, `${at}.path`) }
  }
  return { _tag: "Literal", value }
}

const factRefText = "{ fact, path? }"

const leafSpec = (operator: Operator.Operator, raw: unknown, hasValue: boolean, at: string): LeafSpec => {
  const need = (expected: string) => {
    if (!hasValue) throw new Failure(at, expected)
  }
  switch (operator) {
    case "equal":
    case "notEqual":
    case "contains":
    case "doesNotContain": {
      need(`a value (any JSON value, or ${factRefText})`)
      return { _tag: "Binary", operator, operand: toOperand(raw, at) }
    }
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive": {
      const expected = `a number or a string, or ${factRefText}`
      need(expected)
      if (!(typeof raw === "number" || typeof raw === "string" || isFactRef(raw))) {
        throw new Failure(at, expected, raw)
      }
      return { _tag: "Binary", operator, operand: toOperand(raw, at) }
    }
    case "in":
    case "notIn": {
      const expected = `an array or a string, or ${factRefText}`
      need(expected)
      if (!(Array.isArray(raw) || typeof raw === "string" || isFactRef(raw))) throw new Failure(at, expected, raw)
      return { _tag: "Binary", operator, operand: toOperand(raw, at) }
    }
    case "startsWith":
    case "endsWith": {
      const expected = `a string or ${factRefText}`
      need(expected)
      if (!(typeof raw === "string" || isFactRef(raw))) throw new Failure(at, expected, raw)
      return { _tag: "Binary", operator, operand: toOperand(raw, at) }
    }
    case "before":
    case "after": {
      const expected = `a date (an ISO-8601 string or epoch milliseconds) or ${factRefText}`
      need(expected)
      if (isFactRef(raw)) return { _tag: "Binary", operator, operand: toOperand(raw, at) }
      if (!(typeof raw === "number" || typeof raw === "string") || Number.isNaN(toEpoch(raw))) {
        throw new Failure(at, expected, raw)
      }
      return { _tag: "Binary", operator, operand: { _tag: "Literal", value: raw } }
    }
    case "between": {
      const expected = `[low, high], each a number or ${factRefText}`
      need(expected)
      if (!Array.isArray(raw) || raw.length !== 2) throw new Failure(at, expected, raw)
      const bound = (v: unknown, i: number) => {
        if (!(typeof v === "number" || isFactRef(v))) throw new Failure(`${at}[${i}]`, `a number or ${factRefText}`, v)
        return toOperand(v, `${at}[${i}]`)
      }
      return { _tag: "Between", low: bound(raw[0], 0), high: bound(raw[1], 1) }
    }
    case "exists": {
      if (!hasValue) return { _tag: "Exists", expected: true }
      if (typeof raw !== "boolean") throw new Failure(at, "true, false, or no value", raw)
      return { _tag: "Exists", expected: raw }
    }
    case "matches": {
      const expected = "a regular expression: a pattern string or { pattern, flags? }"
      need(expected)
      let pattern: unknown = raw
      let flags: unknown = ""
      if (isRecord(raw)) {
        pattern = raw.pattern
        flags = raw.flags ?? ""
      }
      if (typeof pattern !== "string" || typeof flags !== "string") throw new Failure(at, expected, raw)
      const unsafe = RegexSafety.check(pattern, flags)
      if (unsafe !== undefined) throw new Failure(at, `a safe regular expression: ${unsafe}`, pattern)
      return { _tag: "Matches", regex: new RegExp(pattern, flags) }
    }
    case "within": {
      const expected =
        "{ last?: duration, next?: duration } with at least one; a duration is milliseconds or a string such as \"7 days\""
      need(expected)
      if (!isRecord(raw) || (raw.last === undefined && raw.next === undefined)) throw new Failure(at, expected, raw)
      for (const key of Object.keys(raw)) {
        if (key !== "last" && key !== "next") throw new Failure(`${at}.${key}`, "only the keys last and next", raw[key])
      }
      const duration = (key: "last" | "next") => {
        if (raw[key] === undefined) return 0
        const ms = parseDuration(raw[key])
        if (ms === undefined) {
          throw new Failure(`${at}.${key}`, "a duration: milliseconds or a string such as \"7 days\"", raw[key])
        }
        return ms
      }
      return { _tag: "Within", last: duration("last"), next: duration("next") }
    }
  }
}

/** @internal */
export interface LoadContext {
  readonly shared: Readonly<Record<string, Condition.Condition>>
  readonly sharedNames: ReadonlyArray<string>
}

/** What one load context remembers: resolved shared bodies and interned scopes. */
interface Memo {
  readonly resolved: Map<string, Node>
  readonly scopeIds: WeakMap<Scope, number>
  /** (parent scope, overrides) → the interned child scope */
  readonly children: Map<string, Scope>
  /** content key → the one scope with that content */
  readonly byContent: Map<string, Scope>
  /** scopes already interned */
  readonly canonical: WeakSet<Scope>
  next: number
}

const memos = new WeakMap<LoadContext, Memo>()
const memoOf = (ctx: LoadContext): Memo => {
  let memo = memos.get(ctx)
  if (memo === undefined) {
    memo = {
      resolved: new Map(),
      scopeIds: new WeakMap(),
      children: new Map(),
      byContent: new Map(),
      canonical: new WeakSet(),
      next: 0
    }
    memos.set(ctx, memo)
  }
  return memo
}

const scopeId = (memo: Memo, scope: Scope): number => {
  let id = memo.scopeIds.get(scope)
  if (id === undefined) {
    id = memo.next++
    memo.scopeIds.set(scope, id)
  }
  return id
}

const entriesKey = (record: Readonly<Record<string, unknown>>): string | undefined => {
  let key = ""
  for (const k of Object.keys(record).sort()) {
    const value = literalKey(record[k])
    if (value === undefined) return undefined
    key += `\u0000${JSON.stringify(k)}=${value}`
  }
  return key
}

/** The interned scope with the contents of `scope` (itself, the first time). */
const canonicalScope = (ctx: LoadContext, scope: Scope): Scope => {
  const memo = memoOf(ctx)
  if (memo.canonical.has(scope)) return scope
  const content = entriesKey(scope)
  if (content !== undefined) {
    const same = memo.byContent.get(content)
    if (same !== undefined) return same
    memo.byContent.set(content, scope)
  }
  memo.canonical.add(scope)
  return scope
}

/**
 * The scope `parent` overridden by `overrides`, interned: scopes with equal
 * contents are one object (so the shared conditions resolved in them are
 * resolved once). Values without a faithful JSON key (a `Date`, a class
 * instance) are only shared between identical (parent, overrides) pairs.
 *
 * @internal
 */
export const childScope = (ctx: LoadContext, parent: Scope, overrides: Readonly<Record<string, unknown>>): Scope => {
  const base = canonicalScope(ctx, parent)
  if (Object.keys(overrides).length === 0) return base
  const memo = memoOf(ctx)
  const overridesKey = entriesKey(overrides)
  const pair = overridesKey === undefined ? undefined : `${scopeId(memo, base)}${overridesKey}`
  if (pair !== undefined) {
    const known = memo.children.get(pair)
    if (known !== undefined) return known
  }
  const scope = canonicalScope(ctx, { ...base, ...overrides })
  if (pair !== undefined) memo.children.set(pair, scope)
  return scope
}

const resolveNode = (
  input: unknown,
  at: string,
  scope: Scope,
  ctx: LoadContext,
  stack: ReadonlyArray<string>
): Node => {
  if (!isRecord(input)) {
    throw new Failure(at, "a condition: { all } | { any } | { not } | { condition } | { fact, operator, value }", input)
  }
  const kinds = ["all", "any", "not", "condition", "fact"].filter((k) => Object.hasOwn(input, k))
  if (kinds.length !== 1) {
    throw new Failure(
      at,
      kinds.length === 0
        ? "a condition: { all } | { any } | { not } | { condition } | { fact, operator, value }"
        : `exactly one of all, any, not, condition, fact (found ${kinds.join(", ")})`
    )
  }
  const kind = kinds[0]!
  if (kind === "all" || kind === "any") {
    const list = input[kind]
    if (!Array.isArray(list)) throw new Failure(`${at}.${kind}`, "an array of conditions", list)
    const children = list.map((c, i) => resolveNode(c, `${at}.${kind}[${i}]`, scope, ctx, stack))
    return kind === "all" ? { _tag: "All", source: at, children } : { _tag: "Any", source: at, children }
  }
  if (kind === "not") {
    return { _tag: "Not", source: at, child: resolveNode(input.not, `${at}.not`, scope, ctx, stack) }
  }
  if (kind === "condition") {
    const name = input.condition
    if (typeof name !== "string" || !Object.hasOwn(ctx.shared, name)) {
      throw new Failure(`${at}.condition`, `the name of a shared condition (${listNames(ctx.sharedNames)})`, name)
    }
    if (stack.includes(name)) {
      throw new Failure(`${at}.condition`, `no circular reference (${[...stack, name].join(" -> ")})`, name)
    }
    let inner: Scope = scope
    if (input.params !== undefined) {
      if (!isRecord(input.params)) throw new Failure(`${at}.params`, "an object of parameter values", input.params)
      const overrides: Record<string, unknown> = {}
      for (const key of Object.keys(input.params)) {
        overrides[key] = substitute(input.params[key], scope, `${at}.params.${key}`)
      }
      inner = childScope(ctx, scope, overrides)
    }
    const memo = memoOf(ctx)
    const key = `${name}\u0000${scopeId(memo, inner)}`
    let target = memo.resolved.get(key)
    if (target === undefined) {
      // Only successes are remembered: a failure depends on the references on the way (a cycle's
      // message names them), and stops at the first bad node, so resolving it again costs little.
      try {
        target = resolveNode(ctx.shared[name], `condition<${name}>`, inner, ctx, [...stack, name])
      } catch (e) {
        if (e instanceof Failure) throw new Failure(`${at}.${e.path}`, e.expected, e.actual)
        throw e
      }
      memo.resolved.set(key, target)
    }
    return { _tag: "Ref", source: at, name, target }
  }
  // fact condition
  if (typeof input.fact !== "string") throw new Failure(`${at}.fact`, "a fact name (string)", input.fact)
  if (!Operator.isOperator(input.operator)) {
    throw new Failure(`${at}.operator`, `an operator: ${Operator.names.join(" | ")}`, input.operator)
  }
  const path = parsePath(input.path, `${at}.path`)
  const hasValue = Object.hasOwn(input, "value") && input.value !== undefined
  const value = hasValue ? substitute(input.value, scope, `${at}.value`) : undefined
  const spec = leafSpec(input.operator, value, hasValue, `${at}.value`)
  return { _tag: "Leaf", source: at, fact: input.fact, path, operator: input.operator, spec }
}

/**
 * Resolves one rule's conditions, or fails with the path to the bad node.
 *
 * @internal
 */
export const resolveRule = (
  ruleId: string,
  conditions: unknown,
  scope: Scope,
  ctx: LoadContext
): Result.Result<Node, RuleLoadError> => {
  try {
    return Result.succeed(resolveNode(conditions, "conditions", canonicalScope(ctx, scope), ctx, []))
  } catch (e) {
    if (e instanceof Failure) {
      return Result.fail(
        new RuleLoadError({
          ruleId,
          path: e.path,
          expected: e.expected,
          ...(e.actual === undefined ? {} : { actual: showValue(e.actual) })
        })
      )
    }
    throw e
  }
}
