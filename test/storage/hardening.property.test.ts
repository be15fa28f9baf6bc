/**
 * Properties behind the hardening of the storage port (items 1-5 of the review,
 * see `hardening.test.ts`): arbitrary strings and arbitrary JSON values fed to
 * every query option (where keys, operator keys, operands, orderBy column and
 * direction, limit, cursor) and to every written value either fail with a
 * `ValidationError` or give exactly the result a reference model computes over
 * the known rows. Never a raw database error, never a defect, never SQL the
 * caller wrote.
 *
 * The reference decides on its own whether an input is valid, so a filter the
 * adapter wrongly accepts (or wrongly refuses) fails the property too.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Cause, Data, Effect, Exit, type Layer } from "effect"
import { SqlClient } from "effect/sql"
import fc from "fast-check"
import * as Column from "../../src/storage/Column.ts"
import { Storage } from "../../src/storage/Storage.ts"
import type { StorageError } from "../../src/storage/StorageError.ts"
import * as Table from "../../src/storage/Table.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"
import { property } from "../support/property.ts"

// --- the table, its rows -------------------------------------------------------

/** Text with the "C" collation, so that the reference can order it by code point. */
const Probe = Table.make({
  name: "hardening_property_probe",
  origin: "plugin",
  description: "test table for the storage hardening properties",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    label: Column.text(),
    n: Column.integer().nullable(),
    tags: Column.textArray().default("'{}'"),
    data: Column.jsonObject().default("'{}'")
  }
})
type ProbeRow = Table.Row<typeof Probe>
type ColumnName = "id" | "label" | "n" | "tags" | "data"
const columnNames: ReadonlyArray<ColumnName> = ["id", "label", "n", "tags", "data"]

const createProbe = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`create table if not exists public.hardening_property_probe (
    id uuid primary key default gen_random_uuid(),
    label text collate "C" not null,
    n integer,
    tags text[] collate "C" not null default '{}',
    data jsonb not null default '{}'
  )`)
}).pipe(Effect.orDie)

const ids = Array.from({ length: 12 }, (_, i) => `${(i * 0x1357 + 0xa000).toString(16).padStart(8, "0")}-0000-4000-8000-${String(i).padStart(12, "0")}`)
const labels = ["alpha", "beta", "Gamma", "", "a%b", "a_b", "back\\slash", "😀 smile", "é", "zeta", "alpha", "ALPHA"]
const ns = [1, 2, null, -5, 0, 2147483647, -2147483648, 2, null, 7, 1, 3]
const tagPool: ReadonlyArray<ReadonlyArray<string>> = [[], ["x"], ["x", "y"], ["y"], ["😀"], ["", "x"], ["y", "x"], ["x", "x"], [], ["z"], ["x", "y", "z"], ["é"]]
const dataPool: ReadonlyArray<Record<string, unknown>> = [
  {},
  { a: 1 },
  { a: 1, b: [1, 2] },
  { a: "x" },
  { nested: { k: true } },
  { arr: [{ p: 1 }, { q: 2 }] },
  { a: null },
  { b: [2] },
  { a: 1.5, s: "%_\\" },
  { "😀": ["é"] },
  { a: [1, [2, 3]] },
  { list: [] }
]
const knownRows = ids.map((id, i) => ({ id, label: labels[i]!, n: ns[i]!, tags: tagPool[i]!, data: dataPool[i]! }))

// --- the reference model ---------------------------------------------------------

const operators = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "isNull", "like", "contains"] as const
type Operator = (typeof operators)[number]

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (u === null || typeof u !== "object") return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** Text PostgreSQL can store: no NUL, no lone surrogate (an independent statement of the rule). */
const storable = (s: string): boolean => {
  if (s.includes("\u0000")) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return false
  }
  return true
}

