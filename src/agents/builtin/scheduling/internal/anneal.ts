/**
 * The numeric kernel: greedy construction then simulated annealing over
 * placements that always satisfy the hard constraints (a move that would break
 * one is never made). Unplaced talks cost `UNPLACED` each, far above any soft
 * cost, so placing talks comes first.
 *
 * @internal
 */
import type { Model } from "./model.ts"
import { pairCost } from "./model.ts"
import type { Prng } from "../../internal/prng.ts"

export const UNPLACED = 1e6

export interface KernelOptions {
  readonly iterations: number
  readonly prng: Prng
  /** returns true when the time budget is spent (checked every 512 iterations) */
  readonly expired?: () => boolean
}

export interface KernelResult {
  /** placement code per talk (room * nSlots + start) or -1 */
  readonly pos: Int32Array
  readonly cost: number
  readonly iterations: number
}

export class State {
  readonly pos: Int32Array
  readonly roomOcc: Int32Array
  readonly personOcc: Int32Array
  readonly trackRoomCount: Int32Array
  readonly trackDistinct: Int32Array
  readonly staticOk: Uint8Array
  private readonly mark: Int32Array
  private stamp = 0
  constructor(readonly m: Model) {
    this.pos = new Int32Array(m.nTalks).fill(-1)
    this.roomOcc = new Int32Array(m.nRooms * m.nSlots).fill(-1)
    this.personOcc = new Int32Array(m.nPeople * m.nSlots).fill(-1)
    this.trackRoomCount = new Int32Array(m.nTracks * m.nRooms)
    this.trackDistinct = new Int32Array(m.nTracks)
    this.staticOk = new Uint8Array(m.nTalks * m.nRooms * m.nSlots)
    this.mark = new Int32Array(Math.max(m.nTalks, m.nTracks))
    const cells = m.nRooms * m.nSlots
    m.candidates.forEach((cs, t) => {
      for (const c of cs) this.staticOk[t * cells + c] = 1
    })
  }

  isStatic(t: number, code: number): boolean {
    return this.staticOk[t * this.m.nRooms * this.m.nSlots + code] === 1
  }

  canPlace(t: number, code: number): boolean {
    if (!this.isStatic(t, code)) return false
    const m = this.m
    const r = Math.floor(code / m.nSlots)
    const s = code % m.nSlots
    const d = m.duration[t]!
    for (let q = s; q < s + d; q++) {
      if (this.roomOcc[r * m.nSlots + q] !== -1) return false
      for (const p of m.presenters[t]!) if (this.personOcc[p * m.nSlots + q] !== -1) return false
    }
    return true
  }

  /** talks that block placing t at code (room cells and presenters' time) */
  blockers(t: number, code: number): Array<number> {
    const m = this.m
    const r = Math.floor(code / m.nSlots)
    const s = code % m.nSlots
    const out = new Set<number>()
    for (let q = s; q < s + m.duration[t]!; q++) {
      const o = this.roomOcc[r * m.nSlots + q]!
      if (o !== -1 && o !== t) out.add(o)
      for (const p of m.presenters[t]!) {
        const x = this.personOcc[p * m.nSlots + q]!
        if (x !== -1 && x !== t) out.add(x)
      }
    }
    return Array.from(out)
  }

  place(t: number, code: number): void {
    const m = this.m
    const r = Math.floor(code / m.nSlots)
    const s = code % m.nSlots
    for (let q = s; q < s + m.duration[t]!; q++) {
      this.roomOcc[r * m.nSlots + q] = t
      for (const p of m.presenters[t]!) this.personOcc[p * m.nSlots + q] = t
    }
    this.pos[t] = code
    const k = m.track[t]! * m.nRooms + r
    if (this.trackRoomCount[k]++ === 0) this.trackDistinct[m.track[t]!]!++
  }

  remove(t: number): void {
    const m = this.m
    const code = this.pos[t]!
    if (code < 0) return
    const r = Math.floor(code / m.nSlots)
    const s = code % m.nSlots
    for (let q = s; q < s + m.duration[t]!; q++) {
      this.roomOcc[r * m.nSlots + q] = -1
      for (const p of m.presenters[t]!) this.personOcc[p * m.nSlots + q] = -1
    }
    this.pos[t] = -1
    const k = m.track[t]! * m.nRooms + r
    if (--this.trackRoomCount[k] === 0) this.trackDistinct[m.track[t]!]!--
  }

  /** cost of everything that involves a talk of `set` (pairs inside counted once) */
  localCost(set: ReadonlyArray<number>): number {
    const m = this.m
    const st = ++this.stamp
    for (const t of set) this.mark[t] = st
    let c = 0
    for (const t of set) {
      const pt = this.pos[t]!
      if (pt < 0) {
        c += UNPLACED
        continue
      }
      c += m.unary[t]![pt]!
      const s = pt % m.nSlots
      for (const n of m.neighbours[t]!) {
        const pu = this.pos[n.u]!
        if (pu < 0) continue
        if (this.mark[n.u] === st && n.u < t) continue
        c += pairCost(m, n, s, m.duration[t]!, pu % m.nSlots, m.duration[n.u]!)
      }
    }
    const st2 = ++this.stamp
    for (const t of set) {
      const tr = m.track[t]!
      if (this.mark[tr] === st2) continue
      this.mark[tr] = st2
      c += m.trackRoomChange * Math.max(0, this.trackDistinct[tr]! - 1)
    }
    // the track marks share the array with talk marks; the stamps differ, so no clash
    return c
  }

