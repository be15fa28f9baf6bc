/**
 * The synchronous kernels of the sponsorship matcher: compile the input
 * (normalised topics, IDF weights, capacities), candidate pairs through an
 * inverted index, and the leads of a matching. The greedy b-matching is the
 * networking engine's (`networking/internal/kernel.ts`), which works on any
 * graph given as node capacities and weighted pairs; the local improvement
 * is this engine's own (`improve.ts`, cheap for sponsors' large
 * capacities): here the nodes are the sponsors (indexes `0 .. S-1`) and the
 * eligible attendees (`S .. S+A-1`), and every pair joins a sponsor to an
 * attendee, so the matching is a bipartite one.
 *
 * @internal
 */
import * as NK from "../../networking/internal/kernel.ts"
import * as I from "./improve.ts"
import type { Options } from "../Matcher.ts"
import type { Input, Lead, SponsorStats } from "../Model.ts"

/** @internal */
export interface Settings {
  readonly maxSponsorsPerAttendee: number
  readonly minScore: number
  readonly improve: boolean
  readonly maxPasses: number
}

/** the options with their defaults (documented on `Matcher.Options`) */
export const settings = (o: Options): Settings => ({
  maxSponsorsPerAttendee: o.maxSponsorsPerAttendee ?? 3,
  minScore: o.minScore ?? 0,
  improve: o.improve ?? true,
  maxPasses: o.maxPasses ?? 3
})

/** @internal */
export const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, " ")

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

const unique = (xs: ReadonlyArray<string>): Array<string> =>
  [...new Set(xs.map(norm).filter((s) => s.length > 0))].sort(cmp)

/** @internal */
export interface Compiled {
  readonly sponsorIds: ReadonlyArray<string>
  /** eligible attendees (not opted out, personal cap above 0), sorted by id */
  readonly attendeeIds: ReadonlyArray<string>
  readonly sponsorTopics: ReadonlyArray<ReadonlyArray<string>>
  readonly attendeeInterests: ReadonlyArray<ReadonlyArray<string>>
  /** IDF weight of each topic among eligible attendees */
  readonly idf: ReadonlyMap<string, number>
  /** remaining capacity of every node (sponsors first, then attendees) */
  readonly cap: Int32Array
  readonly entitlement: ReadonlyArray<number>
  /** accepted leads kept, per sponsor */
  readonly kept: ReadonlyArray<number>
  /** keys `${sponsor}|${attendee}` (ids) of pairs never to propose: declined or already accepted */
  readonly excluded: ReadonlySet<string>
}

/** @internal */
export const compile = (input: Input, s: Settings): Compiled => {
  const eligible = input.attendees
    .filter((a) => a.optedOut !== true && (a.maxSponsors ?? s.maxSponsorsPerAttendee) > 0)
    .slice()
    .sort((x, y) => cmp(x.id, y.id))
  const attendeeInterests = eligible.map((a) => unique(a.interests))
  const df = new Map<string, number>()
  for (const set of attendeeInterests) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1)
  const sponsorTopics = input.sponsors.map((sp) => unique(sp.topics))
  // smoothed inverse document frequency: ln((1 + n) / (1 + df)) + 1, positive for every topic
  const n = eligible.length
  const idf = new Map<string, number>()
  for (const set of [...attendeeInterests, ...sponsorTopics]) {
    for (const t of set) if (!idf.has(t)) idf.set(t, Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1)
  }
  const sponsorIndex = new Map(input.sponsors.map((sp, k) => [sp.id, k]))
  const attendeeIndex = new Map(eligible.map((a, i) => [a.id, i]))
  const keptS = input.sponsors.map(() => 0)
  const keptA = eligible.map(() => 0)
  const excluded = new Set<string>()
  for (const p of input.accepted) {
    const key = `${p.sponsorId}|${p.attendeeId}`
    if (excluded.has(key)) continue
    excluded.add(key)
    const k = sponsorIndex.get(p.sponsorId)
    if (k !== undefined) keptS[k]!++
    const i = attendeeIndex.get(p.attendeeId)
    if (i !== undefined) keptA[i]!++
  }
  for (const p of input.declined) excluded.add(`${p.sponsorId}|${p.attendeeId}`)
  const S = input.sponsors.length
  const cap = new Int32Array(S + n)
  input.sponsors.forEach((sp, k) => (cap[k] = Math.max(0, sp.entitlement - keptS[k]!)))
  eligible.forEach((a, i) => (cap[S + i] = Math.max(0, (a.maxSponsors ?? s.maxSponsorsPerAttendee) - keptA[i]!)))
  return {
    sponsorIds: input.sponsors.map((sp) => sp.id),
    attendeeIds: eligible.map((a) => a.id),
    sponsorTopics,
    attendeeInterests,
    idf,
    cap,
    entitlement: input.sponsors.map((sp) => sp.entitlement),
    kept: keptS,
    excluded
  }
}

const norm2 = (set: ReadonlyArray<string>, idf: ReadonlyMap<string, number>): number => {
  let x = 0
  for (const t of set) x += idf.get(t)! ** 2
  return Math.sqrt(x)
}