const isJson = (u: unknown): boolean => {
  if (u === null || typeof u === "boolean") return true
  if (typeof u === "number") return Number.isFinite(u)
  if (typeof u === "string") return storable(u)
  if (Array.isArray(u)) return u.every(isJson)
  if (isPlainObject(u)) return Object.keys(u).every((k) => storable(k) && isJson(u[k]))
  return false
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `u` is a value of the column; the value as the database compares it. */
const valueOf = (column: ColumnName, u: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  switch (column) {
    case "id":
      return typeof u === "string" && uuidPattern.test(u) ? { ok: true, value: u.toLowerCase() } : { ok: false }
    case "label":
      return typeof u === "string" && storable(u) ? { ok: true, value: u } : { ok: false }
    case "n":
      return typeof u === "number" && Number.isInteger(u) && u >= -2147483648 && u <= 2147483647 ? { ok: true, value: u } : { ok: false }
    case "tags":
      return Array.isArray(u) && u.every((t) => typeof t === "string" && storable(t)) ? { ok: true, value: u } : { ok: false }
    case "data":
      return isPlainObject(u) && isJson(u) ? { ok: true, value: u } : { ok: false }
  }
}

/** Code point order (the "C" collation). */
const compareText = (a: string, b: string): number => {
  const x = Array.from(a)
  const y = Array.from(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return x.length - y.length
}

const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
  }
  return a === b // numbers: -0 === 0, as jsonb's numeric
}

/** jsonb `a @> b` below the root: containers of the same kind, scalars equal. */
const jsonContains = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(b)) {
    if (!Array.isArray(a)) return false
    return b.every((e) =>
      Array.isArray(e) || isPlainObject(e) ? a.some((x) => (Array.isArray(e) ? Array.isArray(x) : isPlainObject(x)) && jsonContains(x, e)) : a.some((x) => !Array.isArray(x) && !isPlainObject(x) && x === e)
    )
  }
  if (isPlainObject(b)) {
    if (!isPlainObject(a)) return false
    return Object.keys(b).every((k) => Object.hasOwn(a, k) && jsonContains(a[k], b[k]))
  }
  return !Array.isArray(a) && !isPlainObject(a) && a === b
}

/** Column values compared as the database does, or undefined where the reference does not model the order (jsonb). */
const compareValues = (column: ColumnName, a: unknown, b: unknown): number | undefined => {
  switch (column) {
    case "id":
    case "label":
      return compareText(a as string, b as string)
    case "n":
      return (a as number) - (b as number)
    case "tags": {
      const x = a as ReadonlyArray<string>
      const y = b as ReadonlyArray<string>
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = compareText(x[i]!, y[i]!)
        if (d !== 0) return d
      }
      return x.length - y.length
    }
    case "data":
      return undefined
  }
}

const equalValues = (column: ColumnName, a: unknown, b: unknown): boolean =>
  column === "data" ? jsonEqual(a, b) : column === "tags" ? jsonEqual(a, b) : a === b

const likeRegex = (pattern: string): RegExp => {
  let source = ""
  const chars = Array.from(pattern)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (c === "\\") source += escapeRegex(chars[++i]!)
    else if (c === "%") source += ".*"
    else if (c === "_") source += "."
    else source += escapeRegex(c)
  }
  return new RegExp(`^${source}$`, "su")
}
const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")

const endsWithEscape = (pattern: string) => /(^|[^\\])(\\\\)*\\$/.test(pattern)

type Row = (typeof knownRows)[number]
type Predicate = (row: Row) => boolean

/** A filter as the reference reads it: refused, or a predicate (exact unless it orders jsonb). */
type Compiled =
  | { readonly ok: false }
  | { readonly ok: true; readonly always: boolean; readonly exact: boolean; readonly test: Predicate }

const refuse: Compiled = { ok: false }

