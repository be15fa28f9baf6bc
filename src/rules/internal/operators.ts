/**
 * The comparison functions behind each operator. Shared operators reproduce
 * json-rules-engine 7.3.1 (`engine-default-operators.js`) exactly, coercions
 * included; see `Operator.ts` for the documented semantics.
 *
 * Every function here is total: a comparison that would throw (a symbol
 * coerced to a number, an object whose `valueOf` or `toString` throws, a
 * proxy whose traps throw, a revoked proxy, an object posing as a `Date`)
 * is false, where json-rules-engine would reject the whole run.
 *
 * @internal
 */

/**
 * json-rules-engine's `numberValidator`.
 *
 * @internal
 */
export const isNumeric = (a: unknown): boolean => {
  if (typeof a === "number") return !Number.isNaN(a)
  try {
    return Number.parseFloat(a as string).toString() !== "NaN"
  } catch {
    return false // a symbol, or an object without a usable toString (json-rules-engine would throw)
  }
}

const searchString = (a: unknown): string | undefined => {
  if (typeof a === "string") return a
  try {
    return String(a)
  } catch {
    return undefined
  }
}

/**
 * The number a numeric comparison against a number literal sees: `NaN` when
 * the validator rejects the fact (so every comparison is false).
 *
 * @internal
 */
export const numericKey = (a: unknown): number => {
  if (typeof a === "number") return a
  try {
    return isNumeric(a) ? Number(a) : Number.NaN
  } catch {
    return Number.NaN // parseFloat read it, but its valueOf throws
  }
}

/** @internal */
export const lessThan = (a: unknown, b: unknown): boolean => {
  try {
    return isNumeric(a) && (a as number) < (b as number)
  } catch {
    return false
  }
}
/** @internal */
export const lessThanInclusive = (a: unknown, b: unknown): boolean => {
  try {
    return isNumeric(a) && (a as number) <= (b as number)
  } catch {
    return false
  }
}
/** @internal */
export const greaterThan = (a: unknown, b: unknown): boolean => {
  try {
    return isNumeric(a) && (a as number) > (b as number)
  } catch {
    return false
  }
}
/** @internal */
export const greaterThanInclusive = (a: unknown, b: unknown): boolean => {
  try {
    return isNumeric(a) && (a as number) >= (b as number)
  } catch {
    return false
  }
}

/** @internal */
export const equal = (a: unknown, b: unknown): boolean => a === b
/** @internal */
export const notEqual = (a: unknown, b: unknown): boolean => a !== b

/**
 * `b.indexOf(a) > -1` for an array or a string `b` (json-rules-engine throws
 * for anything else; a literal of another type is rejected at load, a fact
 * of another type makes the condition false).
 *
 * @internal
 */
export const isIn = (a: unknown, b: unknown): boolean => {
  try {
    if (Array.isArray(b)) return b.indexOf(a) > -1
    if (typeof b !== "string") return false
    const s = searchString(a)
    return s !== undefined && b.indexOf(s) > -1
  } catch {
    return false // a proxy posing as an array
  }
}
/** @internal */
export const notIn = (a: unknown, b: unknown): boolean => {
  try {
    if (Array.isArray(b)) return b.indexOf(a) === -1
    if (typeof b !== "string") return false
    const s = searchString(a)
    return s !== undefined && b.indexOf(s) === -1
  } catch {
    return false
  }
}
/** @internal */
export const contains = (a: unknown, b: unknown): boolean => {
  try {
    return Array.isArray(a) && a.indexOf(b) > -1
  } catch {
    return false
  }
}
/** @internal */
export const doesNotContain = (a: unknown, b: unknown): boolean => {
  try {
    return Array.isArray(a) && a.indexOf(b) === -1
  } catch {
    return false
  }
}

/** @internal */
export const between = (a: unknown, low: unknown, high: unknown): boolean => {
  try {
    return isNumeric(a) && (a as number) >= (low as number) && (a as number) <= (high as number)
  } catch {
    return false
  }
}

/** @internal */
export const exists = (a: unknown, expected: boolean): boolean => (a !== undefined && a !== null) === expected

/** @internal */
export const startsWith = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" && a.startsWith(b)
/** @internal */
export const endsWith = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" && a.endsWith(b)

/** @internal */
export const matches = (a: unknown, re: RegExp): boolean => typeof a === "string" && re.test(a)

/**
 * Epoch milliseconds of an ISO string, epoch millis or `Date`; `NaN` otherwise.
 *
 * @internal
 */
export const toEpoch = (a: unknown): number => {
  if (typeof a === "number") return Number.isFinite(a) ? a : Number.NaN
  if (typeof a === "string") return Date.parse(a)
  try {
    if (a instanceof Date) return a.getTime()
  } catch {
    // a proxy whose getPrototypeOf trap throws, or an object with Date.prototype that is no Date
  }
  return Number.NaN
}

/** @internal */
export const before = (a: unknown, b: unknown): boolean => toEpoch(a) < toEpoch(b)
/** @internal */
export const after = (a: unknown, b: unknown): boolean => toEpoch(a) > toEpoch(b)
/** @internal */
export const within = (a: unknown, now: number, last: number, next: number): boolean => {
  const t = toEpoch(a)
  return t >= now - last && t <= now + next
}

const units: Record<string, number> = {
  ms: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000
}

/**
 * Milliseconds of a duration: a non-negative number of milliseconds or a
 * string such as `"7 days"`; undefined when malformed.
 *
 * @internal
 */
export const parseDuration = (input: unknown): number | undefined => {
  if (typeof input === "number") return Number.isFinite(input) && input >= 0 ? input : undefined
  if (typeof input !== "string") return undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(input)
  if (m === null) return undefined
  const unit = units[m[2]!.toLowerCase()]
  return unit === undefined ? undefined : Number(m[1]) * unit
}

/** The two-operand operators by name, for evaluators that dispatch on the operator. @internal */
export const binaryOperators: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  equal,
  notEqual,
  lessThan,
  lessThanInclusive,
  greaterThan,
  greaterThanInclusive,
  in: isIn,
  notIn,
  contains,
  doesNotContain,
  startsWith,
  endsWith,
  before,
  after
}
