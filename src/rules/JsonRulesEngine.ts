/**
 * Imports rules written for json-rules-engine 7.3.1, unchanged, and compiles
 * them into a Ringmaster rule set that fires the same rules.
 *
 * Supported, with json-rules-engine's semantics (read from its source):
 *
 * - `all` / `any` / `not` nested up to `Condition.maxDepth` (an empty `all` or `any` holds;
 *   a node with several of them is read as json-rules-engine reads it:
 *   `any` first, then `all`, then `not`);
 * - the ten built-in operators, with their coercions (see `Operator`);
 * - `path` (a JSONPath of names and indices, see `FactPath`), including the
 *   rule that a path on a non-object fact yields the fact itself;
 * - fact-to-fact values `{ fact, path }`;
 * - `condition` references to shared conditions (`engine.setCondition`);
 * - `priority` (`parseInt`, default 1, must be positive; higher fires first);
 * - a condition's own `priority`, which json-rules-engine uses to order the
 *   evaluation of sibling conditions: accepted, and honoured in the only way
 *   it is observable here, since facts are constant and comparisons pure,
 *   the order in which siblings are evaluated cannot change which rules fire
 *   (the equivalence test runs json-rules-engine with random condition
 *   priorities);
 * - `event` `{ type, params }`, kept as `event` and as the action
 *   `{ action: type, parameters: params }`. With
 *   `replaceFactsInEventParams: true` (json-rules-engine's engine option of
 *   that name), a top-level `params` value that is a fact reference
 *   `{ fact, path? }` becomes the action's `bind` entry for that key (see
 *   `Rule.RuleAction`): it is read from the facts when the rule fires, as
 *   json-rules-engine replaces it, and {@link eventParams} gives the params
 *   json-rules-engine would emit. Without the option they stay literal
 *   objects, as in json-rules-engine;
 * - `name` becomes the rule id (rules without one, or with a repeated one,
 *   get `name#index`).
 *
 * Rejected at import with a `RuleLoadError`: operators outside the built-in
 * ten (custom operators, and decorated operators such as `not:equal` or
 * `someFact:greaterThan`), dynamic or async facts (functions or promises in
 * `facts`), non-empty condition `params` (on a condition, or on a fact
 * reference in a value or in event params: json-rules-engine passes them to
 * dynamic fact functions, which are not supported, so ignoring them could
 * silently compare the wrong value), `onSuccess` / `onFailure` callbacks,
 * JSONPath features beyond names and indices, nesting deeper than
 * `Condition.maxDepth` (checked before anything else reads the conditions),
 * references to unknown shared conditions (unless
 * `allowUndefinedConditions`, which makes them false as json-rules-engine
 * does), and operator values json-rules-engine would throw on when the rule
 * fires (`in` with a literal that is neither an array nor a string) or that
 * cannot be compared meaningfully (`lessThan` and friends with a literal that
 * is neither a number nor a string).
 *
 * Differences that remain: json-rules-engine rejects a run when a fact is not
 * defined at all (unless `allowUndefinedFacts`); Ringmaster treats it as
 * `undefined`, which is what json-rules-engine does with
 * `allowUndefinedFacts: true`. An `in` / `notIn` whose value is a fact
 * holding neither an array nor a string is false here where json-rules-engine
 * throws; so is any comparison whose coercion throws (a null-prototype object,
 * a symbol, a throwing getter), and a fact that cannot be read is
 * `undefined`: evaluation never throws. Within one priority, json-rules-engine reports fired rules in
 * completion order; Ringmaster in input order.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import * as Compiler from "./Compiler.ts"
import * as Condition from "./Condition.ts"
import * as FactPath from "./FactPath.ts"
import { checkLocal } from "./internal/depth.ts"
import { showValue } from "./internal/path.ts"
import * as Operator from "./Operator.ts"
import { RuleLoadError } from "./RuleLoadError.ts"

/**
 * A json-rules-engine rule after import.
 *
 * @since 0.1.0
 * @category models
 */
export interface ImportedRule extends Compiler.RuleInput {
  readonly id: string
  readonly name?: string
  readonly priority: number
  readonly conditions: Condition.Condition
  readonly event: { readonly type: string; readonly params?: Schema.JsonObject }
  readonly actions: ReadonlyArray<ImportedAction>
}

/**
 * The action an imported rule's event becomes. `bind` holds the event params
 * that are fact references (with `replaceFactsInEventParams`), read from the
 * facts when the rule fires, as `Rule.RuleAction.bind` is.
 *
 * @since 0.1.0
 * @category models
 */
