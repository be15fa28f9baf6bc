/**
 * Benchmark RB1: json-rules-engine 7.3.1 vs naive closures vs Ringmaster on
 * the same generated rules and campaign snapshots, at 10, 100, 1,000 and
 * 10,000 rules. Every engine gets the same number of timed rounds (its best
 * is reported), and every result produced in a timed round is checked
 * against the naive closures' (computed beforehand, untimed): the run aborts
 * on the first disagreement. json-rules-engine, ~1,000x slower, is timed on a
 * prefix of the snapshots sized to its speed (printed). Prints rule
 * evaluations per second side by side.
 *
 *   npx tsx bench/rules.ts
 */
import { Effect } from "effect"
import { Engine } from "json-rules-engine"
import { performance } from "node:perf_hooks"
import { pathToFileURL } from "node:url"
import * as Compiler from "../src/rules/Compiler.ts"
import { compileNaive } from "./rules/naive.ts"
import { type BenchRule, generate, type Snapshot } from "./rules/workload.ts"

const SEED = 20240607
/**
 * Distinct snapshots per size. Many, so that a CPU's branch predictor cannot
 * learn the cycle at small rule counts (with 200, 10 rules looked 20x faster
 * than they are).
 */
const SNAPSHOTS = Number(process.env.RB1_SNAPSHOTS ?? 5_000)
/** Timed rounds per engine; each engine's best round is reported. */
const ROUNDS = Number(process.env.RB1_ROUNDS ?? 5)
/** Target length of one timed round of the fast engines (several passes over all snapshots). */
const ROUND_MS = 300
/**
 * Target length of one timed round of json-rules-engine: one pass over as many
 * of the snapshots (from the first) as fit, at least 20. It is three orders of
 * magnitude slower, so it cannot take all 5,000 in every round.
 */
const JRE_ROUND_MS = Number(process.env.RB1_JRE_ROUND_MS ?? 1_500)

const fail = (message: string): never => {
  console.error(`\nRB1 ABORTED: ${message}`)
  process.exit(1)
}

const key = (rules: ReadonlyArray<{ readonly id?: string; readonly name?: string; readonly priority?: number }>) =>
  rules.map((r) => `${r.priority}:${r.id ?? r.name}`).sort().join(",")

const sameRules = (a: ReadonlyArray<BenchRule>, b: ReadonlyArray<BenchRule>) =>
  a.length === b.length && a.every((r, j) => r === b[j])

/**
 * Times `passes` passes of `body` over `snapshots`, keeping every result; after
 * each pass (outside the timed region) every result is checked by `check`.
 * Returns evaluated snapshots per second.
 */
const timedRound = <A>(
  snapshots: ReadonlyArray<Snapshot>,
  passes: number,
  body: (s: Snapshot) => A,
  check: (result: A, index: number) => void
): number => {
  const results: Array<A> = new Array(snapshots.length)
  let elapsed = 0
  for (let pass = 0; pass < passes; pass++) {
    const start = performance.now()
    for (let i = 0; i < snapshots.length; i++) results[i] = body(snapshots[i]!)
    elapsed += performance.now() - start
    for (let i = 0; i < snapshots.length; i++) check(results[i]!, i)
  }
  return (passes * snapshots.length) / (elapsed / 1000)
}

const timedRoundAsync = async <A>(
  snapshots: ReadonlyArray<Snapshot>,
  body: (s: Snapshot) => Promise<A>,
  check: (result: A, index: number) => void
): Promise<number> => {
  const results: Array<A> = new Array(snapshots.length)
  const start = performance.now()
  for (let i = 0; i < snapshots.length; i++) results[i] = await body(snapshots[i]!)
  const elapsed = performance.now() - start
  for (let i = 0; i < snapshots.length; i++) check(results[i]!, i)
  return snapshots.length / (elapsed / 1000)
}

const fmt = (n: number) =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0)

