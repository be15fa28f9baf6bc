/**
 * From competitor observations to actionable insights. Observations are
 * grouped by competitor and scope (campaign, or the account), ordered by
 * period; the last `periods` periods of the scope are read, a period where
 * the competitor does not appear counting as impression share, overlap and
 * position-above 0 and our outranking share 1 (the reports leave out
 * competitors below their reporting threshold). Each series is tested with
 * the Mann–Kendall test and sized with the Theil–Sen slope (`Trend`): a
 * change is **significant** when its one-sided p is below `alpha`, and
 * **material** when the slope over the window (`slope × (n − 1)`) moves the
 * share by at least `minChange`.
 *
 * Insights:
 * - `defend` — the competitor's overlap rate rose and our outranking share
 *   fell (or its position-above rate rose), both significant and material:
 *   it is bidding into our auctions and winning. Action: raise bids on the
 *   shared keywords — the brand terms among them first (`brandTerms`), as a
 *   competitor on our brand terms buys our own demand.
 * - `capture` — its impression share fell, significant and material (a
 *   competitor leaving or cutting back): the auctions it leaves are cheaper.
 *   Action: raise budgets and bids where we are limited, on the shared
 *   keywords.
 * - `new_entrant` — absent from every period but the last two and
 *   overlapping at least `newEntrantOverlap` in the latest: watch it (no
 *   trend can be tested yet; its confidence says so).
 *
 * Confidence (0–10): `10 × (1 − p)`, with `p` the largest one-sided p among
 * the tests the insight rests on; for a new entrant, which rests on no test,
 * `10 × latest overlap rate` (how much of our traffic it already meets).
 *
 * @since 0.1.0
 */
import * as Trend from "../scores/Trend.ts"
import type { Observation } from "./Observation.ts"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** periods read per competitor and scope (default 8) */
  readonly periods: number
  /** periods needed for a trend test (default 5) */
  readonly minPeriods: number
  /** one-sided significance (default 0.05) */
  readonly alpha: number
  /** the smallest change of a share over the window that counts (default 0.05) */
  readonly minChange: number
  /** overlap rate from which a newcomer is reported (default 0.1) */
  readonly newEntrantOverlap: number
  /** our brand terms, matched case-insensitively against shared keywords */
  readonly brandTerms: ReadonlyArray<string>
  /** the bid raise suggested by `defend` and `capture` (default 0.1: +10%) */
  readonly bidRaise: number
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: Options = {
  periods: 8,
  minPeriods: 5,
  alpha: 0.05,
  minChange: 0.05,
  newEntrantOverlap: 0.1,
  brandTerms: [],
  bidRaise: 0.1
}

/**
 * A measured change of one share.
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly metric: "impressionShare" | "overlapRate" | "outrankingShare" | "positionAboveRate"
  readonly series: ReadonlyArray<number>
  /** Theil–Sen slope per period */
  readonly slope: number
  /** slope × (n − 1) */
  readonly change: number
  /** one-sided Mann–Kendall p in the slope's direction */
  readonly p: number
}

/**
 * An actionable insight about one competitor.
 *
 * @since 0.1.0
 * @category models
 */
export interface Insight {
  readonly kind: "defend" | "capture" | "new_entrant"
  readonly competitor: string
  readonly campaignId: string | null
  readonly title: string
  /** what to do, in words */
  readonly action: string
  /** keywords the action applies to (brand terms first) */
  readonly keywords: ReadonlyArray<string>
  readonly brandKeywords: ReadonlyArray<string>
  /** the bid change suggested, as a share (0.1 = +10%); 0 for none */
  readonly bidChange: number
  /** 0–10 */
  readonly confidence: number
  readonly periods: number
  readonly evidence: ReadonlyArray<Change>
}

const metrics = ["impressionShare", "overlapRate", "outrankingShare", "positionAboveRate"] as const
const absent: Record<Change["metric"], number> = { impressionShare: 0, overlapRate: 0, outrankingShare: 1, positionAboveRate: 0 }

const measure = (metric: Change["metric"], series: ReadonlyArray<number>): Change => {
  const t = Trend.trend(series, { better: "higher" })
  const p = t.slope > 0 ? t.mannKendall.pIncreasing : t.slope < 0 ? t.mannKendall.pDecreasing : 1
  return { metric, series, slope: t.slope, change: t.slope * (series.length - 1), p }
}

const round1 = (n: number) => Math.round(n * 10) / 10

