/**
 * The simulated platform's response model: how a campaign's budget, bids and
 * audiences turn into a day's impressions, clicks, spend, conversions and
 * revenue. Pure functions over plain data; every random draw is keyed by
 * (seed, campaign index, day) so a campaign's luck on a day does not depend
 * on the decisions taken, on other campaigns, or on the order of calls.
 *
 * The model, per campaign and day:
 *
 * - each active keyword `k` wins a share of its auctions that rises with its
 *   bid `b` and saturates: `share = 1 − exp(−1.2·b/p)` (`p` the campaign's
 *   reference CPC); it pays `cpc = b·(0.55 + 0.35·share)` (second price);
 * - the clicks available to it are `demand · weight_k · share · day-of-week ·
 *   noise · shocks · audience reach`, and it converts at `conversionRate ·
 *   (0.55 + 0.09·quality) · audience factor`;
 * - buying all available clicks would cost `F`; the platform spends `S =
 *   min(budget, F)` and buys the cheapest clicks first, so clicks are concave
 *   in spend: `clicks = A·(1 − exp(−κ·S/F)) / (1 − exp(−κ))` (`κ` the
 *   campaign's curvature). The marginal click at zero spend is `κ/(1−e^−κ)`
 *   times the average, at full spend `κ·e^−κ/(1−e^−κ)`; past `F` extra budget
 *   buys nothing (saturation);
 * - day-of-week: weekdays 0.98–1.10, Saturday `weekendFactor`, Sunday
 *   `weekendFactor·1.05`; noise: log-normal (σ 0.08 on demand, 0.10 on the
 *   conversion rate, 0.05 on order value); shocks: on any day a shock starts
 *   with probability 0.02 and lasts 2–6 days, multiplying demand by 0.45–0.7
 *   (an outage, a competitor) or 1.3–1.7 (press, a viral post).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile"
import { mulberry32 } from "../../../internal/random.ts"

/** The hidden response parameters of a campaign (`campaigns.settings.simulator`). */
export interface CampaignParams {
  readonly seed: number
  readonly index: number
  /** clicks a day at full auction share and a neutral day */
  readonly demand: number
  /** reference CPC: the bid at which the campaign wins 70% of its auctions */
  readonly referenceCpc: number
  /** click-through rate at full share */
  readonly ctr: number
  /** conversions per click at quality score 5 */
  readonly conversionRate: number
  /** revenue per conversion */
  readonly conversionValue: number
  /** Saturday's demand relative to a neutral day */
  readonly weekendFactor: number
  /** κ: how fast the cost of extra clicks rises within a day */
  readonly curvature: number
}

/** The hidden parameters of an audience (`audiences.definition.simulator`). */
export interface AudienceParams {
  /** extra available clicks, as a share of the ad group's own */
  readonly reach: number
  /** conversion rate of the audience's clicks relative to the ad group's */
  readonly conversionFactor: number
}

/** An active keyword of an active ad group, as the model needs it. */
export interface KeywordInput {
  readonly bid: number
  readonly qualityScore: number
  /** share of the campaign's demand (weights of all its keywords sum to 1) */
  readonly weight: number
}

/** An active ad group: its active keywords and the audiences it targets. */
export interface AdGroupInput {
  readonly keywords: ReadonlyArray<KeywordInput>
  readonly audiences: ReadonlyArray<AudienceParams>
}

/** What a campaign does on one day. */
export interface DayResult {
  readonly impressions: number
  readonly clicks: number
  readonly conversions: number
  readonly spend: number
  readonly revenue: number
  readonly reach: number
  readonly searchImpressionShare: number
}

/** 32-bit FNV-1a of a string, mixed with a seed. */
export const hash = (seed: number, key: string): number => {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform draw in [0, 1) keyed by seed and a string. */
export const uniform = (seed: number, key: string): number => mulberry32(hash(seed, key))()

/** A generator of uniform draws keyed by seed and a string. */
export const stream = (seed: number, key: string): (() => number) => mulberry32(hash(seed, key))

const logNormal = (u: number, sigma: number): number => {
  const p = Math.min(Math.max(u, 1e-9), 1 - 1e-9)
  return Math.exp(sigma * normalQuantile(p, 0, 1) - (sigma * sigma) / 2)
}

const between = (u: number, lo: number, hi: number) => lo + (hi - lo) * u

/** Draws a campaign's hidden parameters from the seed and its index. */
export const drawCampaign = (seed: number, index: number): CampaignParams => {
  const next = stream(seed, `campaign:${index}`)
  const referenceCpc = round2(between(next(), 0.5, 3))
  const fullSpend = between(next(), 80, 400)
  return {
    seed,
    index,
    referenceCpc,
    demand: round2(fullSpend / referenceCpc),
    ctr: round4(between(next(), 0.02, 0.08)),
    conversionRate: round4(between(next(), 0.01, 0.07)),
    conversionValue: round2(between(next(), 20, 160)),
    weekendFactor: round2(between(next(), 0.55, 0.95)),
    curvature: round2(between(next(), 1, 2.5))
  }
}

/** A keyword's raw (unnormalised) demand weight, from the seed and its key. */
export const keywordWeight = (seed: number, key: string): number => 0.2 + uniform(seed, `keyword:${key}`) * 1.8

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000)

