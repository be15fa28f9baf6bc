/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`, UTC): day numbers, days of
 * the week and months. Pure; no clock.
 *
 * @internal
 */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 of an ISO date, or undefined when it is not one. */
export const dayNumber = (date: string): number | undefined => {
  const m = isoDate.exec(date)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const n = ms / 86_400_000
  return Number.isInteger(n) && toDate(n) === date ? n : undefined
}

/** The ISO date of a day number. */
export const toDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** The UTC ISO date of an instant in milliseconds. */
export const dateOfMillis = (millis: number): string => toDate(Math.floor(millis / 86_400_000))

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const dayOfWeek = (day: number): number => (((day + 4) % 7) + 7) % 7

/** The first day of the month of a day number, and the number of days in that month. */
export const monthOf = (day: number): { readonly first: number; readonly days: number } => {
  const d = new Date(day * 86_400_000)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth()
  const first = Date.UTC(y, m, 1) / 86_400_000
  const next = Date.UTC(y, m + 1, 1) / 86_400_000
  return { first, days: next - first }
}