export const runRulesBench = async (): Promise<void> => {
  console.log(`RB1 — campaign rules, seed ${SEED}, ${SNAPSHOTS} snapshots, node ${process.version}`)
  console.log(`rule evaluations per second (rules x snapshots / s); higher is better; each engine's best of ${ROUNDS} timed rounds\n`)
  const rows: Array<ReadonlyArray<string>> = []
  const notes: Array<string> = []
  let checkedTotal = 0
  const sizes = (process.env.RB1_SIZES ?? "10,100,1000,10000").split(",").map(Number)
  for (const ruleCount of sizes) {
    const { rules, snapshots } = generate(ruleCount, SNAPSHOTS, SEED + ruleCount)

    // --- json-rules-engine
    const engine = new Engine([], { allowUndefinedFacts: true })
    for (const r of rules) {
      engine.addRule({ name: r.id, priority: r.priority, conditions: structuredClone(r.conditions) as never, event: { type: r.id } })
    }
    const jre = async (s: Snapshot) => (await engine.run(s)).results.map((r) => ({ name: String(r.name), priority: r.priority ?? 1 }))

    // --- naive closures
    const naive = compileNaive(rules)

    // --- Ringmaster
    const compileStart = performance.now()
    const ruleSet = Effect.runSync(Compiler.compileRuleSet<BenchRule>(rules))
    const compileMs = performance.now() - compileStart
    const ringmaster = (s: Snapshot) => ruleSet.evaluate(s)

    // --- the reference every timed result is checked against: the naive closures, untimed
    const expected = snapshots.map((s) => naive(s))
    const expectedKeys = expected.map(key)
    const firedTotal = expected.reduce((n, fired) => n + fired.length, 0)
    let checked = 0
    const checkSync = (name: string) => (result: ReadonlyArray<BenchRule>, i: number) => {
      checked++
      if (!sameRules(result, expected[i]!)) fail(`${name} disagrees with the reference at ${ruleCount} rules, snapshot ${i}`)
    }
    const checkJre = (result: ReadonlyArray<{ name: string; priority: number }>, i: number) => {
      checked++
      if (key(result) !== expectedKeys[i]) fail(`json-rules-engine disagrees with the reference at ${ruleCount} rules, snapshot ${i}`)
    }

    // --- calibration (untimed): passes per round for the fast engines, snapshots per round for json-rules-engine
    const passesFor = (body: (s: Snapshot) => unknown) => {
      for (const s of snapshots) body(s) // warm-up
      const start = performance.now()
      for (const s of snapshots) body(s)
      return Math.max(1, Math.round(ROUND_MS / Math.max(1e-3, performance.now() - start)))
    }
    const naivePasses = passesFor(naive)
    const rmPasses = passesFor(ringmaster)
    const probe = snapshots.slice(0, 20)
    for (const s of probe) await jre(s) // warm-up
    const probeStart = performance.now()
    for (const s of probe) await jre(s)
    const perSnapshot = (performance.now() - probeStart) / probe.length
    const jreCount = Math.min(snapshots.length, Math.max(20, Math.floor(JRE_ROUND_MS / perSnapshot)))
    const jreSnapshots = snapshots.slice(0, jreCount)

    // --- timed rounds: the same number for every engine, alternated so that a noisy
    // neighbour on a shared machine penalises none of them; each keeps its best round
    let jreRate = 0
    let naiveRate = 0
    let rmRate = 0
    for (let round = 0; round < ROUNDS; round++) {
      jreRate = Math.max(jreRate, (await timedRoundAsync(jreSnapshots, jre, checkJre)) * ruleCount)
      naiveRate = Math.max(naiveRate, timedRound(snapshots, naivePasses, naive, checkSync("the naive closures")) * ruleCount)
      rmRate = Math.max(rmRate, timedRound(snapshots, rmPasses, ringmaster, checkSync("Ringmaster")) * ruleCount)
    }
    checkedTotal += checked
    if (jreCount < snapshots.length) {
      notes.push(
        `${ruleCount} rules: json-rules-engine timed on the first ${jreCount} of ${snapshots.length} snapshots per round (all of them would take ~${
          ((perSnapshot * snapshots.length) / 1000).toFixed(0)
        } s a round)`
      )
    }
    rows.push([
      String(ruleCount),
      fmt(jreRate),
      fmt(naiveRate),
      fmt(rmRate),
      `${(rmRate / jreRate).toFixed(0)}x`,
      `${(rmRate / naiveRate).toFixed(2)}x`,
      (firedTotal / snapshots.length).toFixed(1),
      `${compileMs.toFixed(0)} ms`
    ])
    console.log(`  ${ruleCount} rules done`)
  }
  const header = ["rules", "json-rules-engine", "naive closures", "Ringmaster", "RM / JRE", "RM / naive", "fired/snap", "compile"]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |"
  console.log()
  console.log(line(header))
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|")
  for (const r of rows) console.log(line(r))
  console.log()
  for (const note of notes) console.log(`Note: ${note}; rates are per rule evaluation, so they compare.`)
  console.log(
    `Every engine had ${ROUNDS} timed rounds; all three fired the same rules on every timed evaluation (${checkedTotal.toLocaleString("en-US")} checked).`
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRulesBench()
}
