/**
 * bench/agents: the issue 9 engines at the sizes the issue names, on
 * generated events with fixed seeds (repeatable):
 *
 * - recommendation: 10,000 attendees over 500 sessions (50 slots of 10),
 *   `Ranker.rank`; peer: `Metrics.popularityBaseline` (popularity only, same
 *   hard filters). Quality: mean precision@5 and nDCG@10 against the
 *   generator's planted truth.
 * - networking: 10,000 attendees, `Matcher.matchSync` (greedy b-matching +
 *   local improvement); peer: the greedy alone (`improve: false`). Quality:
 *   total pair score, matches, recall of the eligible planted pairs.
 * - scheduling: 200 talks in 10 rooms over 3 days (6 sessions of 5 slots,
 *   1,000 attendees), `Solver.solveSync` with the default iteration count;
 *   peer: the greedy construction alone (`iterations: 0`: no feasibility
 *   walk, no annealing, so it may leave talks unplaced). Quality: hard
 *   violations (the solver's must be 0, or this bench exits 1), unplaced
 *   talks, soft cost (the planted layout's soft cost is printed for scale).
 *
 * Every row runs in its own child process (`bench/internal/childRunner.ts`),
 * so its peak memory is that process's `resourceUsage().maxRSS`: Node
 * itself, the generated input and the engine's working set. The RSS just before the first timed run (after
 * generation and a forced GC) is printed next to it; the difference is what
 * the engine added on top (approximately: maxRSS is a high-water mark). The
 * peak is read after the first run, before any repeated timing runs. The
 * engines are synchronous, so the heap cannot be sampled while they run.
 *
 * Wall time is best of up to `AGENTS_RUNS` (default 3) runs when the first
 * run takes under `AGENTS_CHEAP_MS` (default 3,000), else the one run; the `runs` column says
 * which. The pure synchronous kernels are timed (what the Effect wrappers
 * `Ranker.recommend`, `Matcher.match` and `Solver.solve` call after input
 * decoding/validation); generating the input is not timed.
 *
 *   npx tsx bench/agents.ts           # all rows
 *   npx tsx bench/agents.ts --child <row>   # one row, prints a JSON result line
 */
import { fileURLToPath } from "node:url"
import * as NetworkingGenerator from "../src/agents/builtin/networking/Generator.ts"
import * as Matcher from "../src/agents/builtin/networking/Matcher.ts"
import * as RecommendationGenerator from "../src/agents/builtin/recommendation/Generator.ts"
import * as Metrics from "../src/agents/builtin/recommendation/Metrics.ts"
import * as Ranker from "../src/agents/builtin/recommendation/Ranker.ts"
import * as SchedulingGenerator from "../src/agents/builtin/scheduling/Generator.ts"
import * as SchedulingScore from "../src/agents/builtin/scheduling/Score.ts"
import * as Solver from "../src/agents/builtin/scheduling/Solver.ts"
import * as Harness from "./internal/childRunner.ts"

const TIMING = Harness.timingFromEnv("AGENTS")
const { n, workload } = Harness

/** Sizes and seeds. */
const REC = { seed: 1, slots: 50, parallel: 10, attendees: 10_000 } as const
const REC_LIMIT = 10
const NET = { seed: 3, attendees: 10_000 } as const
/** seed 8 at fill 0.77 plants exactly 200 talks in 10 rooms × 30 slots. */
const SCHED = { seed: 8, sessions: 6, slotsPerSession: 5, rooms: 10, tracks: 10, attendees: 1_000, fill: 0.77 } as const
const SCHED_SOLVER_SEED = 7

type Workload<I, O> = Harness.Workload<I, O>

type RecEvent = RecommendationGenerator.GeneratedEvent
const recSize = (e: RecEvent) => `${n(e.input.attendees.length)} attendees × ${n(e.input.sessions.length)} sessions`
const recQuality = (e: RecEvent, rankings: ReadonlyMap<string, ReadonlyArray<string>>) => {
  const m = Metrics.evaluate(rankings, e.truth.relevant, { precisionK: 5, ndcgK: 10 })
  return { text: `P@5 ${m.precision.toFixed(3)}, nDCG@10 ${m.ndcg.toFixed(3)}`, figures: { precision: m.precision, ndcg: m.ndcg } }
}

type NetInstance = NetworkingGenerator.Instance
const netSize = (i: NetInstance) => `${n(i.input.attendees.length)} attendees`
const netQuality = (i: NetInstance, o: ReturnType<typeof Matcher.matchSync>) => {
  const matched = new Set(o.matches.map((m) => (m.a < m.b ? `${m.a}|${m.b}` : `${m.b}|${m.a}`)))
  const found = i.eligiblePlanted.filter((p) => matched.has(p.a < p.b ? `${p.a}|${p.b}` : `${p.b}|${p.a}`)).length
  const recall = i.eligiblePlanted.length > 0 ? found / i.eligiblePlanted.length : 0
  return {
    text: `total ${n(o.totalScore, 1)}, ${n(o.matches.length)} matches, planted recall ${(100 * recall).toFixed(1)}%`,
    figures: { total: o.totalScore, matches: o.matches.length, candidatePairs: o.stats.candidatePairs, eligible: o.stats.eligible }
  }
}

