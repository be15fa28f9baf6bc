/**
 * A seeded generator of sponsorship instances with a planted truth, for tests
 * and benchmarks: the same configuration gives the same instance.
 *
 * - A vocabulary of topics ranked by popularity; each sponsor's offering is
 *   two topics: its own (spread over the ranking, so some sponsors sell
 *   popular topics and some rare ones) and another sponsor's own (so
 *   sponsors compete).
 * - Entitlements by tier (large, medium, small: 8%, 5% and 3% of the
 *   attendees, at least 1), in turn.
 * - The truth: each sponsor's audience, the attendees with a planted
 *   interest in its offering: 1.5× its entitlement, or ½× for a *niche*
 *   sponsor (every fourth, starting with the second), whose offering is two
 *   specialist topics only its audience declares: its entitlement cannot be
 *   met, and a matcher that fills it anyway hands out leads with no interest.
 * - Declared interests are noisy: an audience member declares each offering
 *   topic with probability 0.75 (so 1 in 16 declares neither); everyone adds
 *   2–4 background topics skewed towards the popular ones (which include the
 *   sponsors' topics: chance false positives); a tenth of the attendees are
 *   *broad* and declare 15–25 topics at random (bait for a ranking by
 *   profile size).
 * - Rules: 5% opt out of being passed to sponsors; a tenth allow a single
 *   sponsor. Earlier leads (about 40% of each entitlement, drawn from the
 *   attendees declaring one of the sponsor's topics) were answered: accepted
 *   with probability 0.55, or 0.15 for a *weak offer* sponsor (every fifth,
 *   starting with the third); accepted ones are kept, declined ones vetoed.
 * - Engagement: 60% check in; an audience member attends a session on its
 *   sponsor's first topic with probability 0.6, everyone attends 1–3 sessions
 *   on popular topics.
 *
 * @since 0.1.0
 */
import type { Engagement, Outcome, SponsorProfile } from "./Insights.ts"
import type { Attendee, Input, LeadPair, Sponsor } from "./Model.ts"
import * as Prng from "../internal/prng.ts"

/**
 * What to generate.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config {
  readonly seed: number
  readonly attendees: number
  readonly sponsors: number
  /** size of the topic vocabulary (at least the sponsors; default max(40, 3 × sponsors)) */
  readonly topics?: number
}

/**
 * A generated instance: the matcher's input, the sponsors' profiles for the
 * insights, the truth, which sponsors are niche and weak, and the answered
 * outcomes and engagement.
 *
 * @since 0.1.0
 * @category models
 */
export interface Generated {
  readonly input: Input
  readonly profiles: ReadonlyArray<SponsorProfile>
  readonly truth: ReadonlyMap<string, ReadonlySet<string>>
  readonly niche: ReadonlyArray<string>
  readonly weakOffer: ReadonlyArray<string>
  readonly outcomes: ReadonlyArray<Outcome>
  readonly engagement: ReadonlyArray<Engagement>
}

const pad = (n: number, w: number) => String(n).padStart(w, "0")

/**
 * Generates an instance (see the module documentation).
 *
 * @since 0.1.0
 * @category constructors
 */
