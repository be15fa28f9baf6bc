/**
 * Column definitions: one value per table column, carrying the PostgreSQL type,
 * nullability, whether the database supplies a default, and the Effect Schema
 * that states the same constraints as the DDL's CHECKs.
 *
 * A table's select/insert/update schemas are derived from its columns (see
 * `Table.ts`), so the constraint is written once in TypeScript and once in the
 * migration, and `test/storage/schemaDrift.test.ts` checks that the two agree.
 *
 * @since 0.1.0
 */
import { Schema, type SchemaAST, SchemaGetter } from "effect"
import { roundNumeric } from "./internal/decimal.ts"

/**
 * The PostgreSQL types Ringmaster's schema uses. `numeric` carries its
 * precision and scale separately (see {@link Column.numeric}).
 *
 * @since 0.1.0
 * @category models
 */
export type PgType =
  | "uuid"
  | "text"
  | "integer"
  | "boolean"
  | "jsonb"
  | "timestamptz"
  | "date"
  | "numeric"
  | "double precision"
  | "text[]"
  | "uuid[]"

/**
 * A column: its SQL type, its value Schema (for the non-null value), and two
 * type-level flags that drive the derived insert schema.
 *
 * @since 0.1.0
 * @category models
 */
export interface Column<S extends Schema.Top = Schema.Top, Nullable extends boolean = boolean, Default extends boolean = boolean> {
  readonly pgType: PgType
  /** numeric precision and scale, for `numeric` columns */
  readonly numeric?: { readonly precision: number; readonly scale: number } | undefined
  /** the value schema of a non-null value */
  readonly value: S
  readonly isNullable: Nullable
  readonly hasDefault: Default
  /** the DDL default expression, as written in the migration */
  readonly defaultSql?: string | undefined
  /** whether values must be encoded by `value` before writing (a `jsonb` column with a transforming schema) */
  readonly needsEncoding: boolean
  /** a short description of the CHECK this column's schema enforces, for docs and errors */
  readonly checkDescription?: string | undefined
  /** Marks the column nullable (`NULL` allowed). */
  readonly nullable: () => Column<S, true, Default>
  /** Records the database default; the column becomes optional on insert. */
  readonly default: (sql: string) => Column<S, Nullable, true>
  /** Narrows the value schema with further checks (the DDL's CHECK). */
  readonly check: (description: string, ...checks: ReadonlyArray<SchemaAST.Check<S["Type"]>>) => Column<S, Nullable, Default>
}

/**
 * Any column.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Column<Schema.Top, boolean, boolean>

const make = <S extends Schema.Top>(
  pgType: PgType,
  value: S,
  extra?: Partial<Pick<Column<S>, "numeric" | "checkDescription" | "needsEncoding">>
): Column<S, false, false> => build({
  needsEncoding: extra?.needsEncoding ?? false,
  pgType,
  value,
  isNullable: false,
  hasDefault: false,
  numeric: extra?.numeric,
  checkDescription: extra?.checkDescription,
  defaultSql: undefined
})

interface ColumnData<S extends Schema.Top, N extends boolean, D extends boolean> {
  readonly pgType: PgType
  readonly numeric: { readonly precision: number; readonly scale: number } | undefined
  readonly value: S
  readonly isNullable: N
  readonly hasDefault: D
  readonly defaultSql: string | undefined
  readonly checkDescription: string | undefined
  readonly needsEncoding: boolean
}

const build = <S extends Schema.Top, N extends boolean, D extends boolean>(data: ColumnData<S, N, D>): Column<S, N, D> => ({
  ...data,
  nullable: () => build({ ...data, isNullable: true as const }),
  default: (sql: string) => build({ ...data, hasDefault: true as const, defaultSql: sql }),
  check: (description, ...checks) =>
    build({
      ...data,
      value: checks.length === 0
        ? data.value
        : (data.value.check(...(checks as [SchemaAST.Check<S["Type"]>])) as unknown as S),
      checkDescription: data.checkDescription ? `${data.checkDescription}; ${description}` : description
    })
})

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The Schema of a UUID string (any version, as PostgreSQL's `uuid` accepts).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Uuid = Schema.String.check(Schema.isPattern(uuidPattern, { expected: "a UUID" }))

/**
 * A timestamp: a valid `Date`, decoded from a `Date` or an ISO-8601 string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp = Schema.Union([Schema.Date, Schema.DateFromString]).check(
  Schema.makeFilter((d: Date) => !Number.isNaN(d.getTime()), { expected: "a valid date" })
)

/**
 * A calendar date as PostgreSQL renders it: `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CalendarDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a date YYYY-MM-DD" }),
  Schema.makeFilter((s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { expected: "a real calendar date" })
)

const loneSurrogate = /\p{Surrogate}/u

/**
 * Why PostgreSQL could not store a string as `text` (or as a string or key
 * inside `jsonb`): it holds a NUL character (`\u0000`), or a lone UTF-16
 * surrogate (it is not well-formed Unicode). `undefined` when it can be stored.
 *
 * @since 0.1.0
 * @category checks
 */
