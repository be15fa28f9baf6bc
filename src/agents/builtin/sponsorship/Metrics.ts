/**
 * How good a set of leads is against a planted truth, and whether it keeps
 * the rules: entitlement per sponsor, cap per attendee, opt-outs, declined
 * pairs.
 *
 * @since 0.1.0
 */
import type { Input, LeadPair } from "./Model.ts"

/**
 * Quality against the truth: leads, leads whose attendee truly wants the
 * sponsor's offering, and their share (precision; 0 without leads).
 *
 * @since 0.1.0
 * @category models
 */
export interface Quality {
  readonly leads: number
  readonly hits: number
  readonly precision: number
}

/**
 * Measures leads against the truth (sponsor id to the attendees with a
 * planted interest in its offering).
 *
 * @since 0.1.0
 * @category metrics
 */
export const quality = (
  leads: ReadonlyArray<LeadPair>,
  truth: ReadonlyMap<string, ReadonlySet<string>>
): Quality => {
  const hits = leads.filter((l) => truth.get(l.sponsorId)?.has(l.attendeeId) === true).length
  return { leads: leads.length, hits, precision: leads.length === 0 ? 0 : hits / leads.length }
}

/**
 * Rule violations of new leads on an input: sponsors over their entitlement
 * (earlier accepted leads counted), attendees over their cap (earlier
 * accepted leads counted), leads of opted-out attendees, declined or
 * duplicate pairs, and unknown ids.
 *
 * @since 0.1.0
 * @category models
 */
export interface Violations {
  readonly overEntitlement: number
  readonly overCap: number
  readonly optedOut: number
  readonly declined: number
  readonly duplicates: number
  readonly unknown: number
}

/**
 * Counts rule violations (see {@link Violations}); `maxSponsorsPerAttendee`
 * is the run's default cap (3 unless given).
 *
 * @since 0.1.0
 * @category metrics
 */
export const violations = (input: Input, leads: ReadonlyArray<LeadPair>, maxSponsorsPerAttendee = 3): Violations => {
  const sponsors = new Map(input.sponsors.map((s) => [s.id, s]))
  const attendees = new Map(input.attendees.map((a) => [a.id, a]))
  const declined = new Set(input.declined.map((p) => `${p.sponsorId}|${p.attendeeId}`))
  const perSponsor = new Map<string, number>()
  const perAttendee = new Map<string, number>()
  const seen = new Set<string>()
  for (const p of input.accepted) {
    const key = `${p.sponsorId}|${p.attendeeId}`
    if (seen.has(key)) continue
    seen.add(key)
    perSponsor.set(p.sponsorId, (perSponsor.get(p.sponsorId) ?? 0) + 1)
    perAttendee.set(p.attendeeId, (perAttendee.get(p.attendeeId) ?? 0) + 1)
  }
  let optedOut = 0
  let declinedHits = 0
  let duplicates = 0
  let unknown = 0
  for (const l of leads) {
    const key = `${l.sponsorId}|${l.attendeeId}`
    const a = attendees.get(l.attendeeId)
    if (!sponsors.has(l.sponsorId) || a === undefined) unknown++
    if (a?.optedOut === true) optedOut++
    if (declined.has(key)) declinedHits++
    if (seen.has(key)) duplicates++
    seen.add(key)
    perSponsor.set(l.sponsorId, (perSponsor.get(l.sponsorId) ?? 0) + 1)
    perAttendee.set(l.attendeeId, (perAttendee.get(l.attendeeId) ?? 0) + 1)
  }
  let overEntitlement = 0
  for (const [id, n] of perSponsor) if (n > (sponsors.get(id)?.entitlement ?? 0)) overEntitlement++
  let overCap = 0
  for (const [id, n] of perAttendee) {
    const a = attendees.get(id)
    if (a !== undefined && n > (a.maxSponsors ?? maxSponsorsPerAttendee)) overCap++
  }
  return { overEntitlement, overCap, optedOut, declined: declinedHits, duplicates, unknown }
}