export const generate = (config: Config): Generated => {
  const r = Prng.make(config.seed)
  const n = config.attendees
  const S = config.sponsors
  const V = Math.max(config.topics ?? Math.max(40, 3 * S), S)
  const topic = (i: number) => `topic ${pad(i, 3)}`
  const popular = () => topic(Math.floor(V * r.next() ** 2))
  const attendeeIds = Array.from({ length: n }, (_, i) => `a${pad(i, 5)}`)
  const sponsorIds = Array.from({ length: S }, (_, k) => `s${pad(k, 3)}`)
  const tiers = [0.08, 0.05, 0.03]
  const niche = sponsorIds.filter((_, k) => k % 4 === 1)
  const weakOffer = sponsorIds.filter((_, k) => k % 5 === 2)
  const open = sponsorIds.flatMap((id, k) => (niche.includes(id) ? [] : [k]))
  // offering topics spread over the popularity ranking: some sponsors sell popular topics, some rare ones
  const own = (k: number) => topic(Math.floor(((k + 0.5) * V) / S))
  const sponsors: Array<Sponsor> = sponsorIds.map((id, k) => {
    const entitlement = Math.max(1, Math.round(tiers[k % 3]! * n))
    if (niche.includes(id)) return { id, topics: [`specialist ${pad(k, 3)} a`, `specialist ${pad(k, 3)} b`], entitlement }
    const others = open.filter((x) => x !== k)
    return { id, topics: others.length === 0 ? [own(k)] : [own(k), own(r.pick(others))], entitlement }
  })
  const truth = new Map<string, Set<string>>()
  const interests = attendeeIds.map(() => new Set<string>())
  const audienceOf = attendeeIds.map(() => [] as Array<number>)
  sponsors.forEach((sp, k) => {
    const size = Math.max(1, Math.round(sp.entitlement * (niche.includes(sp.id) ? 0.5 : 1.5)))
    const members = r.sample(attendeeIds.map((_, i) => i), size)
    truth.set(sp.id, new Set(members.map((i) => attendeeIds[i]!)))
    for (const i of members) {
      audienceOf[i]!.push(k)
      for (const t of sp.topics) if (r.chance(0.75)) interests[i]!.add(t)
    }
  })
  const attendees: Array<Attendee> = attendeeIds.map((id, i) => {
    const set = interests[i]!
    if (r.chance(0.1)) {
      const m = 15 + r.int(11)
      for (const t of r.sample(Array.from({ length: V }, (_, x) => topic(x)), m)) set.add(t)
    } else {
      const m = 2 + r.int(3)
      for (let q = 0; q < m; q++) set.add(popular())
    }
    return {
      id,
      interests: [...set],
      ...(r.chance(0.05) ? { optedOut: true } : {}),
      ...(r.chance(0.1) ? { maxSponsors: 1 } : {})
    }
  })
  // earlier answered leads, from attendees declaring one of the sponsor's topics
  const accepted: Array<LeadPair> = []
  const declined: Array<LeadPair> = []
  const outcomes: Array<Outcome> = []
  const taken = attendeeIds.map(() => 0)
  sponsors.forEach((sp) => {
    const pool = attendees.flatMap((a, i) =>
      a.optedOut !== true && sp.topics.some((t) => a.interests.includes(t)) ? [i] : []
    )
    const acceptRate = weakOffer.includes(sp.id) ? 0.15 : 0.55
    let keptHere = 0
    for (const i of r.sample(pool, Math.round(sp.entitlement * 0.4))) {
      const cap = attendees[i]!.maxSponsors ?? 3
      const pair = { sponsorId: sp.id, attendeeId: attendeeIds[i]! }
      const yes = r.chance(acceptRate)
      // an acceptance the attendee (or sponsor) has no room for left no lead: skip it
      if (yes && (taken[i]! >= cap || keptHere >= sp.entitlement)) continue
      outcomes.push({ ...pair, accepted: yes })
      if (yes) {
        taken[i]!++
        keptHere++
        accepted.push(pair)
      } else declined.push(pair)
    }
  })
  const engagement: Array<Engagement> = attendees.map((a, i) => {
    const attended = new Set<string>()
    for (const k of audienceOf[i]!) if (r.chance(0.6)) attended.add(sponsors[k]!.topics[0]!)
    const m = 1 + r.int(3)
    for (let q = 0; q < m; q++) attended.add(popular())
    return { attendeeId: a.id, checkedIn: r.chance(0.6), attendedTopics: [...attended] }
  }).filter((_, i) => attendees[i]!.optedOut !== true)
  return {
    input: { sponsors, attendees, accepted, declined },
    profiles: sponsors.map((sp, k) => ({
      id: sp.id,
      name: `Sponsor ${pad(k, 3)}`,
      topics: sp.topics,
      contractAmount: [40_000, 18_000, 2_500][k % 3]!
    })),
    truth,
    niche,
    weakOffer,
    outcomes,
    engagement
  }
}
