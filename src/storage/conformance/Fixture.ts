/**
 * Fixtures: realistic rows for every table, inserted in dependency order by the
 * conformance suite. A fixture names its table and builds its rows from the ids
 * of rows inserted before it (`ref`).
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"
import type * as Table from "../Table.ts"

/**
 * Looks up the primary key of the `index`-th row (default 0) already inserted
 * for a table (by `Table.sqlName`, e.g. `"public"."events"`), or fails the suite
 * if that table has not been inserted yet.
 *
 * @since 0.1.0
 * @category models
 */
export type Ref = (table: Table.Any, index?: number) => string

/**
 * A fixture for one table.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fixture<T extends Table.Any = Table.Any> {
  readonly table: T
  /** Realistic rows (at least two, exercising JSONB, decimals, timestamps, arrays where the table has them). */
  readonly rows: (ref: Ref) => ReadonlyArray<Table.Insert<T>>
}

/**
 * Declares a fixture with its row type checked against the table.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <T extends Table.Any>(table: T, rows: (ref: Ref) => ReadonlyArray<Table.Insert<T>>): Fixture<T> => ({
  table,
  rows
})

/**
 * Types a JSONB value as JSON. Without it, TypeScript unifies the object
 * literals of sibling rows (adding `key?: undefined` for keys only one row
 * has), which is not assignable to a JSON object.
 *
 * @since 0.1.0
 * @category constructors
 */
export function json(value: Schema.JsonObject): Schema.JsonObject
export function json(value: ReadonlyArray<Schema.Json>): ReadonlyArray<Schema.Json>
export function json(value: Schema.Json): Schema.Json
export function json(value: Schema.Json): Schema.Json {
  return value
}
