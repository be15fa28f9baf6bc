/**
 * The scheduling problem as JSON: time slots grouped into sessions (blocks of
 * consecutive slots), rooms, tracks, talks, presenters, track chairs,
 * attendee interests, penalty weights and an optional previous schedule.
 * Decoded with an Effect Schema, usable without a database.
 *
 * Where it lands later: a talk is a row of `sessions`, a room a row of
 * `rooms`, a track a row of `tracks`, a presenter a row of `speakers` linked
 * through `session_speakers`; an assignment sets `room_id`, `starts_at` and
 * `ends_at`.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { InvalidProblem } from "./SchedulingError.ts"

const Id = Schema.String.check(Schema.isMinLength(1))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Weight = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * A session block: consecutive time slots on one date. Blocks are listed in
 * chronological order, and slots within a block too. A talk never spans two
 * blocks.
 *
 * @since 0.1.0
 * @category models
 */
export const Block = Schema.Struct({
  id: Id,
  date: Schema.optionalKey(Schema.String),
  slots: Schema.Array(Id).check(Schema.isMinLength(1))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Block = typeof Block.Type

/**
 * A room with its capacity and the slots it cannot be used in.
 *
 * @since 0.1.0
 * @category models
 */
export const Room = Schema.Struct({
  id: Id,
  capacity: Count,
  unavailable: Schema.optionalKey(Schema.Array(Id))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Room = typeof Room.Type

/**
 * A track; `chairs` are people (presenter ids, or ids of people who present
 * nothing) who should be able to attend the talks of their track.
 *
 * @since 0.1.0
 * @category models
 */
export const Track = Schema.Struct({
  id: Id,
  chairs: Schema.optionalKey(Schema.Array(Id))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Track = typeof Track.Type

/**
 * A talk: 1+ consecutive slots within one block, a track, an expected
 * audience, its presenters and, optionally, its position in the track's
 * intended order (lower first).
 *
 * @since 0.1.0
 * @category models
 */
export const Talk = Schema.Struct({
  id: Id,
  track: Id,
  duration: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  audience: Count,
  presenters: Schema.Array(Id),
  order: Schema.optionalKey(Schema.Finite)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Talk = typeof Talk.Type

/**
 * A person (presenter or chair) and the slots they are unavailable in.
 *
 * @since 0.1.0
 * @category models
 */
export const Person = Schema.Struct({
  id: Id,
  unavailable: Schema.Array(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Person = typeof Person.Type

/**
 * An attendee's interest list: the talks they want to see.
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  interests: Schema.Array(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * One placement: a talk in a room from a start slot over `duration` slots.
 *
 * @since 0.1.0
 * @category models
 */
export const Assignment = Schema.Struct({
  talk: Id,
  room: Id,
  slot: Id
})

/**
 * @since 0.1.0
 * @category models
 */
export type Assignment = typeof Assignment.Type

const Pref = <K extends string, L extends string>(a: K, b: L) =>
  Schema.Struct({ [a]: Id, [b]: Id, weight: Weight } as { [P in K | L]: typeof Id } & { weight: typeof Weight })

/**
 * The soft-constraint weights. Every weight is a cost paid when the situation
 * happens: `talkSession` when the talk is placed in that block, `talkRoom` in
 * that room, `trackSession` / `trackRoom` per talk of the track in that block
 * / room, `similarTracks` per pair of talks of the two tracks running in
 * parallel, `trackRoomChange` per extra room a track uses beyond one,
 * `trackOrder` per pair of a track's talks placed against their `order`,
 * `interestClash` per attendee and pair of wanted talks overlapping,
 * `chairConflict` per talk of a track its chair cannot attend (presenting
 * elsewhere or unavailable), `moved` per talk placed differently from the
 * previous schedule.
 *
 * @since 0.1.0
 * @category models
 */
export const Weights = Schema.Struct({
  talkSession: Schema.optionalKey(Schema.Array(Pref("talk", "session"))),
  talkRoom: Schema.optionalKey(Schema.Array(Pref("talk", "room"))),
  trackSession: Schema.optionalKey(Schema.Array(Pref("track", "session"))),
  trackRoom: Schema.optionalKey(Schema.Array(Pref("track", "room"))),
  similarTracks: Schema.optionalKey(Schema.Array(Pref("a", "b"))),
  trackRoomChange: Schema.optionalKey(Weight),
  trackOrder: Schema.optionalKey(Weight),
  interestClash: Schema.optionalKey(Weight),
  chairConflict: Schema.optionalKey(Weight),
  moved: Schema.optionalKey(Weight)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Weights = typeof Weights.Type

/**
 * The whole scheduling problem.
 *
 * @since 0.1.0
 * @category models
 */
export const Problem = Schema.Struct({
  sessions: Schema.Array(Block),
  rooms: Schema.Array(Room),
  tracks: Schema.Array(Track),
  talks: Schema.Array(Talk),
  people: Schema.optionalKey(Schema.Array(Person)),
  attendees: Schema.optionalKey(Schema.Array(Attendee)),
  weights: Schema.optionalKey(Weights),
  previous: Schema.optionalKey(Schema.Array(Assignment))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Problem = typeof Problem.Type

/**
 * Default weights used when a problem leaves one out.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWeights = {
  trackRoomChange: 1,
  trackOrder: 1,
  interestClash: 1,
  chairConflict: 5,
  moved: 10
} as const

/**
 * Decodes unknown JSON into a {@link Problem} and checks its references (a
 * talk's track, presenters, a previous assignment's talk, room and slot, ...)
 * and that ids are unique.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: unknown): Effect.Effect<Problem, InvalidProblem> =>
  Schema.decodeUnknownEffect(Problem)(input).pipe(
    Effect.mapError((e) => new InvalidProblem({ reason: String(e.message) })),
    Effect.flatMap((p) => {
      const problem = validate(p)
      return problem === undefined ? Effect.succeed(p) : Effect.fail(new InvalidProblem({ reason: problem }))
    })
  )

/**
 * The first reference or uniqueness problem found, or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (p: Problem): string | undefined => {
  const unique = (kind: string, ids: ReadonlyArray<string>): string | undefined => {
    const seen = new Set<string>()
    for (const id of ids) {
      if (seen.has(id)) return `${kind} id "${id}" is not unique`
      seen.add(id)
    }
    return undefined
  }
  const slots = p.sessions.flatMap((b) => b.slots)
  const err = unique("session", p.sessions.map((b) => b.id)) ?? unique("slot", slots) ??
    unique("room", p.rooms.map((r) => r.id)) ?? unique("track", p.tracks.map((t) => t.id)) ??
    unique("talk", p.talks.map((t) => t.id)) ?? unique("person", (p.people ?? []).map((t) => t.id))
  if (err !== undefined) return err
  const slotSet = new Set(slots)
  const trackSet = new Set(p.tracks.map((t) => t.id))
  const talkSet = new Set(p.talks.map((t) => t.id))
  const roomSet = new Set(p.rooms.map((r) => r.id))
  const sessionSet = new Set(p.sessions.map((b) => b.id))
  for (const r of p.rooms) {
    for (const s of r.unavailable ?? []) if (!slotSet.has(s)) return `room "${r.id}": unknown slot "${s}"`
  }
  for (const t of p.talks) {
    if (!trackSet.has(t.track)) return `talk "${t.id}": unknown track "${t.track}"`
  }
  for (const person of p.people ?? []) {
    for (const s of person.unavailable) if (!slotSet.has(s)) return `person "${person.id}": unknown slot "${s}"`
  }
  for (const a of p.attendees ?? []) {
    for (const t of a.interests) if (!talkSet.has(t)) return `attendee interest: unknown talk "${t}"`
  }
  const w = p.weights ?? {}
  for (const x of w.talkSession ?? []) {
    if (!talkSet.has(x.talk) || !sessionSet.has(x.session)) return `weights.talkSession: unknown ${x.talk}/${x.session}`
  }
  for (const x of w.talkRoom ?? []) {
    if (!talkSet.has(x.talk) || !roomSet.has(x.room)) return `weights.talkRoom: unknown ${x.talk}/${x.room}`
  }
  for (const x of w.trackSession ?? []) {
    if (!trackSet.has(x.track) || !sessionSet.has(x.session)) return `weights.trackSession: unknown ${x.track}/${x.session}`
  }
  for (const x of w.trackRoom ?? []) {
    if (!trackSet.has(x.track) || !roomSet.has(x.room)) return `weights.trackRoom: unknown ${x.track}/${x.room}`
  }
  for (const x of w.similarTracks ?? []) {
    if (!trackSet.has(x.a) || !trackSet.has(x.b)) return `weights.similarTracks: unknown ${x.a}/${x.b}`
  }
  for (const a of p.previous ?? []) {
    if (!talkSet.has(a.talk) || !roomSet.has(a.room) || !slotSet.has(a.slot)) {
      return `previous: unknown ${a.talk}/${a.room}/${a.slot}`
    }
  }
  return undefined
}
