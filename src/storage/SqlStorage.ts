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
import * as Actor from "./Actor.ts"
import * as Database from "./Database.ts"
import * as Migrations from "./Migrations.ts"
import type * as Column from "./Column.ts"
import { toValidationError } from "./internal/issue.ts"
import { fromSqlError } from "./internal/sqlError.ts"
import type * as Query from "./Query.ts"
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

interface Codecs {
  readonly decodeInsert: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  readonly decodeUpdate: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  readonly decodeRow: (u: unknown) => Exit.Exit<Row, Schema.SchemaError>
  /** columns whose value schema transforms (custom jsonb), encoded before writing */
  readonly encoders: ReadonlyArray<readonly [string, (u: unknown) => unknown]>
  readonly values: Record<string, (u: unknown) => Exit.Exit<unknown, Schema.SchemaError>>
}

const codecCache = new WeakMap<Table.Any, Codecs>()

const codecsOf = (table: Table.Any): Codecs => {
  let codecs = codecCache.get(table)
  if (codecs === undefined) {
    const encoders: Array<readonly [string, (u: unknown) => unknown]> = []
    const values: Record<string, (u: unknown) => Exit.Exit<unknown, Schema.SchemaError>> = {}
    for (const name of table.columnNames) {
      const column = table.columns[name]!
      values[name] = Schema.decodeUnknownExit(column.value as Schema.Codec<unknown, unknown>)
      if (column.needsEncoding) {
        const encode = Schema.encodeUnknownSync(column.value as Schema.Codec<unknown, unknown>)
        encoders.push([name, (u) => (u === null ? null : encode(u))])
      }
    }
    codecs = {
      decodeInsert: Schema.decodeUnknownExit(table.Insert as Schema.Codec<Row, unknown>),
      decodeUpdate: Schema.decodeUnknownExit(table.Update as Schema.Codec<Row, unknown>),
      decodeRow: Schema.decodeUnknownExit(table.Row as Schema.Codec<Row, unknown>),
      encoders,
      values
    }
    codecCache.set(table, codecs)
  }
  return codecs
}

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
      if (name in out) out[name] = encode(out[name])
    }
    return out
  }))
}