type SchedInstance = SchedulingGenerator.Instance
const schedSize = (i: SchedInstance) =>
  `${n(i.problem.talks.length)} talks, ${i.problem.rooms.length} rooms, 3 days (${i.problem.sessions.reduce((a, s) => a + s.slots.length, 0)} slots)`
const schedQuality = (mustBeFeasible: boolean) => (i: SchedInstance, s: Solver.Schedule) => {
  const planted = SchedulingScore.evaluate(i.problem, i.planted)
  const bad = s.score.hardTotal !== 0 || s.unplaced.length !== 0
  return {
    text: `hard ${s.score.hardTotal}, unplaced ${s.unplaced.length}, soft ${n(s.score.softTotal, 1)} (planted ${n(planted.softTotal, 1)}), ${n(s.iterations)} iterations`,
    figures: { hard: s.score.hardTotal, unplaced: s.unplaced.length, soft: s.score.softTotal, plantedSoft: planted.softTotal },
    ...(mustBeFeasible && bad ? { failure: `scheduling: ${s.score.hardTotal} hard violations, ${s.unplaced.length} unplaced (must be 0)` } : {})
  }
}

const toRankings = (o: ReturnType<typeof Ranker.rank>) =>
  new Map(o.attendees.map((a) => [a.attendeeId, a.recommendations.map((r) => r.sessionId)] as const))

const schedGenerate = () => SchedulingGenerator.make(SCHED)

const workloads: Record<string, Workload<unknown, unknown>> = {
  "rec": workload({
    title: "recommendation: Ranker.rank",
    generate: () => RecommendationGenerator.make(REC),
    size: recSize,
    run: (e: RecEvent) => Ranker.rank(e.input),
    quality: (e, o) => recQuality(e, toRankings(o))
  }),
  "rec-peer": workload({
    title: "  peer: popularity only",
    generate: () => RecommendationGenerator.make(REC),
    size: recSize,
    run: (e: RecEvent) => Metrics.popularityBaseline(e.input, REC_LIMIT),
    quality: recQuality
  }),
  "net": workload({
    title: "networking: greedy + improvement",
    generate: () => NetworkingGenerator.make(NET),
    size: netSize,
    run: (i: NetInstance) => Matcher.matchSync(i.input),
    quality: netQuality
  }),
  "net-peer": workload({
    title: "  peer: greedy only",
    generate: () => NetworkingGenerator.make(NET),
    size: netSize,
    run: (i: NetInstance) => Matcher.matchSync(i.input, { improve: false }),
    quality: netQuality
  }),
  "sched": workload({
    title: "scheduling: Solver.solveSync",
    generate: schedGenerate,
    size: schedSize,
    run: (i: SchedInstance) => Solver.solveSync(i.problem, { seed: SCHED_SOLVER_SEED }),
    quality: schedQuality(true)
  }),
  "sched-peer": workload({
    title: "  peer: construction (iterations 0)",
    generate: schedGenerate,
    size: schedSize,
    run: (i: SchedInstance) => Solver.solveSync(i.problem, { seed: SCHED_SOLVER_SEED, iterations: 0 }),
    quality: schedQuality(false)
  })
}

const main = (): void => {
  console.log("bench/agents: issue 9 engines on generated events (fixed seeds), one child process per row")
  console.log(`wall: best of up to ${TIMING.runs} when a run is under ${n(TIMING.cheapMs)} ms, else one run; peak = child maxRSS after the first run (Node + input + engine)\n`)
  const results = Harness.runAll(fileURLToPath(import.meta.url), workloads, { title: 36, size: 44, wall: 8 })
  const get = (row: string) => results.get(row)!
  const rec = get("rec"), recPeer = get("rec-peer")
  const net = get("net"), netPeer = get("net-peer")
  const sched = get("sched"), schedPeer = get("sched-peer")
  console.log("\nagainst the named peer (engine / peer):")
  console.log(
    `  recommendation  vs popularity only:        time ${(rec.bestMs / recPeer.bestMs).toFixed(2)}x, precision@5 ${(rec.figures.precision! / recPeer.figures.precision!).toFixed(2)}x, nDCG@10 ${(rec.figures.ndcg! / recPeer.figures.ndcg!).toFixed(2)}x`
  )
  console.log(
    `  networking      vs greedy only:            time ${(net.bestMs / netPeer.bestMs).toFixed(2)}x, total score ${((100 * (net.figures.total! - netPeer.figures.total!)) / netPeer.figures.total!).toFixed(1)}% higher (${n(net.figures.candidatePairs!)} candidate pairs, ${n(net.figures.eligible!)} eligible)`
  )
  console.log(
    `  scheduling      vs greedy construction:    time ${(sched.bestMs / schedPeer.bestMs).toFixed(1)}x, soft cost ${n(sched.figures.soft!, 1)} vs ${n(schedPeer.figures.soft!, 1)} (${((100 * (sched.figures.soft! - schedPeer.figures.soft!)) / schedPeer.figures.soft!).toFixed(1)}%), unplaced ${sched.figures.unplaced} vs ${schedPeer.figures.unplaced}`
  )
  console.log(`\ninput generation (untimed above): ${[...results.values()].filter((r) => !r.row.endsWith("-peer")).map((r) => `${r.row} ${n(r.genMs)} ms`).join(", ")}`)
  Harness.exitOnFailures("bench/agents", results)
}

const child = Harness.childRow()
if (child !== undefined) Harness.runChild(workloads, child, TIMING)
else main()