/** The `YYYY-MM-DD` date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** Whether a string is a valid `YYYY-MM-DD` calendar date. */
export const isDate = (date: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
  dateOfDay(dayNumber(date)) === date

/** Demand multiplier of a weekday (0 Sunday … 6 Saturday). */
export const dayOfWeekFactor = (params: CampaignParams, weekday: number): number => {
  switch (weekday) {
    case 0:
      return params.weekendFactor * 1.05
    case 6:
      return params.weekendFactor
    case 5:
      return 0.98
    case 1:
    case 4:
      return 1.06
    default:
      return 1.1
  }
}

/** The product of the shocks in force on a day (1 when none). */
export const shockFactor = (params: CampaignParams, day: number): number => {
  let factor = 1
  for (let start = day - 5; start <= day; start++) {
    const next = stream(params.seed, `shock:${params.index}:${start}`)
    if (next() >= 0.02) continue
    const duration = 2 + Math.floor(next() * 5)
    if (start + duration <= day) continue
    factor *= next() < 0.5 ? between(next(), 0.45, 0.7) : between(next(), 1.3, 1.7)
  }
  return factor
}

/** Share of auctions a bid wins. */
export const auctionShare = (bid: number, referenceCpc: number): number => 1 - Math.exp((-1.2 * bid) / referenceCpc)

/**
 * One campaign's day under a budget and its active ad groups; `null` when
 * nothing can be served (no active keyword).
 */
export const simulateDay = (
  params: CampaignParams,
  budget: number,
  adGroups: ReadonlyArray<AdGroupInput>,
  day: number
): DayResult | null => {
  const noise = stream(params.seed, `day:${params.index}:${day}`)
  const weekday = (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
  const market = dayOfWeekFactor(params, weekday) * logNormal(noise(), 0.08) * shockFactor(params, day)
  const conversionNoise = logNormal(noise(), 0.1)
  const valueNoise = logNormal(noise(), 0.05)

  let available = 0 // A
  let fullSpend = 0 // F
  let convertingClicks = 0 // Σ a_k · conversions per click
  let shareWeighted = 0
  for (const group of adGroups) {
    const reach = group.audiences.reduce((sum, a) => sum + a.reach, 0)
    const reachFactor = 1 + reach
    const conversionFactor = (1 + group.audiences.reduce((sum, a) => sum + a.reach * a.conversionFactor, 0)) / reachFactor
    for (const keyword of group.keywords) {
      if (keyword.bid <= 0 || keyword.weight <= 0) continue
      const share = auctionShare(keyword.bid, params.referenceCpc)
      const clicks = params.demand * keyword.weight * share * market * reachFactor
      const cpc = keyword.bid * (0.55 + 0.35 * share)
      available += clicks
      fullSpend += clicks * cpc
      convertingClicks += clicks * params.conversionRate * (0.55 + 0.09 * keyword.qualityScore) * conversionFactor
      shareWeighted += clicks * share
    }
  }
  if (available <= 0 || fullSpend <= 0) return null

  const spend = Math.max(0, Math.min(budget, fullSpend))
  const kappa = params.curvature
  const bought = (1 - Math.exp((-kappa * spend) / fullSpend)) / (1 - Math.exp(-kappa)) // share of A bought
  const clicks = available * bought
  const conversions = convertingClicks * bought * conversionNoise
  const averageShare = shareWeighted / available
  const impressions = clicks / (params.ctr * (0.7 + 0.3 * averageShare))
  return {
    impressions: Math.round(impressions),
    clicks: Math.round(clicks),
    conversions: round2(conversions),
    spend: round2(spend),
    revenue: round2(conversions * params.conversionValue * valueNoise),
    reach: Math.round(impressions * 0.62),
    searchImpressionShare: round2(Math.min(100, 100 * averageShare * bought))
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100
const round4 = (x: number) => Math.round(x * 10_000) / 10_000
