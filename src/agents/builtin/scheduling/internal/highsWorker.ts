/**
 * A worker_threads entry that solves one HiGHS model off the main thread.
 * Loaded by `Exact.solveInWorker`; kept free of non-erasable TypeScript so
 * Node runs it directly (type stripping) in the source tree.
 *
 * @internal
 */
import { parentPort, workerData } from "node:worker_threads"
import * as H from "highs"

type Loader = () => Promise<H.Highs>

export interface Request {
  readonly numCols: number
  readonly numRows: number
  readonly offset: number
  readonly colCost: ReadonlyArray<number>
  readonly colUpper: ReadonlyArray<number>
  readonly rowLower: ReadonlyArray<number>
  readonly rowUpper: ReadonlyArray<number>
  readonly starts: ReadonlyArray<number>
  readonly indices: ReadonlyArray<number>
  readonly values: ReadonlyArray<number>
  readonly integrality: ReadonlyArray<0 | 1>
  readonly timeLimitSeconds: number
}

export type Response =
  | { readonly _tag: "Solved"; readonly status: number; readonly colValue: ReadonlyArray<number>; readonly objective: number }
  | { readonly _tag: "Failed"; readonly reason: string }

/** Solves a request with a loaded HiGHS, in whatever thread calls it. */
export const solveRequest = (highs: H.Highs, r: Request): Response =>
  highs.withModel((model): Response => {
    model.options.set({ output_flag: false, time_limit: r.timeLimitSeconds, mip_rel_gap: 0 })
    model.passModel({
      numCols: r.numCols,
      numRows: r.numRows,
      sense: highs.constants.objectiveSense.minimize,
      offset: r.offset,
      colCost: r.colCost,
      colLower: r.colCost.map(() => 0),
      colUpper: r.colUpper,
      rowLower: r.rowLower,
      rowUpper: r.rowUpper,
      matrix: { format: "csr", numRows: r.numRows, numCols: r.numCols, starts: r.starts, indices: r.indices, values: r.values },
      integrality: r.integrality
    })
    const run = model.run()
    const status = run.modelStatus
    if (status !== 7 && status !== 13) return { _tag: "Failed", reason: `HiGHS model status ${status}` }
    return { _tag: "Solved", status, colValue: Array.from(model.getSolution().colValue), objective: model.getObjectiveValue() }
  })

export const load = (): Promise<H.Highs> => (H.default as unknown as Loader)()

/** marks the workers `Exact.solveInWorker` starts, so importing this module elsewhere does nothing */
export const marker = "ringmaster/scheduling/highsWorker"

const port = parentPort
if (port !== null && workerData === marker) {
  port.on("message", (r: Request) => {
    load().then(
      (highs) => {
        try {
          port.postMessage(solveRequest(highs, r))
        } catch (e) {
          port.postMessage({ _tag: "Failed", reason: e instanceof Error ? e.message : String(e) } satisfies Response)
        }
      },
      (e: unknown) => port.postMessage({ _tag: "Failed", reason: `loading HiGHS: ${String(e)}` } satisfies Response)
    )
  })
}
