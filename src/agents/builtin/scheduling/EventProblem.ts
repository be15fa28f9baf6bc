/**
 * From an event's rows in the core tables to a scheduling `Problem`, and back
 * to what the solver's answer means for the `sessions` table. Pure: the
 * caller reads the rows (see `SchedulingAgent`).
 *
 * What maps to what:
 *
 * | Problem | from |
 * |---|---|
 * | session blocks, slots | the slot grid (`Grid`): the agent's configuration, or the event's `settings.scheduling.grid` |
 * | rooms | `rooms` of the event; `capacity` NULL (a virtual stage) = unlimited |
 * | room unavailability | `settings.scheduling.unavailable.rooms[roomId]` intervals, and every slot a fixed session occupies the room in |
 * | tracks | `tracks` of the event; a session without a track gets a track of its own |
 * | talks | sessions with status `confirmed` or `scheduled` and a type other than `break`, not `metadata.pinned` |
 * | talk duration | the session's own length (`ends_at - starts_at`), else `metadata.duration_minutes`, else the configured length of its `session_type`; in slots, rounded up |
 * | expected audience | the larger of the session's `capacity` and its active registrations (`session_attendees` registered, waitlisted or attended) |
 * | presenters | `session_speakers` (every role: speaker, moderator, panelist, host) |
 * | presenter unavailability | `settings.scheduling.unavailable.speakers[speakerId]` intervals, and every slot the speaker is in a fixed session |
 * | track order | `sessions.metadata.track_order` (a number, lower first) |
 * | attendee interests | each attendee's active `session_attendees` registrations |
 * | weights | the configuration's scalar weights, overridden by `settings.scheduling.weights` (which may also name tracks, rooms and blocks) |
 * | previous schedule | each talk's current `room_id` and `starts_at`, when `starts_at` is a slot's start |
 *
 * Fixed sessions (breaks, drafts are never moved; a session with
 * `metadata.pinned: true` stays where it is) are not scheduled but block their
 * room and their speakers. Not represented, for want of a column: track
 * chairs (no table names them; `Problem.tracks[].chairs` stays empty),
 * per-speaker availability other than the settings intervals (the schema has
 * no availability table), similar tracks (only through
 * `settings.scheduling.weights.similarTracks`).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Rooms } from "../../../storage/schema/events/Rooms.ts"
import type { SessionAttendees } from "../../../storage/schema/events/SessionAttendees.ts"
import type { Sessions } from "../../../storage/schema/events/Sessions.ts"
import type { SessionSpeakers } from "../../../storage/schema/events/SessionSpeakers.ts"
import type { Tracks } from "../../../storage/schema/events/Tracks.ts"
import type * as Table from "../../../storage/Table.ts"
import * as Grid from "./Grid.ts"
import type { Assignment, Person, Problem, Room, Talk, Track } from "./Problem.ts"
import { Weights } from "./Problem.ts"
import { InvalidGrid } from "./SchedulingError.ts"

const Instant = Schema.String.check(
  Schema.makeFilter((s: string) => Number.isFinite(Date.parse(s)) || `Expected an ISO 8601 instant, got "${s}"`)
)

/**
 * A time interval someone or something is unavailable in (ISO 8601 instants).
 *
 * @since 0.1.0
 * @category models
 */
export const Interval = Schema.Struct({ start: Instant, end: Instant })

/**
 * @since 0.1.0
 * @category models
 */
export type Interval = typeof Interval.Type

/**
 * An event's `settings.scheduling`: its own slot grid, speaker and room
 * unavailability (by `speakers.id` / `rooms.id`), and weights.
 *
 * @since 0.1.0
 * @category models
 */