/**
 * Builds SQL text with `$n` placeholders; every parameter is sent as text and
 * cast to its column's type in SQL, so the driver never has to guess a type.
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
  const element = column.pgType === "text[]" ? "text" : column.pgType === "uuid[]" ? "uuid" : castOf(column)
  if (column.pgType === "jsonb") return `(select value from jsonb_array_elements(${params.add(JSON.stringify(values))}::jsonb))`
  return `(select value::${element} from jsonb_array_elements_text(${params.add(JSON.stringify(values.map((v) => v instanceof Date ? v.toISOString() : v)))}::jsonb))`
}

const isComparison = (value: unknown): value is Query.Comparison<unknown> => {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Date) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((k) => (comparisonOperators as ReadonlyArray<string>).includes(k))
}

const validateValue = (table: Table.Any, name: string, value: unknown, field: string) =>
  failure(table, codecsOf(table).values[name]!(value), value, field)

const whereSql = Effect.fnUntraced(function*(
  table: Table.Any,
  where: Query.Where<Row> | undefined,
  params: Params,
  path = "where"
): Effect.fn.Return<string, ValidationError> {
  if (where === undefined) return "true"
  const terms: Array<string> = []
  for (const [key, raw] of Object.entries(where)) {
    if (raw === undefined) continue
    if (key === "or") {
      if (!Array.isArray(raw)) {
        return yield* new ValidationError({ table: table.name, field: `${path}.or`, rule: "expected an array of filters" })
      }
      const alternatives: Array<string> = []
      for (let i = 0; i < raw.length; i++) {
        alternatives.push(yield* whereSql(table, raw[i] as Query.Where<Row>, params, `${path}.or[${i}]`))
      }
      terms.push(alternatives.length === 0 ? "false" : `(${alternatives.join(" or ")})`)
      continue
    }
    const column = table.columns[key]
    if (column === undefined) {
      return yield* new ValidationError({ table: table.name, field: `${path}.${key}`, rule: `no such column in ${table.name}` })
    }
    const ident = quote(key)
    if (raw === null) {
      terms.push(`${ident} is null`)
      continue
    }
    if (!isComparison(raw)) {
      if (column.pgType === "jsonb") {
        return yield* new ValidationError({
          table: table.name,
          field: `${path}.${key}`,
          rule: "jsonb columns take a comparison ({ eq }, { contains }, { isNull })"
        })
      }
      const value = yield* validateValue(table, key, raw, `${path}.${key}`)
      terms.push(`${ident} = ${valueSql(column, value, params)}`)
      continue
    }
    for (const op of comparisonOperators) {
      const operand = raw[op]
      if (operand === undefined) continue
      const field = `${path}.${key}.${op}`
      switch (op) {
        case "isNull":
          if (typeof operand !== "boolean") {
            return yield* new ValidationError({ table: table.name, field, rule: "expected a boolean" })
          }
          terms.push(`${ident} is ${operand ? "" : "not "}null`)
          break
        case "like":
          if (typeof operand !== "string" || column.pgType !== "text") {
            return yield* new ValidationError({ table: table.name, field, rule: "like takes a string pattern on a text column" })
          }
          terms.push(`${ident} like ${params.add(operand)}`)
          break
        case "in":
        case "notIn": {
          if (!Array.isArray(operand)) {
            return yield* new ValidationError({ table: table.name, field, rule: "expected an array" })
          }
          const values: Array<unknown> = []
          for (let i = 0; i < operand.length; i++) {
            values.push(yield* validateValue(table, key, operand[i], `${field}[${i}]`))
          }
          terms.push(`${ident} ${op === "in" ? "in" : "not in"} ${listSql(column, values, params)}`)
          break
        }
        case "contains": {
          if (column.pgType !== "jsonb" && column.pgType !== "text[]" && column.pgType !== "uuid[]") {
            return yield* new ValidationError({ table: table.name, field, rule: "contains applies to jsonb and array columns" })
          }
          const value = column.pgType === "jsonb" ? operand : yield* validateValue(table, key, operand, field)
          terms.push(`${ident} @> ${valueSql(column, value, params)}`)
          break
        }
        default: {
          const value = yield* validateValue(table, key, operand, field)
          const sqlOp = op === "eq" ? "=" : op === "ne" ? "<>" : op === "lt" ? "<" : op === "lte" ? "<=" : op === "gt" ? ">" : ">="
          terms.push(`${ident} ${sqlOp} ${valueSql(column, value, params)}`)
        }
      }
    }
  }
  return terms.length === 0 ? "true" : terms.join(" and ")
})

// --- cursors ---------------------------------------------------------------

const CursorPayload = Schema.Array(Schema.Unknown)

const encodeCursor = (values: ReadonlyArray<unknown>): string =>
  Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString("base64url")

const decodeCursor = (table: Table.Any, cursor: string) =>
  Effect.try({
    try: () => JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown,
    catch: () => new ValidationError({ table: table.name, field: "cursor", rule: "not a cursor this table issued" })
  }).pipe(
    Effect.flatMap((u) =>
      Effect.mapError(
        Schema.decodeUnknownEffect(CursorPayload)(u),
        () => new ValidationError({ table: table.name, field: "cursor", rule: "not a cursor this table issued" })
      )
    )
  )

/**
 * Keyset condition "strictly after `values`" for the ordering terms. NULLs sort
 * last ascending and first descending (PostgreSQL's defaults).
 */
