/**
 * Table definitions: the name, the Postgres schema it lives in, its primary key
 * and its columns. From the columns come three Schemas, the row as read
 * (`Row`), the input of an insert (`Insert`: columns with a default or NULL
 * allowed are optional) and the input of an update (`Update`: every column but
 * the key optional; the key itself is refused). Decoded with
 * {@link decodeOptions}, `Insert` and `Update` refuse keys that name no
 * column. Every storage call takes a table value, so the port is generic and
 * typed by it.
 *
 * @since 0.1.0
 */
import { Schema, type SchemaAST } from "effect"
import type * as Column from "./Column.ts"

/**
 * The Postgres schemas Ringmaster uses. `events_ai` and `marketing_ai` hold
 * the two tables the seeds both define (`ai_recommendations`,
 * `ai_model_versions`); everything else is in `public`.
 *
 * @since 0.1.0
 * @category models
 */
export type PgSchema = "public" | "events_ai" | "marketing_ai" | (string & {})

/**
 * Where a table comes from: seed 000 (event management), seed 003 (marketing),
 * a core table the seeds reference, or a plugin.
 *
 * @since 0.1.0
 * @category models
 */
export type Origin = "seed-000" | "seed-003" | "seed-003-named" | "core-events" | "core-marketing" | "ringmaster" | "plugin"

type Columns = Record<string, Column.Any>

type ValueOf<C extends Column.Any> = C["value"]["Type"]
type RowField<C extends Column.Any> = C["isNullable"] extends true ? ValueOf<C> | null : ValueOf<C>

/**
 * The row type of a table's columns.
 *
 * @since 0.1.0
 * @category models
 */
export type RowOf<C extends Columns> = { readonly [K in keyof C]: RowField<C[K]> }

type OptionalOnInsert<C extends Columns> = {
  [K in keyof C]: C[K]["hasDefault"] extends true ? K : C[K]["isNullable"] extends true ? K : never
}[keyof C]

/**
 * The insert type of a table's columns.
 *
 * @since 0.1.0
 * @category models
 */
export type InsertOf<C extends Columns> =
  & { readonly [K in Exclude<keyof C, OptionalOnInsert<C>>]: RowField<C[K]> }
  & { readonly [K in OptionalOnInsert<C>]?: RowField<C[K]> }

/**
 * The update type of a table's columns (the key is not updatable).
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateOf<C extends Columns, PK extends keyof C> = { readonly [K in Exclude<keyof C, PK>]?: RowField<C[K]> }

/**
 * A CHECK over several columns (a table constraint), stated once more in
 * TypeScript so that an insert breaking it fails before SQL. `holds` sees the
 * insert row; a row that leaves out a column the check reads passes here (its
 * database default applies, and the database has the final word).
 *
 * @since 0.1.0
 * @category models
 */
export interface TableCheck<Row> {
  /** the constraint's name in the DDL */
  readonly name: string
  /** the column an error is reported on */
  readonly field: keyof Row & string
  /** what must hold, for messages */
  readonly description: string
  readonly holds: (row: Partial<Row>) => boolean
}

/**
 * A table.
 *
 * @since 0.1.0
 * @category models
 */
export interface Table<Name extends string = string, C extends Columns = Columns, PK extends keyof C & string = keyof C & string> {
  readonly name: Name
  readonly schema: PgSchema
  /** `"schema"."name"`, quoted, ready for SQL */
  readonly sqlName: string
  readonly primaryKey: PK
  readonly columns: C
  readonly columnNames: ReadonlyArray<keyof C & string>
  readonly origin: Origin
  readonly description: string
  readonly checks: ReadonlyArray<TableCheck<RowOf<C>>>
  readonly Row: Schema.Codec<RowOf<C>, unknown>
  readonly Insert: Schema.Codec<InsertOf<C>, unknown>
  readonly Update: Schema.Codec<UpdateOf<C, PK>, unknown>
}

/**
 * Any table.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Table<string, Columns, string>

/**
 * The row type of a table.
 *
 * @since 0.1.0
 * @category models
 */
export type Row<T extends Any> = T["Row"]["Type"]

