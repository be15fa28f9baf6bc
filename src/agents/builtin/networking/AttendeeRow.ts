/**
 * From a row of `attendees` (src/storage/schema/events/Attendees.ts) to the
 * matcher's {@link Attendee}, without a database: the caller reads the rows.
 *
 * - `interests` is the row's `interests` text array.
 * - The networking answers live in the row's `answers` JSON object under the
 *   key `networking` ({@link NetworkingAnswers}: `intents`, `optedOut`,
 *   `maxMatches`); no key means no intents, not opted out, the default cap.
 * - Only `registered` and `confirmed` attendees take part: a `cancelled`,
 *   `waitlisted` or `no_show` attendee is marked opted out, so never matched.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Attendee } from "./Model.ts"
import { Intent } from "./Model.ts"
import { InvalidInput } from "./NetworkingError.ts"

/**
 * The networking part of an attendee's registration answers
 * (`answers.networking`).
 *
 * @since 0.1.0
 * @category models
 */
export const NetworkingAnswers = Schema.Struct({
  intents: Schema.optionalKey(Schema.Array(Intent)),
  optedOut: Schema.optionalKey(Schema.Boolean),
  maxMatches: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type NetworkingAnswers = typeof NetworkingAnswers.Type

/**
 * The columns of an `attendees` row the matcher reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly id: string
  readonly status: string
  readonly interests: ReadonlyArray<string>
  readonly answers: unknown
}

const present: ReadonlySet<string> = new Set(["registered", "confirmed"])

const networkingOf = (answers: unknown): unknown =>
  typeof answers === "object" && answers !== null && "networking" in answers
    ? (answers as { readonly networking: unknown }).networking
    : {}

/**
 * Converts a row (see the module documentation). Fails with `InvalidInput`
 * when `answers.networking` does not decode.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toAttendee = (row: Row): Effect.Effect<Attendee, InvalidInput> =>
  Schema.decodeUnknownEffect(NetworkingAnswers)(networkingOf(row.answers)).pipe(
    Effect.mapError((e) => new InvalidInput({ reason: `attendee ${row.id}: answers.networking: ${e.message}` })),
    Effect.map((n): Attendee => {
      const optedOut = n.optedOut === true || !present.has(row.status)
      return {
        id: row.id,
        interests: row.interests,
        intents: n.intents ?? [],
        ...(optedOut ? { optedOut } : {}),
        ...(n.maxMatches === undefined ? {} : { maxMatches: n.maxMatches })
      }
    })
  )

/**
 * Converts rows, failing on the first whose answers do not decode.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toAttendees = (rows: Iterable<Row>): Effect.Effect<Array<Attendee>, InvalidInput> =>
  Effect.forEach(rows, toAttendee)
