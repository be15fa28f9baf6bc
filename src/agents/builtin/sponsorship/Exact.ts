/**
 * The exact lead assignment as a MIP solved with HiGHS (WebAssembly), to
 * measure the matcher's gap on small and medium events:
 *
 *     maximise   Σ_{(s,a)} w_sa · x_sa
 *     subject to Σ_a x_sa ≤ cap_s   for every sponsor s (entitlement left)
 *                Σ_s x_sa ≤ cap_a   for every attendee a
 *                x_sa ∈ {0, 1}
 *
 * over the matcher's candidate pairs (every non-excluded pair scoring above
 * `minScore`, so the same problem). The constraint matrix is that of a
 * bipartite graph, so the LP relaxation is already integral; HiGHS proves it.
 * HiGHS blocks the JavaScript thread while it solves: keep instances small,
 * or call it from a worker.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as H from "highs"
import type { Options as MatcherOptions } from "./Matcher.ts"
import { check } from "./Matcher.ts"
import type { Input, Lead } from "./Model.ts"
import { ExactSolverFailed, InvalidInput } from "./SponsorshipError.ts"
import * as K from "./internal/kernel.ts"

/**
 * Options: the matcher's (cap per attendee, `minScore`) and a time limit
 * (default 60 s).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends MatcherOptions {
  readonly timeLimitSeconds?: number
}

/**
 * The exact answer: the leads, their total, whether optimality was proven
 * (otherwise the best found within the time limit) and the model's size.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly leads: ReadonlyArray<Lead>
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
 * Solves the assignment exactly. Fails with `InvalidInput` as the matcher
 * does, `ExactSolverFailed` when HiGHS does not load or finds no solution in
 * time.
 *
 * @since 0.1.0
 * @category solving
 */
export const solve = (input: Input, options: Options = {}): Effect.Effect<Result, ExactSolverFailed | InvalidInput> =>
  Effect.gen(function*() {
    const problem = check(input, options)
    if (problem !== undefined) return yield* new InvalidInput(problem)
    const highs = yield* Effect.tryPromise({
      try: load,
      catch: (e) => new ExactSolverFailed({ reason: `loading HiGHS: ${String(e)}` })
    })
    const s = K.settings(options)
    const c = K.compile(input, s)
    const { pairs } = K.candidates(c, s)
    if (pairs.length === 0) return { leads: [], totalScore: 0, optimal: true, columns: 0, rows: 0 }
    const rowOf = new Int32Array(c.cap.length).fill(-1)
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
          const leads = K.toLeads(c, pairs, (q) => sol[q]! > 0.5)
          return {
            leads,
            totalScore: leads.reduce((acc, l) => acc + l.score, 0),
            optimal: status === highs.constants.modelStatus.optimal,
            columns: pairs.length,
            rows: rowCap.length
          }
        }),
      catch: (e) => new ExactSolverFailed({ reason: e instanceof Error ? e.message : String(e) })
    })
  })
