/**
 * Formatting of node paths in load errors.
 *
 * @internal
 */

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * `formatPath("conditions", ["all", 2, "any", 0, "operator"])` is
 * `conditions.all[2].any[0].operator`.
 *
 * @internal
 */
export const formatPath = (base: string, segments: ReadonlyArray<string | number>): string => {
  let out = base
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`
    else if (identifier.test(seg)) out += out === "" ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}

/**
 * A short rendering of a value for an error message.
 *
 * @internal
 */
export const showValue = (value: unknown): string => {
  if (value === undefined) return "undefined"
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})`
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}
