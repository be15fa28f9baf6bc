/**
 * The exact weighted b-matching as a MIP solved with HiGHS (WebAssembly), for
 * small and medium events and to measure the matcher's gap:
 *
 *     maximise   Σ_{(i,j)} w_ij · x_ij
 *     subject to Σ_{j} x_ij ≤ cap_i   for every person i
 *                x_ij ∈ {0, 1}
 *
 * over every eligible, non-declined pair scoring above `minScore`
 * (`candidates: "all"`, the default here) or over the matcher's indexed
 * candidate pairs (`candidates: "indexed"`). HiGHS blocks the JavaScript
 * thread while it solves: keep instances to a few hundred attendees, or call
 * it from a worker.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as H from "highs"
import type { Input, Match } from "./Model.ts"
import { ExactSolverFailed, InvalidInput } from "./NetworkingError.ts"
import type { Options as MatcherOptions } from "./Matcher.ts"
import * as K from "./internal/kernel.ts"

/**
 * Options: the matcher's (cap, weights, `minScore`, candidates; default
 * `candidates: "all"`) and a time limit (default 60 s).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends MatcherOptions {
  readonly timeLimitSeconds?: number
}

/**
 * The exact answer: the matches, their total, whether optimality was proven
 * (otherwise the best found within the time limit) and the model's size.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly matches: ReadonlyArray<Match>
  readonly totalScore: number
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

/**
 * Solves the b-matching exactly. Fails with `InvalidInput` on duplicate ids,
 * `ExactSolverFailed` when HiGHS does not load or finds no solution in time.
 *
 * @since 0.1.0
 * @category solving
 */
export const solve = (input: Input, options: Options = {}): Effect.Effect<Result, ExactSolverFailed | InvalidInput> =>
  Effect.gen(function*() {
    const dup = K.duplicateId(input)
    if (dup !== undefined) return yield* new InvalidInput({ reason: `attendee id ${dup} appears twice` })
    const highs = yield* Effect.tryPromise({
      try: load,
      catch: (e) => new ExactSolverFailed({ reason: `loading HiGHS: ${String(e)}` })
    })
    const s = K.settings(options)
    const c = K.compile(input, s)
    const pairs = options.candidates === "indexed" ? K.candidates(c, s) : K.allPairs(c, s)
    const n = c.ids.length
    if (pairs.length === 0) return { matches: [], totalScore: 0, optimal: true, columns: 0, rows: 0 }
    // rows: one per person with at least one pair; CSC columns have 2 entries (i, j)
    const rowOf = new Int32Array(n).fill(-1)
    const rowCap: Array<number> = []
    for (const p of pairs) {
      for (const x of [p.i, p.j]) {
        if (rowOf[x] === -1) {
          rowOf[x] = rowCap.length
          rowCap.push(c.cap[x]!)
        }
      }
    }
    const starts: Array<number> = [0]
    const indices: Array<number> = []
    const values: Array<number> = []
    for (const p of pairs) {
      const [r1, r2] = [rowOf[p.i]!, rowOf[p.j]!].sort((x, y) => x - y)
      indices.push(r1!, r2!)
      values.push(1, 1)
      starts.push(indices.length)
    }
    return yield* Effect.try({
      try: () =>
        highs.withModel((model) => {
          model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds ?? 60, mip_rel_gap: 0 })
          model.passModel({
            numCols: pairs.length,
            numRows: rowCap.length,
            sense: highs.constants.objectiveSense.maximize,
            offset: 0,
            colCost: pairs.map((p) => p.w),
            colLower: pairs.map(() => 0),
            colUpper: pairs.map(() => 1),
            rowLower: rowCap.map(() => -Infinity),
            rowUpper: rowCap,
            matrix: { format: "csc", numRows: rowCap.length, numCols: pairs.length, starts, indices, values },
            integrality: pairs.map(() => 1)
          })
          const status = model.run().modelStatus
          if (status !== highs.constants.modelStatus.optimal && status !== highs.constants.modelStatus.timeLimit) {
            throw new Error(`HiGHS model status ${status}`)
          }
          const sol = model.getSolution().colValue
          const m: K.Matching = { at: c.ids.map(() => []), chosen: new Uint8Array(pairs.length), total: 0 }
          pairs.forEach((p, q) => {
            if (sol[q]! > 0.5) {
              m.chosen[q] = 1
              m.at[p.i]!.push(q)
              m.at[p.j]!.push(q)
              m.total += p.w
            }
          })
          m.at.forEach((at, x) => {
            if (at.length > c.cap[x]!) throw new Error(`HiGHS solution exceeds the cap of ${c.ids[x]}`)
          })
          const matches = K.toMatches(c, pairs, m)
          return {
            matches,
            totalScore: matches.reduce((acc, x) => acc + x.score, 0),
            optimal: status === highs.constants.modelStatus.optimal,
            columns: pairs.length,
            rows: rowCap.length
          }
        }),
      catch: (e) => new ExactSolverFailed({ reason: e instanceof Error ? e.message : String(e) })
    })
  })
