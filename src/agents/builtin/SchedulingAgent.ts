/**
 * The `scheduling` agent type: assigns an event's sessions to rooms and times
 * and writes the programme to `sessions` (`room_id`, `starts_at`, `ends_at`,
 * `status`).
 *
 * It reads the event, its sessions, rooms, tracks, `session_speakers` and
 * `session_attendees`, builds a scheduling `Problem` (`scheduling/EventProblem.ts`
 * says what maps to what and what is not represented), and solves it with the
 * pure engine (`scheduling/Solver.ts`: greedy construction, feasibility walk,
 * simulated annealing). The sessions' current rooms and times are the
 * solver's `previous` schedule, so a re-run after one change moves few
 * sessions (each move costs `weights.moved`).
 *
 * **The slot grid** is what an organiser states: opening hours repeated on
 * every day of the event (default 09:00–12:30 and 13:30–17:30, so lunch stays
 * free) in the event's time zone, cut into slots of `slotMinutes` (default
 * 30); or explicit blocks for programmes whose days differ. The
 * configuration's `grid` is the default; an event's `settings.scheduling.grid`
 * wins over it (one agent serves events with different hours). Speaker and
 * room unavailability are intervals in `settings.scheduling.unavailable`
 * (the schema has no availability table).
 *
 * **Writes**, in live mode, in one transaction (`storage.transaction`, a
 * savepoint inside the registry's own run transaction): each session whose
 * place changed gets its room, times and status `scheduled`; a session that
 * can no longer be placed without breaking a hard constraint is unscheduled
 * (room and times cleared, status `confirmed`) rather than left where it
 * breaks one, and is reported as a conflict in pretalx's terms. The version
 * is recorded as one `ai_insights` row (`operational_efficiency`):
 * `insight_data` holds the whole schedule (so a later run can diff against
 * it with `Input.against`), the diff, the score and the solver's settings;
 * `actionable_items` tell the organiser whom to notify of each move;
 * `impact_score` is the share of sessions that changed. An insight rather
 * than `ai_predictions` (numeric forecasts with a horizon) or only the run's
 * output (the registry keeps latency and outcome, not outputs): it is per
 * event, names the agent, and its actionable items are what follows a
 * reshuffle. In shadow mode (the agent is `training`) it solves and reports
 * but writes nothing.
 *
 * The solver is synchronous CPU work bounded by `iterations` (default 600 per
 * talk, at least 60,000: about a second for 200 talks) or `timeLimitMillis`;
 * the handler yields before it so other fibres run first.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import * as Action from "../../actions/Action.ts"
import { Events } from "../../storage/schema/events/Events.ts"
import { Rooms } from "../../storage/schema/events/Rooms.ts"
import { SessionAttendees } from "../../storage/schema/events/SessionAttendees.ts"
import { Sessions } from "../../storage/schema/events/Sessions.ts"
import { SessionSpeakers } from "../../storage/schema/events/SessionSpeakers.ts"
import { Tracks } from "../../storage/schema/events/Tracks.ts"
import { AiInsights } from "../../storage/schema/eventsAi/AiInsights.ts"
import { Storage } from "../../storage/Storage.ts"
import * as Agent from "../Agent.ts"
import * as EventProblem from "./scheduling/EventProblem.ts"
import * as Grid from "./scheduling/Grid.ts"
import { Weights } from "./scheduling/Problem.ts"
import { InvalidEventSettings, UnknownScheduleVersion } from "./scheduling/SchedulingError.ts"
import * as ScheduleDiff from "./scheduling/ScheduleDiff.ts"
import * as Score from "./scheduling/Score.ts"
import * as SessionRows from "./scheduling/SessionRows.ts"
import * as Solver from "./scheduling/Solver.ts"

/**
 * The agent's configuration (`ai_agents.configuration`): the solver's seed,
 * iteration count and optional time limit, the default slot grid, the scalar
 * weights (defaults in `Problem.defaultWeights`) and session lengths by type.
 *
 * @since 0.1.0
 * @category models
 */
export const Configuration = Schema.Struct({
  seed: Schema.Int.pipe(Schema.withDecodingDefaultKey(Effect.succeed(1))),
  /** search iterations (default: 600 per talk, at least 60,000) */
  iterations: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  /** stop searching after this many milliseconds (makes the result machine-dependent) */
  timeLimitMillis: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  grid: Grid.Grid.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  weights: Schema.Struct({
    interestClash: Weights.fields.interestClash,
    trackRoomChange: Weights.fields.trackRoomChange,
    trackOrder: Weights.fields.trackOrder,
    chairConflict: Weights.fields.chairConflict,
    moved: Weights.fields.moved
  }).pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  durations: EventProblem.Durations.pipe(Schema.withDecodingDefaultKey(Effect.succeed({})))
})

