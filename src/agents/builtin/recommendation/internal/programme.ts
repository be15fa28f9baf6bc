/**
 * Facts about the programme shared by the ranker and the baseline: session
 * lookup, registration counts, co-registrations, and the hard filters.
 *
 * @internal
 */
import type { Attendee, RecommendationInput, Session } from "../Model.ts"

export interface Programme {
  readonly sessions: ReadonlyArray<Session>
  readonly byId: ReadonlyMap<string, Session>
  readonly position: ReadonlyMap<string, number>
  /** registrations per session id (distinct attendees) */
  readonly registrations: ReadonlyMap<string, number>
  /** co-registrations: co.get(i).get(j) = attendees registered for both */
  readonly co: ReadonlyMap<string, ReadonlyMap<string, number>>
  readonly attendeeCount: number
}

const knownRegistrations = (byId: ReadonlyMap<string, Session>, attendee: Attendee): Array<string> =>
  [...new Set(attendee.registrations)].filter((id) => byId.has(id))

export const make = (input: RecommendationInput): Programme => {
  const byId = new Map<string, Session>()
  const position = new Map<string, number>()
  input.sessions.forEach((s, i) => {
    if (!byId.has(s.id)) {
      byId.set(s.id, s)
      position.set(s.id, i)
    }
  })
  const registrations = new Map<string, number>()
  const co = new Map<string, Map<string, number>>()
  for (const attendee of input.attendees) {
    const regs = knownRegistrations(byId, attendee)
    for (const i of regs) {
      registrations.set(i, (registrations.get(i) ?? 0) + 1)
      for (const j of regs) {
        if (i === j) continue
        let row = co.get(i)
        if (row === undefined) {
          row = new Map()
          co.set(i, row)
        }
        row.set(j, (row.get(j) ?? 0) + 1)
      }
    }
  }
  return { sessions: [...byId.values()], byId, position, registrations, co, attendeeCount: input.attendees.length }
}

/** [start, end) intervals overlap; unscheduled sessions overlap nothing */
export const overlaps = (a: Session, b: Session): boolean =>
  a.startsAt !== undefined && a.endsAt !== undefined && b.startsAt !== undefined && b.endsAt !== undefined &&
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime()

export interface Candidates {
  readonly registered: ReadonlyArray<Session>
  readonly candidates: ReadonlyArray<Session>
  readonly excludedRegistered: number
  readonly excludedClashing: number
}

/** the hard filters: never a registered session, never one clashing with a registration */
export const candidates = (programme: Programme, attendee: Attendee): Candidates => {
  const registeredIds = new Set(knownRegistrations(programme.byId, attendee))
  const registered = [...registeredIds].map((id) => programme.byId.get(id)!)
  const out: Array<Session> = []
  let clashing = 0
  for (const s of programme.sessions) {
    if (registeredIds.has(s.id)) continue
    if (registered.some((r) => overlaps(r, s))) {
      clashing++
      continue
    }
    out.push(s)
  }
  return { registered, candidates: out, excludedRegistered: registeredIds.size, excludedClashing: clashing }
}
