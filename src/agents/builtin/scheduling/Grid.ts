/**
 * The slot grid of an event's programme: the times talks may start at, as a
 * conference organiser states them. Either daily blocks (the same opening
 * hours every day, e.g. 09:00–12:30 and 13:30–17:30, lunch in between) on the
 * event's dates, cut into slots of `slotMinutes`; or explicit blocks (start
 * and end instants) for programmes whose days differ. Wall-clock times are in
 * the event's time zone (DST-correct, through `effect`'s `DateTime`).
 *
 * A block becomes a `Problem` session block (a talk never spans two blocks,
 * so the breaks between blocks stay free); each slot has a start and an end
 * (`SessionRows.SlotTime`).
 *
 * @since 0.1.0
 */
import { DateTime, Effect, Option, Schema } from "effect"
import type { Block } from "./Problem.ts"
import { InvalidGrid } from "./SchedulingError.ts"
import type { SlotTime } from "./SessionRows.ts"

const ClockTime = Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/))
const IsoDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))

/**
 * Opening hours repeated on every date: `start` and `end` as `HH:MM` in the
 * event's time zone.
 *
 * @since 0.1.0
 * @category models
 */
export const DailyBlock = Schema.Struct({ start: ClockTime, end: ClockTime })

/**
 * @since 0.1.0
 * @category models
 */
export type DailyBlock = typeof DailyBlock.Type

/**
 * An explicit block: ISO 8601 instants (with an offset or `Z`).
 *
 * @since 0.1.0
 * @category models
 */