export interface ImportedAction {
  readonly action: string
  readonly parameters: Schema.Json
  readonly bind?: { readonly [key: string]: { readonly fact: string; readonly path?: string } }
}

/**
 * The result of an import: rules, shared conditions, and constant facts.
 *
 * @since 0.1.0
 * @category models
 */
export interface Imported {
  readonly rules: ReadonlyArray<ImportedRule>
  readonly conditions: Condition.SharedConditions
  /** constant facts given to the import (`engine.addFact(id, value)`), to merge into evaluated facts */
  readonly facts: Readonly<Record<string, unknown>>
}

/**
 * Options of `fromJsonRulesEngine`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ImportOptions {
  /** shared conditions, as given to `engine.setCondition(name, conditions)` */
  readonly conditions?: Readonly<Record<string, unknown>> | undefined
  /** engine facts, as given to `engine.addFact`; only constant values are supported */
  readonly facts?: Readonly<Record<string, unknown>> | undefined
  /** json-rules-engine's `allowUndefinedConditions`: unknown references are false */
  readonly allowUndefinedConditions?: boolean | undefined
  /** json-rules-engine's `replaceFactsInEventParams`: fact references in event params become the action's `bind` */
  readonly replaceFactsInEventParams?: boolean | undefined
}

class Failure {
  constructor(readonly path: string, readonly expected: string, readonly actual?: unknown) {}
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const FALSE: Condition.Condition = { not: { all: [] } }

/** json-rules-engine compares literal objects by reference; make `{ param }` literals inert here too. */
const escapeLiteral = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(escapeLiteral)
  if (isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) out[key] = escapeLiteral(value[key])
    if (Object.keys(out).length === 1 && Object.hasOwn(out, "param")) out.$literal = true
    return out
  }
  return value
}

const convertPath = (path: unknown, at: string): string | undefined => {
  if (path === undefined || path === null || path === "") return undefined
  if (typeof path !== "string") throw new Failure(at, "a JSONPath string", path)
  const parsed = FactPath.parse(path)
  if (parsed._tag === "Failure") throw new Failure(at, parsed.failure, path)
  return path
}

interface Context {
  readonly names: ReadonlySet<string>
  readonly allowUndefinedConditions: boolean
}

const noParams = (raw: Readonly<Record<string, unknown>>, at: string): void => {
  const params = raw.params
  if (params === undefined || params === null) return
  if (isRecord(params) && Object.keys(params).length === 0) return
  throw new Failure(
    `${at}.params`,
    "no params: json-rules-engine passes condition params to dynamic fact functions, which are not supported (compute the fact for these params and pass it under its own name)",
    params
  )
}

const convert = (raw: unknown, at: string, ctx: Context): Condition.Condition => {
  if (!isRecord(raw)) throw new Failure(at, "a condition object", raw)
  noParams(raw, at)
  const bool = Object.hasOwn(raw, "any") ? "any" : Object.hasOwn(raw, "all") ? "all" : Object.hasOwn(raw, "not") ? "not" : undefined
  if (bool === "any" || bool === "all") {
    const list = raw[bool]
    if (!Array.isArray(list)) throw new Failure(`${at}.${bool}`, `an array ("${bool}" must be an array)`, list)
    const children = list.map((c, i) => convert(c, `${at}.${bool}[${i}]`, ctx))
    return bool === "any" ? { any: children } : { all: children }
  }
  if (bool === "not") {
    if (Array.isArray(raw.not)) throw new Failure(`${at}.not`, "a single condition (\"not\" cannot be an array)", raw.not)
    return { not: convert(raw.not, `${at}.not`, ctx) }
  }
  if (Object.hasOwn(raw, "condition")) {
    const name = raw.condition
    if (typeof name !== "string") throw new Failure(`${at}.condition`, "a shared condition name", name)
    if (!ctx.names.has(name)) {
      if (ctx.allowUndefinedConditions) return FALSE
      throw new Failure(
        `${at}.condition`,
        `a shared condition passed in options.conditions (json-rules-engine would throw "No condition ${name} exists")`,
        name
      )
    }
    return { condition: name }
  }
  for (const key of ["fact", "operator", "value"] as const) {
    if (!Object.hasOwn(raw, key)) throw new Failure(`${at}.${key}`, `a "${key}" property (json-rules-engine requires it)`)
  }
  if (typeof raw.fact !== "string") throw new Failure(`${at}.fact`, "a fact name (string)", raw.fact)
  const operator = raw.operator
  if (typeof operator !== "string" || !(Operator.jsonRulesEngineNames as ReadonlyArray<string>).includes(operator)) {
    throw new Failure(
      `${at}.operator`,
      typeof operator === "string" && operator.includes(":")
        ? `a built-in operator (operator decorators such as "${operator}" are not supported)`
        : `a json-rules-engine built-in operator (${Operator.jsonRulesEngineNames.join(", ")}); custom operators are not supported`,
      operator
    )
  }
  const path = convertPath(raw.path, `${at}.path`)
  let value: unknown = raw.value
  if (isRecord(value) && Object.hasOwn(value, "fact")) {
    if (typeof value.fact !== "string") throw new Failure(`${at}.value.fact`, "a fact name (string)", value.fact)
    noParams(value, `${at}.value`)
    const valuePath = convertPath(value.path, `${at}.value.path`)
    value = valuePath === undefined ? { fact: value.fact } : { fact: value.fact, path: valuePath }
  } else {
    value = escapeLiteral(value)
  }
  return {
    fact: raw.fact,
    operator: operator as Operator.Operator,
    value: value as Schema.Json,
    ...(path === undefined ? {} : { path })
  }
}