const compileComparison = (column: ColumnName, comparison: Record<string, unknown>): Compiled => {
  const keys = Object.keys(comparison)
  if (keys.length === 0) return refuse
  if (!keys.every((k) => (operators as ReadonlyArray<string>).includes(k) && comparison[k] !== undefined)) return refuse
  const tests: Array<Predicate> = []
  let exact = true
  for (const op of keys as Array<Operator>) {
    const operand = comparison[op]
    const get = (row: Row) => row[column] as unknown
    switch (op) {
      case "isNull":
        if (typeof operand !== "boolean") return refuse
        tests.push((row) => (get(row) === null) === operand)
        break
      case "like": {
        if (column !== "label" || typeof operand !== "string" || !storable(operand) || endsWithEscape(operand)) return refuse
        const regex = likeRegex(operand)
        tests.push((row) => regex.test(row.label))
        break
      }
      case "in":
      case "notIn": {
        if (!Array.isArray(operand)) return refuse
        const values: Array<unknown> = []
        for (const element of operand) {
          const v = valueOf(column, element)
          if (!v.ok) return refuse
          values.push(v.value)
        }
        tests.push(op === "in"
          ? (row) => get(row) !== null && values.some((v) => equalValues(column, get(row), v))
          : (row) => values.length === 0 || (get(row) !== null && !values.some((v) => equalValues(column, get(row), v))))
        break
      }
      case "contains": {
        if (column === "tags") {
          const v = valueOf("tags", operand)
          if (!v.ok) return refuse
          tests.push((row) => (v.value as ReadonlyArray<string>).every((t) => row.tags.includes(t)))
        } else if (column === "data") {
          if (!isJson(operand)) return refuse
          tests.push((row) => isPlainObject(operand) && jsonContains(row.data, operand))
        } else return refuse
        break
      }
      default: {
        const v = valueOf(column, operand)
        if (!v.ok) return refuse
        if (op === "eq") tests.push((row) => get(row) !== null && equalValues(column, get(row), v.value))
        else if (op === "ne") tests.push((row) => get(row) !== null && !equalValues(column, get(row), v.value))
        else {
          if (column === "data") exact = false
          tests.push((row) => {
            if (get(row) === null) return false
            const d = compareValues(column, get(row), v.value) ?? 0
            return op === "lt" ? d < 0 : op === "lte" ? d <= 0 : op === "gt" ? d > 0 : d >= 0
          })
        }
      }
    }
  }
  return { ok: true, always: false, exact, test: (row) => tests.every((t) => t(row)) }
}

const compileWhere = (where: unknown): Compiled => {
  if (!isPlainObject(where)) return refuse
  const tests: Array<Predicate> = []
  let always = true
  let exact = true
  for (const key of Object.keys(where)) {
    const raw = where[key]
    if (raw === undefined) return refuse
    if (key === "or") {
      if (!Array.isArray(raw)) return refuse
      const alternatives = raw.map(compileWhere)
      const compiled: Array<Compiled & { ok: true }> = []
      for (const a of alternatives) {
        if (!a.ok) return refuse
        compiled.push(a)
      }
      if (!compiled.some((a) => a.always)) always = false
      exact &&= compiled.every((a) => a.exact)
      tests.push((row) => compiled.some((a) => a.test(row)))
      continue
    }
    if (!(columnNames as ReadonlyArray<string>).includes(key)) return refuse
    const column = key as ColumnName
    always = false
    if (raw === null) {
      tests.push((row) => row[column] === null)
      continue
    }
    if (isPlainObject(raw)) {
      const c = compileComparison(column, raw)
      if (!c.ok) return refuse
      exact &&= c.exact
      tests.push(c.test)
      continue
    }
    if (column === "data") return refuse
    const v = valueOf(column, raw)
    if (!v.ok) return refuse
    tests.push((row) => row[column] !== null && equalValues(column, row[column], v.value))
  }
  return { ok: true, always, exact, test: (row) => tests.every((t) => t(row)) }
}

interface Term {
  readonly column: ColumnName
  readonly direction: "asc" | "desc"
}

const compileOrder = (orderBy: unknown): ReadonlyArray<Term> | undefined => {
  const terms: Array<Term> = []
  if (orderBy !== undefined) {
    if (!Array.isArray(orderBy)) return undefined
    for (const term of orderBy) {
      if (!isPlainObject(term)) return undefined
      if (!Object.keys(term).every((k) => k === "column" || k === "direction")) return undefined
      if (typeof term.column !== "string" || !(columnNames as ReadonlyArray<string>).includes(term.column)) return undefined
      if (term.direction !== undefined && term.direction !== "asc" && term.direction !== "desc") return undefined
      if (term.column !== "id") terms.push({ column: term.column as ColumnName, direction: term.direction ?? "asc" })
    }
  }
  terms.push({ column: "id", direction: "asc" })
  return terms
}

