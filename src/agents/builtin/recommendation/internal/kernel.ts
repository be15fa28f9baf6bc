/**
 * The synchronous ranking kernel behind `Ranker.rank`.
 *
 * @internal
 */
import MiniSearch from "minisearch"
import type {
  Attendee,
  AttendeeRecommendations,
  MatchedTerm,
  PreferenceSource,
  Recommendation,
  RecommendationInput,
  RecommendationOutput,
  Session,
  Signal
} from "../Model.ts"
import type { RankerConfig } from "../RankerConfig.ts"
import * as Programme from "./programme.ts"
import * as Text from "./text.ts"

type TermSource = PreferenceSource | "registrations"

interface IndexedSession {
  readonly id: string
  readonly title: string
  readonly abstract: string
  readonly tags: string
}

interface Query {
  readonly weights: ReadonlyMap<string, number>
  readonly sources: ReadonlyMap<string, ReadonlySet<TermSource>>
}

interface Scored {
  readonly session: Session
  readonly text: number
  readonly popularity: number
  readonly collaborative: number
  readonly relevance: number
  readonly explain: () => Explanation
}

interface Explanation {
  readonly matchedTerms: ReadonlyArray<MatchedTerm>
  readonly coRegisteredWith: ReadonlyArray<string>
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0)

const buildIndex = (sessions: ReadonlyArray<Session>): MiniSearch<IndexedSession> => {
  const index = new MiniSearch<IndexedSession>({
    fields: ["title", "abstract", "tags"],
    idField: "id",
    tokenize: Text.tokenize,
    processTerm: Text.processTerm
  })
  index.addAll(
    sessions.map((s) => ({ id: s.id, title: s.title, abstract: s.abstract ?? "", tags: s.tags.join(" ") }))
  )
  return index
}

const buildQuery = (
  attendee: Attendee,
  registered: ReadonlyArray<Session>,
  config: RankerConfig
): Query => {
  const weights = new Map<string, number>()
  const sources = new Map<string, Set<TermSource>>()
  const add = (term: string, w: number, source: TermSource) => {
    if (!(w > 0)) return
    weights.set(term, (weights.get(term) ?? 0) + w)
    let set = sources.get(term)
    if (set === undefined) {
      set = new Set()
      sources.set(term, set)
    }
    set.add(source)
  }
  for (const p of attendee.preferences) {
    const w = config.sourceWeights[p.source] * p.confidence
    for (const term of new Set(Text.terms(p.value))) add(term, w, p.source)
  }
  if (registered.length > 0 && config.registrationTagWeight > 0) {
    const counts = new Map<string, number>()
    for (const s of registered) {
      for (const term of new Set(s.tags.flatMap(Text.terms))) counts.set(term, (counts.get(term) ?? 0) + 1)
    }
    for (const [term, n] of counts) add(term, (config.registrationTagWeight * n) / registered.length, "registrations")
  }
  return { weights, sources }
}

const popularityOf = (programme: Programme.Programme, config: RankerConfig) => {
  const a = config.popularityPriorRegistrations
  const b = config.popularityPriorNonRegistrations
  const rate = (n: number) => {
    const denominator = programme.attendeeCount + a + b
    return denominator > 0 ? (n + a) / denominator : 0
  }
  let max = 0
  for (const s of programme.sessions) max = Math.max(max, rate(programme.registrations.get(s.id) ?? 0))
  return (id: string): number => (max > 0 ? clamp01(rate(programme.registrations.get(id) ?? 0) / max) : 0)
}

