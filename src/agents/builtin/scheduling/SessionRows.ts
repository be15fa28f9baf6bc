/**
 * From a schedule to the `sessions` table: the talk id is the session id, the
 * room id the `room_id`, the first slot's start `starts_at` and the last
 * slot's end `ends_at`. Pure: the caller gives slot times and writes the rows.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { MissingSlotTime } from "./SchedulingError.ts"
import type { Placement } from "./Solver.ts"

/**
 * When a slot starts and ends.
 *
 * @since 0.1.0
 * @category models
 */
export interface SlotTime {
  readonly start: Date
  readonly end: Date
}

/**
 * The columns of a `sessions` row a schedule sets.
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionUpdate {
  readonly id: string
  readonly room_id: string
  readonly starts_at: Date
  readonly ends_at: Date
  readonly status: "scheduled"
}

/**
 * One `sessions` update per placed talk, in the schedule's order. Fails with
 * `MissingSlotTime` if a slot a talk uses has no time. With `lengthMillis`, a
 * talk shorter than its slots ends when it ends (a 45-minute talk in a
 * 60-minute slot ends after 45 minutes), never after its last slot.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPlacements = (
  placements: ReadonlyArray<Placement>,
  slotTimes: ReadonlyMap<string, SlotTime>,
  options?: { readonly lengthMillis?: ((talk: string) => number | undefined) | undefined }
): Effect.Effect<Array<SessionUpdate>, MissingSlotTime> =>
  Effect.forEach(placements, (p) => {
    const first = slotTimes.get(p.slots[0] ?? p.slot)
    const last = slotTimes.get(p.slots[p.slots.length - 1] ?? p.slot)
    if (first === undefined) return Effect.fail(new MissingSlotTime({ slot: p.slots[0] ?? p.slot, talk: p.talk }))
    if (last === undefined) return Effect.fail(new MissingSlotTime({ slot: p.slots[p.slots.length - 1]!, talk: p.talk }))
    const length = options?.lengthMillis?.(p.talk)
    const ends = length !== undefined && length > 0 && first.start.getTime() + length < last.end.getTime()
      ? new Date(first.start.getTime() + length)
      : last.end
    return Effect.succeed<SessionUpdate>({
      id: p.talk,
      room_id: p.room,
      starts_at: first.start,
      ends_at: ends,
      status: "scheduled"
    })
  })
