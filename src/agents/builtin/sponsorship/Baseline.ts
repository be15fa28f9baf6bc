/**
 * The baselines the matcher is measured against. Both respect exactly the
 * constraints the matcher does (entitlement left per sponsor, cap per
 * attendee, opt-outs, declined and already accepted pairs), and hand out
 * leads round-robin over sponsors so that every sponsor is served alike:
 *
 * - `random`: each sponsor's next lead is a uniformly random attendee who
 *   still has room (seeded).
 * - `popularity`: each sponsor's next lead is the attendee with the most
 *   declared interests who still has room (the "most engaged profile" list a
 *   sponsor is often sold), ties by id.
 *
 * @since 0.1.0
 */
import type { Options } from "./Matcher.ts"
import type { Input, LeadPair } from "./Model.ts"
import * as K from "./internal/kernel.ts"
import * as Prng from "../internal/prng.ts"

const assign = (input: Input, options: Options, pick: (room: ReadonlyArray<number>, k: number) => number): Array<LeadPair> => {
  const s = K.settings(options)
  const c = K.compile(input, s)
  const S = c.sponsorIds.length
  const cap = Int32Array.from(c.cap)
  const taken = new Set<string>()
  const out: Array<LeadPair> = []
  let progress = true
  while (progress) {
    progress = false
    for (let k = 0; k < S; k++) {
      if (cap[k]! <= 0) continue
      const room: Array<number> = []
      for (let i = 0; i < c.attendeeIds.length; i++) {
        const key = `${c.sponsorIds[k]}|${c.attendeeIds[i]}`
        if (cap[S + i]! > 0 && !taken.has(key) && !c.excluded.has(key)) room.push(i)
      }
      if (room.length === 0) continue
      const i = pick(room, k)
      const key = `${c.sponsorIds[k]}|${c.attendeeIds[i]}`
      taken.add(key)
      cap[k]!--
      cap[S + i]!--
      out.push({ sponsorId: c.sponsorIds[k]!, attendeeId: c.attendeeIds[i]! })
      progress = true
    }
  }
  return out
}

/**
 * Random leads (see the module documentation), the same for the same seed.
 *
 * @since 0.1.0
 * @category baselines
 */
export const random = (input: Input, options: Options = {}, seed = 1): Array<LeadPair> => {
  const r = Prng.make(seed)
  return assign(input, options, (room) => r.pick(room))
}

/**
 * Popularity leads: attendees with the most declared interests first (see
 * the module documentation).
 *
 * @since 0.1.0
 * @category baselines
 */
export const popularity = (input: Input, options: Options = {}): Array<LeadPair> => {
  const c = K.compile(input, K.settings(options))
  const size = c.attendeeInterests.map((x) => x.length)
  return assign(input, options, (room) => room.reduce((best, i) => (size[i]! > size[best]! ? i : best), room[0]!))
}
