/**
 * The score of a schedule, broken down per constraint: hard violations as
 * counts, soft costs as weighted sums. Computed directly from the problem and
 * the assignments (not from the solver's internal state), so it is also the
 * reference the solver's objective is checked against.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Assignment, Problem } from "./Problem.ts"
import { defaultWeights } from "./Problem.ts"

/**
 * Hard-constraint violations, each a count: pairs of talks overlapping in one
 * room (`roomOverlap`), pairs of overlapping talks sharing a presenter
 * (`speakerDoubleBooked`), (talk, presenter) pairs where the presenter is
 * unavailable during the talk (`speakerUnavailable`), talks in a room while it
 * is unavailable (`outsideAvailability`), talks in a room smaller than their
 * audience (`capacity`), talks running past the end of their session block
 * (`outsideSession`), talks not placed (`unplaced`).
 *
 * @since 0.1.0
 * @category models
 */
export const Hard = Schema.Struct({
  roomOverlap: Schema.Int,
  speakerDoubleBooked: Schema.Int,
  speakerUnavailable: Schema.Int,
  outsideAvailability: Schema.Int,
  capacity: Schema.Int,
  outsideSession: Schema.Int,
  unplaced: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export type Hard = typeof Hard.Type

/**
 * Soft costs, each already multiplied by its weight (see `Problem.Weights`).
 *
 * @since 0.1.0
 * @category models
 */
export const Soft = Schema.Struct({
  interestClash: Schema.Finite,
  talkSession: Schema.Finite,
  talkRoom: Schema.Finite,
  trackSession: Schema.Finite,
  trackRoom: Schema.Finite,
  similarTracks: Schema.Finite,
  trackRoomChange: Schema.Finite,
  trackOrder: Schema.Finite,
  chairConflict: Schema.Finite,
  moved: Schema.Finite
})

/**
 * @since 0.1.0
 * @category models
 */
export type Soft = typeof Soft.Type

/**
 * The breakdown and totals: `hardTotal` counts violations other than
 * `unplaced`; `softTotal` sums the soft costs.
 *
 * @since 0.1.0
 * @category models
 */
export const Breakdown = Schema.Struct({
  hard: Hard,
  soft: Soft,
  hardTotal: Schema.Int,
  softTotal: Schema.Finite
})

/**
 * @since 0.1.0
 * @category models
 */
export type Breakdown = typeof Breakdown.Type

interface Placed {
  readonly talk: number
  readonly room: number
  readonly block: number
  readonly start: number
  readonly end: number
}

/**
 * Scores assignments against a problem. Assignments naming unknown talks,
 * rooms or slots are ignored; a talk assigned twice keeps its first assignment.
 *
 * @since 0.1.0
 * @category scoring
 */
export const evaluate = (problem: Problem, assignments: ReadonlyArray<Assignment>): Breakdown => {
  const w = problem.weights ?? {}
  const slotAt = new Map<string, { index: number; block: number }>()
  const blockEnd: Array<number> = []
  let k = 0
  problem.sessions.forEach((b, bi) => {
    for (const s of b.slots) slotAt.set(s, { index: k++, block: bi })
    blockEnd.push(k)
  })
  const slotIds = problem.sessions.flatMap((b) => b.slots)
  const talkAt = new Map(problem.talks.map((t, i) => [t.id, i] as const))
  const roomAt = new Map(problem.rooms.map((r, i) => [r.id, i] as const))
  const blockAt = new Map(problem.sessions.map((b, i) => [b.id, i] as const))
  const away = new Map<string, Set<string>>()
  for (const p of problem.people ?? []) away.set(p.id, new Set(p.unavailable))

  const placed = new Map<number, Placed>()
  for (const a of assignments) {
    const t = talkAt.get(a.talk)
    const r = roomAt.get(a.room)
    const s = slotAt.get(a.slot)
    if (t === undefined || r === undefined || s === undefined || placed.has(t)) continue
    placed.set(t, { talk: t, room: r, block: s.block, start: s.index, end: s.index + problem.talks[t]!.duration })
  }
  const overlaps = (a: Placed, b: Placed) => a.start < b.end && b.start < a.end
  const list = Array.from(placed.values())
  const windowIds = (p: Placed) => slotIds.slice(p.start, Math.min(p.end, slotIds.length))
  const awayDuring = (person: string, p: Placed) => {
    const set = away.get(person)
    return set !== undefined && windowIds(p).some((s) => set.has(s))
  }

  let roomOverlap = 0
  let speakerDoubleBooked = 0
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!
      const b = list[j]!
      if (!overlaps(a, b)) continue
      if (a.room === b.room) roomOverlap++
      const pb = new Set(problem.talks[b.talk]!.presenters)
      if (problem.talks[a.talk]!.presenters.some((p) => pb.has(p))) speakerDoubleBooked++
    }
  }
  let speakerUnavailable = 0
  let outsideAvailability = 0
  let capacity = 0
  let outsideSession = 0
  for (const p of list) {
    const talk = problem.talks[p.talk]!
    const room = problem.rooms[p.room]!
    for (const person of new Set(talk.presenters)) if (awayDuring(person, p)) speakerUnavailable++
    const ru = new Set(room.unavailable ?? [])
    if (windowIds(p).some((s) => ru.has(s))) outsideAvailability++
    if (room.capacity < talk.audience) capacity++
    if (p.end > blockEnd[p.block]!) outsideSession++
  }
  const hard: Hard = {
    roomOverlap,
    speakerDoubleBooked,
    speakerUnavailable,
    outsideAvailability,
    capacity,
    outsideSession,
    unplaced: problem.talks.length - placed.size
  }

  const byTrack = new Map<string, Array<Placed>>()
  for (const p of list) {
    const tr = problem.talks[p.talk]!.track
    byTrack.set(tr, [...(byTrack.get(tr) ?? []), p])
  }
  const interestW = w.interestClash ?? defaultWeights.interestClash
  let interestClash = 0
  for (const att of problem.attendees ?? []) {
    const ts = Array.from(new Set(att.interests)).flatMap((id) => {
      const p = placed.get(talkAt.get(id)!)
      return p === undefined ? [] : [p]
    })
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) if (overlaps(ts[i]!, ts[j]!)) interestClash += interestW
  }
  let talkSession = 0
  for (const x of w.talkSession ?? []) {
    const p = placed.get(talkAt.get(x.talk)!)
    if (p !== undefined && p.block === blockAt.get(x.session)) talkSession += x.weight
  }
  let talkRoom = 0
  for (const x of w.talkRoom ?? []) {
    const p = placed.get(talkAt.get(x.talk)!)
    if (p !== undefined && p.room === roomAt.get(x.room)) talkRoom += x.weight
  }
  let trackSession = 0
  for (const x of w.trackSession ?? []) {
    for (const p of byTrack.get(x.track) ?? []) if (p.block === blockAt.get(x.session)) trackSession += x.weight
  }
  let trackRoom = 0
  for (const x of w.trackRoom ?? []) {
    for (const p of byTrack.get(x.track) ?? []) if (p.room === roomAt.get(x.room)) trackRoom += x.weight
  }
  let similarTracks = 0
  for (const x of w.similarTracks ?? []) {
    const as = byTrack.get(x.a) ?? []
    const bs = byTrack.get(x.b) ?? []
    for (let i = 0; i < as.length; i++) {
      for (let j = 0; j < bs.length; j++) {
        if (x.a === x.b && j <= i) continue
        if (overlaps(as[i]!, bs[j]!)) similarTracks += x.weight
      }
    }
  }
  const roomChangeW = w.trackRoomChange ?? defaultWeights.trackRoomChange
  let trackRoomChange = 0
  for (const ps of byTrack.values()) trackRoomChange += roomChangeW * Math.max(0, new Set(ps.map((p) => p.room)).size - 1)
  const orderW = w.trackOrder ?? defaultWeights.trackOrder
  let trackOrder = 0
  for (const ps of byTrack.values()) {
    for (const a of ps) {
      for (const b of ps) {
        const oa = problem.talks[a.talk]!.order
        const ob = problem.talks[b.talk]!.order
        if (oa !== undefined && ob !== undefined && oa < ob && a.start > b.start) trackOrder += orderW
      }
    }
  }
  const chairW = w.chairConflict ?? defaultWeights.chairConflict
  let chairConflict = 0
  for (const track of problem.tracks) {
    for (const u of byTrack.get(track.id) ?? []) {
      const pu = problem.talks[u.talk]!.presenters
      for (const chair of new Set(track.chairs ?? [])) {
        if (pu.includes(chair)) continue
        if (awayDuring(chair, u)) chairConflict += chairW
        for (const t of list) {
          if (t.talk !== u.talk && problem.talks[t.talk]!.presenters.includes(chair) && overlaps(t, u)) chairConflict += chairW
        }
      }
    }
  }
  const movedW = w.moved ?? defaultWeights.moved
  let moved = 0
  for (const a of problem.previous ?? []) {
    const p = placed.get(talkAt.get(a.talk)!)
    if (p !== undefined && (p.room !== roomAt.get(a.room) || p.start !== slotAt.get(a.slot)!.index)) moved += movedW
  }
  const soft: Soft = {
    interestClash,
    talkSession,
    talkRoom,
    trackSession,
    trackRoom,
    similarTracks,
    trackRoomChange,
    trackOrder,
    chairConflict,
    moved
  }
  const hardTotal = roomOverlap + speakerDoubleBooked + speakerUnavailable + outsideAvailability + capacity + outsideSession
  const softTotal = Object.values(soft).reduce((a, b) => a + b, 0)
  return { hard, soft, hardTotal, softTotal }
}