/**
 * The event to schedule and, optionally, a recorded schedule version (the id
 * of its `ai_insights` row, from an earlier run's `recordedAs`) to diff
 * against instead of the sessions' current places.
 *
 * @since 0.1.0
 * @category models
 */
export const Input = Schema.Struct({
  eventId: Schema.String,
  against: Schema.optionalKey(Schema.String)
})

/**
 * A conflict the solver could not avoid, in pretalx's terms, on a session.
 *
 * @since 0.1.0
 * @category models
 */
export const SessionConflict = Schema.Struct({
  kind: Solver.ConflictKind,
  sessionId: Schema.String,
  title: Schema.String,
  /** the sessions or speakers involved */
  others: Schema.Array(Schema.String)
})

/**
 * What a run did: sessions considered, placed and unplaced, the conflicts,
 * the score breakdown (hard violations and weighted soft costs), the diff
 * against the previous version, rows written (0 in shadow mode) and where
 * the version was recorded.
 *
 * @since 0.1.0
 * @category models
 */
export const Output = Schema.Struct({
  version: Schema.Int,
  recordedAs: Schema.NullOr(Schema.String),
  against: Schema.NullOr(Schema.String),
  sessions: Schema.Int,
  placed: Schema.Int,
  unplaced: Schema.Int,
  conflicts: Schema.Array(SessionConflict),
  score: Score.Breakdown,
  changed: Schema.Int,
  diff: Schema.Array(ScheduleDiff.Change),
  written: Schema.Int,
  iterations: Schema.Int,
  solveMillis: Schema.Finite
})

const versionKind = "schedule_version"

const RecordedVersion = Schema.Struct({
  kind: Schema.Literal(versionKind),
  schedule: Schema.Array(ScheduleDiff.Entry)
})

const describePlace = (p: ScheduleDiff.Place | null, roomName: (id: string | null) => string) =>
  p === null ? "unscheduled" : `${roomName(p.roomId)} at ${p.startsAt}`

/**
 * The agent type.
 *
 * @since 0.1.0
 * @category agents
 */
