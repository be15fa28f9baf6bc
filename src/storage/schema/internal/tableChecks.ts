/**
 * Helpers for table CHECKs written in TypeScript, with SQL's rule: a CHECK
 * whose operands are NULL passes.
 *
 * @internal
 */

type Comparable = number | string | Date

const value = (v: Comparable): number | string => (v instanceof Date ? v.getTime() : v)

/** `b >= a` (or `b > a` when strict), passing when either is NULL or absent. @internal */
export const ordered = (a: Comparable | null | undefined, b: Comparable | null | undefined, strict = false): boolean =>
  a === null || a === undefined || b === null || b === undefined || (strict ? value(b) > value(a) : value(b) >= value(a))

/** Two amounts equal to the cent. @internal */
export const sameAmount = (a: number, b: number): boolean => Math.abs(a - b) < 0.005
