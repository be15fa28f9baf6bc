/**
 * Keys for de-duplicating literal operands: equal keys must mean equal values.
 * Primitives are keyed by type and text (so `null`, `undefined` and `NaN` stay
 * apart); plain JSON data by its JSON text; anything else (a `Date`, a class
 * instance, a non-finite number inside an array) gets no key and is never
 * shared.
 *
 * @internal
 */

/** True for data that `JSON.stringify` renders faithfully (so equal renderings mean equal values). @internal */
export const faithfulJson = (u: unknown, depth = 0): boolean => {
  if (depth > 64) return false
  if (u === null || typeof u === "string" || typeof u === "boolean") return true
  if (typeof u === "number") return Number.isFinite(u)
  if (Array.isArray(u)) {
    for (let i = 0; i < u.length; i++) if (!(i in u) || !faithfulJson(u[i], depth + 1)) return false
    return true
  }
  if (typeof u === "object") {
    const proto = Object.getPrototypeOf(u)
    if (proto !== Object.prototype && proto !== null) return false
    for (const k of Object.keys(u)) if (!faithfulJson((u as Record<string, unknown>)[k], depth + 1)) return false
    return Object.getOwnPropertySymbols(u).length === 0
  }
  return false
}

/** The sharing key of a literal, or `undefined` when it must not be shared. @internal */
export const literalKey = (u: unknown): string | undefined => {
  if (typeof u === "number" || typeof u === "string" || typeof u === "boolean" || u === null || u === undefined) {
    return `p${typeof u}:${String(u)}`
  }
  return faithfulJson(u) ? `j${JSON.stringify(u)}` : undefined
}