/**
 * The relevance of an attendee to a sponsor: the cosine of their IDF-weighted
 * topic sets, Σ_{t ∈ A∩S} idf(t)² / (‖A‖ · ‖S‖), in [0, 1], and the shared
 * topics.
 *
 * @internal
 */
export const relevance = (
  interests: ReadonlyArray<string>,
  topics: ReadonlyArray<string>,
  idf: ReadonlyMap<string, number>
): { readonly score: number; readonly shared: Array<string> } => {
  const shared = interests.filter((t) => topics.includes(t))
  if (shared.length === 0) return { score: 0, shared }
  let dot = 0
  for (const t of shared) dot += idf.get(t)! ** 2
  return { score: Math.min(1, dot / (norm2(interests, idf) * norm2(topics, idf))), shared }
}

/** @internal */
export interface Candidates {
  /** best first, ties by (sponsor index, attendee index) */
  readonly pairs: Array<NK.Pair>
  /** per sponsor, the attendees who could be its lead (score above minScore, not excluded) */
  readonly demand: Array<number>
}

/**
 * Every sponsor–attendee pair scoring above `minScore` that is not excluded,
 * found through an inverted index from topic to attendees (only attendees
 * sharing a topic with the sponsor can score above 0).
 *
 * @internal
 */
export const candidates = (c: Compiled, s: Settings): Candidates => {
  const S = c.sponsorIds.length
  const byTopic = new Map<string, Array<number>>()
  c.attendeeInterests.forEach((set, i) => {
    for (const t of set) {
      const l = byTopic.get(t)
      if (l === undefined) byTopic.set(t, [i])
      else l.push(i)
    }
  })
  const norms = c.attendeeInterests.map((set) => norm2(set, c.idf))
  const pairs: Array<NK.Pair> = []
  const demand: Array<number> = []
  for (let k = 0; k < S; k++) {
    const topics = c.sponsorTopics[k]!
    const sn = norm2(topics, c.idf)
    const dot = new Map<number, number>()
    for (const t of topics) {
      const w = c.idf.get(t)! ** 2
      for (const i of byTopic.get(t) ?? []) {
        dot.set(i, (dot.get(i) ?? 0) + w)
      }
    }
    let d = c.kept[k]!
    for (const [i, x] of dot) {
      if (c.excluded.has(`${c.sponsorIds[k]}|${c.attendeeIds[i]}`)) continue
      const w = Math.min(1, x / (norms[i]! * sn))
      if (w <= s.minScore) continue
      d++
      if (c.cap[k]! > 0 && c.cap[S + i]! > 0) pairs.push({ i: k, j: S + i, w })
    }
    demand.push(d)
  }
  pairs.sort((x, y) => y.w - x.w || x.i - y.i || x.j - y.j)
  return { pairs, demand }
}

/** The node capacities as the networking kernel's compiled form (it reads only `ids` and `cap`). */
export const graph = (c: Compiled): NK.Compiled => ({
  ids: [...c.sponsorIds, ...c.attendeeIds],
  cap: c.cap,
  profiles: [],
  interestIds: [],
  declined: new Set()
})

/** @internal */
export const greedy = (c: Compiled, pairs: ReadonlyArray<NK.Pair>): NK.Matching => NK.greedy(graph(c), pairs)

/** @internal */
export const improve = (c: Compiled, pairs: ReadonlyArray<NK.Pair>, m: NK.Matching, maxPasses: number): number =>
  I.improve(c.cap, pairs, m, maxPasses)

/** the chosen pairs of a selection as leads, best first, then by sponsor and attendee id */
export const toLeads = (c: Compiled, pairs: ReadonlyArray<NK.Pair>, chosen: (q: number) => boolean): Array<Lead> => {
  const S = c.sponsorIds.length
  const out: Array<Lead> = []
  pairs.forEach((p, q) => {
    if (!chosen(q)) return
    const i = p.j - S
    const topics = c.attendeeInterests[i]!.filter((t) => c.sponsorTopics[p.i]!.includes(t))
    out.push({ sponsorId: c.sponsorIds[p.i]!, attendeeId: c.attendeeIds[i]!, score: p.w, topics })
  })
  return out.sort((x, y) => y.score - x.score || cmp(x.sponsorId, y.sponsorId) || cmp(x.attendeeId, y.attendeeId))
}

/** per-sponsor figures, in input order */
export const sponsorStats = (c: Compiled, demand: ReadonlyArray<number>, leads: ReadonlyArray<Lead>): Array<SponsorStats> => {
  const delivered = new Map<string, number>()
  for (const l of leads) delivered.set(l.sponsorId, (delivered.get(l.sponsorId) ?? 0) + 1)
  return c.sponsorIds.map((id, k) => ({
    sponsorId: id,
    entitlement: c.entitlement[k]!,
    kept: c.kept[k]!,
    delivered: delivered.get(id) ?? 0,
    demand: demand[k]!
  }))
}

/** the first duplicate id among sponsors or attendees, with its field */
export const duplicate = (input: Input): { readonly field: string; readonly id: string } | undefined => {
  for (const [field, items] of [["sponsors", input.sponsors], ["attendees", input.attendees]] as const) {
    const seen = new Set<string>()
    for (const x of items) {
      if (seen.has(x.id)) return { field: `${field}.id`, id: x.id }
      seen.add(x.id)
    }
  }
  return undefined
}
