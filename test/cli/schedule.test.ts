/**
 * `ringmaster schedule problem.json`, run as a user runs it (the bin in a
 * child process), with no database: on the shipped example it places every
 * talk with no hard violation, prints the summary, and writes (or prints) the
 * same schedule the engine computes in-process for that seed and iteration
 * count; the example is what `examples/scheduling/generate.ts` writes; a file
 * that is not JSON, a problem that does not decode and one that refers to
 * something it does not define each fail with one line naming what is wrong,
 * and exit 1.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Problem from "../../src/agents/builtin/scheduling/Problem.ts"
import * as Score from "../../src/agents/builtin/scheduling/Score.ts"
import * as Solver from "../../src/agents/builtin/scheduling/Solver.ts"

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const tsx = (args: ReadonlyArray<string>) =>
  Effect.promise(() =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", ...args], { timeout: 90_000 })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.on("close", (code) => resolve({ code, stdout, stderr }))
    })
  )

const ringmaster = (...args: ReadonlyArray<string>) => tsx(["bin/ringmaster.ts", ...args])

const example = "examples/scheduling/problem.json"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "ringmaster-schedule-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A failure as the CLI must report it: exit 1, one line on stderr matching `pattern`. */
const assertOneLineFailure = (run: Run, pattern: RegExp) => {
  assert.strictEqual(run.code, 1, `stdout: ${run.stdout}\nstderr: ${run.stderr}`)
  const lines = run.stderr.trimEnd().split("\n")
  assert.strictEqual(lines.length, 1, `one line on stderr, got:\n${run.stderr}`)
  assert.match(lines[0]!, pattern)
}

describe("ringmaster schedule", () => {
  it.effect("solves the example: every talk placed, no hard violation, the in-process schedule, written with --out", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const out = join(dir, "schedule.json")
      const run = yield* ringmaster("schedule", example, "--seed", "5", "--iterations", "4000", "--out", out)
      assert.strictEqual(run.code, 0, run.stderr)
      const problem = yield* Problem.decode(JSON.parse(readFileSync(example, "utf8")))
      const written = yield* Schema.decodeUnknownEffect(Solver.Schedule)(JSON.parse(readFileSync(out, "utf8")))
      // the reference: the same engine in this process, same problem, seed and iterations (deterministic)
      const expected = Solver.solveSync(problem, { seed: 5, iterations: 4000 })
      assert.deepStrictEqual(written, expected)
      // and its score re-computed from the assignments alone
      const score = Score.evaluate(problem, written.assignments)
      assert.strictEqual(score.hardTotal, 0)
      assert.strictEqual(written.unplaced.length, 0)
      assert.deepStrictEqual(score, written.score)
      assert.include(run.stdout, `Placed ${problem.talks.length} of ${problem.talks.length} talks in 3 rooms`)
      assert.include(run.stdout, "Solver: seed 5, 4,000 iterations")
      assert.include(run.stdout, "Hard-constraint violations: 0")
      const soft = /Soft cost: ([\d.]+)/.exec(run.stdout)
      assert.closeTo(Number(soft?.[1]), written.score.softTotal, 0.005)
      assert.include(run.stdout, `Schedule written to ${out}`)
    }).pipe(Effect.scoped), 120_000)

  it.effect("without --out prints the schedule JSON on stdout and the summary on stderr", () =>
    Effect.gen(function*() {
      const run = yield* ringmaster("schedule", example, "--iterations", "2000")
      assert.strictEqual(run.code, 0, run.stderr)
      const printed = yield* Schema.decodeUnknownEffect(Solver.Schedule)(JSON.parse(run.stdout))
      assert.strictEqual(printed.iterations, 2000)
      assert.match(run.stderr, /^Placed \d+ of \d+ talks/)
    }), 120_000)

  it.effect("the shipped example is what examples/scheduling/generate.ts writes", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const out = join(dir, "problem.json")
      const run = yield* tsx(["examples/scheduling/generate.ts", out])
      assert.strictEqual(run.code, 0, run.stderr)
      assert.strictEqual(readFileSync(out, "utf8"), readFileSync(example, "utf8"))
    }).pipe(Effect.scoped), 120_000)

  it.effect("fails with one line naming the problem for bad JSON, a field that does not decode, and a dangling reference", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const notJson = join(dir, "not-json.json")
      writeFileSync(notJson, "{\"sessions\": [")
      const problem = JSON.parse(readFileSync(example, "utf8")) as { talks: Array<Record<string, unknown>> }
      const badField = join(dir, "bad-field.json")
      writeFileSync(badField, JSON.stringify({ ...problem, talks: problem.talks.map((t, i) => (i === 3 ? { ...t, duration: 0 } : t)) }))
      const dangling = join(dir, "dangling.json")
      writeFileSync(dangling, JSON.stringify({ ...problem, talks: problem.talks.map((t, i) => (i === 0 ? { ...t, track: "Quantum" } : t)) }))
      const [a, b, c, d] = yield* Effect.all([
        ringmaster("schedule", notJson),
        ringmaster("schedule", badField),
        ringmaster("schedule", dangling),
        ringmaster("schedule", example, "--iterations", "-5")
      ], { concurrency: "unbounded" })
      assertOneLineFailure(a, /^ringmaster: invalid scheduling problem: .*not-json\.json is not JSON/)
      assertOneLineFailure(b, /bad-field\.json: .*greater than or equal to 1.*\["talks"\]\[3\]\["duration"\]/)
      assertOneLineFailure(c, /dangling\.json: talk ".+": unknown track "Quantum"/)
      assertOneLineFailure(d, /--iterations must be at least 0, got -5/)
    }).pipe(Effect.scoped), 120_000)
})
