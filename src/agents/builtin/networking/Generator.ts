/**
 * A seeded generator of networking instances with known good pairs, for
 * tests and benchmarks: the same configuration gives the same instance.
 *
 * - Each attendee has 3–6 interests from a vocabulary, skewed so a few are
 *   popular (index ⌊V·u²⌋ for uniform u).
 * - A share of attendees is paired up; each planted pair gets complementary
 *   intents of a random kind (e.g. buyer/seller) on a common topic, and
 *   shares two interests. These are the "true good pairs".
 * - Others (and planted people too) may carry a noise intent: a random role,
 *   usually with a topic from the same pool, which can complement others by
 *   chance: competing matches the matcher must weigh.
 * - Vetoes: a share of planted pairs is declined (the pairs the score likes
 *   best, so a matcher ignoring declines would match them), plus random
 *   declined pairs; a share of attendees opts out.
 * - Caps: each attendee's `maxMatches` is drawn in a range (some unset, to
 *   use the run's default).
 *
 * @since 0.1.0
 */
import type { Attendee, DeclinedPair, Input, Intent, Role } from "./Model.ts"
import { complement } from "./Model.ts"
import * as Prng from "../internal/prng.ts"

/**
 * The generator's configuration; only `seed` and `attendees` are required.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config {
  readonly seed: number
  readonly attendees: number
  /** interests vocabulary size (default 60) */
  readonly vocabulary?: number
  /** intent topics pool size (default max(30, attendees / 25), so topics grow with the event) */
  readonly topics?: number
  /** share of attendees in planted pairs (default 0.4) */
  readonly plantedShare?: number
  /** probability of a noise intent per attendee (default 0.3) */
  readonly noiseIntentRate?: number
  /** probability of opting out (default 0.05) */
  readonly optOutRate?: number
  /** share of planted pairs declined (default 0.1) */
  readonly plantedDeclineRate?: number
  /** random declined pairs per attendee (default 0.5) */
  readonly declinesPerAttendee?: number
  /** inclusive range of `maxMatches`; drawn when set (default [1, 4]) */
  readonly capRange?: readonly [number, number]
  /** probability an attendee leaves `maxMatches` unset (default 0.2) */
  readonly defaultCapRate?: number
}

/**
 * A generated instance: the matcher's input, the planted pairs (every one,
 * including those declined or with an opted-out side) and the planted pairs
 * that are eligible (both sides in, not declined, both caps above 0 when set).
 *
 * @since 0.1.0
 * @category models
 */
export interface Instance {
  readonly input: Input
  readonly planted: ReadonlyArray<DeclinedPair>
  readonly eligiblePlanted: ReadonlyArray<DeclinedPair>
}

const roles: ReadonlyArray<Role> = ["buyer", "hiring", "investing", "mentor"]
const allRoles: ReadonlyArray<Role> = ["buyer", "seller", "hiring", "seeking", "investing", "raising", "mentor", "mentee"]

const pad = (k: number): string => String(k).padStart(3, "0")

/**
 * Generates an instance (see the module documentation).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: Config): Instance => {
  const r = Prng.make(config.seed)
  const n = Math.max(0, Math.trunc(config.attendees))
  const V = config.vocabulary ?? 60
  const T = config.topics ?? Math.max(30, Math.round(n / 25))
  const [capLo, capHi] = config.capRange ?? [1, 4]
  const ids = Array.from({ length: n }, (_, i) => `att-${String(i).padStart(5, "0")}`)
  const interests: Array<Array<string>> = []
  const intents: Array<Array<Intent>> = []
  for (let i = 0; i < n; i++) {
    const k = 3 + r.int(4)
    const set = new Set<string>()
    while (set.size < k) set.add(`interest-${pad(Math.floor(V * r.next() * r.next()))}`)
    interests.push([...set])
    intents.push([])
  }
  // planted pairs over a random permutation
  const perm = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1)
    ;[perm[i], perm[j]] = [perm[j]!, perm[i]!]
  }
  const nPairs = Math.floor((n * (config.plantedShare ?? 0.4)) / 2)
  const plantedIdx: Array<[number, number]> = []
  for (let p = 0; p < nPairs; p++) {
    const a = perm[2 * p]!
    const b = perm[2 * p + 1]!
    const role = roles[r.int(roles.length)]!
    const topic = `topic-${pad(r.int(T))}`
    intents[a]!.push({ role, topic })
    intents[b]!.push({ role: complement[role], topic })
    for (const t of interests[a]!.slice(0, 2)) if (!interests[b]!.includes(t)) interests[b]!.push(t)
    plantedIdx.push([a, b])
  }
  for (let i = 0; i < n; i++) {
    if (r.next() < (config.noiseIntentRate ?? 0.3)) {
      const role = allRoles[r.int(allRoles.length)]!
      intents[i]!.push(r.next() < 0.8 ? { role, topic: `topic-${pad(r.int(T))}` } : { role })
    }
  }
  const attendees: Array<Attendee> = []
  for (let i = 0; i < n; i++) {
    const optedOut = r.next() < (config.optOutRate ?? 0.05)
    const capSet = !(r.next() < (config.defaultCapRate ?? 0.2))
    const cap = capLo + r.int(capHi - capLo + 1)
    attendees.push({
      id: ids[i]!,
      interests: interests[i]!,
      intents: intents[i]!,
      ...(optedOut ? { optedOut } : {}),
      ...(capSet ? { maxMatches: cap } : {})
    })
  }
  const declined: Array<DeclinedPair> = []
  const declinedSet = new Set<string>()
  const decline = (a: number, b: number) => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`
    if (a === b || declinedSet.has(key)) return
    declinedSet.add(key)
    // either side may be the one who declined
    declined.push(r.next() < 0.5 ? { a: ids[a]!, b: ids[b]! } : { a: ids[b]!, b: ids[a]! })
  }
  for (const [a, b] of plantedIdx) if (r.next() < (config.plantedDeclineRate ?? 0.1)) decline(a, b)
  const extra = n < 2 ? 0 : Math.floor(n * (config.declinesPerAttendee ?? 0.5))
  for (let q = 0; q < extra; q++) decline(r.int(n), r.int(n))
  const planted = plantedIdx.map(([a, b]) => ({ a: ids[a]!, b: ids[b]! }))
  const eligiblePlanted = plantedIdx
    .filter(([a, b]) =>
      attendees[a]!.optedOut !== true && attendees[b]!.optedOut !== true &&
      attendees[a]!.maxMatches !== 0 && attendees[b]!.maxMatches !== 0 &&
      !declinedSet.has(a < b ? `${a}|${b}` : `${b}|${a}`)
    )
    .map(([a, b]) => ({ a: ids[a]!, b: ids[b]! }))
  return { input: { attendees, declined }, planted, eligiblePlanted }
}
