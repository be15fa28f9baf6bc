/**
 * What the built-in policies share: calendar windows over a campaign's daily
 * metrics, the posterior probability that a campaign's cost per acquisition
 * is above a reference, rounding to cents and number formatting for
 * rationales. Pure functions over plain data.
 *
 * @internal
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf"
import * as DecisionProvider from "../../DecisionProvider.ts"
import type * as AdPlatform from "../../platform/AdPlatform.ts"

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000)

/**
 * The days of `days` dated in the `length` calendar days before `today`
 * (`today − length` to `today − 1`; `today` itself is not complete).
 */
export const lastDays = (
  days: ReadonlyArray<AdPlatform.DailyMetrics>,
  today: string,
  length: number
): ReadonlyArray<AdPlatform.DailyMetrics> => {
  const end = dayNumber(today)
  return days.filter((d) => {
    const n = dayNumber(d.date)
    return n < end && n >= end - length
  })
}

/** Sums of the `length` calendar days before `today`. */
export const window = (
  days: ReadonlyArray<AdPlatform.DailyMetrics>,
  today: string,
  length: number
): DecisionProvider.Totals => DecisionProvider.totals(lastDays(days, today, length))

/**
 * The probability that a campaign's conversions per unit of spend are below
 * `1 / reference` (its CPA above `reference`), given `conversions` over
 * `spend`: conversions as a Poisson process in spend with a flat prior on the
 * rate give the posterior Gamma(conversions + 1, spend), whose CDF at
 * `1 / reference` is the chi-square CDF at `2·spend/reference` with
 * `2·(conversions + 1)` degrees of freedom. With no conversion it is
 * `1 − exp(−spend/reference)`. 0.5 without spend (no evidence either way).
 */
export const probabilityCpaAbove = (conversions: number, spend: number, reference: number): number =>
  spend <= 0 || reference <= 0 ? 0.5 : chisquareCdf(2 * spend / reference, 2 * (Math.max(0, conversions) + 1))

/** Rounded to cents. */
export const cents = (x: number): number => Math.round(x * 100) / 100

/** Rounded down to cents. */
export const centsDown = (x: number): number => Math.floor(x * 100 + 1e-9) / 100

/** A number with two decimals, for rationales. */
export const fmt = (x: number): string => Number.isFinite(x) ? x.toFixed(2) : String(x)

/** A share as a percentage with no decimals, for rationales. */
export const pct = (x: number): string => `${Math.round(x * 100)}%`

/** Clamped to [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))