/** Lexicographic comparison of two rows' ordering values: NULLs last ascending, first descending. */
const compareTuples = (terms: ReadonlyArray<Term>, a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): number => {
  for (let i = 0; i < terms.length; i++) {
    const { column, direction } = terms[i]!
    const x = a[i]
    const y = b[i]
    let d: number
    if (x === null && y === null) d = 0
    else if (x === null) d = 1
    else if (y === null) d = -1
    else d = compareValues(column, x, y) ?? 0
    if (d !== 0) return direction === "asc" ? d : -d
  }
  return 0
}

const cursorOf = (values: ReadonlyArray<unknown>) => Buffer.from(JSON.stringify(values)).toString("base64url")

const decodeCursor = (cursor: unknown, terms: ReadonlyArray<Term>): { readonly ok: true; readonly values: ReadonlyArray<unknown> | undefined } | { readonly ok: false } => {
  if (cursor === undefined || cursor === null) return { ok: true, values: undefined }
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]+$/.test(cursor)) return { ok: false }
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
  } catch {
    return { ok: false }
  }
  if (!Array.isArray(parsed) || parsed.length !== terms.length) return { ok: false }
  const values: Array<unknown> = []
  for (let i = 0; i < terms.length; i++) {
    if (parsed[i] === null) {
      values.push(null)
      continue
    }
    const v = valueOf(terms[i]!.column, parsed[i])
    if (!v.ok) return { ok: false }
    values.push(v.value)
  }
  return { ok: true, values }
}

// --- generators ------------------------------------------------------------------

/** One "character": mostly printable ASCII, often the characters that break things. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom("\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "😀", "é", "%", "_", "\\", "'", "\"", ";", "$1") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }
)
const text = fc.string({ unit, maxLength: 8 })
/** Text PostgreSQL can store, with the characters that matter to LIKE and to quoting. */
const cleanText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom("😀", "é", "%", "_", "\\", "'", "\"", ";", "a", "x") }
  ),
  maxLength: 6
})
const json = fc.jsonValue({ maxDepth: 2, stringUnit: unit })
const injections = fc.constantFrom(
  "asc, (select 1 from pg_sleep(2))",
  "1; drop table hardening_property_probe",
  "' or 1=1 --",
  "\") or true --",
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty"
)
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  json,
  text,
  injections,
  fc.constant(undefined),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.double(),
  fc.constant(new Date(0))
)
/** Builds an object with own keys, `__proto__` included. */
const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  return out
}

const validValue = (column: ColumnName): fc.Arbitrary<unknown> => {
  switch (column) {
    case "id":
      return fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids.map((id) => id.toUpperCase())), fc.uuid())
    case "label":
      return fc.oneof(fc.constantFrom(...labels), cleanText)
    case "n":
      return fc.oneof(fc.constantFrom(1, 2, -5, 0, 7, 2147483647, -2147483648), fc.integer())
    case "tags":
      return fc.oneof(fc.constantFrom(...tagPool), fc.array(fc.oneof(fc.constantFrom("x", "y", "z", "😀", ""), cleanText), { maxLength: 3 }))
    case "data":
      return fc.oneof(fc.constantFrom(...dataPool), fc.dictionary(cleanText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }))
  }
}

/**
 * The query generators, with `noise` the weight of hostile input against 20
 * for well-formed input at every choice: queries are drawn both nearly clean
 * (so that the reference comparison runs often) and hostile.
 */
