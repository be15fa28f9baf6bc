/**
 * Input checks shared by the statistics: each returns the typed error naming
 * the field, or undefined when the value is fine.
 */
import { invalid, type InvalidExperimentInput } from "../ExperimentError.ts"

type Check = InvalidExperimentInput | undefined

export const finite = (field: string, x: number): Check =>
  Number.isFinite(x) ? undefined : invalid(field, x, "must be a finite number")

export const positive = (field: string, x: number): Check =>
  Number.isFinite(x) && x > 0 ? undefined : invalid(field, x, "must be a finite number > 0")

export const nonNegative = (field: string, x: number): Check =>
  Number.isFinite(x) && x >= 0 ? undefined : invalid(field, x, "must be a finite number >= 0")

export const count = (field: string, x: number): Check =>
  Number.isSafeInteger(x) && x >= 0 ? undefined : invalid(field, x, "must be a whole number >= 0")

export const openUnit = (field: string, x: number): Check =>
  Number.isFinite(x) && x > 0 && x < 1 ? undefined : invalid(field, x, "must be strictly between 0 and 1")

/** the first failing check, if any */
export const first = (...checks: ReadonlyArray<Check>): Check => checks.find((c) => c !== undefined)
