/**
 * The distributions the experiment statistics use, from @stdlib (maintained,
 * equal to scipy to ~1e-13 on the cases measured in /work/shared/LIBRARIES.md),
 * behind one typed module so the statistics read as formulas.
 */
import betaCdf from "@stdlib/stats-base-dists-beta-cdf"
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile"
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf"
import normalCdf from "@stdlib/stats-base-dists-normal-cdf"
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile"
import tCdf from "@stdlib/stats-base-dists-t-cdf"
import tQuantile from "@stdlib/stats-base-dists-t-quantile"

/** standard normal CDF */
export const phi = (x: number): number => normalCdf(x, 0, 1)

/** standard normal upper tail P(Z > x), computed as Φ(−x) to keep precision far in the tail */
export const phiUpper = (x: number): number => normalCdf(-x, 0, 1)

/** standard normal quantile */
export const phiInverse = (p: number): number => normalQuantile(p, 0, 1)

/** Student t CDF with `df` degrees of freedom */
export const studentCdf = (x: number, df: number): number => tCdf(x, df)

/** Student t upper tail P(T > x), as F(−x) (the distribution is symmetric) */
export const studentUpper = (x: number, df: number): number => tCdf(-x, df)

/** Student t quantile */
export const studentInverse = (p: number, df: number): number => tQuantile(p, df)

/** chi-square upper tail P(X > x) */
export const chiSquareUpper = (x: number, df: number): number => 1 - chisquareCdf(x, df)

/** Beta(a, b) CDF */
export const betaDistributionCdf = (x: number, a: number, b: number): number => betaCdf(x, a, b)

/** Beta(a, b) quantile */
export const betaDistributionQuantile = (p: number, a: number, b: number): number => betaQuantile(p, a, b)
