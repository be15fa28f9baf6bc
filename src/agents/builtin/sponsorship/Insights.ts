/**
 * Per-sponsor performance insights (`ai_insights` rows of type
 * `sponsor_performance`), computed from what the event's data says, each
 * compared with the event as a whole:
 *
 * - **delivery**: leads delivered (accepted earlier leads kept, plus the new
 *   ones) against the package's entitlement, and the sponsor's demand (the
 *   attendees who could be its lead at all). A shortfall is a counted fact.
 * - **acceptance**: of the sponsor's earlier leads the attendees answered,
 *   the share accepted, against the pooled rate of the other sponsors.
 * - **engagement**: of the sponsor's leads, the share who attended a session
 *   tagged with one of the sponsor's topics, against the same share among all
 *   the event's eligible attendees.
 * - **match quality**: the mean relevance of the new leads, against the mean
 *   over every new lead of the event (reported, not a finding by itself).
 *
 * A rate is compared through its Jeffreys posterior, Beta(k + ½, n − k + ½):
 * the probability that the sponsor's rate is below (or above) the event's is
 * the Beta CDF at the event's rate (@stdlib's, equal to scipy to ~1e-13). A
 * finding is raised when that probability reaches `evidence` (default 0.9)
 * and that probability is its confidence; a shortfall has confidence 1. The
 * insight's confidence and impact are those of its most severe finding, the
 * impact weighted by the sponsor's share of the largest contract
 * (`0.5 + 0.5 · amount / max amount`, 1 when amounts are unknown). When no
 * finding is raised the insight says the sponsor is on track, with
 * confidence `1 − max P(below)`. Every finding carries one actionable item.
 *
 * @since 0.1.0
 */
import betaCdf from "@stdlib/stats-base-dists-beta-cdf"
import type { Lead, SponsorStats } from "./Model.ts"
import { norm } from "./internal/kernel.ts"

/**
 * A sponsor as the insights see it.
 *
 * @since 0.1.0
 * @category models
 */
export interface SponsorProfile {
  readonly id: string
  readonly name: string
  readonly topics: ReadonlyArray<string>
  readonly contractAmount?: number | undefined
}

/**
 * An earlier lead the attendee answered.
 *
 * @since 0.1.0
 * @category models
 */
export interface Outcome {
  readonly sponsorId: string
  readonly attendeeId: string
  readonly accepted: boolean
}

/**
 * An eligible attendee's engagement: checked in to the event, and the tags of
 * the sessions attended.
 *
 * @since 0.1.0
 * @category models
 */
export interface Engagement {
  readonly attendeeId: string
  readonly checkedIn: boolean
  readonly attendedTopics: ReadonlyArray<string>
}

/**
 * What the insights are computed from: the sponsors, the matcher's
 * per-sponsor figures and new leads, the earlier accepted leads kept (pairs),
 * the answered outcomes, and the engagement of the event's eligible
 * attendees.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly sponsors: ReadonlyArray<SponsorProfile>
  readonly stats: ReadonlyArray<SponsorStats>
  readonly leads: ReadonlyArray<Lead>
  readonly kept: ReadonlyArray<{ readonly sponsorId: string; readonly attendeeId: string }>
  readonly outcomes: ReadonlyArray<Outcome>
  readonly engagement: ReadonlyArray<Engagement>
}

/**
 * The kind of a finding.
 *
 * @since 0.1.0
 * @category models
 */
export type FindingKind =
  | "under_delivered"
  | "low_acceptance"
  | "high_acceptance"
  | "low_engagement"
  | "high_engagement"
  | "on_track"

