/**
 * The exact MIP of the scheduling problem, solved with HiGHS (WebAssembly),
 * for small instances and to measure the annealer's gap. HiGHS blocks the
 * JavaScript thread while it solves: keep instances small (a few dozen talks)
 * or call it from a worker.
 *
 * Model: a binary per (talk, statically feasible room and start); each talk
 * placed exactly once; at most one talk per room and slot; at most one talk
 * per presenter and slot; an overlap indicator per pair of talks with an
 * overlap cost (attendee interest clash, similar tracks, chair conflict), at
 * least z_t,k + z_u,k - 1 for every slot k; a binary per ordered pair of a
 * track's talks for the order inversion; a room-use indicator per track and
 * room for `trackRoomChange`. Its optimum is the same objective as
 * `Score.evaluate(...).softTotal`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as H from "highs"
import type { Model } from "./internal/model.ts"
import { UNPLACED } from "./internal/anneal.ts"
import { compile } from "./internal/model.ts"
import type { Assignment, Problem } from "./Problem.ts"
import { ExactSolverFailed } from "./SchedulingError.ts"

/**
 * The exact answer: the optimal (or best found within the time limit)
 * assignments, their objective, HiGHS's lower bound when it stopped, and
 * whether optimality was proven.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly assignments: ReadonlyArray<Assignment>
  readonly unplaced: ReadonlyArray<string>
  /** the soft cost (the cost of unplaced talks left out) */
  readonly objective: number
  readonly optimal: boolean
  readonly columns: number
  readonly rows: number
}

type Loader = () => Promise<H.Highs>

let loaded: Promise<H.Highs> | undefined
const load = (): Promise<H.Highs> => {
  if (loaded === undefined) loaded = (H.default as unknown as Loader)()
  return loaded
}

interface Row {
  readonly cols: Array<number>
  readonly vals: Array<number>
  readonly lo: number
  readonly hi: number
}

/**
 * Builds the MIP for a compiled model (exported for tests and benchmarks).
 *
 * @internal
 */
const build = (m: Model, allowUnplaced: boolean) => {
  const cost: Array<number> = []
  const upper: Array<number> = []
  const integer: Array<0 | 1> = []
  const addCol = (c: number, int: boolean) => {
    cost.push(c)
    upper.push(1)
    integer.push(int ? 1 : 0)
    return cost.length - 1
  }
  const rows: Array<Row> = []
  const xs: Array<Array<{ col: number; code: number }>> = []
  // z[t][k]: columns covering slot k
  const cover: Array<Map<number, Array<number>>> = []
  const roomCell = new Map<number, Array<number>>()
  const personCell = new Map<number, Array<number>>()
  const push = (map: Map<number, Array<number>>, k: number, col: number) => {
    const a = map.get(k)
    if (a === undefined) map.set(k, [col])
    else a.push(col)
  }
  for (let t = 0; t < m.nTalks; t++) {
    const list: Array<{ col: number; code: number }> = []
    const cv = new Map<number, Array<number>>()
    for (const code of m.candidates[t]!) {
      const col = addCol(m.unary[t]![code]!, true)
      list.push({ col, code })
      const r = Math.floor(code / m.nSlots)
      const s = code % m.nSlots
      for (let q = s; q < s + m.duration[t]!; q++) {
        push(cv, q, col)
        push(roomCell, r * m.nSlots + q, col)
        for (const p of m.presenters[t]!) push(personCell, p * m.nSlots + q, col)
      }
    }
    xs.push(list)
    cover.push(cv)
    const cols = list.map((x) => x.col)
    if (allowUnplaced) cols.push(addCol(UNPLACED, false))
    rows.push({ cols, vals: cols.map(() => 1), lo: 1, hi: 1 })
  }
  for (const cols of [...roomCell.values(), ...personCell.values()]) {
    if (cols.length > 1) rows.push({ cols, vals: cols.map(() => 1), lo: -Infinity, hi: 1 })
  }
  for (let t = 0; t < m.nTalks; t++) {
    for (const n of m.neighbours[t]!) {
      const u = n.u
      if (u < t) continue
      if (n.overlap > 0) {
        const o = addCol(n.overlap, false)
        for (const [k, ct] of cover[t]!) {
          const cu = cover[u]!.get(k)
          if (cu === undefined) continue
          rows.push({ cols: [...ct, ...cu, o], vals: [...ct.map(() => 1), ...cu.map(() => 1), -1], lo: -Infinity, hi: 1 })
        }
      }
      if (n.order !== 0 && m.trackOrder > 0) {
        // first should start no later than second: S_first - S_second <= nSlots * q
        const [first, second] = n.order === 1 ? [t, u] : [u, t]
        const q = addCol(m.trackOrder, true)
        const cols: Array<number> = []
        const vals: Array<number> = []
        for (const x of xs[first]!) {
          cols.push(x.col)
          vals.push(x.code % m.nSlots)
        }
        for (const x of xs[second]!) {
          cols.push(x.col)
          vals.push(-(x.code % m.nSlots))
        }
        cols.push(q)
        vals.push(-m.nSlots)
        rows.push({ cols, vals, lo: -Infinity, hi: 0 })
      }
    }
  }
  let offset = 0
  if (m.trackRoomChange > 0) {
    const v = new Map<number, number>()
    const tracksWithTalks = new Set<number>()
    for (let t = 0; t < m.nTalks; t++) {
      tracksWithTalks.add(m.track[t]!)
      for (const x of xs[t]!) {
        const key = m.track[t]! * m.nRooms + Math.floor(x.code / m.nSlots)
        let col = v.get(key)
        if (col === undefined) {
          col = addCol(m.trackRoomChange, false)
          v.set(key, col)
        }
        rows.push({ cols: [x.col, col], vals: [1, -1], lo: -Infinity, hi: 0 })
      }
    }
    offset = -m.trackRoomChange * tracksWithTalks.size
  }
  // CSR
  const starts: Array<number> = [0]
  const indices: Array<number> = []
  const values: Array<number> = []
  for (const r of rows) {
    // merge duplicate columns within a row
    const acc = new Map<number, number>()
    r.cols.forEach((c, i) => acc.set(c, (acc.get(c) ?? 0) + r.vals[i]!))
    for (const [c, val] of [...acc.entries()].sort((a, b) => a[0] - b[0])) {
      if (val === 0) continue
      indices.push(c)
      values.push(val)
    }
    starts.push(indices.length)
  }
  return { cost, upper, integer, rows, starts, indices, values, xs, offset }
}

