/**
 * The scheduling engine: a greedy construction (keeping a previous schedule
 * where it is still feasible) followed by simulated annealing with a seeded
 * PRNG. Hard constraints are never broken: a talk that cannot be placed
 * without breaking one stays unplaced and is reported as a conflict in
 * pretalx's terms. Track chairs are a soft constraint (`chairConflict`): a
 * chair who must present elsewhere, or is unavailable, while a talk of their
 * track runs costs its weight, since making it hard would leave many real
 * programmes infeasible.
 *
 * Pure: no database, no wall clock unless a time limit is asked for (then
 * read through `Clock`). The same problem, seed and iteration count give the
 * same schedule.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import * as Anneal from "./internal/anneal.ts"
import type { Model } from "./internal/model.ts"
import { compile } from "./internal/model.ts"
import * as Prng from "../internal/prng.ts"
import type { Problem } from "./Problem.ts"
import { Assignment } from "./Problem.ts"
import { decode } from "./Problem.ts"
import type { InvalidProblem } from "./SchedulingError.ts"
import * as Score from "./Score.ts"

/**
 * Why a talk could not be placed, in pretalx's warning terms:
 * `outside_availability` (no room is available long enough when it could
 * run), `speaker_unavailable` (a presenter is unavailable at every possible
 * time), `room_overlap` (possible times exist, but the rooms are taken by other
 * talks), `speaker_double_booked` (a presenter gives other talks at every
 * possible time), plus `capacity` (no room is big enough) and `unplaced` (the
 * talk is longer than any session block).
 *
 * @since 0.1.0
 * @category models
 */
