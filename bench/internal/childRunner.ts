/**
 * The harness bench/agents and bench/analytics share: every row runs in its
 * own child process, so its peak memory is that process's
 * `resourceUsage().maxRSS` (Node itself, the generated input and the work's
 * own working set).
 *
 * In the child: the input is generated (timed separately, not part of the
 * row's wall time), a GC is forced (`--expose-gc`) and the RSS read (`RSS
 * before`); then the work runs up to `runs` times, stopping after the first
 * run that takes `cheapMs` or more; the wall time is the best run. The peak is
 * read after the first run, before any repeated runs (repeated runs pile up
 * garbage the GC has not yet collected). The work is synchronous, so the heap
 * cannot be sampled while it runs; `peak − before` is approximately what the
 * work added (maxRSS is a high-water mark). The child prints one
 * `RESULT {json}` line, which the parent parses.
 *
 * @internal
 */
import { spawnSync } from "node:child_process"
import { performance } from "node:perf_hooks"

/** What a child reports for one row. @internal */
export interface RowResult {
  readonly row: string
  readonly size: string
  readonly bestMs: number
  readonly runs: number
  readonly genMs: number
  readonly rssBeforeMb: number
  readonly peakRssMb: number
  readonly quality: string
  readonly figures: Record<string, number>
  readonly failure?: string
}

/** A row's quality: the printed text, figures for the comparison lines, and a failure that makes the bench exit 1. @internal */
export interface Quality {
  readonly text: string
  readonly figures: Record<string, number>
  readonly failure?: string
}

/** One row: its title, how its input is generated (untimed), the timed work and how its output is scored. @internal */
export interface Workload<I, O> {
  readonly title: string
  readonly generate: () => I
  readonly size: (input: I) => string
  readonly run: (input: I) => O
  readonly quality: (input: I, output: O) => Quality
}

/** Erases a workload's input and output types so rows of different kinds share one table. @internal */
export const workload = <I, O>(w: Workload<I, O>): Workload<unknown, unknown> => w as unknown as Workload<unknown, unknown>

/** A number with thousands separators. @internal */
export const n = (x: number, digits = 0): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const mb = (bytes: number) => bytes / (1024 * 1024)

/** Timing policy: best of up to `runs` when a run is under `cheapMs`, else the one run. @internal */
export interface Timing {
  readonly runs: number
  readonly cheapMs: number
}

/** Reads the timing policy from `<PREFIX>_RUNS` (default 3) and `<PREFIX>_CHEAP_MS` (default 3,000). @internal */
export const timingFromEnv = (prefix: string): Timing => ({
  runs: Math.max(1, Number(process.env[`${prefix}_RUNS`] ?? 3)),
  cheapMs: Number(process.env[`${prefix}_CHEAP_MS`] ?? 3_000)
})

/** In the child: runs one row and prints its `RESULT` line. @internal */
export const runChild = (workloads: Record<string, Workload<unknown, unknown>>, row: string, timing: Timing): void => {
  const w = workloads[row]
  if (w === undefined) throw new Error(`unknown row ${row}`)
  const gc = (globalThis as { gc?: () => void }).gc
  const g0 = performance.now()
  const input = w.generate()
  const genMs = performance.now() - g0
  gc?.()
  const rssBeforeMb = mb(process.memoryUsage().rss)
  let best = Infinity
  let runs = 0
  let output: unknown
  let peakRssMb = 0
  while (runs < timing.runs) {
    output = undefined
    const start = performance.now()
    output = w.run(input)
    const elapsed = performance.now() - start
    runs++
    best = Math.min(best, elapsed)
    // the peak of the first run only: repeated runs pile up garbage the GC has not yet collected
    if (runs === 1) peakRssMb = process.resourceUsage().maxRSS / 1024 // kilobytes on every platform Node supports
    if (elapsed >= timing.cheapMs) break
  }
  const q = w.quality(input, output)
  const result: RowResult = {
    row,
    size: w.size(input),
    bestMs: best,
    runs,
    genMs,
    rssBeforeMb,
    peakRssMb,
    quality: q.text,
    figures: q.figures,
    ...(q.failure !== undefined ? { failure: q.failure } : {})
  }
  console.log(`RESULT ${JSON.stringify(result)}`)
}

/** In the parent: runs `script --child row ...args` in a fresh Node (with `--expose-gc`) and parses its result. @internal */
export const spawnRow = (script: string, row: string, args: ReadonlyArray<string> = []): RowResult => {
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script, "--child", row, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024
  })
  const line = child.stdout.split("\n").find((l) => l.startsWith("RESULT "))
  if (child.status !== 0 || line === undefined) {
    console.error(child.stdout)
    throw new Error(`row ${row}: child exited ${child.status}${child.signal !== null ? ` (${child.signal})` : ""}`)
  }
  return JSON.parse(line.slice("RESULT ".length)) as RowResult
}

/** Column widths of the printed table. @internal */
export interface Columns {
  readonly title: number
  readonly size: number
  readonly wall: number
}

/** The table's header line and its underline. @internal */
export const header = (c: Columns): string => {
  const h = `  ${"row".padEnd(c.title)} ${"instance".padEnd(c.size)} ${"wall ms".padStart(c.wall)} ${"runs".padEnd(9)} ${"RSS before".padStart(10)} ${"peak RSS".padStart(9)} ${"added".padStart(7)}  quality`
  return `${h}\n  ${"-".repeat(h.length - 2)}`
}

/** One row of the table. @internal */
export const line = (c: Columns, title: string, r: RowResult): string => {
  const runs = r.runs === 1 ? "one run" : `best of ${r.runs}`
  return `  ${title.padEnd(c.title)} ${r.size.padEnd(c.size)} ${n(r.bestMs).padStart(c.wall)} ${runs.padEnd(9)} ${`${n(r.rssBeforeMb)} MB`.padStart(10)} ${`${n(r.peakRssMb)} MB`.padStart(9)} ${`${n(r.peakRssMb - r.rssBeforeMb)} MB`.padStart(7)}  ${r.quality}`
}

/**
 * The parent's loop: spawns every row in order, prints each line as it
 * arrives (a long bench shows progress), and returns the results by row.
 *
 * @internal
 */
export const runAll = (
  script: string,
  workloads: Record<string, Workload<unknown, unknown>>,
  columns: Columns,
  args: ReadonlyArray<string> = []
): Map<string, RowResult> => {
  console.log(header(columns))
  const results = new Map<string, RowResult>()
  for (const [row, w] of Object.entries(workloads)) {
    const r = spawnRow(script, row, args)
    results.set(row, r)
    console.log(line(columns, w.title, r))
  }
  return results
}

/** The child's `--child <row>` argument, when this process is a child. @internal */
export const childRow = (): string | undefined => {
  const at = process.argv.indexOf("--child")
  return at > 0 ? (process.argv[at + 1] ?? "") : undefined
}

/** Prints the rows' failures and exits 1 when there are any. @internal */
export const exitOnFailures = (bench: string, results: ReadonlyMap<string, RowResult>): void => {
  const failures = [...results.values()].flatMap((r) => (r.failure !== undefined ? [r.failure] : []))
  if (failures.length > 0) {
    for (const f of failures) console.error(`\n${bench} FAILED: ${f}`)
    process.exit(1)
  }
}
