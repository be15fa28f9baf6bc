/**
 * A seeded generator of realistic conference scheduling instances with a
 * planted feasible schedule: talks are first laid out in rooms and slots, then
 * presenters, audiences and unavailability are drawn so that the planted
 * layout breaks no hard constraint. Feasibility is proven by construction.
 *
 * @since 0.1.0
 */
import * as Prng from "../internal/prng.ts"
import type { Assignment, Problem, Talk } from "./Problem.ts"

/**
 * Instance size and shape. Defaults: 4 sessions of 4 slots, 4 rooms, 4
 * tracks, 80% of room-slots filled, 20% two-slot talks, 20% co-presented
 * talks, 100 attendees, presenters unavailable in 20% of their free slots,
 * rooms in 10% of their unused slots, preference weights on.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed: number
  readonly sessions?: number
  readonly slotsPerSession?: number
  readonly rooms?: number
  readonly tracks?: number
  readonly fill?: number
  readonly longTalks?: number
  readonly coPresented?: number
  readonly attendees?: number
  readonly interests?: readonly [number, number]
  readonly presenterUnavailability?: number
  readonly roomUnavailability?: number
  readonly preferences?: boolean
}

/**
 * A generated problem and the schedule planted in it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Instance {
  readonly problem: Problem
  readonly planted: ReadonlyArray<Assignment>
}

/**
 * Generates an instance; the same options give the same instance.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Instance => {
  const rnd = Prng.make(options.seed)
  const nSessions = options.sessions ?? 4
  const perSession = options.slotsPerSession ?? 4
  const nRooms = options.rooms ?? 4
  const nTracks = options.tracks ?? 4
  const fill = options.fill ?? 0.8
  const longTalks = options.longTalks ?? 0.2
  const coPresented = options.coPresented ?? 0.2
  const nAttendees = options.attendees ?? 100
  const [minI, maxI] = options.interests ?? [3, 8]
  const pu = options.presenterUnavailability ?? 0.2
  const ru = options.roomUnavailability ?? 0.1
  const preferences = options.preferences ?? true

  const sessions = Array.from({ length: nSessions }, (_, b) => ({
    id: `b${b + 1}`,
    date: `2026-06-${String(10 + Math.floor(b / 2)).padStart(2, "0")}`,
    slots: Array.from({ length: perSession }, (_, j) => `b${b + 1}s${j + 1}`)
  }))
  const slotIds = sessions.flatMap((s) => s.slots)
  const nSlots = slotIds.length
  const sizes = [40, 60, 80, 120, 150, 200, 300, 500]
  const capacities = Array.from({ length: nRooms }, () => sizes[rnd.int(sizes.length)]!).sort((a, b) => b - a)
  const tracks = Array.from({ length: nTracks }, (_, i) => `track${i + 1}`)

  interface Planted {
    room: number
    start: number
    duration: number
    track: number
    presenters: Array<number>
  }
  const planted: Array<Planted> = []
  const roomUsed = new Uint8Array(nRooms * nSlots)
  for (let r = 0; r < nRooms; r++) {
    for (let b = 0; b < nSessions; b++) {
      const end = (b + 1) * perSession
      let s = b * perSession
      while (s < end) {
        if (rnd.next() >= fill) {
          s++
          continue
        }
        const d = rnd.next() < longTalks && s + 2 <= end ? 2 : 1
        const track = rnd.next() < 0.7 ? r % nTracks : rnd.int(nTracks)
        planted.push({ room: r, start: s, duration: d, track, presenters: [] })
        for (let q = s; q < s + d; q++) roomUsed[r * nSlots + q] = 1
        s += d
      }
    }
  }
  // presenters: reuse a person when their planted talks do not overlap
  const busy: Array<Uint8Array> = []
  const newPerson = () => {
    busy.push(new Uint8Array(nSlots))
    return busy.length - 1
  }
  for (const p of planted) {
    const want = rnd.next() < coPresented ? 2 : 1
    while (p.presenters.length < want) {
      let person = -1
      if (busy.length > 0 && rnd.next() < 0.35) {
        const c = rnd.int(busy.length)
        let free = !p.presenters.includes(c)
        for (let q = p.start; q < p.start + p.duration; q++) if (busy[c]![q] === 1) free = false
        if (free) person = c
      }
      if (person < 0) person = newPerson()
      for (let q = p.start; q < p.start + p.duration; q++) busy[person]![q] = 1
      p.presenters.push(person)
    }
  }
  const people = busy.map((b, i) => ({
    id: `p${i + 1}`,
    unavailable: slotIds.filter((_, q) => b[q] === 0 && rnd.next() < pu)
  }))
  const talks: Array<Talk> = planted.map((p, i) => {
    const cap = capacities[p.room]!
    return {
      id: `t${i + 1}`,
      track: tracks[p.track]!,
      duration: p.duration,
      audience: Math.max(1, Math.floor(cap * (0.3 + 0.7 * rnd.next()))),
      presenters: p.presenters.map((x) => `p${x + 1}`),
      ...(rnd.next() < 0.5 ? { order: p.start * 10 + rnd.int(10) } : {})
    }
  })
  const rooms = capacities.map((capacity, r) => ({
    id: `r${r + 1}`,
    capacity,
    unavailable: slotIds.filter((_, q) => roomUsed[r * nSlots + q] === 0 && rnd.next() < ru)
  }))
  const trackDefs = tracks.map((id, ti) => {
    const own = planted.flatMap((p) => (p.track === ti ? p.presenters : []))
    return own.length > 0 && rnd.next() < 0.8 ? { id, chairs: [`p${own[rnd.int(own.length)]! + 1}`] } : { id }
  })
  const byTrack = tracks.map((_, ti) => talks.filter((t) => t.track === tracks[ti]))
  const attendees = Array.from({ length: nAttendees }, (_, a) => {
    const fav = rnd.int(nTracks)
    const k = minI + rnd.int(maxI - minI + 1)
    const chosen = new Set<string>()
    for (let i = 0; i < k * 3 && chosen.size < Math.min(k, talks.length); i++) {
      const pool = rnd.next() < 0.7 && byTrack[fav]!.length > 0 ? byTrack[fav]! : talks
      if (pool.length > 0) chosen.add(pool[rnd.int(pool.length)]!.id)
    }
    return { id: `a${a + 1}`, interests: Array.from(chosen) }
  })
  const weights = preferences
    ? {
      talkSession: talks.filter(() => rnd.next() < 0.1).map((t) => ({
        talk: t.id,
        session: sessions[rnd.int(nSessions)]!.id,
        weight: 1 + rnd.int(5)
      })),
      talkRoom: talks.filter(() => rnd.next() < 0.05).map((t) => ({
        talk: t.id,
        room: rooms[rnd.int(nRooms)]!.id,
        weight: 1 + rnd.int(3)
      })),
      trackSession: tracks.filter(() => rnd.next() < 0.3).map((track) => ({
        track,
        session: sessions[rnd.int(nSessions)]!.id,
        weight: 1 + rnd.int(3)
      })),
      trackRoom: tracks.filter(() => rnd.next() < 0.3).map((track) => ({
        track,
        room: rooms[rnd.int(nRooms)]!.id,
        weight: 1 + rnd.int(2)
      })),
      similarTracks: nTracks >= 2 ? [{ a: tracks[0]!, b: tracks[1]!, weight: 2 }] : [],
      trackRoomChange: 1,
      trackOrder: 1,
      interestClash: 1,
      chairConflict: 3,
      moved: 10
    }
    : { interestClash: 1, moved: 10 }
  // shuffle the talks so their order leaks nothing of the planted layout
  const order = talks.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1)
    const x = order[i]!
    order[i] = order[j]!
    order[j] = x
  }
  return {
    problem: {
      sessions,
      rooms,
      tracks: trackDefs,
      talks: order.map((i) => talks[i]!),
      people,
      attendees,
      weights
    },
    planted: planted.map((p, i) => ({ talk: `t${i + 1}`, room: rooms[p.room]!.id, slot: slotIds[p.start]! }))
  }
}