export const textIssue = (s: string): string | undefined =>
  s.includes("\u0000")
    ? "text may not contain a NUL character"
    : loneSurrogate.test(s)
    ? "text must be well-formed Unicode (lone surrogate)"
    : undefined

/**
 * A check that a string can be stored as PostgreSQL `text` (see {@link textIssue}).
 *
 * @since 0.1.0
 * @category checks
 */
export const storableText = () => Schema.makeFilter((s: string) => textIssue(s))

/** The first string (or object key) inside a JSON-like value that PostgreSQL could not store, with its path. */
const jsonTextIssue = (
  value: unknown,
  path: Array<PropertyKey>
): { readonly path: ReadonlyArray<PropertyKey>; readonly issue: string } | undefined => {
  if (typeof value === "string") {
    const issue = textIssue(value)
    return issue === undefined ? undefined : { path: [...path], issue }
  }
  if (value === null || typeof value !== "object") return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      const found = jsonTextIssue(value[i], path)
      path.pop()
      if (found !== undefined) return found
    }
    return undefined
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return undefined // a Date or another class: not JSON text
  for (const key of Object.keys(value)) {
    path.push(key)
    const issue = textIssue(key)
    const found = issue === undefined ? jsonTextIssue((value as Record<string, unknown>)[key], path) : { path: [...path], issue }
    path.pop()
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * A check that every string and object key inside a JSON value can be stored
 * by PostgreSQL's `jsonb` (see {@link textIssue}); the issue names the path.
 *
 * @since 0.1.0
 * @category checks
 */
export const storableJson = () => Schema.makeFilter((value: unknown) => jsonTextIssue(value, []))

/**
 * A string PostgreSQL can store as `text`: no NUL character, well-formed
 * Unicode.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Text = Schema.String.check(storableText())

/**
 * A JSON value (what a `jsonb` column holds), whose strings and keys
 * PostgreSQL can store.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Json = Schema.Json.check(storableJson())

/**
 * A JSON object whose strings and keys PostgreSQL can store.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JsonObject = Schema.Record(Schema.String, Schema.Json).check(storableJson())

/**
 * A JSON array whose strings and keys PostgreSQL can store.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JsonArray = Schema.Array(Schema.Json).check(storableJson())

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

/**
 * `uuid`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const uuid = () => make("uuid", Uuid)

/**
 * `text`: any string PostgreSQL can store (see {@link Text}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const text = () => make("text", Text)

/**
 * `text` with `CHECK (col IN (...))`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const oneOf = <const L extends ReadonlyArray<string>>(literals: L) =>
  make("text", Schema.Literals(literals), { checkDescription: `one of ${literals.map((l) => `'${l}'`).join(", ")}` })

/**
 * `integer` (32-bit).
 *
 * @since 0.1.0
 * @category constructors
 */
export const integer = () =>
  make("integer", Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: INT32_MIN, maximum: INT32_MAX })))