const hasRoot = (raw: Readonly<Record<string, unknown>>): boolean =>
  ["all", "any", "not", "condition"].some((k) => Object.hasOwn(raw, k))

const fail = (ruleId: string, f: Failure): RuleLoadError =>
  new RuleLoadError({
    ruleId,
    path: f.path,
    expected: f.expected,
    ...(f.actual === undefined ? {} : { actual: showValue(f.actual) })
  })

/** The action of an event: fact references among the params become `bind` entries when asked to. */
const eventAction = (type: string, params: Readonly<Record<string, unknown>> | undefined, replaceFacts: boolean): ImportedAction => {
  if (params === undefined) return { action: type, parameters: {} }
  if (!replaceFacts) return { action: type, parameters: params as Schema.Json }
  const parameters: Record<string, unknown> = {}
  const bind: Record<string, { readonly fact: string; readonly path?: string }> = {}
  // json-rules-engine replaces own top-level keys whose value is an object with an own `fact`
  for (const key of Object.keys(params)) {
    const value = params[key]
    if (isRecord(value) && Object.hasOwn(value, "fact")) {
      const at = `event.params[${JSON.stringify(key)}]`
      if (typeof value.fact !== "string" || value.fact === "") {
        throw new Failure(`${at}.fact`, "a fact name (a non-empty string)", value.fact)
      }
      noParams(value, at)
      const path = convertPath(value.path, `${at}.path`)
      bind[key] = path === undefined ? { fact: value.fact } : { fact: value.fact, path }
    } else {
      parameters[key] = value
    }
  }
  return Object.keys(bind).length === 0
    ? { action: type, parameters: parameters as Schema.Json }
    : { action: type, parameters: parameters as Schema.Json, bind }
}

/**
 * The params of an imported rule's event as json-rules-engine would emit
 * them for these facts: with `replaceFactsInEventParams`, each bound fact
 * reference read from the facts (a fact or path that cannot be read is
 * `undefined`); otherwise the params as written.
 *
 * @since 0.1.0
 * @category evaluation
 */
export const eventParams = (rule: ImportedRule, facts: Compiler.Facts): Readonly<Record<string, unknown>> => {
  const action = rule.actions[0]
  const base = action !== undefined && isRecord(action.parameters) ? action.parameters : {}
  if (action?.bind === undefined) return base
  const out: Record<string, unknown> = { ...base }
  for (const [key, reference] of Object.entries(action.bind)) {
    const path = FactPath.parse(reference.path ?? "")
    out[key] = Result.isFailure(path) ? undefined : FactPath.reader(reference.fact, path.success)(facts)
  }
  return out
}

const attempt = <A>(ruleId: string, f: () => A): Effect.Effect<A, RuleLoadError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(f())
    } catch (e) {
      if (e instanceof Failure) return Effect.fail(fail(ruleId, e))
      return Effect.die(e)
    }
  })