export const Settings = Schema.Struct({
  grid: Schema.optionalKey(Grid.Grid),
  unavailable: Schema.optionalKey(Schema.Struct({
    speakers: Schema.optionalKey(Schema.Record(Schema.String, Schema.Array(Interval))),
    rooms: Schema.optionalKey(Schema.Record(Schema.String, Schema.Array(Interval)))
  })),
  weights: Schema.optionalKey(Weights)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Settings = typeof Settings.Type

/**
 * Minutes a session lasts by `session_type` when it has no times and no
 * `metadata.duration_minutes`.
 *
 * @since 0.1.0
 * @category models
 */
export const Durations = Schema.Struct({
  keynote: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(60))),
  talk: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(30))),
  panel: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(60))),
  workshop: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(90))),
  lightning_talk: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(10))),
  roundtable: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(60))),
  networking: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(60))),
  break: Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(30)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Durations = typeof Durations.Type

/**
 * The rows a problem is built from (all of one event).
 *
 * @since 0.1.0
 * @category models
 */
export interface Rows {
  readonly event: { readonly startsAt: Date; readonly endsAt: Date; readonly timeZone: string }
  readonly sessions: ReadonlyArray<Table.Row<typeof Sessions>>
  readonly rooms: ReadonlyArray<Table.Row<typeof Rooms>>
  readonly tracks: ReadonlyArray<Table.Row<typeof Tracks>>
  readonly sessionSpeakers: ReadonlyArray<Table.Row<typeof SessionSpeakers>>
  readonly registrations: ReadonlyArray<Table.Row<typeof SessionAttendees>>
}

/**
 * How to build: the grid (the event's settings win over it), the scalar
 * weights, the lengths by session type, and the event's decoded settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly grid: Grid.Grid
  readonly weights: Weights
  readonly durations: Durations
  readonly settings: Settings
}

/**
 * A built problem: the `Problem`, the grid's layout (slot times), each talk's
 * length in milliseconds, and the sessions it schedules.
 *
 * @since 0.1.0
 * @category models
 */
export interface Built {
  readonly problem: Problem
  readonly layout: Grid.Layout
  readonly lengthMillis: ReadonlyMap<string, number>
  readonly talks: ReadonlyArray<Table.Row<typeof Sessions>>
}

/** A virtual stage (capacity NULL) holds anyone. */
const unlimited = 1_000_000_000

const activeRegistration = new Set(["registered", "waitlisted", "attended"])

