/**
 * Runs scheduled triggers (frequency or cron) on time, from `Clock`, with a
 * missed-run policy (`skip`, `once`, `all`) for occurrences that could not run
 * on time: the process was down since the job's `lastRunAt` (for example the
 * `last_execution_at` column), or a previous run overran.
 *
 * @since 0.1.0
 */
import { Clock, DateTime, Duration, Effect, Schema } from "effect"
import * as internal from "./internal/schedule.ts"
import type * as Trigger from "./Trigger.ts"

/**
 * One run the scheduler asks for.
 *
 * - `scheduledAt`: the occurrence the run stands for.
 * - `startedAt`: when the scheduler started it (Clock time).
 * - `missed`: the occurrence was not observed on time (later than the grace period).
 * - `coalesced`: how many occurrences this run stands for (more than 1 under `once`).
 *
 * @since 0.1.0
 * @category models
 */
export class ScheduledRun extends Schema.Class<ScheduledRun>("ringmaster/rules/ScheduledRun")({
  jobId: Schema.String,
  scheduledAt: Schema.DateTimeUtcFromString,
  startedAt: Schema.DateTimeUtcFromString,
  missed: Schema.Boolean,
  coalesced: Schema.Int
}) {}

/**
 * Something to run on a schedule: usually a rule (`id`, `trigger`) with the
 * time it last ran, if it ever did. Without `lastRunAt` nothing counts as
 * missed before the scheduler starts.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledJob {
  readonly id: string
  readonly trigger: Trigger.ScheduledTrigger
  readonly lastRunAt?: DateTime.Utc | undefined
}

/**
 * Tuning of the scheduler loop.
 *
 * - `grace` (default 1 second): how late an occurrence may be observed and
 *   still count as on time.
 * - `maxCatchUp` (default 1000): under `all`, at most this many missed
 *   occurrences run (the newest); older ones are dropped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly grace?: Duration.Input | undefined
  readonly maxCatchUp?: number | undefined
}

/**
 * The runs due at `now` for a job last considered at `lastConsideredAt`, and
 * how many occurrences the policy dropped. Pure: useful to preview catch-up
 * after downtime.
 *
 * @since 0.1.0
 * @category computations
 */
export const plan = (options: {
  readonly jobId: string
  readonly trigger: Trigger.ScheduledTrigger
  readonly lastConsideredAt: DateTime.Utc
  readonly now: DateTime.Utc
  readonly grace?: Duration.Input | undefined
  readonly maxCatchUp?: number | undefined
}): { readonly runs: ReadonlyArray<ScheduledRun>; readonly dropped: number } => {
  const now = DateTime.toEpochMillis(options.now)
  const result = internal.plan({
    trigger: options.trigger,
    cron: internal.makeCron(options.trigger),
    lastConsideredAt: DateTime.toEpochMillis(options.lastConsideredAt),
    now,
    graceMillis: Duration.toMillis(options.grace ?? defaultGrace),
    maxCatchUp: Math.max(1, options.maxCatchUp ?? defaultMaxCatchUp)
  })
  return {
    runs: result.runs.map((run) =>
      new ScheduledRun({
        jobId: options.jobId,
        scheduledAt: DateTime.makeUnsafe(run.scheduledAt),
        startedAt: options.now,
        missed: run.missed,
        coalesced: run.coalesced
      })
    ),
    dropped: result.dropped
  }
}

/**
 * The first occurrence of a scheduled trigger strictly after `after`
 * (`undefined` when the expression never fires again).
 *
 * @since 0.1.0
 * @category computations
 */
export const nextRun = (trigger: Trigger.ScheduledTrigger, after: DateTime.Utc): DateTime.Utc | undefined => {
  const next = internal.nextAfter(internal.makeCron(trigger), DateTime.toEpochMillis(after))
  return next === undefined ? undefined : DateTime.makeUnsafe(next)
}

/**
 * The next `count` occurrences strictly after `after`.
 *
 * @since 0.1.0
 * @category computations
 */
export const upcoming = (
  trigger: Trigger.ScheduledTrigger,
  after: DateTime.Utc,
  count: number
): ReadonlyArray<DateTime.Utc> => {
  const cron = internal.makeCron(trigger)
  const out: Array<DateTime.Utc> = []
  let cursor = DateTime.toEpochMillis(after)
  while (out.length < count) {
    const next = internal.nextAfter(cron, cursor)
    if (next === undefined) break
    out.push(DateTime.makeUnsafe(next))
    cursor = next
  }
  return out
}

const defaultGrace: Duration.Input = "1 second"
const defaultMaxCatchUp = 1000

/**
 * Runs one job forever: at start, catches up on occurrences since
 * `lastRunAt` according to the trigger's missed-run policy, then sleeps (on
 * `Clock`) until each next occurrence and runs `handler`. Runs of one job are
 * sequential; occurrences passed while a run overran are missed runs.
 *
 * The handler cannot fail: handle errors (and record them) inside it.
 * Fork the returned effect in a scope; interrupting it stops the job.
 *
 * @since 0.1.0
 * @category runners
 */
export const runJob = <R>(
  job: ScheduledJob,
  handler: (run: ScheduledRun) => Effect.Effect<void, never, R>,
  options?: Options
): Effect.Effect<never, never, R> =>
  Effect.suspend(() => {
    const cron = internal.makeCron(job.trigger)
    const graceMillis = Duration.toMillis(options?.grace ?? defaultGrace)
    const maxCatchUp = Math.max(1, options?.maxCatchUp ?? defaultMaxCatchUp)
    let last: number | undefined = job.lastRunAt === undefined ? undefined : DateTime.toEpochMillis(job.lastRunAt)
    const step = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const considered = last ?? now
      const planned = internal.plan({
        trigger: job.trigger,
        cron,
        lastConsideredAt: considered,
        now,
        graceMillis,
        maxCatchUp
      })
      last = Math.max(considered, now)
      for (const run of planned.runs) {
        const startedAt = yield* Clock.currentTimeMillis
        yield* handler(
          new ScheduledRun({
            jobId: job.id,
            scheduledAt: DateTime.makeUnsafe(run.scheduledAt),
            startedAt: DateTime.makeUnsafe(startedAt),
            missed: run.missed,
            coalesced: run.coalesced
          })
        )
      }
      const next = internal.nextAfter(cron, last)
      if (next === undefined) return yield* Effect.never
      const current = yield* Clock.currentTimeMillis
      if (next > current) yield* Effect.sleep(Duration.millis(next - current))
    })
    return Effect.forever(step)
  })

/**
 * Runs several jobs concurrently, each as {@link runJob}.
 *
 * @since 0.1.0
 * @category runners
 */
export const runAll = <R>(
  jobs: Iterable<ScheduledJob>,
  handler: (run: ScheduledRun) => Effect.Effect<void, never, R>,
  options?: Options
): Effect.Effect<never, never, R> =>
  Effect.forEach(jobs, (job) => runJob(job, handler, options), { concurrency: "unbounded", discard: true }).pipe(
    Effect.andThen(Effect.never)
  )