/**
 * `boolean`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const boolean = () => make("boolean", Schema.Boolean)

/**
 * `numeric(precision, scale)`, as a JavaScript number. Accepts numbers and numeric
 * strings (the driver returns strings), rounds them to the scale as PostgreSQL
 * does, and then checks that the value fits the precision (and any further
 * checks of the column).
 *
 * @since 0.1.0
 * @category constructors
 */
export const numeric = (precision: number, scale: number) => {
  const limit = 10 ** (precision - scale)
  const round = (n: number) => roundNumeric(n, scale)
  return make(
    "numeric",
    Schema.Union([Schema.Finite, Schema.FiniteFromString]).pipe(
      // PostgreSQL rounds to the scale before it checks anything; so does the model
      Schema.decode({ decode: SchemaGetter.transform(round), encode: SchemaGetter.transform((n: number) => n) })
    ).check(
      Schema.makeFilter((n: number) => Math.abs(n) < limit, {
        expected: `a number that fits numeric(${precision},${scale}) (absolute value below ${limit})`
      })
    ),
    { numeric: { precision, scale } }
  )
}

/**
 * `double precision`, as a JavaScript number (finite: PostgreSQL's `NaN` and
 * infinities are refused). For values that are computed rather than entered,
 * where rounding to a fixed scale would change arithmetic (the safety
 * envelope's movement accounting).
 *
 * @since 0.1.0
 * @category constructors
 */
export const doublePrecision = () => make("double precision", Schema.Union([Schema.Finite, Schema.FiniteFromString]))

/**
 * `timestamptz`, as a `Date`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const timestamptz = () => make("timestamptz", Timestamp)

/**
 * `date`, as a `YYYY-MM-DD` string.
 *
 * @since 0.1.0
 * @category constructors
 */
export const date = () => make("date", CalendarDate)

/**
 * `jsonb`, holding any JSON value, or the values of the given schema. Either
 * way its strings and keys must be text PostgreSQL can store (see
 * {@link storableJson}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsonb = <S extends Schema.Top = typeof Json>(schema?: S): Column<S, false, false> =>
  make(
    "jsonb",
    schema === undefined ? (Json as unknown as S) : (schema.check(storableJson() as SchemaAST.Check<S["Type"]>) as unknown as S),
    { needsEncoding: schema !== undefined }
  )

/**
 * `jsonb` holding a JSON object (the seeds' `DEFAULT '{}'` columns).
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsonObject = () => make("jsonb", JsonObject)

/**
 * `jsonb` holding a JSON array (the seeds' `DEFAULT '[]'` columns).
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsonArray = () => make("jsonb", JsonArray)

/**
 * `text[]`: every element text PostgreSQL can store (see {@link Text}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const textArray = () => make("text[]", Schema.Array(Text))

/**
 * `uuid[]`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const uuidArray = () => make("uuid[]", Schema.Array(Uuid))

/**
 * A check that a number lies in `[minimum, maximum]` (a `CHECK (col >= a AND col <= b)`).
 *
 * @since 0.1.0
 * @category checks
 */
export const between = (minimum: number, maximum: number) => Schema.isBetween({ minimum, maximum })

/**
 * A check that a number is greater than `minimum` (exclusive).
 *
 * @since 0.1.0
 * @category checks
 */
export const greaterThan = (minimum: number) => Schema.isGreaterThan(minimum)

/**
 * A check that a number is at least `minimum`.
 *
 * @since 0.1.0
 * @category checks
 */
export const atLeast = (minimum: number) => Schema.isGreaterThanOrEqualTo(minimum)

/**
 * A check that a string is not empty (`CHECK (length(col) > 0)`).
 *
 * @since 0.1.0
 * @category checks
 */
export const nonEmpty = () => Schema.isMinLength(1)
