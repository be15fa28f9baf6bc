/**
 * Paths into nested facts: a JSONPath subset (`$.a.b[0]`, `$['a b'][2]`,
 * `a.b[0]`), resolved the way json-rules-engine 7.3.1 resolves them (through
 * jsonpath-plus): each step reads an own property (array indices and string
 * `length` included), a missing step yields `undefined`, and — json-rules-engine's
 * rule — a path applied to a fact that is not an object (a number, a string,
 * `null`, `undefined`) yields the fact itself.
 *
 * Reading never throws: a value that cannot be read (a getter that throws,
 * a proxy whose traps throw, a revoked proxy, on the way or at the end) is
 * `undefined`, as an absent fact is.
 *
 * Rejected at load: wildcards (`*`), recursive descent (`..`), filters and
 * scripts (`?(...)`, `(...)`), slices and unions (`[0:2]`, `[0,1]`) and
 * negative indices.
 *
 * @since 0.1.0
 */
import { Result } from "effect"

/**
 * One step of a path: a property name or an array index.
 *
 * @since 0.1.0
 * @category models
 */
export type Segment = string | number

/**
 * A parsed path: its steps, empty for the fact itself.
 *
 * @since 0.1.0
 * @category models
 */
export type FactPath = ReadonlyArray<Segment>

const nameChar = /[A-Za-z0-9_$\-\u00A0-\uFFFF]/

/**
 * Parses a path. `""` and `"$"` are the fact itself. The error is a sentence
 * saying what was expected.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (path: string): Result.Result<FactPath, string> => {
  const segments: Array<Segment> = []
  let i = 0
  const n = path.length
  if (path.startsWith("$")) i = 1
  const fail = (what: string) =>
    Result.fail(`a JSONPath of names and indices such as "$.a.b[0]" or "$['a b'][1]" (${what} at offset ${i} in ${JSON.stringify(path)})`)
  let first = i === 0
  while (i < n) {
    const c = path[i]!
    if (c === ".") {
      if (path[i + 1] === ".") return fail("recursive descent '..' is not supported")
      i++
      first = false
      const start = i
      while (i < n && nameChar.test(path[i]!)) i++
      if (i === start) return fail(path[i] === "*" ? "wildcard '*' is not supported" : "a property name expected")
      segments.push(path.slice(start, i))
    } else if (c === "[") {
      first = false
      i++
      const q = path[i]
      if (q === "'" || q === "\"") {
        i++
        let name = ""
        while (i < n && path[i] !== q) {
          if (path[i] === "\\" && i + 1 < n) i++
          name += path[i]
          i++
        }
        if (i >= n) return fail("unterminated quoted name")
        i++
        if (path[i] !== "]") return fail("']' expected")
        i++
        segments.push(name)
      } else {
        const start = i
        while (i < n && path[i]! >= "0" && path[i]! <= "9") i++
        if (i === start || path[i] !== "]") {
          return fail("only non-negative indices and quoted names are supported inside brackets")
        }
        segments.push(Number(path.slice(start, i)))
        i++
      }
    } else if (first && nameChar.test(c)) {
      first = false
      const start = i
      while (i < n && nameChar.test(path[i]!)) i++
      segments.push(path.slice(start, i))
    } else {
      return fail(`unexpected ${JSON.stringify(c)}`)
    }
  }
  return Result.succeed(segments)
}

/**
 * Reads a path in a value, with json-rules-engine's semantics (see the module
 * documentation).
 *
 * @since 0.1.0
 * @category resolving
 */
export const resolve = (value: unknown, path: FactPath): unknown => {
  if (path.length === 0 || value === null || typeof value !== "object") return value
  try {
    let current: unknown = value
    for (let i = 0; i < path.length; i++) {
      if (current === null || current === undefined) return undefined
      const key = path[i]!
      if (!Object.hasOwn(current as object, key)) return undefined
      current = (current as Record<string | number, unknown>)[key]
    }
    return current
  } catch {
    return undefined
  }
}

/**
 * Builds a fast reader for a fact and a path. It never throws: what cannot
 * be read is `undefined`.
 *
 * @since 0.1.0
 * @category resolving
 */
export const reader = (fact: string, path: FactPath): (facts: object) => unknown => {
  const read = unsafeReader(fact, path)
  return (facts) => {
    try {
      return read(facts)
    } catch {
      return undefined
    }
  }
}

const unsafeReader = (fact: string, path: FactPath): (facts: object) => unknown => {
  // A name that Object.prototype also has ("constructor", "toString", ...) must be an own property;
  // any other name can be read directly (json-rules-engine keeps facts in a Map).
  const direct = !(fact in Object.prototype)
  const root = direct
    ? (facts: object): unknown => (facts as Record<string, unknown>)[fact]
    : (facts: object): unknown => (Object.hasOwn(facts, fact) ? (facts as Record<string, unknown>)[fact] : undefined)
  if (path.length === 0) return root
  if (path.length === 1) {
    const key = path[0]!
    return (facts) => {
      const value = root(facts)
      if (value === null || typeof value !== "object") return value
      return Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined
    }
  }
  return (facts) => resolve(root(facts), path)
}

/**
 * Renders a parsed path as a JSONPath.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (path: FactPath): string =>
  "$" + path.map((s) =>
    typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`
  ).join("")