export const ConflictKind = Schema.Literals([
  "outside_availability",
  "speaker_unavailable",
  "room_overlap",
  "speaker_double_booked",
  "capacity",
  "unplaced"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ConflictKind = typeof ConflictKind.Type

/**
 * An unavoidable conflict: a talk left unplaced and why; `others` are the
 * talks or presenters involved.
 *
 * @since 0.1.0
 * @category models
 */
export const Conflict = Schema.Struct({
  kind: ConflictKind,
  talk: Schema.String,
  others: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Conflict = typeof Conflict.Type

/**
 * A placed talk with every slot it occupies.
 *
 * @since 0.1.0
 * @category models
 */
export const Placement = Schema.Struct({
  ...Assignment.fields,
  slots: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Placement = typeof Placement.Type

/**
 * The solver's answer: placements, unplaced talks, their conflicts and the
 * score breakdown (from `Score.evaluate`); a Schema, so the answer can be
 * encoded to JSON and checked on the way back.
 *
 * @since 0.1.0
 * @category models
 */
export const Schedule = Schema.Struct({
  assignments: Schema.Array(Placement),
  unplaced: Schema.Array(Schema.String),
  conflicts: Schema.Array(Conflict),
  score: Score.Breakdown,
  iterations: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export type Schedule = typeof Schedule.Type

/**
 * Solver options: `seed` for the PRNG, `iterations` of search (default
 * 600 per talk, at least 60,000; ~1 s for 200 talks in 10 rooms), and an
 * optional `timeLimitMillis` read through `Clock` (a time limit makes the
 * result depend on the machine's speed).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed: number
  readonly iterations?: number
  readonly timeLimitMillis?: number
}

/**
 * Solves synchronously: the pure kernel without Effect. `now` is only used
 * with `timeLimitMillis`.
 *
 * @since 0.1.0
 * @category solving
 */
export const solveSync = (problem: Problem, options: Options, now?: () => number): Schedule => {
  const m = compile(problem)
  const limit = options.timeLimitMillis
  const deadline = limit !== undefined && now !== undefined ? now() + limit : undefined
  const result = Anneal.run(m, {
    iterations: options.iterations ?? Math.max(60_000, 600 * problem.talks.length),
    prng: Prng.make(options.seed),
    ...(deadline !== undefined && now !== undefined ? { expired: () => now() >= deadline } : {})
  })
  return toSchedule(m, result.pos, result.iterations)
}

/**
 * Solves a decoded problem (see `Problem.decode`).
 *
 * @since 0.1.0
 * @category solving
 */
export const solve = (problem: Problem, options: Options): Effect.Effect<Schedule> =>
  Effect.gen(function*() {
    const clock = yield* Clock.Clock
    return solveSync(problem, options, () => clock.currentTimeMillisUnsafe())
  })

/**
 * Decodes unknown JSON with `Problem.decode`, then solves it.
 *
 * @since 0.1.0
 * @category solving
 */
export const solveJson = (input: unknown, options: Options): Effect.Effect<Schedule, InvalidProblem> =>
  Effect.flatMap(decode(input), (problem) => solve(problem, options))

/**
 * Turns kernel positions into a schedule with conflicts and a score.
 *
 * @internal
 */
const toSchedule = (m: Model, pos: Int32Array, iterations: number): Schedule => {
  const problem = m.problem
  const assignments: Array<Placement> = []
  const unplaced: Array<string> = []
  for (let t = 0; t < m.nTalks; t++) {
    const code = pos[t]!
    const talk = problem.talks[t]!
    if (code < 0) {
      unplaced.push(talk.id)
      continue
    }
    const r = Math.floor(code / m.nSlots)
    const s = code % m.nSlots
    assignments.push({
      talk: talk.id,
      room: problem.rooms[r]!.id,
      slot: m.slotIds[s]!,
      slots: m.slotIds.slice(s, s + talk.duration)
    })
  }
  const state = new Anneal.State(m)
  for (let t = 0; t < m.nTalks; t++) if (pos[t]! >= 0) state.place(t, pos[t]!)
  const conflicts = unplaced.map((id) => diagnose(m, state, m.talkIndex.get(id)!))
  return { assignments, unplaced, conflicts, score: Score.evaluate(problem, assignments), iterations }
}

const diagnose = (m: Model, state: Anneal.State, t: number): Conflict => {
  const talk = m.problem.talks[t]!
  const d = m.duration[t]!
  const rooms: Array<number> = []
  for (let r = 0; r < m.nRooms; r++) if (m.roomCapacity[r]! >= talk.audience) rooms.push(r)
  if (rooms.length === 0) return { kind: "capacity", talk: talk.id, others: [] }
  const windows: Array<number> = []
  for (let s = 0; s < m.nSlots; s++) if (s + d <= m.blockEnd[m.slotBlock[s]!]!) windows.push(s)
  if (windows.length === 0) return { kind: "unplaced", talk: talk.id, others: [] }
  const roomFree: Array<number> = []
  for (const r of rooms) {
    for (const s of windows) {
      let ok = true
      for (let q = s; q < s + d; q++) if (m.roomUnavailable[r * m.nSlots + q] === 1) ok = false
      if (ok) roomFree.push(r * m.nSlots + s)
    }
  }
  if (roomFree.length === 0) return { kind: "outside_availability", talk: talk.id, others: [] }
  if (m.candidates[t]!.length === 0) {
    const away = new Set<string>()
    const ids = Array.from(m.personIndex.keys())
    for (const p of m.presenters[t]!) {
      for (let q = 0; q < m.nSlots; q++) if (m.personUnavailable[p * m.nSlots + q] === 1) away.add(ids[p]!)
    }
    return { kind: "speaker_unavailable", talk: talk.id, others: Array.from(away) }
  }
  // statically possible, blocked by other talks: presenters busy at every candidate time, or rooms taken
  let presentersFreeSomewhere = false
  const roomBlockers = new Set<string>()
  const speakerBlockers = new Set<string>()
  for (const c of m.candidates[t]!) {
    const s = c % m.nSlots
    let busy = false
    for (let q = s; q < s + d; q++) {
      for (const p of m.presenters[t]!) {
        const o = state.personOcc[p * m.nSlots + q]!
        if (o !== -1) {
          busy = true
          speakerBlockers.add(m.problem.talks[o]!.id)
        }
      }
    }
    if (!busy) {
      presentersFreeSomewhere = true
      for (const o of state.blockers(t, c)) roomBlockers.add(m.problem.talks[o]!.id)
    }
  }
  return presentersFreeSomewhere
    ? { kind: "room_overlap", talk: talk.id, others: Array.from(roomBlockers) }
    : { kind: "speaker_double_booked", talk: talk.id, others: Array.from(speakerBlockers) }
}

/**
 * The talks whose placement differs between two schedules (moved, placed or
 * unplaced).
 *
 * @since 0.1.0
 * @category utils
 */
export const changes = (before: ReadonlyArray<Assignment>, after: ReadonlyArray<Assignment>): Array<string> => {
  const key = (a: Assignment) => `${a.room}\u0000${a.slot}`
  const b = new Map(before.map((a) => [a.talk, key(a)] as const))
  const a = new Map(after.map((x) => [x.talk, key(x)] as const))
  const out: Array<string> = []
  for (const t of new Set([...b.keys(), ...a.keys()])) if (b.get(t) !== a.get(t)) out.push(t)
  return out.sort()
}