/**
 * Solves a problem exactly. Every talk must be placed unless
 * `allowUnplaced` is set (then an unplaced talk costs 10⁶, as in the
 * annealer, and the fewest talks possible are left out). Fails with
 * `ExactSolverFailed` if HiGHS does not load, the instance is infeasible, or
 * no integer solution is found within `timeLimitSeconds`.
 *
 * @since 0.1.0
 * @category solving
 */
export const solve = (
  problem: Problem,
  options: { readonly timeLimitSeconds?: number; readonly allowUnplaced?: boolean } = {}
): Effect.Effect<Result, ExactSolverFailed> =>
  Effect.gen(function*() {
    const highs = yield* Effect.tryPromise({
      try: load,
      catch: (e) => new ExactSolverFailed({ reason: `loading HiGHS: ${String(e)}` })
    })
    const m = compile(problem)
    const allowUnplaced = options.allowUnplaced ?? false
    const b = build(m, allowUnplaced)
    return yield* Effect.try({
      try: () =>
        highs.withModel((model) => {
          model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds ?? 60, mip_rel_gap: 0 })
          model.passModel({
            numCols: b.cost.length,
            numRows: b.rows.length,
            sense: highs.constants.objectiveSense.minimize,
            offset: b.offset,
            colCost: b.cost,
            colLower: b.cost.map(() => 0),
            colUpper: b.upper,
            rowLower: b.rows.map((r) => r.lo),
            rowUpper: b.rows.map((r) => r.hi),
            matrix: {
              format: "csr",
              numRows: b.rows.length,
              numCols: b.cost.length,
              starts: b.starts,
              indices: b.indices,
              values: b.values
            },
            integrality: b.integer
          })
          const run = model.run()
          const status = run.modelStatus
          if (status !== 7 && status !== 13) throw new Error(`HiGHS model status ${status}`)
          const sol = model.getSolution().colValue
          const assignments: Array<Assignment> = []
          for (let t = 0; t < m.nTalks; t++) {
            for (const x of b.xs[t]!) {
              if (sol[x.col]! > 0.5) {
                assignments.push({
                  talk: problem.talks[t]!.id,
                  room: problem.rooms[Math.floor(x.code / m.nSlots)]!.id,
                  slot: m.slotIds[x.code % m.nSlots]!
                })
              }
            }
          }
          if (!allowUnplaced && assignments.length !== m.nTalks) throw new Error("no integer solution placing every talk")
          const placed = new Set(assignments.map((a) => a.talk))
          const unplaced = problem.talks.filter((t) => !placed.has(t.id)).map((t) => t.id)
          return {
            assignments,
            unplaced,
            objective: model.getObjectiveValue() - UNPLACED * unplaced.length,
            optimal: status === 7,
            columns: b.cost.length,
            rows: b.rows.length
          }
        }),
      catch: (e) => new ExactSolverFailed({ reason: e instanceof Error ? e.message : String(e) })
    })
  })