const recommendFor = (
  programme: Programme.Programme,
  index: MiniSearch<IndexedSession>,
  popularity: (id: string) => number,
  attendee: Attendee,
  config: RankerConfig
): AttendeeRecommendations => {
  const { candidates, excludedClashing, excludedRegistered, registered } = Programme.candidates(programme, attendee)
  const candidateIds = new Set(candidates.map((s) => s.id))
  const query = buildQuery(attendee, registered, config)

  // text relevance: one BM25+ query of all weighted terms, restricted to candidates
  const textRaw = new Map<string, { score: number; match: Record<string, Array<string>> }>()
  if (query.weights.size > 0) {
    const queryTerms = [...query.weights.keys()].sort()
    const results = index.search(queryTerms.join(" "), {
      combineWith: "OR",
      prefix: false,
      fuzzy: false,
      boost: { ...config.fieldBoosts },
      boostTerm: (term) => query.weights.get(term) ?? 0,
      filter: (r) => candidateIds.has(String(r.id))
    })
    for (const r of results) textRaw.set(String(r.id), { score: r.score, match: r.match })
  }
  let maxText = 0
  for (const { score } of textRaw.values()) maxText = Math.max(maxText, score)

  // collaborative: item-to-item cosine over co-registrations
  const collabRaw = new Map<string, number>()
  for (const i of registered) {
    const row = programme.co.get(i.id)
    if (row === undefined) continue
    const ni = programme.registrations.get(i.id) ?? 0
    for (const [j, c] of row) {
      if (!candidateIds.has(j)) continue
      const nj = programme.registrations.get(j) ?? 0
      if (ni > 0 && nj > 0) collabRaw.set(j, (collabRaw.get(j) ?? 0) + c / Math.sqrt(ni * nj))
    }
  }
  let maxCollab = 0
  for (const score of collabRaw.values()) maxCollab = Math.max(maxCollab, score)

  const totalWeight = config.textWeight + config.popularityWeight + config.collaborativeWeight
  const scored: Array<Scored> = candidates.map((session) => {
    const t = textRaw.get(session.id)
    const c = collabRaw.get(session.id)
    const text = t !== undefined && maxText > 0 ? clamp01(t.score / maxText) : 0
    const collaborative = c !== undefined && maxCollab > 0 ? clamp01(c / maxCollab) : 0
    const pop = popularity(session.id)
    const relevance = totalWeight > 0
      ? clamp01(
        (config.textWeight * text + config.popularityWeight * pop + config.collaborativeWeight * collaborative) /
          totalWeight
      )
      : 0
    // the reasoning's details are built only for the sessions picked
    const explain = (): Explanation => ({
      matchedTerms: t === undefined ? [] : Object.keys(t.match).sort().map((term) => ({
        term,
        fields: [...(t.match[term] ?? [])].sort(),
        sources: [...(query.sources.get(term) ?? [])].sort(),
        weight: query.weights.get(term) ?? 0
      })),
      coRegisteredWith: c === undefined ? [] : registered
        .map((i): [string, number] => [i.id, programme.co.get(i.id)?.get(session.id) ?? 0])
        .filter(([, n]) => n > 0)
        .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .map(([id]) => id)
    })
    return { session, text, popularity: pop, collaborative, relevance, explain }
  })

  // greedy selection with a per-track diversity penalty
  const picked: Array<Recommendation> = []
  const perTrack = new Map<string, number>()
  const remaining = scored.filter((s) => s.relevance >= config.minConfidence)
  const factorOf = (s: Scored) =>
    s.session.trackId === undefined ? 1 : Math.pow(1 - config.trackPenalty, perTrack.get(s.session.trackId) ?? 0)
  while (picked.length < config.limit && remaining.length > 0) {
    let best = 0
    let bestScore = -1
    for (let k = 0; k < remaining.length; k++) {
      const score = remaining[k]!.relevance * factorOf(remaining[k]!)
      if (score > bestScore) {
        best = k
        bestScore = score
      }
    }
    const s = remaining[best]!
    const diversityFactor = clamp01(factorOf(s))
    remaining.splice(best, 1)
    if (s.session.trackId !== undefined) perTrack.set(s.session.trackId, (perTrack.get(s.session.trackId) ?? 0) + 1)
    picked.push(toRecommendation(s, s.explain(), picked.length + 1, diversityFactor, config, totalWeight))
  }
  return {
    attendeeId: attendee.id,
    recommendations: picked,
    excluded: { registered: excludedRegistered, clashing: excludedClashing }
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000

const toRecommendation = (
  s: Scored,
  { coRegisteredWith, matchedTerms }: Explanation,
  rank: number,
  diversityFactor: number,
  config: RankerConfig,
  totalWeight: number
): Recommendation => {
  const share = (w: number) => (totalWeight > 0 ? w / totalWeight : 0)
  const signals: Array<Signal> = [
    { signal: "text", value: s.text, weight: share(config.textWeight), contribution: s.text * share(config.textWeight) },
    {
      signal: "collaborative",
      value: s.collaborative,
      weight: share(config.collaborativeWeight),
      contribution: s.collaborative * share(config.collaborativeWeight)
    },
    {
      signal: "popularity",
      value: s.popularity,
      weight: share(config.popularityWeight),
      contribution: s.popularity * share(config.popularityWeight)
    }
  ]
  const tagTerms = new Map(s.session.tags.map((tag) => [tag, new Set(Text.terms(tag))]))
  const matched = new Set(matchedTerms.map((m) => m.term))
  const matchedTags = s.session.tags.filter((tag) => [...(tagTerms.get(tag) ?? [])].some((t) => matched.has(t)))
  const parts: Array<string> = []
  if (matchedTerms.length > 0) {
    parts.push(
      `matches ${matchedTerms.map((m) => `"${m.term}" (${m.fields.join(", ")}; from ${m.sources.join(", ")})`).join(", ")}`
    )
  }
  if (coRegisteredWith.length > 0) {
    parts.push(`often registered together with ${coRegisteredWith.slice(0, 3).join(", ")}`)
  }
  parts.push(
    `signals: ${signals.map((x) => `${x.signal} ${round(x.value)} x ${round(x.weight)} = ${round(x.contribution)}`).join("; ")}`
  )
  if (diversityFactor < 1) parts.push(`track diversity factor ${round(diversityFactor)}`)
  const rankingScore = clamp01(s.relevance * diversityFactor)
  return {
    sessionId: s.session.id,
    rank,
    confidence: s.relevance,
    score: {
      text: s.text,
      popularity: s.popularity,
      collaborative: s.collaborative,
      relevance: s.relevance,
      rankingScore
    },
    reasoning: {
      summary: `${s.session.title}: ${parts.join("; ")}`,
      matchedTerms,
      matchedTags,
      coRegisteredWith,
      signals,
      diversityFactor
    }
  }
}

/** rank every attendee's candidates; the index is built once for all attendees */
export const rank = (input: RecommendationInput, config: RankerConfig): RecommendationOutput => {
  const programme = Programme.make(input)
  const index = buildIndex(programme.sessions)
  const popularity = popularityOf(programme, config)
  return { attendees: input.attendees.map((a) => recommendFor(programme, index, popularity, a, config)) }
}