/**
 * The insert input type of a table.
 *
 * @since 0.1.0
 * @category models
 */
export type Insert<T extends Any> = T["Insert"]["Type"]

/**
 * The update input type of a table.
 *
 * @since 0.1.0
 * @category models
 */
export type Update<T extends Any> = T["Update"]["Type"]

/**
 * The primary key value type of a table.
 *
 * @since 0.1.0
 * @category models
 */
export type Key<T extends Any> = Row<T>[T["primaryKey"]]

const quote = (identifier: string) => `"${identifier.replaceAll("\"", "\"\"")}"`

/**
 * Quotes an SQL identifier.
 *
 * @since 0.1.0
 * @category utils
 */
export const quoteIdentifier = quote

const fieldSchema = (column: Column.Any): Schema.Top => column.isNullable ? Schema.NullOr(column.value) : column.value

/**
 * The parse options an adapter decodes `Insert` and `Update` input with: a key
 * that names no column is an error (`no such column in <table>`), never
 * dropped silently.
 *
 * @since 0.1.0
 * @category models
 */
export const decodeOptions: SchemaAST.ParseOptions = { onExcessProperty: "error" }

/** The primary key inside an update patch: always refused. */
const immutableKey = Schema.optionalKey(Schema.Never.annotate({ message: "the primary key cannot be changed" }))

/**
 * Defines a table.
 *
 * @example
 * ```ts
 * import { Column, Table } from "ringmaster/storage"
 *
 * const Notes = Table.make({
 *   name: "notes",
 *   origin: "plugin",
 *   description: "Free-text notes",
 *   primaryKey: "id",
 *   columns: {
 *     id: Column.uuid().default("gen_random_uuid()"),
 *     body: Column.text(),
 *     created_at: Column.timestamptz().nullable().default("now()")
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <const Name extends string, const C extends Columns, const PK extends keyof C & string>(options: {
  readonly name: Name
  readonly schema?: PgSchema | undefined
  readonly primaryKey: PK
  readonly columns: C
  readonly origin: Origin
  readonly description: string
  readonly checks?: ReadonlyArray<TableCheck<RowOf<C>>> | undefined
}): Table<Name, C, PK> => {
  const checks = options.checks ?? []
  const schema = options.schema ?? "public"
  const names = Object.keys(options.columns) as Array<keyof C & string>
  const row: Record<string, Schema.Top> = {}
  const insert: Record<string, Schema.Top> = {}
  const update: Record<string, Schema.Top> = {}
  for (const name of names) {
    const column = options.columns[name]!
    const field = fieldSchema(column)
    row[name] = field
    insert[name] = column.hasDefault || column.isNullable ? Schema.optionalKey(field) : field
    update[name] = name === options.primaryKey ? immutableKey : Schema.optionalKey(field)
  }
  const unknownColumn = { messageUnexpectedKey: `no such column in ${options.name}` }
  const annotate = <S extends Schema.Top>(s: S, variant: string) => s.annotate({ identifier: `${options.name}.${variant}` })
  return {
    name: options.name,
    schema,
    sqlName: `${quote(schema)}.${quote(options.name)}`,
    primaryKey: options.primaryKey,
    columns: options.columns,
    columnNames: names,
    origin: options.origin,
    description: options.description,
    Row: annotate(Schema.Struct(row), "Row") as unknown as Schema.Codec<RowOf<C>, unknown>,
    checks,
    Insert: annotate(
      checks.length === 0 ? Schema.Struct(insert).annotate(unknownColumn) : Schema.Struct(insert).annotate(unknownColumn).check(
        Schema.makeFilter((row: Record<string, unknown>) => {
          const broken = checks.filter((check) => !check.holds(row as Partial<RowOf<C>>))
          return broken.length === 0
            ? undefined
            : broken.map((check) => ({ path: [check.field], issue: `${check.description} (${check.name})` }))
        })
      ),
      "Insert"
    ) as unknown as Schema.Codec<InsertOf<C>, unknown>,
    Update: annotate(Schema.Struct(update).annotate(unknownColumn), "Update") as unknown as Schema.Codec<UpdateOf<C, PK>, unknown>
  }
}
