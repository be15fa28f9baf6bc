/**
 * The SQL adapter of the storage port, on `effect/sql`'s `SqlClient` (provided
 * by `@effect/sql-pg`'s `PgClient`, over PGlite or a PostgreSQL server; see
 * `Database.ts`). One dialect: PostgreSQL.
 *
 * Writes send each batch as one JSON document and let PostgreSQL spread it into
 * typed columns with `jsonb_populate_recordset(NULL::table, $1)`, so a batch is
 * one statement with one parameter whatever its size, and every value is typed
 * by the table itself. Columns a row leaves out keep their database default:
 * rows are grouped by the set of columns they give.
 *
 * @since 0.1.0
 */
import type { PgClient } from "@effect/sql-pg"
import { type Config, Context, Effect, Exit, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import * as Access from "./Access.ts"
import * as Actor from "./Actor.ts"
import * as Database from "./Database.ts"
import * as Migrations from "./Migrations.ts"
import * as Column from "./Column.ts"
import { safeValue, toValidationError } from "./internal/issue.ts"
import { fromSqlError } from "./internal/sqlError.ts"
import { comparisonOperators } from "./Query.ts"
import { ignoreMutations, MutationObserver, Storage, type StorageShape } from "./Storage.ts"
import { NotFound, type StorageError, ValidationError } from "./StorageError.ts"
import * as Table from "./Table.ts"

type Row = Record<string, unknown>

/** Rows per statement on the write path (keeps each JSON document a few MB). */
const BATCH_SIZE = 2_000

const InTransaction = Context.Reference<boolean>("ringmaster/storage/SqlStorage/InTransaction", {
  defaultValue: () => false
})

type Decoder = (u: unknown) => Exit.Exit<unknown, Schema.SchemaError>

interface Codecs {
  readonly decodeInsert: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  readonly decodeUpdate: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  readonly decodeRow: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  /** columns whose value schema transforms (custom jsonb), encoded before writing */
  readonly encoders: ReadonlyArray<readonly [string, (u: unknown) => unknown]>
  /** the table's own columns by name: never an inherited property (`constructor`, `__proto__`) */
  readonly columns: ReadonlyMap<string, Column.Any>
  /** the value decoder of each column */
  readonly values: ReadonlyMap<string, Decoder>
}

const codecCache = new WeakMap<Table.Any, Codecs>()

const codecsOf = (table: Table.Any): Codecs => {
  let codecs = codecCache.get(table)
  if (codecs === undefined) {
    const encoders: Array<readonly [string, (u: unknown) => unknown]> = []
    const columns = new Map<string, Column.Any>()
    const values = new Map<string, Decoder>()
    for (const name of table.columnNames) {
      const column = table.columns[name]!
      columns.set(name, column)
      values.set(name, Schema.decodeUnknownExit(column.value as Schema.Codec<unknown, unknown>))
      if (column.needsEncoding) {
        const encode = Schema.encodeUnknownSync(column.value as Schema.Codec<unknown, unknown>)
        encoders.push([name, (u) => (u === null ? null : encode(u))])
      }
    }
    codecs = {
      // input reaches these through `columnFields`, which refuses unknown keys as `Table.decodeOptions` asks
      decodeInsert: Schema.decodeUnknownExit(table.Insert as Schema.Codec<Row, unknown>),
      decodeUpdate: Schema.decodeUnknownExit(table.Update as Schema.Codec<Row, unknown>),
      decodeRow: Schema.decodeUnknownExit(table.Row as Schema.Codec<Row, unknown>),
      encoders,
      columns,
      values
    }
    codecCache.set(table, codecs)
  }
  return codecs
}

const decodeJson: Decoder = Schema.decodeUnknownExit(Column.Json as Schema.Codec<unknown, unknown>)

const failure = <A>(
  table: Table.Any,
  exit: Exit.Exit<A, Schema.SchemaError>,
  input: unknown,
  prefix = ""
): Effect.Effect<A, ValidationError> =>
  Exit.isSuccess(exit)
    ? Effect.succeed(exit.value)
    : Effect.fail(
      (() => {
        const error = exit.cause.reasons.find((r) => r._tag === "Fail")
        return error && error._tag === "Fail"
          ? toValidationError(table.name, (error.error as Schema.SchemaError).issue, input, prefix)
          : new ValidationError({ table: table.name, field: prefix || "(row)", rule: "could not be decoded" })
      })()
    )

/** A `ValidationError` on `field`, carrying the offending value when there is one. */
const invalid = (table: Table.Any, field: string, rule: string, value?: unknown): ValidationError =>
  new ValidationError({ table: table.name, field, rule, ...(value === undefined ? {} : { value: safeValue(value) }) })

/**
 * An object literal (or a null-prototype object): the only shape a filter, a
 * comparison, a query, a row or a patch may take. Arrays, dates, class
 * instances and objects inheriting from anything but `Object.prototype` are
 * refused, so no property a caller did not write can be read.
 */
const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> => {
  if (u === null || typeof u !== "object") return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * The fields of a row or a patch: the own enumerable keys of a plain object,
 * each naming a column of the table (as `Table.decodeOptions` says: a key that
 * names no column is an error, not dropped), copied into a null-prototype
 * object so that the schema decoding it sees nothing inherited (not even from a
 * polluted `Object.prototype`). Checked here in one pass over the keys rather
 * than by the decoder's excess-property option, which doubles the cost of a
 * bulk insert.
 */
const columnFields = (table: Table.Any, u: unknown, prefix: string, what: string): Row | ValidationError => {
  if (!isPlainObject(u)) return invalid(table, prefix || what, "expected an object of column values")
  const { columns } = codecsOf(table)
  const out = Object.create(null) as Row
  for (const key of Object.keys(u)) {
    if (!columns.has(key)) return invalid(table, prefix === "" ? key : `${prefix}.${key}`, `no such column in ${table.name}`, u[key])
    out[key] = u[key]
  }
  return out
}

const quote = Table.quoteIdentifier

const castOf = (column: Column.Any): string => {
  if (column.pgType === "numeric" && column.numeric) return `numeric(${column.numeric.precision},${column.numeric.scale})`
  return column.pgType
}

/** Renders JSON text for a decoded row (Dates become ISO strings via toJSON). */
const toJsonRows = (codecs: Codecs, rows: ReadonlyArray<Row>): string => {
  if (codecs.encoders.length === 0) return JSON.stringify(rows)
  return JSON.stringify(rows.map((row) => {
    const out: Row = { ...row }
    for (const [name, encode] of codecs.encoders) {
      if (Object.hasOwn(out, name)) out[name] = encode(out[name])
    }
    return out
  }))
}

/**
 * Builds SQL text with `$n` placeholders; every parameter is sent as text and
 * cast to its column's type in SQL, so the driver never has to guess a type.
 * Only identifiers the table defines (quoted) and fixed keywords are ever
 * written into the text; every value a caller gives is a parameter.
 */
class Params {
  readonly values: Array<string | null> = []
  add(value: string | null): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

const paramText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  return JSON.stringify(value)
}

/** A typed SQL expression for one value of a column. */
const valueSql = (column: Column.Any, value: unknown, params: Params): string => {
  switch (column.pgType) {
    case "jsonb":
      return `${params.add(JSON.stringify(value))}::jsonb`
    case "text[]":
    case "uuid[]":
      return `array(select jsonb_array_elements_text(${params.add(JSON.stringify(value))}::jsonb))::${column.pgType}`
    default:
      return `${params.add(paramText(value))}::${castOf(column)}`
  }
}

/** A typed SQL expression for a list of values of a column (for `in`). */
const listSql = (column: Column.Any, values: ReadonlyArray<unknown>, params: Params): string => {
  switch (column.pgType) {
    case "jsonb":
      return `(select value from jsonb_array_elements(${params.add(JSON.stringify(values))}::jsonb))`
    case "text[]":
    case "uuid[]":
      // each value is itself an array: one row per value, rebuilt as an SQL array
      return `(select array(select jsonb_array_elements_text(value))::${column.pgType} from jsonb_array_elements(${params.add(JSON.stringify(values))}::jsonb))`
    default:
      return `(select value::${castOf(column)} from jsonb_array_elements_text(${params.add(JSON.stringify(values.map((v) => v instanceof Date ? v.toISOString() : v)))}::jsonb))`
  }
}

const operatorSet: ReadonlySet<string> = new Set(comparisonOperators)
const operatorList = comparisonOperators.join(", ")
const undefinedValue = "undefined is not a filter value (leave the key out to not filter on it; null means IS NULL)"

const validateValue = (table: Table.Any, name: string, value: unknown, field: string) =>
  failure(table, codecsOf(table).values.get(name)!(value), value, field)

/** Whether a LIKE pattern ends with an unpaired escape character (PostgreSQL refuses it). */
const endsWithEscape = (pattern: string): boolean => {
  let n = 0
  for (let i = pattern.length - 1; i >= 0 && pattern.charCodeAt(i) === 92 /* \ */; i--) n++
  return n % 2 === 1
}

/** A compiled filter: its SQL, and whether it holds for every row whatever the row holds (`{}`). */
interface Condition {
  readonly sql: string
  readonly always: boolean
}

const whereSql = Effect.fnUntraced(function*(
  table: Table.Any,
  where: unknown,
  params: Params,
  path = "where"
): Effect.fn.Return<Condition, ValidationError> {
  if (!isPlainObject(where)) {
    return yield* invalid(table, path, "expected a filter: an object of column conditions", where)
  }
  const { columns } = codecsOf(table)
  const terms: Array<string> = []
  let always = true
  for (const key of Object.keys(where)) {
    const raw = where[key]
    const field = `${path}.${key}`
    if (raw === undefined) return yield* invalid(table, field, undefinedValue)
    if (key === "or") {
      if (!Array.isArray(raw)) return yield* invalid(table, field, "expected an array of filters", raw)
      const alternatives: Array<string> = []
      let some = false
      for (let i = 0; i < raw.length; i++) {
        const alternative = yield* whereSql(table, raw[i], params, `${field}[${i}]`)
        some ||= alternative.always
        alternatives.push(alternative.sql)
      }
      if (!some) always = false
      terms.push(alternatives.length === 0 ? "false" : `(${alternatives.join(" or ")})`)
      continue
    }
    const column = columns.get(key)
    if (column === undefined) return yield* invalid(table, field, `no such column in ${table.name}`)
    always = false
    const ident = quote(key)
    if (raw === null) {
      terms.push(`${ident} is null`)
      continue
    }
    if (!isPlainObject(raw)) {
      if (column.pgType === "jsonb") {
        return yield* invalid(table, field, "jsonb columns take a comparison ({ eq }, { contains }, { isNull })")
      }
      const value = yield* validateValue(table, key, raw, field)
      terms.push(`${ident} = ${valueSql(column, value, params)}`)
      continue
    }
    const given = Object.keys(raw)
    if (given.length === 0) return yield* invalid(table, field, `an empty comparison: give at least one of ${operatorList}`)
    for (const op of given) {
      if (!operatorSet.has(op)) return yield* invalid(table, `${field}.${op}`, `unknown operator (expected one of ${operatorList})`)
      if (raw[op] === undefined) return yield* invalid(table, `${field}.${op}`, undefinedValue)
    }
    for (const op of comparisonOperators) {
      if (!Object.hasOwn(raw, op)) continue
      const operand = raw[op]
      const opField = `${field}.${op}`
      switch (op) {
        case "isNull":
          if (typeof operand !== "boolean") return yield* invalid(table, opField, "expected a boolean", operand)
          terms.push(`${ident} is ${operand ? "" : "not "}null`)
          break
        case "like": {
          if (typeof operand !== "string" || column.pgType !== "text") {
            return yield* invalid(table, opField, "like takes a string pattern on a text column", operand)
          }
          const issue = Column.textIssue(operand)
          if (issue !== undefined) return yield* invalid(table, opField, issue, operand)
          if (endsWithEscape(operand)) {
            return yield* invalid(table, opField, "a LIKE pattern may not end with the escape character \\", operand)
          }
          terms.push(`${ident} like ${params.add(operand)}`)
          break
        }
        case "in":
        case "notIn": {
          if (!Array.isArray(operand)) return yield* invalid(table, opField, "expected an array", operand)
          const values: Array<unknown> = []
          for (let i = 0; i < operand.length; i++) {
            values.push(yield* validateValue(table, key, operand[i], `${opField}[${i}]`))
          }
          terms.push(`${ident} ${op === "in" ? "in" : "not in"} ${listSql(column, values, params)}`)
          break
        }
        case "contains": {
          if (column.pgType !== "jsonb" && column.pgType !== "text[]" && column.pgType !== "uuid[]") {
            return yield* invalid(table, opField, "contains applies to jsonb and array columns")
          }
          const value = column.pgType === "jsonb"
            ? yield* failure(table, decodeJson(operand), operand, opField)
            : yield* validateValue(table, key, operand, opField)
          terms.push(`${ident} @> ${valueSql(column, value, params)}`)
          break
        }
        default: {
          const value = yield* validateValue(table, key, operand, opField)
          const sqlOp = op === "eq" ? "=" : op === "ne" ? "<>" : op === "lt" ? "<" : op === "lte" ? "<=" : op === "gt" ? ">" : ">="
          terms.push(`${ident} ${sqlOp} ${valueSql(column, value, params)}`)
        }
      }
    }
  }
  return { sql: terms.length === 0 ? "true" : terms.join(" and "), always }
})

// --- queries -----------------------------------------------------------------

const queryOptions: ReadonlySet<string> = new Set(["where", "orderBy", "limit", "cursor"])
const orderKeys: ReadonlySet<string> = new Set(["column", "direction"])

interface Term {
  readonly column: string
  readonly direction: "asc" | "desc"
}

/** The ordering terms of a query, validated; the primary key always last. */
const orderTerms = Effect.fnUntraced(function*(table: Table.Any, orderBy: unknown): Effect.fn.Return<Array<Term>, ValidationError> {
  const terms: Array<Term> = []
  if (orderBy !== undefined) {
    if (!Array.isArray(orderBy)) return yield* invalid(table, "orderBy", "expected an array of { column, direction }", orderBy)
    const { columns } = codecsOf(table)
    for (let i = 0; i < orderBy.length; i++) {
      const term: unknown = orderBy[i]
      const field = `orderBy[${i}]`
      if (!isPlainObject(term)) return yield* invalid(table, field, "expected { column, direction }", term)
      for (const key of Object.keys(term)) {
        if (!orderKeys.has(key)) return yield* invalid(table, `${field}.${key}`, "unknown key (expected column, direction)")
      }
      const column = term.column
      if (typeof column !== "string" || !columns.has(column)) {
        return yield* invalid(table, `${field}.column`, `no such column in ${table.name}`, column)
      }
      const direction = term.direction
      if (direction !== undefined && direction !== "asc" && direction !== "desc") {
        return yield* invalid(table, `${field}.direction`, "expected \"asc\" or \"desc\"", direction)
      }
      if (column !== table.primaryKey) terms.push({ column, direction: direction ?? "asc" })
    }
  }
  terms.push({ column: table.primaryKey, direction: "asc" })
  return terms
})

// --- cursors ---------------------------------------------------------------

const cursorText = /^[A-Za-z0-9_-]+$/

const encodeCursor = (values: ReadonlyArray<unknown>): string =>
  Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString("base64url")

/** The values of a cursor, each validated against its ordering column. */
const decodeCursor = Effect.fnUntraced(function*(
  table: Table.Any,
  cursor: unknown,
  terms: ReadonlyArray<Term>
): Effect.fn.Return<Array<unknown>, ValidationError> {
  const foreign = invalid(table, "cursor", "not a cursor this table issued for this ordering")
  if (typeof cursor !== "string" || !cursorText.test(cursor)) return yield* foreign
  let values: unknown
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
  } catch {
    return yield* foreign
  }
  if (!Array.isArray(values) || values.length !== terms.length) return yield* foreign
  const checked: Array<unknown> = []
  for (let i = 0; i < terms.length; i++) {
    const value: unknown = values[i]
    checked.push(value === null ? null : yield* validateValue(table, terms[i]!.column, value, "cursor"))
  }
  return checked
})

/**
 * Keyset condition "strictly after `values`" for the ordering terms. NULLs sort
 * last ascending and first descending (PostgreSQL's defaults).
 */
const afterSql = (
  table: Table.Any,
  terms: ReadonlyArray<Term>,
  values: ReadonlyArray<unknown>,
  params: Params
): string => {
  const { columns } = codecsOf(table)
  const alternatives: Array<string> = []
  for (let i = 0; i < terms.length; i++) {
    const parts: Array<string> = []
    for (let j = 0; j < i; j++) {
      const ident = quote(terms[j]!.column)
      const value = values[j]
      parts.push(value === null ? `${ident} is null` : `${ident} = ${valueSql(columns.get(terms[j]!.column)!, value, params)}`)
    }
    const { column, direction } = terms[i]!
    const ident = quote(column)
    const value = values[i]
    let strict: string
    if (direction === "asc") {
      strict = value === null ? "false" : `(${ident} > ${valueSql(columns.get(column)!, value, params)} or ${ident} is null)`
    } else {
      strict = value === null ? `${ident} is not null` : `${ident} < ${valueSql(columns.get(column)!, value, params)}`
    }
    parts.push(strict)
    alternatives.push(`(${parts.join(" and ")})`)
  }
  return `(${alternatives.join(" or ")})`
}

// --- increments --------------------------------------------------------------

const incrementParts: ReadonlySet<string> = new Set(["add", "mean", "set"])
const meanKeys: ReadonlySet<string> = new Set(["value", "count"])

const isNumericColumn = (column: Column.Any): boolean =>
  column.pgType === "integer" || column.pgType === "numeric" || column.pgType === "double precision"

/** The SQL type an increment computes a column's new value in. */
const arithmeticType = (column: Column.Any): string =>
  column.pgType === "integer" ? "int8" : column.pgType === "double precision" ? "float8" : "numeric"

// --- the adapter -------------------------------------------------------------

/**
 * Builds the SQL adapter on the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWith = (options: Access.Options = {}) => Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const roleSetting: ReadonlyArray<readonly [string, string]> = (options.access ?? "application") === "application"
    ? [["role", Access.applicationRole]]
    : []

  const run = (operation: string, table: Table.Any | undefined, text: string, params: ReadonlyArray<string | null>) =>
    sql.unsafe<Row>(text, params as Array<string | null>).pipe(
      Effect.mapError((e: SqlError) => fromSqlError(e, operation, table ? `${table.schema === "public" ? "" : `${table.schema}.`}${table.name}` : undefined))
    )

  const applyActor = Effect.gen(function*() {
    const actor = yield* Actor.CurrentActor
    const params = new Params()
    const sets = [...roleSetting, ...Actor.settings(actor)].map(([name, value]) => `set_config(${params.add(name)}, ${params.add(value)}, true)`)
    yield* run("set actor", undefined, `select ${sets.join(", ")}`, params.values)
  })

  const transaction = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | StorageError, R> =>
    Effect.gen(function*() {
      if (yield* InTransaction) {
        // nested: a savepoint, so an inner failure rolls back only the inner work
        return yield* sql.withTransaction(self).pipe(
          Effect.mapError((e) => (isSqlError(e) ? fromSqlError(e, "transaction") : e))
        )
      }
      return yield* sql.withTransaction(
        applyActor.pipe(Effect.andThen(self), Effect.provideService(InTransaction, true))
      ).pipe(Effect.mapError((e) => (isSqlError(e) ? fromSqlError(e, "transaction") : (e as E | StorageError))))
    }) as Effect.Effect<A, E | StorageError, R>

  /** Runs in the current transaction, or in a new one carrying the actor. */
  const inTransaction = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | StorageError, R> =>
    Effect.gen(function*() {
      return (yield* InTransaction) ? yield* self : yield* transaction(self)
    })

  const decodeRows = (table: Table.Any, rows: ReadonlyArray<Row>) =>
    Effect.forEach(rows, (row, i) => failure(table, codecsOf(table).decodeRow(row), row, `(stored row ${i})`))

  const observe = (table: Table.Any, operation: "insert" | "update" | "delete", after: ReadonlyArray<Row>, before: ReadonlyArray<Row>) =>
    Effect.gen(function*() {
      const observer = yield* MutationObserver
      if (observer === ignoreMutations) return
      const actor = yield* Actor.CurrentActor
      yield* observer.observe({ table, operation, actor, after, before })
    })

  const decodeInserts = (table: Table.Any, rows: unknown) =>
    Effect.gen(function*() {
      if (!Array.isArray(rows)) return yield* invalid(table, "(rows)", "expected an array of rows")
      const codecs = codecsOf(table)
      const decoded: Array<Row> = new Array(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const prefix = rows.length === 1 ? "" : `[${i}]`
        const fields = columnFields(table, rows[i], prefix, "(row)")
        if (fields instanceof ValidationError) return yield* fields
        const exit = codecs.decodeInsert(fields)
        decoded[i] = Exit.isSuccess(exit) ? exit.value : yield* failure(table, exit, fields, prefix)
      }
      return decoded
    })

  /** A patch decoded like `update`'s (own fields only, known columns only, never the key). */
  const decodePatch = (table: Table.Any, patch: unknown, prefix: string) =>
    Effect.gen(function*() {
      const fields = columnFields(table, patch, prefix, "(patch)")
      if (fields instanceof ValidationError) return yield* fields
      return yield* failure(table, codecsOf(table).decodeUpdate(fields), fields, prefix)
    })

  /** `"pk" = $n`, with the key validated. */
  const keyCondition = (table: Table.Any, keyValue: unknown, params: Params) =>
    `${quote(table.primaryKey)} = ${valueSql(codecsOf(table).columns.get(table.primaryKey)!, keyValue, params)}`

  /** The rows an update of the key will replace, locked, when an observer wants them. */
  const rowsBefore = (table: Table.Any, operation: string, keyValue: unknown) =>
    Effect.gen(function*() {
      const observer = yield* MutationObserver
      if (observer === ignoreMutations) return []
      const params = new Params()
      return yield* run(operation, table, `select * from ${table.sqlName} where ${keyCondition(table, keyValue, params)} for update`, params.values)
    })

  /** Writes decoded rows, grouped by their column sets; returns the stored rows (raw) when asked. */
  const write = (table: Table.Any, rows: ReadonlyArray<Row>, returning: boolean) =>
    Effect.gen(function*() {
      const codecs = codecsOf(table)
      const groups = new Map<string, Array<number>>()
      for (let i = 0; i < rows.length; i++) {
        const key = Object.keys(rows[i]!).join(",")
        let group = groups.get(key)
        if (group === undefined) groups.set(key, group = [])
        group.push(i)
      }
      const stored: Array<Row> = returning ? new Array<Row>(rows.length) : []
      const suffix = returning ? " returning *" : ""
      for (const [key, indexes] of groups) {
        if (key === "") {
          // rows that give no column at all: every value is the default
          for (const i of indexes) {
            const one = yield* run("insert", table, `insert into ${table.sqlName} default values${suffix}`, [])
            if (returning) stored[i] = one[0]!
          }
          continue
        }
        const list = key.split(",").map(quote).join(", ")
        const text = `insert into ${table.sqlName} (${list}) select ${list} from jsonb_populate_recordset(null::${table.sqlName}, $1::jsonb)${suffix}`
        for (let start = 0; start < indexes.length; start += BATCH_SIZE) {
          const slice = indexes.slice(start, start + BATCH_SIZE)
          const result = yield* run("insert", table, text, [toJsonRows(codecs, slice.map((i) => rows[i]!))])
          if (returning) for (let k = 0; k < slice.length; k++) stored[slice[k]!] = result[k]!
        }
      }
      return stored
    })

  const insertMany: StorageShape["insertMany"] = (table, rows) =>
    Effect.gen(function*() {
      const decoded = yield* decodeInserts(table, rows)
      if (decoded.length === 0) return []
      return yield* inTransaction(Effect.gen(function*() {
        const stored = yield* write(table, decoded, true)
        yield* observe(table, "insert", stored, [])
        return yield* decodeRows(table, stored)
      }))
    }) as never

  const increment = (table: Table.Any, key: unknown, change: unknown) =>
    Effect.gen(function*() {
      const { columns } = codecsOf(table)
      const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
      if (!isPlainObject(change)) return yield* invalid(table, "(change)", "expected { add?, mean?, set? }")
      for (const part of Object.keys(change)) {
        if (!incrementParts.has(part)) return yield* invalid(table, part, "unknown part of an increment (expected add, mean, set)")
      }
      const params = new Params()
      const assignments: Array<string> = []
      const changed = new Set<string>()
      const claim = (name: string, field: string) =>
        name === table.primaryKey
          ? Effect.fail(invalid(table, field, "the primary key cannot be changed"))
          : changed.has(name)
          ? Effect.fail(invalid(table, field, "a column may appear only once in add, mean and set"))
          : Effect.sync(() => void changed.add(name))
      const numericColumn = (name: unknown, field: string) =>
        Effect.gen(function*() {
          const column = typeof name === "string" ? columns.get(name) : undefined
          if (column === undefined) return yield* invalid(table, field, `no such column in ${table.name}`, name)
          if (!isNumericColumn(column)) {
            return yield* invalid(table, field, `expected a numeric column (integer, numeric, double precision), not ${column.pgType}`, name)
          }
          return column
        })
      const finite = (value: unknown, integer: boolean, field: string) =>
        typeof value !== "number" || !Number.isFinite(value)
          ? Effect.fail(invalid(table, field, "expected a finite number", value))
          : integer && !Number.isSafeInteger(value)
          ? Effect.fail(invalid(table, field, "expected an integer (integer column)", value))
          : Effect.succeed(value)

      if (change.add !== undefined) {
        if (!isPlainObject(change.add)) return yield* invalid(table, "add", "expected an object of column: number")
        for (const name of Object.keys(change.add)) {
          const field = `add.${name}`
          const column = yield* numericColumn(name, field)
          yield* claim(name, field)
          const n = yield* finite(change.add[name], column.pgType === "integer", field)
          const ident = quote(name)
          assignments.push(`${ident} = coalesce(${ident}, 0) + ${params.add(String(n))}::${arithmeticType(column)}`)
        }
      }
      if (change.mean !== undefined) {
        if (!isPlainObject(change.mean)) return yield* invalid(table, "mean", "expected an object of column: { value, count }")
        for (const name of Object.keys(change.mean)) {
          const field = `mean.${name}`
          const column = yield* numericColumn(name, field)
          yield* claim(name, field)
          const sample: unknown = change.mean[name]
          if (!isPlainObject(sample)) return yield* invalid(table, field, "expected { value, count }", sample)
          for (const k of Object.keys(sample)) {
            if (!meanKeys.has(k)) return yield* invalid(table, `${field}.${k}`, "unknown key (expected value, count)")
          }
          const value = yield* finite(sample.value, false, `${field}.value`)
          yield* numericColumn(sample.count, `${field}.count`)
          const type = column.pgType === "double precision" ? "float8" : "numeric"
          const ident = quote(name)
          const count = `coalesce(${quote(sample.count as string)}, 0)::${type}`
          const mean = `(coalesce(${ident}, 0)::${type} * ${count} + ${params.add(String(value))}::${type}) / (${count} + 1)`
          const scale = column.pgType === "integer" ? 0 : column.pgType === "numeric" ? column.numeric?.scale : undefined
          assignments.push(`${ident} = ${scale === undefined ? mean : `round(${mean}, ${scale})`}`)
        }
      }
      if (change.set !== undefined) {
        const decoded = yield* decodePatch(table, change.set, "set")
        const names = Object.keys(decoded)
        for (const name of names) yield* claim(name, `set.${name}`)
        if (names.length > 0) {
          const list = names.map(quote).join(", ")
          assignments.push(
            `(${list}) = (select ${list} from jsonb_populate_record(null::${table.sqlName}, ${params.add(toJsonRows(codecsOf(table), [decoded]).slice(1, -1))}::jsonb))`
          )
        }
      }
      return yield* inTransaction(Effect.gen(function*() {
        const before = yield* rowsBefore(table, "increment", keyValue)
        const where = keyCondition(table, keyValue, params)
        const text = assignments.length === 0
          ? `select * from ${table.sqlName} where ${where}`
          : `update ${table.sqlName} set ${assignments.join(", ")} where ${where} returning *`
        const result = yield* run("increment", table, text, params.values)
        if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
        yield* observe(table, "update", result, before)
        const [row] = yield* decodeRows(table, result)
        return row!
      }))
    })

  const storage: StorageShape = {
    insert: (table, row) => Effect.map(insertMany(table, [row]), (rows) => rows[0]!),
    insertMany,
    bulkInsert: (table, rows) =>
      Effect.gen(function*() {
        const decoded = yield* decodeInserts(table, rows)
        if (decoded.length === 0) return 0
        return yield* inTransaction(Effect.gen(function*() {
          const observer = yield* MutationObserver
          const stored = yield* write(table, decoded, observer !== ignoreMutations)
          yield* observe(table, "insert", stored, [])
          return decoded.length
        }))
      }),
    update: (table, key, patch) =>
      Effect.gen(function*() {
        const codecs = codecsOf(table)
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        const decoded = yield* decodePatch(table, patch, "")
        return yield* inTransaction(Effect.gen(function*() {
          const before = yield* rowsBefore(table, "update", keyValue)
          const params = new Params()
          const keySql = keyCondition(table, keyValue, params)
          const columns = Object.keys(decoded)
          const text = columns.length === 0
            ? `select * from ${table.sqlName} where ${keySql}`
            : `update ${table.sqlName} set (${columns.map(quote).join(", ")}) = (select ${columns.map(quote).join(", ")} from jsonb_populate_record(null::${table.sqlName}, ${params.add(toJsonRows(codecs, [decoded]).slice(1, -1))}::jsonb)) where ${keySql} returning *`
          const result = yield* run("update", table, text, params.values)
          if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
          yield* observe(table, "update", result, before)
          const [row] = yield* decodeRows(table, result)
          return row!
        }))
      }) as never,
    increment: (table, key, change) => increment(table, key, change) as never,
    delete: (table, key) =>
      Effect.gen(function*() {
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        return yield* inTransaction(Effect.gen(function*() {
          const params = new Params()
          const result = yield* run(
            "delete",
            table,
            `delete from ${table.sqlName} where ${keyCondition(table, keyValue, params)} returning *`,
            params.values
          )
          if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
          yield* observe(table, "delete", [], result)
          const [row] = yield* decodeRows(table, result)
          return row!
        }))
      }) as never,
    deleteMany: (table, where, options) =>
      Effect.gen(function*() {
        if (options !== undefined && !isPlainObject(options)) return yield* invalid(table, "(options)", "expected { allRows? }")
        const allRows: unknown = options?.allRows
        if (allRows !== undefined && typeof allRows !== "boolean") return yield* invalid(table, "allRows", "expected a boolean", allRows)
        const params = new Params()
        const condition = yield* whereSql(table, where, params)
        if (condition.always && allRows !== true) {
          return yield* invalid(table, "where", "this filter matches every row: pass { allRows: true } as deleteMany's third argument to delete them all")
        }
        return yield* inTransaction(Effect.gen(function*() {
          const observer = yield* MutationObserver
          const returning = observer === ignoreMutations ? "" : " returning *"
          const result = yield* run("delete", table, `with gone as (delete from ${table.sqlName} where ${condition.sql}${returning === "" ? " returning 1" : returning}) select ${returning === "" ? "count(*)::int4 as count" : "*"} from gone`, params.values)
          if (returning === "") return Number(result[0]?.count ?? 0)
          yield* observe(table, "delete", [], result)
          return result.length
        }))
      }),
    get: (table, key) =>
      Effect.gen(function*() {
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        const params = new Params()
        const result = yield* inTransaction(run(
          "get",
          table,
          `select * from ${table.sqlName} where ${keyCondition(table, keyValue, params)}`,
          params.values
        ))
        if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
        const [row] = yield* decodeRows(table, result)
        return row!
      }) as never,
    find: (table, query) =>
      Effect.gen(function*() {
        const options: unknown = query ?? {}
        if (!isPlainObject(options)) return yield* invalid(table, "(query)", "expected { where?, orderBy?, limit?, cursor? }")
        for (const key of Object.keys(options)) {
          if (!queryOptions.has(key)) return yield* invalid(table, key, "unknown query option (expected where, orderBy, limit, cursor)")
        }
        const params = new Params()
        let condition = options.where === undefined ? "true" : (yield* whereSql(table, options.where, params)).sql
        const terms = yield* orderTerms(table, options.orderBy)
        const limit = options.limit
        if (limit !== undefined && (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1)) {
          return yield* invalid(table, "limit", "expected a positive integer", limit)
        }
        if (options.cursor !== undefined && options.cursor !== null) {
          const values = yield* decodeCursor(table, options.cursor, terms)
          condition = `(${condition}) and ${afterSql(table, terms, values, params)}`
        }
        const order = terms.map((t) => `${quote(t.column)} ${t.direction}`).join(", ")
        const limitSql = limit === undefined ? "" : ` limit ${params.add(String(limit))}::int8`
        const raw = yield* inTransaction(run("find", table, `select * from ${table.sqlName} where ${condition} order by ${order}${limitSql}`, params.values))
        const items = yield* decodeRows(table, raw)
        const last = items[items.length - 1]
        const nextCursor = limit !== undefined && items.length === limit && last !== undefined
          ? encodeCursor(terms.map((t) => last[t.column]))
          : null
        return { items, nextCursor }
      }) as never,
    count: (table, where) =>
      Effect.gen(function*() {
        const params = new Params()
        const condition = where === undefined ? "true" : (yield* whereSql(table, where, params)).sql
        const result = yield* inTransaction(run("count", table, `select count(*)::int4 as count from ${table.sqlName} where ${condition}`, params.values))
        return Number(result[0]?.count ?? 0)
      }),
    transaction
  }
  return storage
})