  totalCost(): number {
    const all: Array<number> = []
    for (let t = 0; t < this.m.nTalks; t++) all.push(t)
    return this.localCost(all)
  }
}

const construct = (st: State, prng: Prng): void => {
  const m = st.m
  // keep the previous schedule where it is still feasible
  for (let t = 0; t < m.nTalks; t++) {
    const p = m.previous[t]!
    if (p >= 0 && st.canPlace(t, p)) st.place(t, p)
  }
  const order: Array<number> = []
  for (let t = 0; t < m.nTalks; t++) if (st.pos[t]! < 0) order.push(t)
  const tie = order.map(() => prng.next())
  order.sort((a, b) =>
    m.candidates[a]!.length / m.duration[a]! - m.candidates[b]!.length / m.duration[b]! ||
    m.presenters[b]!.length - m.presenters[a]!.length || tie[a]! - tie[b]!
  )
  for (const t of order) {
    let best = -1
    let bestCost = Infinity
    for (const c of m.candidates[t]!) {
      if (!st.canPlace(t, c)) continue
      st.place(t, c)
      const cost = st.localCost([t])
      st.remove(t)
      if (cost < bestCost) {
        bestCost = cost
        best = c
      }
    }
    if (best >= 0) st.place(t, best)
  }
}

/**
 * Feasibility phase: a min-conflicts random walk over the unplaced talks.
 * Place one where at most two talks block it, evict those, reinsert each at
 * a random feasible place if any; keep the step unless more talks end up
 * unplaced. A short tabu keeps the walk from undoing its last steps.
 */
const repair = (st: State, prng: Prng, budget: number, expired?: () => boolean): number => {
  const m = st.m
  const placedAt = new Int32Array(m.nTalks).fill(-1_000_000)
  const unplaced = (): Array<number> => {
    const out: Array<number> = []
    for (let t = 0; t < m.nTalks; t++) if (st.pos[t]! < 0 && m.candidates[t]!.length > 0) out.push(t)
    return out
  }
  let open = unplaced()
  let i = 0
  for (; i < budget && open.length > 0; i++) {
    if ((i & 511) === 0 && expired !== undefined && expired()) break
    const r = prng.next()
    if (r < 0.2) {
      // exchange two placed talks (any rooms and times), if both fit
      const a = prng.int(m.nTalks)
      const b = prng.int(m.nTalks)
      const pa = st.pos[a]!
      const pb = st.pos[b]!
      if (a === b || pa < 0 || pb < 0 || !st.isStatic(a, pb) || !st.isStatic(b, pa)) continue
      st.remove(a)
      st.remove(b)
      if (st.canPlace(a, pb)) {
        st.place(a, pb)
        if (st.canPlace(b, pa)) {
          st.place(b, pa)
          continue
        }
        st.remove(a)
      }
      st.place(a, pa)
      st.place(b, pb)
      continue
    }
    if (r < 0.5) {
      // shift a hole: move a random placed talk to a random free feasible place
      const u = prng.int(m.nTalks)
      const ucs = m.candidates[u]!
      if (st.pos[u]! < 0 || ucs.length === 0) continue
      const uc = ucs[prng.int(ucs.length)]!
      const from = st.pos[u]!
      st.remove(u)
      if (st.canPlace(u, uc)) st.place(u, uc)
      else st.place(u, from)
      continue
    }
    const t = open[prng.int(open.length)]!
    const cs = m.candidates[t]!
    // min-conflicts: of a few sampled places, the one with the fewest blockers
    let c = cs[prng.int(cs.length)]!
    let evicted = st.blockers(t, c)
    for (let k = 0; k < 2 && evicted.length > 0; k++) {
      const c2 = cs[prng.int(cs.length)]!
      const e2 = st.blockers(t, c2)
      if (e2.length < evicted.length) {
        c = c2
        evicted = e2
      }
    }
    if (evicted.length > 2) continue
    if (evicted.some((e) => i - placedAt[e]! < 8) && prng.next() < 0.9) continue
    const old = evicted.map((e) => st.pos[e]!)
    for (const e of evicted) st.remove(e)
    st.place(t, c)
    placedAt[t] = i
    let lost = 0
    for (const e of evicted) {
      const ecs = m.candidates[e]!
      const start = prng.int(ecs.length)
      let done = false
      for (let j = 0; j < ecs.length && !done; j++) {
        const ec = ecs[(start + j) % ecs.length]!
        if (st.canPlace(e, ec)) {
          st.place(e, ec)
          placedAt[e] = i
          done = true
        }
      }
      if (!done) lost++
    }
    if (lost > 1) {
      for (const e of evicted) st.remove(e)
      st.remove(t)
      evicted.forEach((e, j) => st.place(e, old[j]!))
      continue
    }
    open = unplaced()
  }
  return i
}

