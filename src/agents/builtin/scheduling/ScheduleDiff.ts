/**
 * The difference between two versions of an event's programme, in the terms
 * of the `sessions` table: which sessions moved, from which room and time to
 * which, and which were scheduled or unscheduled.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Where a session is: its room (NULL for none) and times, as ISO 8601 strings.
 *
 * @since 0.1.0
 * @category models
 */
export const Place = Schema.Struct({
  roomId: Schema.NullOr(Schema.String),
  startsAt: Schema.String,
  endsAt: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type Place = typeof Place.Type

/**
 * One session of a version: its id and place (`null` when unscheduled).
 *
 * @since 0.1.0
 * @category models
 */
export const Entry = Schema.Struct({
  sessionId: Schema.String,
  place: Schema.NullOr(Place)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Entry = typeof Entry.Type

/**
 * A change: `from` and `to` (`null` = not scheduled in that version); `kind`
 * says `moved`, `scheduled` (from nothing) or `unscheduled` (to nothing).
 *
 * @since 0.1.0
 * @category models
 */
export const Change = Schema.Struct({
  sessionId: Schema.String,
  title: Schema.String,
  kind: Schema.Literals(["moved", "scheduled", "unscheduled"]),
  from: Schema.NullOr(Place),
  to: Schema.NullOr(Place)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Change = typeof Change.Type

/**
 * The place of a `sessions` row.
 *
 * @since 0.1.0
 * @category constructors
 */
export const placeOf = (row: {
  readonly room_id: string | null
  readonly starts_at: Date | null
  readonly ends_at: Date | null
}): Place | null =>
  row.starts_at === null || row.ends_at === null
    ? null
    : { roomId: row.room_id, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString() }

const same = (a: Place | null, b: Place | null) =>
  a === null || b === null
    ? a === b
    : a.roomId === b.roomId && Date.parse(a.startsAt) === Date.parse(b.startsAt) && Date.parse(a.endsAt) === Date.parse(b.endsAt)

/**
 * The changes from `before` to `after`, over the sessions of `after` (a
 * session missing from `before` was not scheduled there), ordered by title.
 *
 * @since 0.1.0
 * @category constructors
 */
export const between = (
  before: ReadonlyArray<Entry>,
  after: ReadonlyArray<Entry & { readonly title: string }>
): Array<Change> => {
  const was = new Map(before.map((e) => [e.sessionId, e.place] as const))
  const out: Array<Change> = []
  for (const e of after) {
    const from = was.get(e.sessionId) ?? null
    if (same(from, e.place)) continue
    out.push({
      sessionId: e.sessionId,
      title: e.title,
      kind: from === null ? "scheduled" : e.place === null ? "unscheduled" : "moved",
      from,
      to: e.place
    })
  }
  return out.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.sessionId < b.sessionId ? -1 : 1))
}
