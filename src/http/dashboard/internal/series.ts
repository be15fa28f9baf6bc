/**
 * The dashboard's chart series: daily campaign metrics summed per day over an
 * account's campaigns, every day of the window present (zero when the
 * platform reported nothing), with the decisions logged each day by type.
 * Plain functions over plain rows.
 */

/** One `campaign_daily_metrics` row, as far as the charts need it. */
export interface MetricRow {
  readonly metric_date: string
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  readonly clicks: number
}

/** One decision: the UTC day it was logged and its type. */
export interface DecisionRow {
  readonly day: string
  readonly decisionType: string
}

/** One day of the series. */
export interface SeriesDay {
  readonly day: string
  readonly spend: number
  readonly conversions: number
  readonly revenue: number
  readonly clicks: number
  readonly roas: number | null
  readonly decisions: Readonly<Record<string, number>>
}

const dayMillis = 86_400_000

/** The UTC day of an instant, `YYYY-MM-DD`. */
export const isoDay = (millis: number): string => new Date(millis).toISOString().slice(0, 10)

/** Milliseconds of a `YYYY-MM-DD` day's midnight UTC. */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`)

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export const daysBetween = (from: string, to: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (let t = dayStart(from); t <= dayStart(to); t += dayMillis) out.push(isoDay(t))
  return out
}

const cents = (n: number) => Math.round(n * 100) / 100

/** Sums metrics and counts decisions per day over `from`..`to`; rows outside the window are ignored. */
export const dailySeries = (
  from: string,
  to: string,
  metrics: ReadonlyArray<MetricRow>,
  decisions: ReadonlyArray<DecisionRow>
): ReadonlyArray<SeriesDay> => {
  const sums = new Map<string, { spend: number; conversions: number; revenue: number; clicks: number }>()
  for (const m of metrics) {
    const s = sums.get(m.metric_date) ?? { spend: 0, conversions: 0, revenue: 0, clicks: 0 }
    s.spend += Number(m.spend)
    s.conversions += Number(m.conversions)
    s.revenue += Number(m.revenue)
    s.clicks += Number(m.clicks)
    sums.set(m.metric_date, s)
  }
  const byDay = new Map<string, Record<string, number>>()
  for (const d of decisions) {
    const counts = byDay.get(d.day) ?? {}
    counts[d.decisionType] = (counts[d.decisionType] ?? 0) + 1
    byDay.set(d.day, counts)
  }
  return daysBetween(from, to).map((day) => {
    const s = sums.get(day) ?? { spend: 0, conversions: 0, revenue: 0, clicks: 0 }
    return {
      day,
      spend: cents(s.spend),
      conversions: cents(s.conversions),
      revenue: cents(s.revenue),
      clicks: s.clicks,
      roas: s.spend > 0 ? Math.round((s.revenue / s.spend) * 10_000) / 10_000 : null,
      decisions: byDay.get(day) ?? {}
    }
  })
}
