/**
 * Day numbers of ISO dates (`YYYY-MM-DD`, UTC). Pure; no clock.
 *
 * @internal
 */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 of an ISO date, or undefined when it is not one. */
export const dayNumber = (date: string): number | undefined => {
  const m = isoDate.exec(date)
  if (m === null) return undefined
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000
  return Number.isInteger(n) && toDate(n) === date ? n : undefined
}

/** The ISO date of a day number. */
export const toDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)
