/**
 * The exact MIP of the scheduling problem, solved with HiGHS (WebAssembly),
 * for small instances and to measure the annealer's gap. `solve` blocks the
 * JavaScript thread while HiGHS runs; `solveInWorker` runs it in a
 * `worker_threads` worker. Keep instances small either way (a few dozen talks).
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
import * as Threads from "node:worker_threads"
import { UNPLACED } from "./internal/anneal.ts"
import * as Worker from "./internal/highsWorker.ts"
import type { Model } from "./internal/model.ts"
import { compile } from "./internal/model.ts"
import type { Assignment, Problem } from "./Problem.ts"
import { ExactSolverFailed } from "./SchedulingError.ts"

/**
 * The exact answer: the optimal (or best found within the time limit)
 * assignments, the talks left unplaced, their soft objective, whether
 * optimality was proven, and the MIP's size.
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

let loaded: ReturnType<typeof Worker.load> | undefined
const load = (): ReturnType<typeof Worker.load> => {
  if (loaded === undefined) loaded = Worker.load()
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

const toRequest = (b: ReturnType<typeof build>, timeLimitSeconds: number): Worker.Request => ({
  numCols: b.cost.length,
  numRows: b.rows.length,
  offset: b.offset,
  colCost: b.cost,
  colUpper: b.upper,
  rowLower: b.rows.map((r) => r.lo),
  rowUpper: b.rows.map((r) => r.hi),
  starts: b.starts,
  indices: b.indices,
  values: b.values,
  integrality: b.integer,
  timeLimitSeconds
})

const toResult = (
  problem: Problem,
  m: Model,
  b: ReturnType<typeof build>,
  allowUnplaced: boolean,
  response: Worker.Response
): Effect.Effect<Result, ExactSolverFailed> => {
  if (response._tag === "Failed") return Effect.fail(new ExactSolverFailed({ reason: response.reason }))
  const assignments: Array<Assignment> = []
  for (let t = 0; t < m.nTalks; t++) {
    for (const x of b.xs[t]!) {
      if (response.colValue[x.col]! > 0.5) {
        assignments.push({
          talk: problem.talks[t]!.id,
          room: problem.rooms[Math.floor(x.code / m.nSlots)]!.id,
          slot: m.slotIds[x.code % m.nSlots]!
        })
      }
    }
  }
  if (!allowUnplaced && assignments.length !== m.nTalks) {
    return Effect.fail(new ExactSolverFailed({ reason: "no integer solution placing every talk" }))
  }
  const placed = new Set(assignments.map((a) => a.talk))
  const unplaced = problem.talks.filter((t) => !placed.has(t.id)).map((t) => t.id)
  return Effect.succeed({
    assignments,
    unplaced,
    objective: response.objective - UNPLACED * unplaced.length,
    optimal: response.status === 7,
    columns: b.cost.length,
    rows: b.rows.length
  })
}

/**
 * Options of the exact solver: a time limit in seconds (default 60) and
 * whether talks may be left unplaced (default false).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly timeLimitSeconds?: number
  readonly allowUnplaced?: boolean
}

/**
 * Solves a problem exactly, in the calling thread (HiGHS blocks it). Every
 * talk must be placed unless `allowUnplaced` is set (then an unplaced talk
 * costs 10⁶, as in the annealer, and the fewest talks possible are left
 * out). Fails with `ExactSolverFailed` if HiGHS does not load, the instance
 * is infeasible, or no integer solution is found within `timeLimitSeconds`.
 *
 * @since 0.1.0
 * @category solving
 */
export const solve = (problem: Problem, options: Options = {}): Effect.Effect<Result, ExactSolverFailed> =>
  Effect.gen(function*() {
    const highs = yield* Effect.tryPromise({
      try: load,
      catch: (e) => new ExactSolverFailed({ reason: `loading HiGHS: ${String(e)}` })
    })
    const m = compile(problem)
    const allowUnplaced = options.allowUnplaced ?? false
    const b = build(m, allowUnplaced)
    const response = yield* Effect.try({
      try: () => Worker.solveRequest(highs, toRequest(b, options.timeLimitSeconds ?? 60)),
      catch: (e) => new ExactSolverFailed({ reason: e instanceof Error ? e.message : String(e) })
    })
    return yield* toResult(problem, m, b, allowUnplaced, response)
  })

/**
 * Like {@link solve}, but HiGHS runs in a `worker_threads` worker, so the
 * calling thread stays free; interrupting the effect terminates the worker.
 *
 * @since 0.1.0
 * @category solving
 */
export const solveInWorker = (problem: Problem, options: Options = {}): Effect.Effect<Result, ExactSolverFailed> =>
  Effect.gen(function*() {
    const m = compile(problem)
    const allowUnplaced = options.allowUnplaced ?? false
    const b = build(m, allowUnplaced)
    const request = toRequest(b, options.timeLimitSeconds ?? 60)
    const response = yield* Effect.callback<Worker.Response, ExactSolverFailed>((resume) => {
      const here = import.meta.url
      const file = here.endsWith(".ts") ? "./internal/highsWorker.ts" : "./internal/highsWorker.js"
      const worker = new Threads.Worker(new URL(file, here), { workerData: Worker.marker })
      let done = false
      const finish = (effect: Effect.Effect<Worker.Response, ExactSolverFailed>) => {
        if (done) return
        done = true
        void worker.terminate()
        resume(effect)
      }
      worker.on("message", (r: Worker.Response) => finish(Effect.succeed(r)))
      worker.on("error", (e) => finish(Effect.fail(new ExactSolverFailed({ reason: `worker: ${e.message}` }))))
      worker.on("exit", (code) => finish(Effect.fail(new ExactSolverFailed({ reason: `worker exited with code ${code}` }))))
      worker.postMessage(request)
      return Effect.sync(() => {
        done = true
        void worker.terminate()
      })
    })
    return yield* toResult(problem, m, b, allowUnplaced, response)
  })
