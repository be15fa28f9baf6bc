/**
 * Value comparison for round trips: what went in must come out, up to the
 * representation the database normalises to (timestamps to the microsecond,
 * decimals to their scale, JSON key order).
 *
 * @since 0.1.0
 */
import type * as Column from "../Column.ts"

const canonicalJson = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonicalJson)
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, canonicalJson((value as Record<string, unknown>)[k])])
    )
  }
  return value
}

/**
 * Normalises a column value for comparison.
 *
 * @since 0.1.0
 * @category utils
 */
export const normalize = (column: Column.Any, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  switch (column.pgType) {
    case "timestamptz":
      return value instanceof Date ? value.getTime() : new Date(String(value)).getTime()
    case "numeric": {
      const scale = column.numeric?.scale ?? 0
      return (Math.round(Number(value) * 10 ** scale) / 10 ** scale).toFixed(scale)
    }
    case "jsonb":
      return JSON.stringify(canonicalJson(value))
    default:
      return Array.isArray(value) ? JSON.stringify(value) : value
  }
}

/**
 * The fields of `input` whose stored value differs, as `[field, given, stored]`.
 *
 * @since 0.1.0
 * @category utils
 */
export const differences = (
  columns: Record<string, Column.Any>,
  input: Record<string, unknown>,
  stored: Record<string, unknown>
): ReadonlyArray<readonly [string, unknown, unknown]> =>
  Object.keys(input).flatMap((field) => {
    const column = Object.hasOwn(columns, field) ? columns[field] : undefined
    if (column === undefined) return [[field, input[field], "(no such column)"] as const]
    const a = normalize(column, input[field])
    const b = normalize(column, stored[field])
    return a === b ? [] : [[field, a, b] as const]
  })