const afterSql = (
  table: Table.Any,
  terms: ReadonlyArray<{ readonly column: string; readonly direction: "asc" | "desc" }>,
  values: ReadonlyArray<unknown>,
  params: Params
): string => {
  const alternatives: Array<string> = []
  for (let i = 0; i < terms.length; i++) {
    const parts: Array<string> = []
    for (let j = 0; j < i; j++) {
      const ident = quote(terms[j]!.column)
      const value = values[j]
      parts.push(value === null ? `${ident} is null` : `${ident} = ${valueSql(table.columns[terms[j]!.column]!, value, params)}`)
    }
    const { column, direction } = terms[i]!
    const ident = quote(column)
    const value = values[i]
    let strict: string
    if (direction === "asc") {
      strict = value === null ? "false" : `(${ident} > ${valueSql(table.columns[column]!, value, params)} or ${ident} is null)`
    } else {
      strict = value === null ? `${ident} is not null` : `${ident} < ${valueSql(table.columns[column]!, value, params)}`
    }
    parts.push(strict)
    alternatives.push(`(${parts.join(" and ")})`)
  }
  return `(${alternatives.join(" or ")})`
}

// --- the adapter -------------------------------------------------------------

/**
 * Builds the SQL adapter on the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const run = (operation: string, table: Table.Any | undefined, text: string, params: ReadonlyArray<string | null>) =>
    sql.unsafe<Row>(text, params as Array<string | null>).pipe(
      Effect.mapError((e: SqlError) => fromSqlError(e, operation, table ? `${table.schema === "public" ? "" : `${table.schema}.`}${table.name}` : undefined))
    )

  const applyActor = Effect.gen(function*() {
    const actor = yield* Actor.CurrentActor
    const params = new Params()
    const sets = Actor.settings(actor).map(([name, value]) => `set_config(${params.add(name)}, ${params.add(value)}, true)`)
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

  const decodeInserts = (table: Table.Any, rows: ReadonlyArray<unknown>) => {
    const codecs = codecsOf(table)
    return Effect.forEach(rows, (row, i) => failure(table, codecs.decodeInsert(row), row, rows.length === 1 ? "" : `[${i}]`))
  }

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
        const pk = table.columns[table.primaryKey]!
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        const decoded = yield* failure(table, codecs.decodeUpdate(patch), patch)
        return yield* inTransaction(Effect.gen(function*() {
          const observer = yield* MutationObserver
          const params = new Params()
          const keySql = `${quote(table.primaryKey)} = ${valueSql(pk, keyValue, params)}`
          let before: ReadonlyArray<Row> = []
          if (observer !== ignoreMutations) {
            before = yield* run("update", table, `select * from ${table.sqlName} where ${keySql} for update`, params.values)
          }
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
    delete: (table, key) =>
      Effect.gen(function*() {
        const pk = table.columns[table.primaryKey]!
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        return yield* inTransaction(Effect.gen(function*() {
          const params = new Params()
          const result = yield* run(
            "delete",
            table,
            `delete from ${table.sqlName} where ${quote(table.primaryKey)} = ${valueSql(pk, keyValue, params)} returning *`,
            params.values
          )
          if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
          yield* observe(table, "delete", [], result)
          const [row] = yield* decodeRows(table, result)
          return row!
        }))
      }) as never,
    deleteMany: (table, where) =>
      Effect.gen(function*() {
        const params = new Params()
        const condition = yield* whereSql(table, where as Query.Where<Row>, params)
        return yield* inTransaction(Effect.gen(function*() {
          const observer = yield* MutationObserver
          const returning = observer === ignoreMutations ? "" : " returning *"
          const result = yield* run("delete", table, `with gone as (delete from ${table.sqlName} where ${condition}${returning === "" ? " returning 1" : returning}) select ${returning === "" ? "count(*)::int4 as count" : "*"} from gone`, params.values)
          if (returning === "") return Number(result[0]?.count ?? 0)
          yield* observe(table, "delete", [], result)
          return result.length
        }))
      }),
    get: (table, key) =>
      Effect.gen(function*() {
        const pk = table.columns[table.primaryKey]!
        const keyValue = yield* validateValue(table, table.primaryKey, key, table.primaryKey)
        const params = new Params()
        const result = yield* inTransaction(run(
          "get",
          table,
          `select * from ${table.sqlName} where ${quote(table.primaryKey)} = ${valueSql(pk, keyValue, params)}`,
          params.values
        ))
        if (result.length === 0) return yield* new NotFound({ table: table.name, key: String(keyValue) })
        const [row] = yield* decodeRows(table, result)
        return row!
      }) as never,
    find: (table, query = {}) =>
      Effect.gen(function*() {
        const params = new Params()
        let condition = yield* whereSql(table, query.where as Query.Where<Row> | undefined, params)
        const terms: Array<{ column: string; direction: "asc" | "desc" }> = []
        for (const [i, term] of (query.orderBy ?? []).entries()) {
          if (table.columns[term.column] === undefined) {
            return yield* new ValidationError({ table: table.name, field: `orderBy[${i}].column`, rule: `no such column in ${table.name}`, value: term.column })
          }
          if (term.column !== table.primaryKey) terms.push({ column: term.column, direction: term.direction ?? "asc" })
        }
        terms.push({ column: table.primaryKey, direction: "asc" })
        if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1)) {
          return yield* new ValidationError({ table: table.name, field: "limit", rule: "expected a positive integer", value: query.limit })
        }
        if (query.cursor) {
          const values = yield* decodeCursor(table, query.cursor)
          if (values.length !== terms.length) {
            return yield* new ValidationError({ table: table.name, field: "cursor", rule: "the cursor was issued for another ordering" })
          }
          const checked: Array<unknown> = []
          for (let i = 0; i < terms.length; i++) {
            checked.push(values[i] === null ? null : yield* validateValue(table, terms[i]!.column, values[i], "cursor"))
          }
          condition = `(${condition}) and ${afterSql(table, terms, checked, params)}`
        }
        const order = terms.map((t) => `${quote(t.column)} ${t.direction}`).join(", ")
        const limit = query.limit === undefined ? "" : ` limit ${query.limit}`
        const raw = yield* inTransaction(run("find", table, `select * from ${table.sqlName} where ${condition} order by ${order}${limit}`, params.values))
        const items = yield* decodeRows(table, raw)
        const last = items[items.length - 1]
        const nextCursor = query.limit !== undefined && items.length === query.limit && last !== undefined
          ? encodeCursor(terms.map((t) => last[t.column]))
          : null
        return { items, nextCursor }
      }) as never,
    count: (table, where) =>
      Effect.gen(function*() {
        const params = new Params()
        const condition = yield* whereSql(table, where as Query.Where<Row> | undefined, params)
        const result = yield* inTransaction(run("count", table, `select count(*)::int4 as count from ${table.sqlName} where ${condition}`, params.values))
        return Number(result[0]?.count ?? 0)
      }),
    transaction
  }
  return storage
})

const isSqlError = (u: unknown): u is SqlError =>
  typeof u === "object" && u !== null && "_tag" in u && (u as { _tag: unknown })._tag === "SqlError"

/**
 * The storage port over the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Storage, never, SqlClient.SqlClient> = Layer.effect(Storage, make)

/**
 * Everything a host needs from a database layer: the port over a migrated
 * database, plus the `SqlClient`/`PgClient` it runs on.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOn = <E, R>(
  database: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, E, R>
): Layer.Layer<Storage | PgClient.PgClient | SqlClient.SqlClient, E | Migrations.MigrationFailed, R> =>
  Layer.merge(layer, Migrations.layer).pipe(Layer.provideMerge(database))

/**
 * The port over embedded PGlite (in memory, or in `dataDir`), migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (options: Database.PgliteOptions = {}) => layerOn(Database.layerPglite(options))

/**
 * The port over a PostgreSQL server, migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (url: string) => layerOn(Database.layerServer(url))

/**
 * The port over a server when `DATABASE_URL` is set, else over PGlite
 * (`RINGMASTER_DATA_DIR`, or in memory), migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<
  Storage | PgClient.PgClient | SqlClient.SqlClient,
  Database.DatabaseUnavailable | Config.ConfigError | Migrations.MigrationFailed
> = layerOn(Database.layerConfig)