const queries = (noise: number) => {
  const hostile = <A>(clean: fc.Arbitrary<A>, bad: fc.Arbitrary<unknown> = garbage): fc.Arbitrary<A | unknown> =>
    fc.oneof({ weight: 20, arbitrary: clean }, { weight: noise, arbitrary: bad })

  const valueFor = (column: ColumnName) => hostile(validValue(column))

  const operandFor = (column: ColumnName, op: string): fc.Arbitrary<unknown> => {
    switch (op) {
      case "in":
      case "notIn":
        return hostile(fc.array(valueFor(column), { maxLength: 3 }))
      case "isNull":
        return hostile(fc.boolean())
      case "like":
        return hostile(fc.oneof(fc.constantFrom("%", "a%", "%a%", "_", "a\\%b", "%\\", "alpha", "\\\\%", "%\\_%", "_ta", "%a", "A%"), cleanText), fc.oneof(garbage, text))
      case "contains":
        return column === "data" ? hostile(fc.oneof(fc.constantFrom(...dataPool), fc.constantFrom({ a: 1 }, { b: [2] }, { arr: [{ q: 2 }] }), json)) : valueFor(column)
      default:
        return valueFor(column)
    }
  }

  /** Operators that apply to the column, mostly (the others are refused, which is fine now and then). */
  const operatorsFor = (column: ColumnName): ReadonlyArray<string> =>
    operators.filter((op) => (op !== "like" || column === "label") && (op !== "contains" || column === "tags" || column === "data"))

  const comparisonFor = (column: ColumnName) =>
    fc.array(
      hostile(fc.constantFrom(...operatorsFor(column)), fc.oneof(fc.constantFrom<string>(...operators), injections, text)).chain((op) =>
        fc.tuple(fc.constant(op as string), operandFor(column, op as string))
      ),
      { minLength: 1, maxLength: 2 }
    ).map(objectOf)

  const conditionFor = (column: ColumnName): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: column === "data" ? 0 : 6, arbitrary: valueFor(column) },
      { weight: 10, arbitrary: comparisonFor(column) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: noise, arbitrary: fc.constantFrom(undefined, {}) }
    )

  const whereAt = (depth: number): fc.Arbitrary<Record<string, unknown>> => {
    const column = fc.constantFrom(...columnNames).chain((c) => fc.tuple(fc.constant<string>(c), conditionFor(c)))
    const weird = fc.tuple(fc.oneof(injections, text), fc.oneof(garbage, conditionFor("label")))
    const or = depth === 0
      ? []
      : [{ weight: 6, arbitrary: fc.tuple(fc.constant("or"), hostile(fc.array(whereAt(depth - 1), { maxLength: 3 }))) }]
    const term: fc.Arbitrary<readonly [string, unknown]> = fc.oneof({ weight: 16, arbitrary: column }, { weight: noise, arbitrary: weird }, ...or)
    return fc.array(term, { maxLength: 3 }).map(objectOf)
  }

  const orderTerm = hostile(
    fc.record({
      column: hostile(fc.constantFrom<string>(...columnNames), fc.oneof(injections, text)),
      direction: hostile(
        fc.constantFrom("asc", "desc", undefined),
        fc.oneof(fc.constantFrom("ASC", "desc nulls first", "", "asc, (select 1 from pg_sleep(2))"), text)
      )
    }, { requiredKeys: ["column"] }),
    fc.oneof(garbage, fc.record({ column: fc.constant("label"), nulls: fc.constant("first") }))
  )

  /** A cursor: none, a real one (resolved against the known rows), or junk / JSON of the wrong shape. */
  const cursor: fc.Arbitrary<CursorSpec> = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom<CursorSpec>({ kind: "value", value: undefined }, { kind: "value", value: null }) },
    { weight: 10, arbitrary: fc.integer({ min: 0, max: knownRows.length - 1 }).map((index): CursorSpec => ({ kind: "row", index })) },
    { weight: noise, arbitrary: fc.oneof(text, garbage).map((value): CursorSpec => ({ kind: "value", value })) },
    {
      weight: noise,
      arbitrary: fc.array(fc.oneof(json, validValue("n"), validValue("id")), { maxLength: 3 }).map((values): CursorSpec => ({ kind: "value", value: cursorOf(values) }))
    }
  )

  return fc.record({
    where: fc.oneof({ weight: 16, arbitrary: whereAt(2) }, { weight: 4, arbitrary: fc.constant(undefined) }, { weight: noise, arbitrary: garbage }),
    orderBy: fc.oneof({ weight: 14, arbitrary: fc.array(orderTerm, { maxLength: 3 }) }, { weight: 6, arbitrary: fc.constant(undefined) }, { weight: noise, arbitrary: garbage }),
    limit: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 12, arbitrary: fc.integer({ min: 1, max: 15 }) },
      { weight: noise, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21, "5", null, "1; select 1") }
    ),
    cursor,
    extra: fc.oneof(
      { weight: 20, arbitrary: fc.constant(undefined) },
      { weight: noise, arbitrary: fc.tuple(fc.oneof(injections, text), garbage).filter(([k]) => !["where", "orderBy", "limit", "cursor"].includes(k)) }
    )
  }, { requiredKeys: ["where", "orderBy", "limit", "cursor", "extra"] })
}