/**
 * The adapter in the default `application` mode (see `Access.ts`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = makeWith()

const isSqlError = (u: unknown): u is SqlError =>
  typeof u === "object" && u !== null && "_tag" in u && (u as { _tag: unknown })._tag === "SqlError"

/**
 * The storage port over the `SqlClient` in context (a migrated database; see
 * `Access.ts` for `options.access`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Access.Options = {}): Layer.Layer<Storage, never, SqlClient.SqlClient> =>
  Layer.effect(Storage, makeWith(options))

/**
 * The storage port over the `SqlClient` in context, in `application` mode.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Storage, never, SqlClient.SqlClient> = layerWith()

/**
 * Everything a host needs from a database layer: the port over a migrated
 * database, plus the `SqlClient`/`PgClient` it runs on. Migrates first, then
 * (in `application` mode) checks that queries run as a role row-level
 * security binds, failing with `Access.UnsafeDatabaseRole` otherwise.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOn = <E, R>(
  database: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, E, R>,
  options: Access.Options = {}
): Layer.Layer<
  Storage | PgClient.PgClient | SqlClient.SqlClient,
  E | Migrations.MigrationFailed | Access.UnsafeDatabaseRole,
  R
> => {
  const checked = (options.access ?? "application") === "application"
    ? Layer.effectDiscard(Access.verify).pipe(Layer.provideMerge(Migrations.layer))
    : Migrations.layer
  return Layer.merge(layerWith(options), checked).pipe(Layer.provideMerge(database))
}

/**
 * The port over embedded PGlite (in memory, or in `dataDir`), migrated. PGlite
 * connects as a superuser; in `application` mode (the default) every
 * transaction switches to `ringmaster_app`, so the same policies hold as on a
 * server.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (options: Database.PgliteOptions & Access.Options = {}) =>
  layerOn(Database.layerPglite(options), options)

/**
 * The port over a PostgreSQL server, migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (url: string, options: Access.Options = {}) => layerOn(Database.layerServer(url), options)

/**
 * The port over a server when `DATABASE_URL` is set, else over PGlite
 * (`RINGMASTER_DATA_DIR`, or in memory), migrated, in `application` mode.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<
  Storage | PgClient.PgClient | SqlClient.SqlClient,
  Database.DatabaseUnavailable | Config.ConfigError | Migrations.MigrationFailed | Access.UnsafeDatabaseRole
> = layerOn(Database.layerConfig)