/**
 * What to do about a finding.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActionItem {
  readonly action:
    | "broaden_topics"
    | "raise_attendee_cap"
    | "review_offer"
    | "offer_more_leads"
    | "sponsored_session"
    | "share_engagement_report"
    | "keep_course"
  readonly description: string
  readonly priority: "high" | "medium" | "low"
  readonly finding: FindingKind
}

/**
 * One finding: its kind, severity in [0, 1], confidence in [0, 1], and the
 * sentence that states it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Finding {
  readonly kind: FindingKind
  readonly severity: number
  readonly confidence: number
  readonly statement: string
}

/**
 * A rate with its count, and the event's rate it is compared with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rate {
  readonly k: number
  readonly n: number
  readonly rate: number | null
  readonly eventRate: number | null
  /** P(sponsor's rate < event's rate) under the Jeffreys posterior; null without data */
  readonly probabilityBelow: number | null
}

/**
 * The figures behind an insight (stored as `insight_data`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Figures {
  readonly sponsorId: string
  readonly entitlement: number
  readonly kept: number
  readonly newLeads: number
  readonly delivered: number
  readonly demand: number
  readonly fillRate: number | null
  readonly meanScore: number | null
  readonly eventMeanScore: number | null
  readonly acceptance: Rate
  readonly topicEngagement: Rate
  readonly checkedIn: Rate
}

/**
 * One sponsor's insight: title, description, figures, confidence and
 * impact in [0, 1], findings and actionable items.
 *
 * @since 0.1.0
 * @category models
 */
export interface Insight {
  readonly sponsorId: string
  readonly title: string
  readonly description: string
  readonly figures: Figures
  readonly confidence: number
  readonly impact: number
  readonly findings: ReadonlyArray<Finding>
  readonly actions: ReadonlyArray<ActionItem>
}

/**
 * Options: the posterior probability a rate finding needs (default 0.9).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly evidence?: number
}

const pct = (x: number | null): string => (x === null ? "n/a" : `${Math.round(x * 100)}%`)

const rate = (k: number, n: number, eventRate: number | null): Rate => ({
  k,
  n,
  rate: n === 0 ? null : k / n,
  eventRate,
  probabilityBelow: n === 0 || eventRate === null ? null : betaCdf(eventRate, k + 0.5, n - k + 0.5)
})

/** posterior mean of a rate (Jeffreys prior) */
const posteriorMean = (r: Rate): number => (r.k + 0.5) / (r.n + 1)

/**
 * Computes one insight per sponsor with an entitlement, leads or answered
 * outcomes (see the module documentation), in the order of `input.sponsors`.
 *
 * @since 0.1.0
 * @category insights
 */