/**
 * Imports json-rules-engine rules (objects, or JSON strings as
 * `engine.addRule` accepts). Fails with a `RuleLoadError` on the first rule
 * that uses an unsupported feature or is malformed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromJsonRulesEngine: (
  rules: ReadonlyArray<unknown>,
  options?: ImportOptions
) => Effect.Effect<Imported, RuleLoadError> = Effect.fnUntraced(function*(
  rules: ReadonlyArray<unknown>,
  options?: ImportOptions
) {
  const facts: Record<string, unknown> = {}
  for (const [id, value] of Object.entries(options?.facts ?? {})) {
    if (typeof value === "function" || (isRecord(value) && typeof value.then === "function")) {
      return yield* new RuleLoadError({
        ruleId: "",
        path: `facts.${id}`,
        expected: "a constant fact value (dynamic and async fact functions are not supported; compute the value and pass it with the facts)",
        actual: typeof value === "function" ? "a function" : "a promise"
      })
    }
    facts[id] = value
  }
  const sharedRaw = options?.conditions ?? {}
  const ctx: Context = {
    names: new Set(Object.keys(sharedRaw)),
    allowUndefinedConditions: options?.allowUndefinedConditions ?? false
  }
  const conditions: Record<string, Condition.Condition> = {}
  for (const [name, raw] of Object.entries(sharedRaw)) {
    conditions[name] = yield* attempt(`condition:${name}`, () => {
      if (!isRecord(raw) || !hasRoot(raw)) {
        throw new Failure("conditions", "a root with all, any, not or condition", raw)
      }
      const deep = checkLocal(raw, "conditions", Condition.maxDepth)
      if (deep !== undefined) throw new Failure(deep.path, deep.expected)
      return convert(raw, "conditions", ctx)
    })
  }
  const replaceFacts = options?.replaceFactsInEventParams ?? false
  const out: Array<ImportedRule> = []
  const ids = new Set<string>()
  for (let index = 0; index < rules.length; index++) {
    const input = rules[index]
    const label = isRecord(input) && (typeof input.name === "string" || typeof input.name === "number")
      ? String(input.name)
      : `#${index}`
    const rule = yield* attempt(label, () => {
      let raw: unknown = input
      if (typeof raw === "string") {
        try {
          raw = JSON.parse(raw)
        } catch {
          throw new Failure("", "a JSON rule", input)
        }
      }
      if (!isRecord(raw)) throw new Failure("", "a rule object", raw)
      const name = typeof raw.name === "string" || typeof raw.name === "number" ? String(raw.name) : undefined
      let id = name ?? `rule#${index}`
      if (ids.has(id)) id = `${id}#${index}`
      ids.add(id)
      for (const key of ["onSuccess", "onFailure"]) {
        if (raw[key] !== undefined) throw new Failure(key, `no ${key} callback (callbacks are not supported; use actions)`)
      }
      const rawPriority = raw.priority || 1
      const priority = Number.parseInt(String(rawPriority), 10)
      if (!(priority > 0)) throw new Failure("priority", "a positive integer (json-rules-engine rule priority)", raw.priority)
      if (!Object.hasOwn(raw, "conditions")) throw new Failure("conditions", "a \"conditions\" property")
      const rawConditions = raw.conditions
      if (!isRecord(rawConditions) || !hasRoot(rawConditions)) {
        throw new Failure("conditions", "a root with all, any, not or condition", rawConditions)
      }
      const deep = checkLocal(rawConditions, "conditions", Condition.maxDepth)
      if (deep !== undefined) throw new Failure(deep.path, deep.expected)
      const conditions = convert(rawConditions, "conditions", ctx)
      if (!Object.hasOwn(raw, "event") || !isRecord(raw.event)) throw new Failure("event", "an event { type, params? }", raw.event)
      const type = raw.event.type
      if (typeof type !== "string") throw new Failure("event.type", "a string", type)
      const params = raw.event.params
      if (params !== undefined && !isRecord(params)) throw new Failure("event.params", "an object", params)
      const imported: ImportedRule = {
        id,
        ...(name === undefined ? {} : { name }),
        priority,
        conditions,
        event: params === undefined ? { type } : { type, params: params as Schema.JsonObject },
        actions: [eventAction(type, params, replaceFacts)]
      }
      return imported
    })
    out.push(rule)
  }
  return { rules: out, conditions, facts }
})

/**
 * Imports json-rules-engine rules and compiles them. Evaluate with
 * `{ ...imported.facts, ...facts }` if constant engine facts were given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const compile = (
  rules: ReadonlyArray<unknown>,
  options?: ImportOptions
): Effect.Effect<Compiler.CompiledRuleSet<ImportedRule>, RuleLoadError> =>
  Effect.flatMap(fromJsonRulesEngine(rules, options), (imported) =>
    Compiler.compileRuleSet(imported.rules, { conditions: imported.conditions }))