export const SchedulingAgent = Agent.make({
  type: "scheduling",
  version: "1.0.0",
  description: "Assigns sessions to rooms and times (hard: speakers, rooms, capacity, availability; soft: interests, tracks, stability)",
  configuration: Configuration,
  input: Input,
  output: Output,
  handler: (input, context) =>
    Effect.gen(function*() {
      const storage = yield* Storage
      const config = context.configuration
      const event = yield* storage.get(Events, input.eventId)
      const settings = yield* Schema.decodeUnknownEffect(EventProblem.Settings)(event.settings["scheduling"] ?? {}).pipe(
        Effect.mapError((error) => {
          const issue = Action.issuesOf(error)[0]
          return new InvalidEventSettings({
            eventId: event.id,
            field: issue === undefined ? "$" : Action.formatPath(issue.path),
            rule: issue?.message ?? error.message
          })
        })
      )
      const sessions = (yield* storage.find(Sessions, { where: { event_id: event.id }, orderBy: [{ column: "title" }, { column: "id" }] })).items
      const ids = sessions.map((s) => s.id)
      const rooms = (yield* storage.find(Rooms, { where: { event_id: event.id }, orderBy: [{ column: "position" }, { column: "id" }] })).items
      const tracks = (yield* storage.find(Tracks, { where: { event_id: event.id }, orderBy: [{ column: "position" }, { column: "id" }] })).items
      const sessionSpeakers = ids.length === 0 ? [] : (yield* storage.find(SessionSpeakers, { where: { session_id: { in: ids } } })).items
      const registrations = ids.length === 0 ? [] : (yield* storage.find(SessionAttendees, { where: { session_id: { in: ids } } })).items
      const built = yield* EventProblem.build(
        { event: { startsAt: event.starts_at, endsAt: event.ends_at, timeZone: event.timezone }, sessions, rooms, tracks, sessionSpeakers, registrations },
        { grid: config.grid, weights: config.weights, durations: config.durations, settings }
      )

      // CPU-bound and synchronous: let other fibres run first; its length is bounded by iterations / timeLimitMillis
      yield* Effect.yieldNow
      const started = yield* Clock.currentTimeMillis
      const schedule = yield* Solver.solve(built.problem, {
        seed: config.seed,
        ...(config.iterations === undefined ? {} : { iterations: config.iterations }),
        ...(config.timeLimitMillis === undefined ? {} : { timeLimitMillis: config.timeLimitMillis })
      })
      const solveMillis = (yield* Clock.currentTimeMillis) - started

      const updates = yield* SessionRows.fromPlacements(schedule.assignments, built.layout.slotTimes, {
        lengthMillis: (id) => built.lengthMillis.get(id)
      })
      const updateOf = new Map(updates.map((u) => [u.id, u]))
      const titleOf = new Map(sessions.map((s) => [s.id, s.title]))
      const after = built.talks.map((s) => {
        const u = updateOf.get(s.id)
        return { sessionId: s.id, title: s.title, place: u === undefined ? null : ScheduleDiff.placeOf(u) }
      })
      const current = built.talks.map((s) => ({ sessionId: s.id, place: ScheduleDiff.placeOf(s) }))
      const before = input.against === undefined ? current : yield* recordedVersion(event.id, input.against)
      const diff = ScheduleDiff.between(before, after)
      // what must be written: sessions whose row differs from their new place (whatever `against` is)
      const toWrite = ScheduleDiff.between(current, after)
      const rewritten = new Set(toWrite.map((c) => c.sessionId))
      const statusFix = built.talks.filter((s) => updateOf.has(s.id) && s.status !== "scheduled" && !rewritten.has(s.id))

      const previousVersions = (yield* storage.find(AiInsights, { where: { event_id: event.id, insight_type: "operational_efficiency" } })).items
        .filter((row) => Schema.is(RecordedVersion)(row.insight_data))
      const version = previousVersions.length + 1
      const roomNames = new Map(rooms.map((r) => [r.id, r.name]))
      const roomName = (id: string | null) => (id === null ? "no room" : roomNames.get(id) ?? id)
      let recordedAs: string | null = null
      let written = 0
      if (context.mode === "live") {
        const result = yield* storage.transaction(Effect.gen(function*() {
          for (const change of toWrite) {
            const u = updateOf.get(change.sessionId)
            yield* storage.update(Sessions, change.sessionId, u === undefined
              ? { room_id: null, starts_at: null, ends_at: null, status: "confirmed" }
              : { room_id: u.room_id, starts_at: u.starts_at, ends_at: u.ends_at, status: u.status })
          }
          for (const s of statusFix) yield* storage.update(Sessions, s.id, { status: "scheduled" })
          const total = Math.max(1, built.talks.length)
          const row = yield* storage.insert(AiInsights, {
            event_id: event.id,
            insight_type: "operational_efficiency",
            insight_title: `Schedule v${version}: ${diff.length} session(s) changed, ${schedule.unplaced.length} unplaced`,
            insight_description: `${schedule.assignments.length} of ${built.talks.length} sessions placed; ` +
              `${schedule.score.hardTotal} hard-constraint violation(s); soft cost ${schedule.score.softTotal}` +
              (input.against === undefined ? "" : `; changes counted against version ${input.against}`),
            insight_data: {
              kind: versionKind,
              version,
              runId: context.runId,
              against: input.against ?? null,
              solver: { seed: config.seed, iterations: schedule.iterations, solveMillis },
              score: { ...schedule.score, hard: { ...schedule.score.hard }, soft: { ...schedule.score.soft } },
              schedule: after.map((e) => ({ sessionId: e.sessionId, place: e.place === null ? null : { ...e.place } })),
              diff: diff.map((c) => ({ ...c, from: c.from === null ? null : { ...c.from }, to: c.to === null ? null : { ...c.to } })),
              conflicts: schedule.conflicts.map((c) => ({ ...c, others: [...c.others] }))
            },
            confidence_score: 1,
            impact_score: Math.round((diff.length / total) * 100) / 100,
            actionable_items: diff.map((c) =>
              `Tell the speakers of "${c.title}": ${describePlace(c.from, roomName)} -> ${describePlace(c.to, roomName)}`
            ),
            generated_by_agent_id: context.agent.id
          })
          return { id: row.id, written: toWrite.length + statusFix.length }
        }))
        recordedAs = result.id
        written = result.written
      }
      return {
        version,
        recordedAs,
        against: input.against ?? null,
        sessions: built.talks.length,
        placed: schedule.assignments.length,
        unplaced: schedule.unplaced.length,
        conflicts: schedule.conflicts.map((c) => ({ kind: c.kind, sessionId: c.talk, title: titleOf.get(c.talk) ?? c.talk, others: c.others })),
        score: schedule.score,
        changed: diff.length,
        diff,
        written,
        iterations: schedule.iterations,
        solveMillis
      }
    })
})

/** The schedule recorded as version `versionId` of the event. */
const recordedVersion = Effect.fn("SchedulingAgent.recordedVersion")(function*(eventId: string, versionId: string) {
  const storage = yield* Storage
  const missing = new UnknownScheduleVersion({ eventId, versionId })
  const row = yield* storage.get(AiInsights, versionId).pipe(Effect.catchTag("NotFound", () => Effect.fail(missing)))
  if (row.event_id !== eventId || !Schema.is(RecordedVersion)(row.insight_data)) return yield* missing
  return row.insight_data.schedule
})