export const compute = (input: Input, options: Options = {}): Array<Insight> => {
  const evidence = options.evidence ?? 0.9
  const statsOf = new Map(input.stats.map((s) => [s.sponsorId, s]))
  const leadsOf = new Map<string, Array<string>>()
  const scoresOf = new Map<string, Array<number>>()
  const push = <A>(m: Map<string, Array<A>>, k: string, a: A) => {
    const l = m.get(k)
    if (l === undefined) m.set(k, [a])
    else l.push(a)
  }
  for (const l of input.leads) {
    push(leadsOf, l.sponsorId, l.attendeeId)
    push(scoresOf, l.sponsorId, l.score)
  }
  for (const p of input.kept) push(leadsOf, p.sponsorId, p.attendeeId)
  const engagementOf = new Map(input.engagement.map((e) => [e.attendeeId, { checkedIn: e.checkedIn, topics: new Set(e.attendedTopics.map(norm)) }]))
  const eventMeanScore = input.leads.length === 0 ? null : input.leads.reduce((a, l) => a + l.score, 0) / input.leads.length
  const accepted = new Map<string, { k: number; n: number }>()
  for (const o of input.outcomes) {
    const x = accepted.get(o.sponsorId) ?? { k: 0, n: 0 }
    accepted.set(o.sponsorId, { k: x.k + (o.accepted ? 1 : 0), n: x.n + 1 })
  }
  const totalAccepted = [...accepted.values()].reduce((a, x) => ({ k: a.k + x.k, n: a.n + x.n }), { k: 0, n: 0 })
  const amounts = input.sponsors.flatMap((s) => (s.contractAmount === undefined ? [] : [s.contractAmount]))
  const maxAmount = amounts.length === 0 ? 0 : Math.max(...amounts)
  const checkedInAll = input.engagement.filter((e) => e.checkedIn).length
  const checkedInEvent = input.engagement.length === 0 ? null : checkedInAll / input.engagement.length
  const out: Array<Insight> = []
  for (const sp of input.sponsors) {
    const st = statsOf.get(sp.id) ?? { sponsorId: sp.id, entitlement: 0, kept: 0, delivered: 0, demand: 0 }
    const own = accepted.get(sp.id) ?? { k: 0, n: 0 }
    if (st.entitlement === 0 && st.delivered === 0 && st.kept === 0 && own.n === 0) continue
    // acceptance against the other sponsors' pooled rate
    const others = { k: totalAccepted.k - own.k, n: totalAccepted.n - own.n }
    const acceptance = rate(own.k, own.n, others.n === 0 ? null : others.k / others.n)
    // engagement with the sponsor's topics: its leads against every eligible attendee
    const topics = new Set(sp.topics.map(norm))
    const engagedWith = (id: string): boolean => {
      const e = engagementOf.get(id)
      return e !== undefined && [...e.topics].some((t) => topics.has(t))
    }
    const leads = (leadsOf.get(sp.id) ?? []).filter((id) => engagementOf.has(id))
    const eventEngaged = input.engagement.length === 0 ? null : input.engagement.filter((e) => engagedWith(e.attendeeId)).length / input.engagement.length
    const topicEngagement = rate(leads.filter(engagedWith).length, leads.length, eventEngaged)
    const checkedIn = rate(leads.filter((id) => engagementOf.get(id)!.checkedIn).length, leads.length, checkedInEvent)
    const scores = scoresOf.get(sp.id) ?? []
    const delivered = st.kept + st.delivered
    const figures: Figures = {
      sponsorId: sp.id,
      entitlement: st.entitlement,
      kept: st.kept,
      newLeads: st.delivered,
      delivered,
      demand: st.demand,
      fillRate: st.entitlement === 0 ? null : delivered / st.entitlement,
      meanScore: scores.length === 0 ? null : scores.reduce((a, x) => a + x, 0) / scores.length,
      eventMeanScore,
      acceptance,
      topicEngagement,
      checkedIn
    }
    const findings: Array<Finding> = []
    const actions: Array<ActionItem> = []
    const topicList = [...topics].join(", ") || "none set"
    if (delivered < st.entitlement) {
      const short = st.entitlement - delivered
      findings.push({
        kind: "under_delivered",
        severity: short / st.entitlement,
        confidence: 1,
        statement: `${delivered} of ${st.entitlement} entitled leads delivered (${short} short)`
      })
      actions.push(
        st.demand < st.entitlement
          ? {
            action: "broaden_topics",
            description: `Only ${st.demand} eligible attendees match ${sp.name}'s topics (${topicList}); add topics to its profile or offer a make-good (a sponsored session or an opted-in mailing) for the ${short} missing leads`,
            priority: "high",
            finding: "under_delivered"
          }
          : {
            action: "raise_attendee_cap",
            description: `${st.demand} attendees match ${sp.name} but their sponsor slots went to others; raise the number of sponsors per attendee or give this package priority`,
            priority: "high",
            finding: "under_delivered"
          }
      )
    }
    const pa = acceptance.probabilityBelow
    if (pa !== null && acceptance.eventRate !== null) {
      const mean = posteriorMean(acceptance)
      if (pa >= evidence) {
        findings.push({
          kind: "low_acceptance",
          severity: acceptance.eventRate === 0 ? 0 : Math.max(0, (acceptance.eventRate - mean) / acceptance.eventRate),
          confidence: pa,
          statement: `attendees accepted ${pct(acceptance.rate)} of its leads (${acceptance.k}/${acceptance.n}) against ${pct(acceptance.eventRate)} for the other sponsors`
        })
        actions.push({
          action: "review_offer",
          description: `Review ${sp.name}'s lead offer and first message with the sponsor: acceptance ${pct(acceptance.rate)} vs ${pct(acceptance.eventRate)} at this event`,
          priority: "medium",
          finding: "low_acceptance"
        })
      } else if (1 - pa >= evidence) {
        findings.push({
          kind: "high_acceptance",
          severity: acceptance.eventRate === 1 ? 0 : Math.max(0, (mean - acceptance.eventRate) / (1 - acceptance.eventRate)),
          confidence: 1 - pa,
          statement: `attendees accepted ${pct(acceptance.rate)} of its leads (${acceptance.k}/${acceptance.n}) against ${pct(acceptance.eventRate)} for the other sponsors`
        })
        actions.push({
          action: "offer_more_leads",
          description: `${sp.name}'s leads convert above the event: offer additional leads or an upgrade to a higher tier`,
          priority: "low",
          finding: "high_acceptance"
        })
      }
    }
    const pe = topicEngagement.probabilityBelow
    if (pe !== null && topicEngagement.eventRate !== null) {
      const mean = posteriorMean(topicEngagement)
      if (pe >= evidence) {
        findings.push({
          kind: "low_engagement",
          severity: topicEngagement.eventRate === 0 ? 0 : Math.max(0, (topicEngagement.eventRate - mean) / topicEngagement.eventRate),
          confidence: pe,
          statement: `${pct(topicEngagement.rate)} of its leads attended a session on its topics, against ${pct(topicEngagement.eventRate)} of all attendees`
        })
        actions.push({
          action: "sponsored_session",
          description: `Schedule a sponsored session or demo on ${topicList} so ${sp.name}'s leads meet its offering`,
          priority: "medium",
          finding: "low_engagement"
        })
      } else if (1 - pe >= evidence) {
        findings.push({
          kind: "high_engagement",
          severity: topicEngagement.eventRate === 1 ? 0 : Math.max(0, (mean - topicEngagement.eventRate) / (1 - topicEngagement.eventRate)),
          confidence: 1 - pe,
          statement: `${pct(topicEngagement.rate)} of its leads attended a session on its topics, against ${pct(topicEngagement.eventRate)} of all attendees`
        })
        actions.push({
          action: "share_engagement_report",
          description: `Send ${sp.name} its engagement report: its leads attend sessions on ${topicList} ${pct(topicEngagement.rate)} vs ${pct(topicEngagement.eventRate)} event-wide`,
          priority: "low",
          finding: "high_engagement"
        })
      }
    }
    if (findings.length === 0) {
      const below = [pa, pe].filter((p): p is number => p !== null)
      findings.push({
        kind: "on_track",
        severity: 0,
        confidence: below.length === 0 ? 0 : 1 - Math.max(...below),
        statement: "no shortfall and no rate measurably below the event"
      })
      actions.push({
        action: "keep_course",
        description: `${sp.name} is on track: deliver its leads and keep the package as it is`,
        priority: "low",
        finding: "on_track"
      })
    }
    const head = findings.reduce((best, f) => (f.severity > best.severity ? f : best), findings[0]!)
    const weight = maxAmount === 0 || sp.contractAmount === undefined ? 1 : 0.5 + 0.5 * sp.contractAmount / maxAmount
    out.push({
      sponsorId: sp.id,
      title: `${sp.name}: ${delivered} of ${st.entitlement} leads (${pct(figures.fillRate)}), acceptance ${pct(acceptance.rate)} vs ${pct(acceptance.eventRate)}`,
      description: `${sp.name}: ${findings.map((f) => f.statement).join("; ")}.`,
      figures,
      confidence: head.confidence,
      impact: Math.min(1, head.severity * weight),
      findings,
      actions: actions.sort((x, y) => rank[x.priority] - rank[y.priority])
    })
  }
  return out
}

const rank = { high: 0, medium: 1, low: 2 } as const
