import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import * as Exact from "../../src/agents/builtin/scheduling/Exact.ts"
import * as Generator from "../../src/agents/builtin/scheduling/Generator.ts"
import type * as Problem from "../../src/agents/builtin/scheduling/Problem.ts"
import * as Score from "../../src/agents/builtin/scheduling/Score.ts"
import * as Solver from "../../src/agents/builtin/scheduling/Solver.ts"

// Small instances: 2 sessions x 3 slots, 2 rooms, 3 tracks, 12 attendees (7-12 talks).
// HiGHS proves the optimum in well under a second each on these.
const small = (seed: number) =>
  Generator.make({ seed, sessions: 2, slotsPerSession: 3, rooms: 2, tracks: 3, attendees: 12, interests: [2, 4] })

describe("scheduling: exact MIP (HiGHS)", () => {
  it.effect("the MIP optimum is a feasible schedule whose Score equals HiGHS's objective", () =>
    Effect.gen(function*() {
      for (const seed of [1, 2]) {
        const { problem } = small(seed)
        const exact = yield* Exact.solve(problem, { timeLimitSeconds: 20 })
        assert.isTrue(exact.optimal)
        const score = Score.evaluate(problem, exact.assignments)
        assert.strictEqual(score.hardTotal, 0)
        assert.strictEqual(score.hard.unplaced, 0)
        assert.closeTo(score.softTotal, exact.objective, 1e-6)
      }
    }))

  it.effect("gap: the annealer is within 5% of the HiGHS optimum on small instances (measured: 0% on seeds 1,2,3,5)", () =>
    Effect.gen(function*() {
      for (const seed of [1, 2, 3, 5]) {
        const { problem } = small(seed)
        const exact = yield* Exact.solve(problem, { timeLimitSeconds: 20 })
        const heuristic = yield* Solver.solve(problem, { seed: 7, iterations: 20_000 })
        assert.isTrue(exact.optimal)
        assert.strictEqual(heuristic.score.hardTotal, 0)
        assert.deepStrictEqual(heuristic.unplaced, [])
        // never better than the optimum (else the MIP or the score is wrong)
        assert.isAtLeast(heuristic.score.softTotal, exact.objective - 1e-6)
        const gap = (heuristic.score.softTotal - exact.objective) / Math.max(1, exact.objective)
        assert.isAtMost(gap, 0.05, `seed ${seed}: heuristic ${heuristic.score.softTotal}, optimum ${exact.objective}`)
      }
    }))

  it.effect("solveInWorker gives the same optimum as solve, with HiGHS off the calling thread", () =>
    Effect.gen(function*() {
      const { problem } = small(2)
      const here = yield* Exact.solve(problem, { timeLimitSeconds: 20 })
      const there = yield* Exact.solveInWorker(problem, { timeLimitSeconds: 20 })
      assert.isTrue(there.optimal)
      assert.closeTo(there.objective, here.objective, 1e-6)
      assert.strictEqual(Score.evaluate(problem, there.assignments).hardTotal, 0)
      const infeasible = yield* Effect.flip(Exact.solveInWorker({
        sessions: [{ id: "b1", slots: ["s1"] }],
        rooms: [{ id: "r1", capacity: 100 }],
        tracks: [{ id: "x" }],
        talks: [
          { id: "a", track: "x", duration: 1, audience: 10, presenters: ["p"] },
          { id: "b", track: "x", duration: 1, audience: 10, presenters: ["q"] }
        ]
      }))
      assert.strictEqual(infeasible._tag, "ExactSolverFailed")
    }))

  it.effect("an instance where not every talk fits fails with ExactSolverFailed, or leaves the fewest talks out with allowUnplaced", () =>
    Effect.gen(function*() {
      const problem: Problem.Problem = {
        sessions: [{ id: "b1", slots: ["s1"] }],
        rooms: [{ id: "r1", capacity: 100 }],
        tracks: [{ id: "x" }],
        talks: [
          { id: "a", track: "x", duration: 1, audience: 10, presenters: ["p"] },
          { id: "b", track: "x", duration: 1, audience: 10, presenters: ["q"] }
        ]
      }
      const exit = yield* Effect.exit(Exact.solve(problem, { timeLimitSeconds: 5 }))
      assert.isTrue(Exit.isFailure(exit))
      const err = yield* Effect.flip(Exact.solve(problem, { timeLimitSeconds: 5 }))
      assert.strictEqual(err._tag, "ExactSolverFailed")
      // allowing unplaced talks: the fewest are left out, as the annealer does
      const partial = yield* Exact.solve(problem, { timeLimitSeconds: 5, allowUnplaced: true })
      assert.strictEqual(partial.unplaced.length, 1)
      assert.strictEqual(partial.assignments.length, 1)
      const heuristic = yield* Solver.solve(problem, { seed: 1, iterations: 500 })
      assert.strictEqual(heuristic.unplaced.length, partial.unplaced.length)
      assert.closeTo(partial.objective, heuristic.score.softTotal, 1e-6)
    }))
})
