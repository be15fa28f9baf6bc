/**
 * What every list endpoint shares: the query parameters of paging, ordering
 * and the creation-time window, and the page it answers.
 *
 * - `limit`: 1–200, default 50.
 * - `cursor`: the `nextCursor` of the previous page, opaque; a cursor issued
 *   for another listing or ordering is a 400 naming `cursor`.
 * - `order`: `desc` (newest first, the default) or `asc`, by `created_at`
 *   then id.
 * - `since` / `until`: ISO 8601 instants; rows created at or after `since`
 *   and before `until`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The page size when `limit` is absent.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultLimit = 50

/**
 * The largest page size.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLimit = 200

/**
 * An ISO 8601 instant, with a time zone (`2026-11-23T06:00:00Z`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Instant = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    expected: "an ISO 8601 instant with a time zone, e.g. 2026-11-23T06:00:00Z"
  }),
  Schema.makeFilter((s: string) => Number.isNaN(Date.parse(s)) ? "not a valid date-time" : undefined)
)

/**
 * The query parameters every list endpoint takes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const pageFields = {
  limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: maxLimit }))),
  cursor: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000))),
  order: Schema.optionalKey(Schema.Literals(["asc", "desc"])),
  since: Schema.optionalKey(Instant),
  until: Schema.optionalKey(Instant)
}

/**
 * The paging part of a decoded list query.
 *
 * @since 0.1.0
 * @category models
 */
export interface PageQuery {
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
  readonly order?: "asc" | "desc" | undefined
  readonly since?: string | undefined
  readonly until?: string | undefined
}

/**
 * A page of items and the cursor of the next one (`null` on the last page).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Page = <S extends Schema.Top>(item: S) =>
  Schema.Struct({
    items: Schema.Array(item),
    nextCursor: Schema.NullOr(Schema.String)
  })

/**
 * A row id: a UUID.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Id = Schema.String.check(
  Schema.isPattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { expected: "a UUID" })
)