export const run = (m: Model, options: KernelOptions): KernelResult => {
  const { prng } = options
  const st = new State(m)
  construct(st, prng)
  const repaired = repair(st, prng, Math.floor(options.iterations * 0.75), options.expired)
  const annealing = options.iterations - repaired
  let cur = st.totalCost()
  let best = cur
  let bestPos = Int32Array.from(st.pos)
  if (m.nTalks === 0) return { pos: bestPos, cost: cur, iterations: 0 }

  const old = new Map<number, number>()
  const revert = (affected: ReadonlyArray<number>) => {
    for (const t of affected) st.remove(t)
    for (const t of affected) {
      const p = old.get(t)!
      if (p >= 0) st.place(t, p)
    }
  }
  const save = (affected: ReadonlyArray<number>) => {
    old.clear()
    for (const t of affected) old.set(t, st.pos[t]!)
  }

  /** one random move; returns the delta, or undefined if no move was made */
  const move = (temperature: number): number | undefined => {
    const r = prng.next()
    const t = prng.int(m.nTalks)
    const cs = m.candidates[t]!
    if (cs.length === 0) return undefined
    const c = cs[prng.int(cs.length)]!
    if (c === st.pos[t]) return undefined
    let affected: Array<number>
    if (st.pos[t]! < 0 || r < 0.15) {
      // ejection: place t at c, evict what blocks it, reinsert the evicted greedily
      const evicted = st.blockers(t, c)
      if (evicted.length > 3) return undefined
      affected = [t, ...evicted]
      save(affected)
      const before = st.localCost(affected)
      for (const e of affected) st.remove(e)
      if (!st.canPlace(t, c)) {
        revert(affected)
        return undefined
      }
      st.place(t, c)
      for (const e of evicted) {
        const ecs = m.candidates[e]!
        let bestC = -1
        let bestV = Infinity
        const start = prng.int(Math.max(1, ecs.length))
        let tried = 0
        for (let i = 0; i < ecs.length && tried < 24; i++) {
          const ec = ecs[(start + i) % ecs.length]!
          if (!st.canPlace(e, ec)) continue
          tried++
          st.place(e, ec)
          const v = st.localCost([e])
          st.remove(e)
          if (v < bestV) {
            bestV = v
            bestC = ec
          }
        }
        if (bestC >= 0) st.place(e, bestC)
      }
      const delta = st.localCost(affected) - before
      if (accept(delta, temperature)) return delta
      revert(affected)
      return 0
    }
    const blockers = st.blockers(t, c)
    if (blockers.length === 0) {
      affected = [t]
      save(affected)
      const before = st.localCost(affected)
      st.remove(t)
      st.place(t, c)
      const delta = st.localCost(affected) - before
      if (accept(delta, temperature)) return delta
      revert(affected)
      return 0
    }
    if (blockers.length === 1) {
      // swap: the one blocker takes t's place
      const u = blockers[0]!
      const pt = st.pos[t]!
      const cu = pt
      if (!st.isStatic(u, cu)) return undefined
      affected = [t, u]
      save(affected)
      const before = st.localCost(affected)
      st.remove(t)
      st.remove(u)
      if (!st.canPlace(t, c)) {
        revert(affected)
        return undefined
      }
      st.place(t, c)
      if (!st.canPlace(u, cu)) {
        revert(affected)
        return undefined
      }
      st.place(u, cu)
      const delta = st.localCost(affected) - before
      if (accept(delta, temperature)) return delta
      revert(affected)
      return 0
    }
    return undefined
  }
  const accept = (delta: number, temperature: number): boolean =>
    delta <= 0 || (temperature > 0 && prng.next() < Math.exp(-delta / temperature))

  // initial temperature from the mean uphill step of a few probing moves,
  // each undone at once
  let sum = 0
  let n = 0
  for (let i = 0; i < 200; i++) {
    const d = move(Infinity)
    if (d !== undefined && d > 0 && d < UNPLACED / 2) {
      sum += d
      n++
    }
    if (d !== undefined && d !== 0) revert(Array.from(old.keys()))
  }
  const t0 = n > 0 ? sum / n : 1
  const t1 = t0 * 1e-3
  let i = 0
  for (; i < annealing; i++) {
    if ((i & 511) === 0 && options.expired !== undefined && options.expired()) break
    const temperature = t0 * Math.pow(t1 / t0, i / annealing)
    const d = move(temperature)
    if (d !== undefined && d !== 0) {
      cur += d
      if (cur < best - 1e-9) {
        best = cur
        bestPos = Int32Array.from(st.pos)
      }
    }
  }
  return { pos: bestPos, cost: best, iterations: repaired + i }
}
