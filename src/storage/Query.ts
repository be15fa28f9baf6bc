/**
 * Typed queries for `Storage.find`, `Storage.count` and `Storage.deleteMany`:
 * filters per column, ordering, a limit and an opaque keyset cursor; and the
 * atomic counter changes of `Storage.increment`.
 *
 * The types are a convenience: an adapter validates every part of a query at
 * runtime too (filters may come from HTTP input or rule definitions), and
 * fails with a `ValidationError` naming the offending part. In particular a
 * filter value of `undefined`, an empty comparison `{}`, an unknown column or
 * operator, an `orderBy` direction other than `"asc"`/`"desc"`, a `limit` that
 * is not a positive safe integer, and a cursor the table did not issue are all
 * refused, never read as "no condition".
 *
 * @since 0.1.0
 */

/**
 * Comparisons on one column. All given comparisons must hold. `ne` and the
 * ordering comparisons never match NULL (SQL semantics); use `isNull` for that.
 * `contains` is `@>`: JSON containment for `jsonb`, element containment for arrays.
 * `like` takes an SQL LIKE pattern (`%`, `_`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Comparison<V> {
  readonly eq?: V
  readonly ne?: V
  readonly lt?: V
  readonly lte?: V
  readonly gt?: V
  readonly gte?: V
  readonly in?: ReadonlyArray<V>
  readonly notIn?: ReadonlyArray<V>
  readonly isNull?: boolean
  readonly like?: string
  readonly contains?: V
}

/**
 * The comparison operators, in the order they are rendered.
 *
 * @since 0.1.0
 * @category models
 */
export const comparisonOperators = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "isNull", "like", "contains"] as const

/**
 * A filter: per column either a value (equality; `null` means `IS NULL`) or a
 * {@link Comparison}. `jsonb` columns take a Comparison only (a bare object
 * would be ambiguous). `or` holds alternatives, each itself a filter (an empty
 * `or` matches nothing). A key given the value `undefined`, or an empty
 * Comparison, is refused: leave the key out to not filter on it. Keys are
 * looked up as the table's own column names only (`__proto__`, `constructor`
 * or `toString` name no column).
 *
 * @since 0.1.0
 * @category models
 */
export type Where<Row> =
  & { readonly [K in keyof Row]?: Row[K] | Comparison<NonNullable<Row[K]>> }
  & { readonly or?: ReadonlyArray<Where<Row>> }

/**
 * One ordering term: an own column of the table, and exactly `"asc"` (the
 * default) or `"desc"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Order<Row> {
  readonly column: keyof Row & string
  readonly direction?: "asc" | "desc"
}

/**
 * A query. Without `limit` every matching row is returned. With `limit` (a
 * positive safe integer), the page's `nextCursor` continues after its last
 * row; the primary key is always the last ordering term, so pages are stable.
 * `cursor` is `null`/absent for the first page, else a `nextCursor` issued for
 * the same table and ordering.
 *
 * @since 0.1.0
 * @category models
 */
export interface Query<Row> {
  readonly where?: Where<Row>
  readonly orderBy?: ReadonlyArray<Order<Row>>
  readonly limit?: number
  readonly cursor?: string | null
}

/**
 * A page of rows and the cursor of the next page (`null` on the last page).
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<Row> {
  readonly items: ReadonlyArray<Row>
  readonly nextCursor: string | null
}

/**
 * The columns of a row that hold numbers (`integer`, `numeric`, `double
 * precision`): what {@link Increment} may change arithmetically.
 *
 * @since 0.1.0
 * @category models
 */
export type NumericKeys<Row> = { readonly [K in keyof Row]-?: [NonNullable<Row[K]>] extends [number] ? K : never }[keyof Row] & string

/**
 * An atomic change of one row for `Storage.increment`: applied by one SQL
 * `UPDATE`, so concurrent changes of the same row never lose one another (the
 * row lock serialises them; nothing is read and written back). Every
 * expression sees the row as it was before the change, as SQL `UPDATE` does.
 * A column may appear in only one of `add`, `mean` and `set`.
 *
 * @example
 * ```ts
 * // one more firing, its success folded into the running rate, and when it ran
 * storage.increment(AiAutomationRules, rule.id, {
 *   add: { execution_count: 1 },
 *   mean: { success_rate: { value: 100, count: "execution_count" } },
 *   set: { last_execution_at: now }
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Increment<Row, Patch = Partial<Row>> {
  /** `column = coalesce(column, 0) + n` (numeric columns only; `n` finite, an integer for `integer` columns) */
  readonly add?: { readonly [K in NumericKeys<Row>]?: number }
  /**
   * `column = (coalesce(column, 0) * coalesce(count, 0) + value) / (coalesce(count, 0) + 1)`,
   * rounded to the column's scale: a running mean, where `count` names the
   * (numeric) column holding the number of samples before this change.
   */
  readonly mean?: { readonly [K in NumericKeys<Row>]?: { readonly value: number; readonly count: NumericKeys<Row> } }
  /** plain assignments, validated exactly like `Storage.update`'s patch */
  readonly set?: Patch
}
