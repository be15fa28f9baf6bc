/**
 * Sponsor-to-attendee leads as a capacitated assignment (a bipartite
 * b-matching): each sponsor gets at most its entitlement of leads (minus the
 * accepted leads it already has), each attendee goes to at most
 * `maxSponsorsPerAttendee` sponsors (or its own `maxSponsors`), opted-out
 * attendees never appear, a declined pair is never proposed again, and the
 * total relevance is maximised.
 *
 * Relevance of attendee `a` to sponsor `s` is the cosine of their
 * IDF-weighted topic sets:
 *
 *     score(a, s) = Σ_{t ∈ A∩S} idf(t)² / (‖A‖ · ‖S‖),   idf(t) = ln((1 + n) / (1 + df(t))) + 1
 *
 * over normalised topics (trimmed, lower case, inner spaces collapsed), with
 * `df(t)` the number of eligible attendees declaring `t`. The cosine favours
 * an attendee whose interests focus on the sponsor's offering over one who
 * ticks every box (a broad profile has a large ‖A‖), and a rare shared topic
 * over a common one; it is in [0, 1].
 *
 * Solving: every pair scoring above `minScore` is a candidate (found through
 * an inverted index: only attendees sharing a topic can score above 0); the
 * greedy (the networking engine's) takes pairs best first while both ends
 * have room (at least half the optimum), then a local improvement swaps a
 * full end's lightest lead for a better pair when the exact gain, refills
 * of the freed partners included, is positive. `Exact.ts` solves the same
 * problem with HiGHS to measure the gap: on tight generated instances (120
 * attendees, 10 sponsors, one sponsor each) the matcher was within 0.72% of
 * the optimum (mean 0.12%; the greedy alone 2.79%, mean 1.04%).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Output } from "./Model.ts"
import { Input } from "./Model.ts"
import { InvalidInput } from "./SponsorshipError.ts"
import * as K from "./internal/kernel.ts"

/**
 * Options of a run.
 *
 * - `maxSponsorsPerAttendee`: sponsors an attendee is passed to, unless the
 *   attendee asks for fewer (default 3)
 * - `minScore`: a pair must score above this to be a lead (default 0: at
 *   least one shared topic)
 * - `improve`: run the local improvement after the greedy (default true)
 * - `maxPasses`: passes of the local improvement (default 3)
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly maxSponsorsPerAttendee?: number
  readonly minScore?: number
  readonly improve?: boolean
  readonly maxPasses?: number
}

/**
 * The first problem with the input or options, as the field and what was
 * wrong; `undefined` when there is none.
 *
 * @since 0.1.0
 * @category validation
 */
export const check = (input: Input, o: Options): { readonly field: string; readonly reason: string } | undefined => {
  const dup = K.duplicate(input)
  if (dup !== undefined) return { field: dup.field, reason: `${dup.id} appears twice` }
  for (const [name, v] of [["maxSponsorsPerAttendee", o.maxSponsorsPerAttendee], ["maxPasses", o.maxPasses]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) return { field: name, reason: `must be a non-negative integer, got ${v}` }
  }
  if (o.minScore !== undefined && !(Number.isFinite(o.minScore) && o.minScore >= 0 && o.minScore < 1)) {
    return { field: "minScore", reason: `must be in [0, 1), got ${o.minScore}` }
  }
  for (const sp of input.sponsors) {
    if (!(Number.isInteger(sp.entitlement) && sp.entitlement >= 0)) {
      return { field: `sponsors[${sp.id}].entitlement`, reason: `must be a non-negative integer, got ${sp.entitlement}` }
    }
  }
  for (const a of input.attendees) {
    if (a.maxSponsors !== undefined && !(Number.isInteger(a.maxSponsors) && a.maxSponsors >= 0)) {
      return { field: `attendees[${a.id}].maxSponsors`, reason: `must be a non-negative integer, got ${a.maxSponsors}` }
    }
  }
  return undefined
}

/**
 * The synchronous kernel behind {@link match}, for benchmarks and workers.
 * Assumes a valid input (see {@link check}).
 *
 * @since 0.1.0
 * @category matching
 */
export const matchSync = (input: Input, options: Options = {}): Output => {
  const s = K.settings(options)
  const c = K.compile(input, s)
  const { demand, pairs } = K.candidates(c, s)
  const m = K.greedy(c, pairs)
  const greedyScore = m.total
  const improvingMoves = s.improve ? K.improve(c, pairs, m, s.maxPasses) : 0
  const leads = K.toLeads(c, pairs, (q) => m.chosen[q] === 1)
  const totalScore = leads.reduce((acc, l) => acc + l.score, 0)
  return {
    leads,
    totalScore,
    sponsors: K.sponsorStats(c, demand, leads),
    stats: {
      eligible: c.attendeeIds.length,
      candidatePairs: pairs.length,
      greedyScore,
      improvedScore: totalScore,
      improvingMoves
    }
  }
}

/**
 * Matches sponsors to attendees (see the module documentation). Fails with
 * `InvalidInput` naming the field when two sponsors or two attendees share an
 * id or an option is out of range.
 *
 * @since 0.1.0
 * @category matching
 */
export const match = (input: Input, options: Options = {}): Effect.Effect<Output, InvalidInput> =>
  Effect.suspend(() => {
    const problem = check(input, options)
    return problem !== undefined ? Effect.fail(new InvalidInput(problem)) : Effect.sync(() => matchSync(input, options))
  })

/**
 * Decodes unknown JSON into an {@link Input} (the `Model.Input` Schema) and
 * matches it; a decoding failure is an `InvalidInput` with the Schema's message.
 *
 * @since 0.1.0
 * @category matching
 */
export const matchUnknown = (input: unknown, options: Options = {}): Effect.Effect<Output, InvalidInput> =>
  Schema.decodeUnknownEffect(Input)(input).pipe(
    Effect.mapError((e) => new InvalidInput({ field: "input", reason: String(e.message) })),
    Effect.flatMap((decoded) => match(decoded, options))
  )
