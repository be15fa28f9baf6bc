/**
 * A problem compiled to dense indices for the numeric kernels (annealing,
 * exact MIP): static candidates per talk, unary costs per candidate and
 * pairwise weights between talks.
 *
 * @internal
 */
import type { Problem } from "../Problem.ts"
import { defaultWeights } from "../Problem.ts"

export interface Neighbour {
  readonly u: number
  /** cost paid when t and u overlap in time */
  readonly overlap: number
  /** +1: t should start before u; -1: u before t; 0: no order */
  readonly order: number
}

export interface Model {
  readonly problem: Problem
  readonly nSlots: number
  readonly nRooms: number
  readonly nTalks: number
  readonly nPeople: number
  readonly nTracks: number
  readonly slotIds: ReadonlyArray<string>
  readonly slotBlock: Int32Array
  readonly blockEnd: Int32Array
  readonly roomCapacity: Int32Array
  readonly roomUnavailable: Uint8Array
  readonly personUnavailable: Uint8Array
  readonly duration: Int32Array
  readonly track: Int32Array
  readonly presenters: ReadonlyArray<Int32Array>
  /** encoded room * nSlots + start of every statically feasible placement */
  readonly candidates: ReadonlyArray<Int32Array>
  /** unary cost per talk per code (room * nSlots + start); only candidates meaningful */
  readonly unary: ReadonlyArray<Float64Array>
  readonly neighbours: ReadonlyArray<ReadonlyArray<Neighbour>>
  readonly trackRoomChange: number
  readonly trackOrder: number
  /** previous placement code per talk or -1 */
  readonly previous: Int32Array
  readonly talkIndex: ReadonlyMap<string, number>
  readonly roomIndex: ReadonlyMap<string, number>
  readonly slotIndex: ReadonlyMap<string, number>
  readonly personIndex: ReadonlyMap<string, number>
}