type CursorSpec = { readonly kind: "value"; readonly value: unknown } | { readonly kind: "row"; readonly index: number }

type QuerySpec = typeof queries extends (noise: number) => fc.Arbitrary<infer Q> ? Q : never

/** One hostile change to an otherwise clean query: the case where nothing else would refuse it. */
const corruption: fc.Arbitrary<(q: QuerySpec) => QuerySpec> = fc.oneof(
  garbage.map((where) => (q: QuerySpec) => ({ ...q, where })),
  fc.tuple(fc.oneof(injections, text), garbage).map(([key, value]) => (q: QuerySpec) => ({
    ...q,
    where: objectOf([...Object.entries((q.where ?? {}) as object), [key, value]])
  })),
  fc.tuple(fc.constantFrom(...columnNames), fc.oneof(garbage, fc.constantFrom(undefined, {}), fc.tuple(fc.oneof(injections, text), garbage).map(([k, v]) => objectOf([[k, v]]))))
    .map(([column, condition]) => (q: QuerySpec) => ({ ...q, where: objectOf([...Object.entries((q.where ?? {}) as object), [column, condition]]) })),
  fc.tuple(fc.constantFrom(...columnNames), fc.oneof(fc.constantFrom("ASC", "desc nulls first", "", "asc, (select 1 from pg_sleep(2))", "desc; select 1"), text, garbage))
    .map(([column, direction]) => (q: QuerySpec) => ({ ...q, orderBy: [...(Array.isArray(q.orderBy) ? q.orderBy : []), { column, direction }] })),
  fc.oneof(injections, text, garbage).map((column) => (q: QuerySpec) => ({ ...q, orderBy: [...(Array.isArray(q.orderBy) ? q.orderBy : []), { column }] })),
  garbage.map((orderBy) => (q: QuerySpec) => ({ ...q, orderBy })),
  fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21, "5", null, "1; select 1").map((limit) => (q: QuerySpec) => ({ ...q, limit })),
  fc.oneof(text, garbage).map((value) => (q: QuerySpec) => ({ ...q, cursor: { kind: "value" as const, value } })),
  fc.tuple(fc.oneof(injections, text), garbage).filter(([k]) => !["where", "orderBy", "limit", "cursor"].includes(k)).map((extra) => (q: QuerySpec) => ({ ...q, extra }))
)

/** Clean queries (the reference comparison), clean queries with one hostile part, and hostile ones. */
const queryArb = fc.oneof(queries(0), fc.tuple(queries(0), corruption).map(([q, corrupt]) => corrupt(q)), queries(8))

// --- the properties ----------------------------------------------------------------

class Rollback extends Data.TaggedError("Rollback")<{ readonly deleted: number }> {}

/** The typed failure of an exit, or a test failure for a defect. */
const typedFailure = <A>(exit: Exit.Exit<A, StorageError | Rollback>) => {
  if (Exit.isSuccess(exit)) return undefined
  const reason = exit.cause.reasons.find(Cause.isFailReason)
  if (reason === undefined) return assert.fail(`a defect, not a typed failure: ${Cause.pretty(exit.cause)}`)
  return reason.error
}

