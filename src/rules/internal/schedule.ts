/**
 * Pure schedule arithmetic over epoch milliseconds. Cron parsing and
 * next-occurrence computation are croner's.
 *
 * @internal
 */
import { Cron } from "croner"
import type * as Trigger from "../Trigger.ts"
import { cronOf, missedRunPolicy } from "../Trigger.ts"

/** @internal */
export interface PlannedRun {
  readonly scheduledAt: number
  readonly missed: boolean
  readonly coalesced: number
}

/** @internal */
export interface Plan {
  readonly runs: ReadonlyArray<PlannedRun>
  readonly dropped: number
}

/** @internal */
export const makeCron = (trigger: Trigger.ScheduledTrigger): Cron => {
  const { expression, timezone } = cronOf(trigger)
  return new Cron(expression, { paused: true, timezone })
}

/** The first occurrence strictly after `after`, if any. @internal */
export const nextAfter = (cron: Cron, after: number): number | undefined => {
  const next = cron.nextRun(new Date(after))
  return next === null ? undefined : next.getTime()
}

/**
 * What to run at `now` given the last time the job was considered.
 * An occurrence is on time when `now - occurrence <= graceMillis`.
 *
 * @internal
 */
export const plan = (options: {
  readonly trigger: Trigger.ScheduledTrigger
  readonly cron: Cron
  readonly lastConsideredAt: number
  readonly now: number
  readonly graceMillis: number
  readonly maxCatchUp: number
}): Plan => {
  const policy = missedRunPolicy(options.trigger)
  if (options.now <= options.lastConsideredAt) return { runs: [], dropped: 0 }
  const isOnTime = (t: number) => options.now - t <= options.graceMillis
  switch (policy) {
    case "all": {
      // Keep the newest `maxCatchUp` occurrences: find the oldest kept one by
      // walking, so that memory stays bounded.
      const all = collectNewest(options.cron, options.lastConsideredAt, options.now, options.maxCatchUp)
      return {
        runs: all.times.map((t) => ({ scheduledAt: t, missed: !isOnTime(t), coalesced: 1 })),
        dropped: all.dropped
      }
    }
    case "once": {
      const all = collectNewest(options.cron, options.lastConsideredAt, options.now, 1)
      const latest = all.times[0]
      if (latest === undefined) return { runs: [], dropped: 0 }
      return {
        runs: [{ scheduledAt: latest, missed: !isOnTime(latest), coalesced: all.dropped + 1 }],
        dropped: 0
      }
    }
    case "skip": {
      const all = collectNewest(options.cron, options.lastConsideredAt, options.now, 1)
      const latest = all.times[0]
      if (latest === undefined) return { runs: [], dropped: 0 }
      if (isOnTime(latest)) {
        return { runs: [{ scheduledAt: latest, missed: false, coalesced: 1 }], dropped: all.dropped }
      }
      return { runs: [], dropped: all.dropped + 1 }
    }
  }
}

/**
 * The newest `keep` occurrences in `(from, to]` and how many older ones were
 * left out. Walks forward once with a ring buffer.
 */
const collectNewest = (
  cron: Cron,
  from: number,
  to: number,
  keep: number
): { readonly times: ReadonlyArray<number>; readonly dropped: number } => {
  const ring: Array<number> = []
  let dropped = 0
  let cursor = from
  for (;;) {
    const next = nextAfter(cron, cursor)
    if (next === undefined || next > to) break
    ring.push(next)
    if (ring.length > keep) {
      ring.shift()
      dropped++
    }
    cursor = next
  }
  return { times: ring, dropped }
}
