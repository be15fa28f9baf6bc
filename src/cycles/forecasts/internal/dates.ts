/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings, in UTC.
 *
 * @internal
 */

const day = 86_400_000

/** @internal */
export const toEpochDay = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / day)

/** @internal */
export const fromEpochDay = (epochDay: number): string => new Date(epochDay * day).toISOString().slice(0, 10)

/** @internal */
export const addDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days)

/** @internal */
export const isDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  fromEpochDay(toEpochDay(value)) === value

/** the UTC calendar date of an instant given in epoch milliseconds @internal */
export const utcDate = (millis: number): string => fromEpochDay(Math.floor(millis / day))
