/**
 * Turns a Schema issue into a `ValidationError` that names the table, the
 * field path and the rule.
 *
 * @internal
 */
import { SchemaIssue } from "effect"
import { ValidationError } from "../StorageError.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`
    const name = String(key)
    return acc === "" ? name : `${acc}.${name}`
  }, "")

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current: unknown = input
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/** @internal */
export const toValidationError = (table: string, issue: SchemaIssue.Issue, input: unknown, prefix = ""): ValidationError => {
  const result = formatter(issue)
  const first = result.issues[0]
  const path = (first?.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p)) as ReadonlyArray<PropertyKey>
  const field = formatPath(path)
  const value = valueAt(input, path)
  return new ValidationError({
    table,
    field: prefix === "" ? (field === "" ? "(row)" : field) : field === "" ? prefix : `${prefix}${field.startsWith("[") ? "" : "."}${field}`,
    rule: first?.message ?? "invalid value",
    ...(value === undefined ? {} : { value: safeValue(value) })
  })
}

/** @internal */
export const safeValue = (value: unknown): unknown => {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value
  try {
    return JSON.parse(JSON.stringify(value)) as unknown
  } catch {
    return String(value)
  }
}