export const compile = (problem: Problem): Model => {
  const w = problem.weights ?? {}
  const interestClash = w.interestClash ?? defaultWeights.interestClash
  const chairConflict = w.chairConflict ?? defaultWeights.chairConflict
  const moved = w.moved ?? defaultWeights.moved
  const slotIds = problem.sessions.flatMap((b) => b.slots)
  const nSlots = slotIds.length
  const slotIndex = new Map(slotIds.map((s, i) => [s, i] as const))
  const slotBlock = new Int32Array(nSlots)
  const blockEnd = new Int32Array(problem.sessions.length)
  let k = 0
  problem.sessions.forEach((b, bi) => {
    for (let j = 0; j < b.slots.length; j++) slotBlock[k++] = bi
    blockEnd[bi] = k
  })
  const blockIndex = new Map(problem.sessions.map((b, i) => [b.id, i] as const))
  const nRooms = problem.rooms.length
  const roomIndex = new Map(problem.rooms.map((r, i) => [r.id, i] as const))
  const roomCapacity = Int32Array.from(problem.rooms.map((r) => r.capacity))
  const roomUnavailable = new Uint8Array(nRooms * nSlots)
  problem.rooms.forEach((r, ri) => {
    for (const s of r.unavailable ?? []) roomUnavailable[ri * nSlots + slotIndex.get(s)!] = 1
  })
  const trackIndex = new Map(problem.tracks.map((t, i) => [t.id, i] as const))
  const nTracks = problem.tracks.length
  const personIndex = new Map<string, number>()
  const person = (id: string): number => {
    let i = personIndex.get(id)
    if (i === undefined) {
      i = personIndex.size
      personIndex.set(id, i)
    }
    return i
  }
  for (const p of problem.people ?? []) person(p.id)
  for (const t of problem.talks) for (const p of t.presenters) person(p)
  for (const tr of problem.tracks) for (const c of tr.chairs ?? []) person(c)
  const nPeople = personIndex.size
  const personUnavailable = new Uint8Array(nPeople * nSlots)
  for (const p of problem.people ?? []) {
    const pi = personIndex.get(p.id)!
    for (const s of p.unavailable) personUnavailable[pi * nSlots + slotIndex.get(s)!] = 1
  }
  const nTalks = problem.talks.length
  const talkIndex = new Map(problem.talks.map((t, i) => [t.id, i] as const))
  const duration = Int32Array.from(problem.talks.map((t) => t.duration))
  const track = Int32Array.from(problem.talks.map((t) => trackIndex.get(t.track)!))
  const presenters = problem.talks.map((t) => Int32Array.from(new Set(t.presenters.map(person))))
  const chairsOf = problem.tracks.map((tr) => Array.from(new Set((tr.chairs ?? []).map(person))))

  const previous = new Int32Array(nTalks).fill(-1)
  for (const a of problem.previous ?? []) {
    previous[talkIndex.get(a.talk)!] = roomIndex.get(a.room)! * nSlots + slotIndex.get(a.slot)!
  }

  const talkSession = new Float64Array(nTalks * problem.sessions.length)
  for (const x of w.talkSession ?? []) talkSession[talkIndex.get(x.talk)! * problem.sessions.length + blockIndex.get(x.session)!] += x.weight
  const talkRoom = new Float64Array(nTalks * nRooms)
  for (const x of w.talkRoom ?? []) talkRoom[talkIndex.get(x.talk)! * nRooms + roomIndex.get(x.room)!] += x.weight
  const trackSession = new Float64Array(nTracks * problem.sessions.length)
  for (const x of w.trackSession ?? []) trackSession[trackIndex.get(x.track)! * problem.sessions.length + blockIndex.get(x.session)!] += x.weight
  const trackRoom = new Float64Array(nTracks * nRooms)
  for (const x of w.trackRoom ?? []) trackRoom[trackIndex.get(x.track)! * nRooms + roomIndex.get(x.room)!] += x.weight

  const candidates: Array<Int32Array> = []
  const unary: Array<Float64Array> = []
  const nB = problem.sessions.length
  for (let t = 0; t < nTalks; t++) {
    const list: Array<number> = []
    const u = new Float64Array(nRooms * nSlots)
    const d = duration[t]!
    const pres = presenters[t]!
    const chairs = chairsOf[track[t]!]!.filter((c) => !pres.includes(c))
    for (let r = 0; r < nRooms; r++) {
      if (roomCapacity[r]! < problem.talks[t]!.audience) continue
      for (let s = 0; s < nSlots; s++) {
        const b = slotBlock[s]!
        if (s + d > blockEnd[b]!) continue
        let ok = true
        for (let q = s; q < s + d && ok; q++) {
          if (roomUnavailable[r * nSlots + q] === 1) ok = false
          for (const p of pres) if (personUnavailable[p * nSlots + q] === 1) ok = false
        }
        if (!ok) continue
        const code = r * nSlots + s
        list.push(code)
        let c = talkSession[t * nB + b]! + talkRoom[t * nRooms + r]! + trackSession[track[t]! * nB + b]! +
          trackRoom[track[t]! * nRooms + r]!
        if (previous[t]! >= 0 && previous[t] !== code) c += moved
        for (const ch of chairs) {
          let away = false
          for (let q = s; q < s + d; q++) if (personUnavailable[ch * nSlots + q] === 1) away = true
          if (away) c += chairConflict
        }
        u[code] = c
      }
    }
    candidates.push(Int32Array.from(list))
    unary.push(u)
  }

  // pairwise weights
  const overlap = new Map<number, number>()
  const add = (a: number, b: number, x: number) => {
    if (a === b || x === 0) return
    const key = a < b ? a * nTalks + b : b * nTalks + a
    overlap.set(key, (overlap.get(key) ?? 0) + x)
  }
  for (const att of problem.attendees ?? []) {
    const ts = Array.from(new Set(att.interests.map((i) => talkIndex.get(i)!)))
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) add(ts[i]!, ts[j]!, interestClash)
  }
  const byTrack: Array<Array<number>> = Array.from({ length: nTracks }, () => [])
  for (let t = 0; t < nTalks; t++) byTrack[track[t]!]!.push(t)
  for (const x of w.similarTracks ?? []) {
    const a = trackIndex.get(x.a)!
    const b = trackIndex.get(x.b)!
    if (a === b) {
      const ts = byTrack[a]!
      for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) add(ts[i]!, ts[j]!, x.weight)
    } else {
      for (const t of byTrack[a]!) for (const u of byTrack[b]!) add(t, u, x.weight)
    }
  }
  // a chair of u's track presenting t cannot attend u while t runs
  for (let t = 0; t < nTalks; t++) {
    for (let u = 0; u < nTalks; u++) {
      if (t === u) continue
      const pu = presenters[u]!
      for (const c of chairsOf[track[u]!]!) {
        if (pu.includes(c)) continue
        if (presenters[t]!.includes(c)) add(t, u, chairConflict)
      }
    }
  }
  const trackOrder = w.trackOrder ?? defaultWeights.trackOrder
  const orderPairs = new Map<number, number>()
  if (trackOrder > 0) {
    for (const ts of byTrack) {
      for (const t of ts) {
        for (const u of ts) {
          const ot = problem.talks[t]!.order
          const ou = problem.talks[u]!.order
          if (t < u && ot !== undefined && ou !== undefined && ot !== ou) orderPairs.set(t * nTalks + u, ot < ou ? 1 : -1)
        }
      }
    }
  }
  const neighbours: Array<Array<Neighbour>> = Array.from({ length: nTalks }, () => [])
  const keys = new Set([...overlap.keys(), ...orderPairs.keys()])
  for (const key of keys) {
    const a = Math.floor(key / nTalks)
    const b = key % nTalks
    const ov = overlap.get(key) ?? 0
    const o = orderPairs.get(key) ?? 0
    neighbours[a]!.push({ u: b, overlap: ov, order: o })
    neighbours[b]!.push({ u: a, overlap: ov, order: -o })
  }

  return {
    problem,
    nSlots,
    nRooms,
    nTalks,
    nPeople,
    nTracks,
    slotIds,
    slotBlock,
    blockEnd,
    roomCapacity,
    roomUnavailable,
    personUnavailable,
    duration,
    track,
    presenters,
    candidates,
    unary,
    neighbours,
    trackRoomChange: w.trackRoomChange ?? defaultWeights.trackRoomChange,
    trackOrder,
    previous,
    talkIndex,
    roomIndex,
    slotIndex,
    personIndex
  }
}

/** The cost of a pair placed at starts st (duration dt) and su (duration du). */
export const pairCost = (
  m: Model,
  n: Neighbour,
  st: number,
  dt: number,
  su: number,
  du: number
): number => {
  let c = 0
  if (n.overlap !== 0 && st < su + du && su < st + dt) c += n.overlap
  if (n.order === 1 && st > su) c += m.trackOrder
  else if (n.order === -1 && su > st) c += m.trackOrder
  return c
}
