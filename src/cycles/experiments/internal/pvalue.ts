/**
 * p-values from a statistic's upper tail function, by alternative.
 */
import type { Alternative } from "../Model.ts"

/** p for statistic `s` given P(S > x) = upper(x), with S symmetric about 0 under H0 */
export const fromUpper = (s: number, alternative: Alternative, upper: (x: number) => number): number => {
  switch (alternative) {
    case "two-sided":
      return Math.min(1, 2 * upper(Math.abs(s)))
    case "greater":
      return upper(s)
    case "less":
      return upper(-s)
  }
}