/**
 * Whether the agent schedules this session (see the module's table).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSchedulable = (s: Table.Row<typeof Sessions>): boolean =>
  (s.status === "confirmed" || s.status === "scheduled") && s.session_type !== "break" && s.metadata["pinned"] !== true

const numberIn = (metadata: Record<string, unknown>, key: string): number | undefined => {
  const v = metadata[key]
  return typeof v === "number" && Number.isFinite(v) ? v : undefined
}

/**
 * Builds the problem. Fails with `InvalidGrid` if the grid does not lay out,
 * its field prefixed with where the grid came from (`configuration.grid`,
 * `settings.scheduling.grid` or `event.timezone`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const build = (rows: Rows, options: Options): Effect.Effect<Built, InvalidGrid> =>
  Effect.gen(function*() {
    const grid = options.settings.grid ?? options.grid
    // name where the grid came from in the error
    const source = options.settings.grid === undefined ? "configuration.grid" : "settings.scheduling.grid"
    const layout = yield* Grid.layout(grid, rows.event).pipe(
      Effect.mapError((e) => new InvalidGrid({ field: e.field === "timezone" ? "event.timezone" : `${source}.${e.field}`, rule: e.rule }))
    )
    const slots = layout.blocks.flatMap((b) => b.slots)
    const overlapping = (start: number, end: number): Array<string> =>
      slots.filter((id) => {
        const t = layout.slotTimes.get(id)!
        return t.start.getTime() < end && start < t.end.getTime()
      })
    const live = rows.sessions.filter((s) => s.status !== "cancelled")
    const talks = live.filter(isSchedulable)
    const talkIds = new Set(talks.map((t) => t.id))
    const fixed = live.filter((s) => !talkIds.has(s.id) && s.status !== "draft" && s.starts_at !== null && s.ends_at !== null)

    const roomIds = new Set(rows.rooms.map((r) => r.id))
    const roomAway = new Map<string, Set<string>>(rows.rooms.map((r) => [r.id, new Set<string>()]))
    for (const [roomId, intervals] of Object.entries(options.settings.unavailable?.rooms ?? {})) {
      for (const i of intervals) for (const s of overlapping(Date.parse(i.start), Date.parse(i.end))) roomAway.get(roomId)?.add(s)
    }
    const speakersOf = new Map<string, Array<string>>()
    for (const link of rows.sessionSpeakers) {
      const list = speakersOf.get(link.session_id) ?? []
      if (!list.includes(link.speaker_id)) list.push(link.speaker_id)
      speakersOf.set(link.session_id, list)
    }
    const personAway = new Map<string, Set<string>>()
    const away = (person: string) => {
      const set = personAway.get(person) ?? new Set<string>()
      personAway.set(person, set)
      return set
    }
    for (const [speakerId, intervals] of Object.entries(options.settings.unavailable?.speakers ?? {})) {
      for (const i of intervals) for (const s of overlapping(Date.parse(i.start), Date.parse(i.end))) away(speakerId).add(s)
    }
    for (const f of fixed) {
      const busy = overlapping(f.starts_at!.getTime(), f.ends_at!.getTime())
      if (f.room_id !== null) for (const s of busy) roomAway.get(f.room_id)?.add(s)
      for (const p of speakersOf.get(f.id) ?? []) for (const s of busy) away(p).add(s)
    }

    const registrations = rows.registrations.filter((r) => activeRegistration.has(r.status) && talkIds.has(r.session_id))
    const demand = new Map<string, number>()
    const interests = new Map<string, Array<string>>()
    for (const r of registrations) {
      demand.set(r.session_id, (demand.get(r.session_id) ?? 0) + 1)
      const list = interests.get(r.attendee_id) ?? []
      list.push(r.session_id)
      interests.set(r.attendee_id, list)
    }

    const trackIds = new Set(rows.tracks.map((t) => t.id))
    const tracks: Array<Track> = rows.tracks.map((t) => ({ id: t.id }))
    const lengthMillis = new Map<string, number>()
    const problemTalks: Array<Talk> = talks.map((s) => {
      const minutes = s.starts_at !== null && s.ends_at !== null
        ? (s.ends_at.getTime() - s.starts_at.getTime()) / 60_000
        : numberIn(s.metadata, "duration_minutes") ?? options.durations[s.session_type]
      lengthMillis.set(s.id, minutes * 60_000)
      let track = s.track_id
      if (track === null || !trackIds.has(track)) {
        track = `untracked:${s.id}`
        tracks.push({ id: track })
      }
      const order = numberIn(s.metadata, "track_order")
      return {
        id: s.id,
        track,
        duration: Math.max(1, Math.ceil(minutes / grid.slotMinutes - 1e-9)),
        audience: Math.max(s.capacity ?? 0, demand.get(s.id) ?? 0),
        presenters: speakersOf.get(s.id) ?? [],
        ...(order === undefined ? {} : { order })
      }
    })
    const rooms: Array<Room> = rows.rooms.map((r) => ({
      id: r.id,
      capacity: r.capacity ?? unlimited,
      unavailable: Array.from(roomAway.get(r.id) ?? [])
    }))
    const presenters = new Set(problemTalks.flatMap((t) => t.presenters))
    const people: Array<Person> = Array.from(presenters, (id) => ({ id, unavailable: Array.from(personAway.get(id) ?? []) }))
    const previous: Array<Assignment> = talks.flatMap((s) => {
      if (s.room_id === null || !roomIds.has(s.room_id) || s.starts_at === null) return []
      const slot = layout.slotAt.get(s.starts_at.getTime())
      return slot === undefined ? [] : [{ talk: s.id, room: s.room_id, slot }]
    })
    const problem: Problem = {
      sessions: layout.blocks,
      rooms,
      tracks,
      talks: problemTalks,
      people,
      attendees: Array.from(interests, ([id, list]) => ({ id, interests: list })),
      weights: { ...options.weights, ...options.settings.weights },
      previous
    }
    return { problem, layout, lengthMillis, talks }
  })