export const ExplicitBlock = Schema.Struct({ start: Schema.String, end: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type ExplicitBlock = typeof ExplicitBlock.Type

/**
 * The grid: slot length, daily blocks and optionally the dates (default: every
 * date from the event's start to its end, in its time zone), or explicit
 * `blocks` (which replace the daily ones). Defaults: 30-minute slots,
 * 09:00–12:30 and 13:30–17:30.
 *
 * @since 0.1.0
 * @category models
 */
export const Grid = Schema.Struct({
  slotMinutes: Schema.Int.check(Schema.isBetween({ minimum: 5, maximum: 480 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(30))
  ),
  daily: Schema.Array(DailyBlock).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed([{ start: "09:00", end: "12:30" }, { start: "13:30", end: "17:30" }]))
  ),
  dates: Schema.optionalKey(Schema.Array(IsoDate)),
  blocks: Schema.optionalKey(Schema.Array(ExplicitBlock))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Grid = typeof Grid.Type

/**
 * The grid laid out: `Problem` blocks, each slot's time, and a lookup from a
 * start instant (epoch milliseconds) to its slot id.
 *
 * @since 0.1.0
 * @category models
 */
export interface Layout {
  readonly blocks: ReadonlyArray<Block>
  readonly slotTimes: ReadonlyMap<string, SlotTime>
  readonly slotAt: ReadonlyMap<number, string>
  readonly slotMillis: number
}

const pad = (n: number) => String(n).padStart(2, "0")

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * Lays the grid out for an event that runs from `startsAt` to `endsAt` in
 * `timeZone` (an IANA name). Fails with `InvalidGrid` naming the field for an
 * unknown time zone, a block that ends before it starts, an unparsable
 * instant, overlapping blocks, or a grid without a single slot.
 *
 * @since 0.1.0
 * @category constructors
 */
export const layout = (
  grid: Grid,
  event: { readonly startsAt: Date; readonly endsAt: Date; readonly timeZone: string }
): Effect.Effect<Layout, InvalidGrid> =>
  Effect.gen(function*() {
    const slotMillis = grid.slotMinutes * 60_000
    // `local`: the block's start in minutes after midnight (daily blocks), for readable slot ids
    const spans: Array<{ readonly id: string; readonly date: string; readonly start: number; readonly end: number; readonly local?: number }> = []
    if (grid.blocks !== undefined) {
      for (const [i, b] of grid.blocks.entries()) {
        const start = Date.parse(b.start)
        const end = Date.parse(b.end)
        if (!Number.isFinite(start)) return yield* new InvalidGrid({ field: `blocks[${i}].start`, rule: `not an ISO 8601 instant: "${b.start}"` })
        if (!Number.isFinite(end)) return yield* new InvalidGrid({ field: `blocks[${i}].end`, rule: `not an ISO 8601 instant: "${b.end}"` })
        if (end <= start) return yield* new InvalidGrid({ field: `blocks[${i}].end`, rule: "must be after start" })
        spans.push({ id: b.start, date: b.start.slice(0, 10), start, end })
      }
    } else {
      const zone = DateTime.zoneMakeNamed(event.timeZone)
      if (Option.isNone(zone)) return yield* new InvalidGrid({ field: "timezone", rule: `unknown time zone "${event.timeZone}"` })
      for (const [i, d] of grid.daily.entries()) {
        if (minutesOf(d.end) <= minutesOf(d.start)) return yield* new InvalidGrid({ field: `daily[${i}].end`, rule: "must be after start" })
      }
      const dates = grid.dates ?? eventDates(event.startsAt, event.endsAt, zone.value)
      for (const [i, date] of dates.entries()) {
        const [year, month, day] = date.split("-").map(Number) as [number, number, number]
        for (const d of grid.daily) {
          const at = (hhmm: string) =>
            DateTime.makeZoned(
              { year, month, day, hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) },
              { timeZone: zone.value, adjustForTimeZone: true }
            ).pipe(Option.map(DateTime.toEpochMillis))
          const start = at(d.start)
          const end = at(d.end)
          if (Option.isNone(start) || Option.isNone(end)) return yield* new InvalidGrid({ field: `dates[${i}]`, rule: `not a date: "${date}"` })
          spans.push({ id: `${date} ${d.start}`, date, start: start.value, end: end.value, local: minutesOf(d.start) })
        }
      }
    }
    spans.sort((a, b) => a.start - b.start)
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]!.start < spans[i - 1]!.end) {
        return yield* new InvalidGrid({ field: grid.blocks !== undefined ? "blocks" : "daily", rule: `blocks "${spans[i - 1]!.id}" and "${spans[i]!.id}" overlap` })
      }
    }
    const blocks: Array<Block> = []
    const slotTimes = new Map<string, SlotTime>()
    const slotAt = new Map<number, string>()
    for (const span of spans) {
      const slots: Array<string> = []
      for (let t = span.start; t + slotMillis <= span.end; t += slotMillis) {
        const local = span.local === undefined ? undefined : span.local + slots.length * grid.slotMinutes
        const id = local === undefined ? new Date(t).toISOString() : `${span.date} ${pad(Math.floor(local / 60))}:${pad(local % 60)}`
        slots.push(id)
        slotTimes.set(id, { start: new Date(t), end: new Date(t + slotMillis) })
        slotAt.set(t, id)
      }
      if (slots.length > 0) blocks.push({ id: span.id, date: span.date, slots })
    }
    if (blocks.length === 0) {
      return yield* new InvalidGrid({ field: "slotMinutes", rule: `no ${grid.slotMinutes}-minute slot fits in any block of the event's dates` })
    }
    return { blocks, slotTimes, slotAt, slotMillis }
  })

/** Every calendar date (YYYY-MM-DD) from `start` to `end` in the zone. */
const eventDates = (start: Date, end: Date, zone: DateTime.TimeZone): Array<string> => {
  const partsOf = (d: Date) => DateTime.toParts(DateTime.makeZonedUnsafe(d, { timeZone: zone }))
  const first = partsOf(start)
  const last = partsOf(end)
  const out: Array<string> = []
  // walk calendar days in UTC arithmetic (no DST involved in counting dates)
  let day = Date.UTC(first.year, first.month - 1, first.day)
  const stop = Date.UTC(last.year, last.month - 1, last.day)
  for (; day <= stop; day += 86_400_000) {
    const d = new Date(day)
    out.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`)
  }
  return out
}