const expectRefused = <A>(exit: Exit.Exit<A, StorageError | Rollback>, what: string) => {
  const error = typedFailure(exit)
  assert.isDefined(error, `${what}: the reference refuses this input, the adapter accepted it`)
  assert.strictEqual(error!._tag, "ValidationError", `${what}: ${error!._tag}: ${(error as { message?: string }).message}`)
}

const expectSuccess = <A>(exit: Exit.Exit<A, StorageError | Rollback>, what: string): A => {
  if (Exit.isSuccess(exit)) return exit.value
  const error = typedFailure(exit)
  return assert.fail(`${what}: the reference accepts this input, the adapter failed: ${error?._tag}: ${(error as { message?: string } | undefined)?.message}`)
}

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`storage hardening properties on ${name}`, () => {
    layer(database, { timeout: "180 seconds" })((it) => {
      it.effect("hardening 1-3: any query fails as a ValidationError or matches the reference over the known rows", () =>
        Effect.gen(function*() {
          yield* createProbe
          const storage = yield* Storage
          yield* storage.deleteMany(Probe, {}, { allRows: true })
          yield* storage.insertMany(Probe, knownRows as never)
          const stored = (yield* storage.find(Probe)).items as ReadonlyArray<ProbeRow>
          assert.strictEqual(stored.length, knownRows.length)
          yield* property(queryArb, (spec) =>
            Effect.gen(function*() {
              const terms = compileOrder(spec.orderBy)
              const cursor = spec.cursor.kind === "value"
                ? spec.cursor.value
                : terms === undefined
                ? "x"
                : cursorOf(terms.map((t) => knownRows[(spec.cursor as { index: number }).index]![t.column]))
              const query: Record<string, unknown> = {}
              if (spec.where !== undefined) query.where = spec.where
              if (spec.orderBy !== undefined) query.orderBy = spec.orderBy
              if (spec.limit !== undefined) query.limit = spec.limit
              if (cursor !== undefined) query.cursor = cursor
              if (spec.extra !== undefined) Object.defineProperty(query, spec.extra[0], { value: spec.extra[1], enumerable: true })

              // the reference
              const where = spec.where === undefined ? { ok: true as const, always: true, exact: true, test: () => true } : compileWhere(spec.where)
              const limitOk = spec.limit === undefined || (typeof spec.limit === "number" && Number.isSafeInteger(spec.limit) && spec.limit >= 1)
              const decoded = terms === undefined ? { ok: false as const } : decodeCursor(cursor, terms)
              const queryOk = spec.extra === undefined && where.ok && terms !== undefined && limitOk && decoded.ok

              const found = yield* Effect.exit(storage.find(Probe, query as never))
              if (!queryOk) {
                expectRefused(found, "find")
              } else {
                const page = expectSuccess(found, "find")
                const tuple = (row: Row) => terms!.map((t) => row[t.column] as unknown)
                const ordered = terms!.every((t) => t.column !== "data")
                const after = decoded.ok && decoded.values !== undefined ? decoded.values : undefined
                const matching = knownRows
                  .filter((row) => where.ok && where.test(row))
                  .filter((row) => after === undefined || compareTuples(terms!, tuple(row), after) > 0)
                  .sort((a, b) => compareTuples(terms!, tuple(a), tuple(b)))
                const limit = spec.limit as number | undefined
                const expected = limit === undefined ? matching : matching.slice(0, limit)
                const got = page.items.map((r) => r.id)
                if (where.exact && ordered) {
                  assert.deepStrictEqual(got, expected.map((r) => r.id), "the page the reference computes")
                } else if (where.ok && where.exact && limit === undefined && after === undefined) {
                  assert.deepStrictEqual([...got].sort(), matching.map((r) => r.id).sort(), "the rows the reference computes")
                }
                assert.strictEqual(page.nextCursor !== null, limit !== undefined && page.items.length === limit)
              }

              // count and deleteMany read the same filter
              if (spec.where === undefined) return
              const counted = yield* Effect.exit(storage.count(Probe, spec.where as never))
              const deleted = yield* Effect.exit(
                storage.transaction(Effect.gen(function*() {
                  const n = yield* storage.deleteMany(Probe, spec.where as never)
                  return yield* new Rollback({ deleted: n })
                }))
              )
              if (!where.ok) {
                expectRefused(counted, "count")
                expectRefused(deleted, "deleteMany")
                return
              }
              const expectedCount = knownRows.filter(where.test).length
              const n = expectSuccess(counted, "count")
              if (where.exact) assert.strictEqual(n, expectedCount, "count")
              if (where.always) {
                expectRefused(deleted, "deleteMany without allRows")
              } else {
                const error = typedFailure(deleted)
                assert.strictEqual(error?._tag, "Rollback", `deleteMany: ${(error as { message?: string } | undefined)?.message}`)
                if (where.exact) assert.strictEqual((error as Rollback).deleted, expectedCount, "deleteMany")
              }
            }), { numRuns: 150 })
          assert.strictEqual(yield* storage.count(Probe), knownRows.length, "every deleteMany rolled back")
        }))

      it.effect("hardening 4-5: any written value is stored as given, or refused as a ValidationError naming its field", () =>
        Effect.gen(function*() {
          yield* createProbe
          const storage = yield* Storage
          const target = yield* storage.insert(Probe, { label: "update target" })
          const rowArb = fc.record({
            label: text,
            tags: fc.array(text, { maxLength: 3 }),
            data: fc.dictionary(text, json, { maxKeys: 3 }),
            extra: fc.oneof(
              { weight: 4, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: fc.tuple(fc.oneof(injections, text, fc.constant("id")), json).filter(([k]) => !["label", "n", "tags", "data"].includes(k)) }
            )
          })
          yield* property(rowArb, ({ data, extra, label, tags }) =>
            Effect.gen(function*() {
              const row = objectOf([["label", label], ["tags", tags], ["data", data], ...(extra === undefined ? [] : [extra])])
              // the first field the reference refuses, in column order (the Schema's order), or undefined
              const bad = !storable(label)
                ? "label"
                : tags.findIndex((t) => !storable(t)) >= 0
                ? "tags"
                : !isJson(data)
                ? "data"
                : undefined
              const unknown = extra !== undefined && !(columnNames as ReadonlyArray<string>).includes(extra[0]) ? extra[0] : undefined
              const inserted = yield* Effect.exit(storage.insert(Probe, row as never))
              const patched = yield* Effect.exit(storage.update(Probe, target.id, row as never))
              const idInPatch = extra !== undefined && extra[0] === "id"
              if (bad === undefined && unknown === undefined && !(extra !== undefined && extra[0] === "id" && valueOf("id", extra[1]).ok === false)) {
                const stored = expectSuccess(inserted, "insert")
                assert.strictEqual(stored.label, label)
                assert.deepStrictEqual(stored.tags, tags)
                assert.isTrue(jsonEqual(stored.data, data), "jsonb round trip")
              } else {
                expectRefused(inserted, "insert")
                const error = typedFailure(inserted) as { field: string }
                if (extra === undefined && bad !== undefined) assert.match(error.field, new RegExp(`^${bad}`), "the field is named")
              }
              if (bad === undefined && unknown === undefined && !idInPatch) {
                const stored = expectSuccess(patched, "update")
                assert.strictEqual(stored.label, label)
              } else {
                expectRefused(patched, "update")
                const error = typedFailure(patched) as { field: string; rule: string }
                if (idInPatch && bad === undefined && unknown === undefined) {
                  assert.strictEqual(error.field, "id")
                  assert.strictEqual(error.rule, "the primary key cannot be changed")
                }
              }
            }), { numRuns: 100 })
          yield* storage.deleteMany(Probe, { id: { ne: target.id } })
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("a PostgreSQL server", server(serverUrl))
