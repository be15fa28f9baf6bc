/**
 * Typed queries for `Storage.find` and `Storage.count`: filters per column,
 * ordering, a limit and an opaque keyset cursor.
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
 * would be ambiguous). `or` holds alternatives, each itself a filter.
 *
 * @since 0.1.0
 * @category models
 */
export type Where<Row> =
  & { readonly [K in keyof Row]?: Row[K] | Comparison<NonNullable<Row[K]>> }
  & { readonly or?: ReadonlyArray<Where<Row>> }

/**
 * One ordering term.
 *
 * @since 0.1.0
 * @category models
 */
export interface Order<Row> {
  readonly column: keyof Row & string
  readonly direction?: "asc" | "desc"
}

/**
 * A query. Without `limit` every matching row is returned. With `limit`, the
 * page's `nextCursor` continues after its last row; the primary key is always
 * the last ordering term, so pages are stable.
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