/**
 * The insights of a set of observations (any competitors and scopes).
 *
 * @since 0.1.0
 * @category analysis
 */
export const analyze = (observations: ReadonlyArray<Observation>, options: Options = defaultOptions): ReadonlyArray<Insight> => {
  const scopes = new Map<string, Array<Observation>>()
  for (const o of observations) {
    const scope = o.campaignId ?? ""
    const list = scopes.get(scope) ?? []
    list.push(o)
    scopes.set(scope, list)
  }
  const brand = options.brandTerms.map((t) => t.toLowerCase())
  const out: Array<Insight> = []
  for (const [scope, list] of [...scopes].sort(([a], [b]) => a.localeCompare(b))) {
    const periods = [...new Set(list.map((o) => o.periodStart))].sort().slice(-options.periods)
    const competitors = [...new Set(list.map((o) => o.competitor))].sort()
    for (const competitor of competitors) {
      const byPeriod = new Map(list.filter((o) => o.competitor === competitor).map((o) => [o.periodStart, o]))
      const firstSeen = periods.findIndex((p) => byPeriod.has(p))
      if (firstSeen < 0) continue
      const window = periods.slice(firstSeen)
      const latest = [...window].reverse().map((p) => byPeriod.get(p)).find((o) => o !== undefined)!
      const shared = latest.keywordOverlap?.shared ?? []
      const brandKeywords = shared.filter((k) => brand.some((b) => k.toLowerCase().includes(b)))
      const keywords = [...brandKeywords, ...shared.filter((k) => !brandKeywords.includes(k))]
      const campaignId = scope === "" ? null : scope
      const base = { competitor, campaignId, keywords, brandKeywords, periods: window.length }
      const current = byPeriod.get(periods.at(-1)!)
      if (window.length <= 2 && periods.length >= options.minPeriods && current !== undefined && current.overlapRate >= options.newEntrantOverlap) {
        out.push({
          ...base,
          kind: "new_entrant",
          title: `New competitor ${competitor}: overlaps ${(current.overlapRate * 100).toFixed(0)}% of our impressions`,
          action: "Watch its position-above rate and our outranking share over the next periods; no bid change yet.",
          bidChange: 0,
          confidence: round1(10 * current.overlapRate),
          evidence: []
        })
        continue
      }
      if (window.length < options.minPeriods) continue
      const series = (metric: Change["metric"]) => window.map((p) => byPeriod.get(p)?.[metric] ?? absent[metric])
      const changes = Object.fromEntries(metrics.map((m) => [m, measure(m, series(m))])) as Record<Change["metric"], Change>
      const holds = (c: Change, sign: 1 | -1) => c.p < options.alpha && sign * c.change >= options.minChange
      const overlap = changes.overlapRate
      const pressure = holds(changes.outrankingShare, -1) ? changes.outrankingShare : holds(changes.positionAboveRate, 1) ? changes.positionAboveRate : undefined
      if (holds(overlap, 1) && pressure !== undefined) {
        const terms = brandKeywords.length > 0 ? `brand terms ${brandKeywords.join(", ")}` : keywords.length > 0 ? `shared keywords ${keywords.join(", ")}` : "the campaign's top keywords"
        out.push({
          ...base,
          kind: "defend",
          title: `${competitor} is pressing: overlap ${pct(overlap.change)}, ${
            pressure.metric === "outrankingShare" ? "our outranking share" : "its position above us"
          } ${pct(pressure.change)} over ${window.length} periods`,
          action: `Defend ${terms}: raise bids ${(options.bidRaise * 100).toFixed(0)}% on them.`,
          bidChange: options.bidRaise,
          confidence: round1(10 * (1 - Math.max(overlap.p, pressure.p))),
          evidence: [overlap, pressure]
        })
      }
      const share = changes.impressionShare
      if (holds(share, -1)) {
        out.push({
          ...base,
          kind: "capture",
          title: `${competitor} is pulling back: impression share ${pct(share.change)} over ${window.length} periods`,
          action: `Capture the share it leaves: raise bids ${(options.bidRaise * 100).toFixed(0)}% and lift budgets where limited${
            keywords.length > 0 ? ` on ${keywords.join(", ")}` : ""
          }.`,
          bidChange: options.bidRaise,
          confidence: round1(10 * (1 - share.p)),
          evidence: [share]
        })
      }
    }
  }
  return out
}

const pct = (change: number) => `${change >= 0 ? "+" : "−"}${Math.abs(change * 100).toFixed(0)} points`
