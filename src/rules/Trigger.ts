/**
 * What starts a rule: a fact of a given type arriving, a fixed frequency
 * (`continuous`, `hourly`, `daily`) or a cron expression.
 *
 * JSON shape (as stored inside the `trigger_conditions` JSONB column, see
 * `Rule.ts`):
 *
 * ```json
 * { "_tag": "Fact", "factType": "campaign.metrics" }
 * { "_tag": "Frequency", "frequency": "hourly", "missedRuns": "once" }
 * { "_tag": "Cron", "expression": "0 9 * * 1-5", "timezone": "Europe/Paris", "missedRuns": "skip" }
 * ```
 *
 * Frequencies are cron expressions evaluated in UTC: `continuous` runs every
 * minute, `hourly` at the top of every hour, `daily` at midnight UTC. Cron
 * expressions are parsed by croner (5 fields, or 6 with seconds first) and run
 * in `timezone` (default UTC).
 *
 * @since 0.1.0
 */
import { Cron } from "croner"
import { Schema } from "effect"

/**
 * A fixed frequency, as in `ai_automation_rules.execution_frequency`.
 *
 * @since 0.1.0
 * @category models
 */
export const Frequency = Schema.Literals(["continuous", "hourly", "daily"])

/**
 * @since 0.1.0
 * @category models
 */
export type Frequency = typeof Frequency.Type

/**
 * What the scheduler does with occurrences it could not run on time (the
 * process was down, or the previous run overran):
 *
 * - `skip`: drop them; only occurrences observed on time run.
 * - `once`: run once for all of them (the latest missed occurrence).
 * - `all`: run every missed occurrence, oldest first (bounded by the
 *   scheduler's `maxCatchUp`).
 *
 * @since 0.1.0
 * @category models
 */
export const MissedRunPolicy = Schema.Literals(["skip", "once", "all"])

/**
 * @since 0.1.0
 * @category models
 */
export type MissedRunPolicy = typeof MissedRunPolicy.Type

/**
 * The policy used when a scheduled trigger does not name one.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMissedRunPolicy: MissedRunPolicy = "once"

const cronProblem = (expression: string, timezone?: string): string | undefined => {
  try {
    const cron = new Cron(expression, { paused: true, timezone: timezone ?? "UTC" })
    cron.stop()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * A cron expression croner accepts (5 fields, or 6 with seconds first).
 *
 * @since 0.1.0
 * @category models
 */
export const CronExpression = Schema.String.check(
  Schema.makeFilter((expression: string) => {
    const problem = cronProblem(expression)
    return problem === undefined ? true : `invalid cron expression: ${problem}`
  }, { expected: "a cron expression" })
)

/**
 * An IANA time zone name (for example `UTC` or `Europe/Paris`).
 *
 * @since 0.1.0
 * @category models
 */
export const TimeZone = Schema.String.check(
  Schema.makeFilter((zone: string) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone })
      return true
    } catch {
      return `unknown time zone ${JSON.stringify(zone)}`
    }
  }, { expected: "an IANA time zone" })
)

/**
 * Runs the rule when a fact of `factType` arrives (for example
 * `"campaign.metrics"` or `"attendee.registered"`).
 *
 * @since 0.1.0
 * @category models
 */
export class FactTrigger extends Schema.TaggedClass<FactTrigger>()("Fact", {
  factType: Schema.NonEmptyString
}) {}

/**
 * Runs the rule at a fixed frequency (UTC).
 *
 * @since 0.1.0
 * @category models
 */
export class FrequencyTrigger extends Schema.TaggedClass<FrequencyTrigger>()("Frequency", {
  frequency: Frequency,
  missedRuns: Schema.optionalKey(MissedRunPolicy)
}) {}

/**
 * Runs the rule on a cron expression in a time zone (default UTC).
 *
 * @since 0.1.0
 * @category models
 */
export class CronTrigger extends Schema.TaggedClass<CronTrigger>()("Cron", {
  expression: CronExpression,
  timezone: Schema.optionalKey(TimeZone),
  missedRuns: Schema.optionalKey(MissedRunPolicy)
}) {}

/**
 * A trigger that the scheduler runs.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduledTrigger = Schema.Union([FrequencyTrigger, CronTrigger])

/**
 * @since 0.1.0
 * @category models
 */
export type ScheduledTrigger = typeof ScheduledTrigger.Type

/**
 * A fact type or a schedule.
 *
 * @since 0.1.0
 * @category models
 */
export const Trigger = Schema.Union([FactTrigger, FrequencyTrigger, CronTrigger])

/**
 * @since 0.1.0
 * @category models
 */
export type Trigger = typeof Trigger.Type

/**
 * Builds a fact trigger.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fact = (factType: string): FactTrigger => new FactTrigger({ factType })

/**
 * Builds a frequency trigger.
 *
 * @since 0.1.0
 * @category constructors
 */
export const every = (frequency: Frequency, missedRuns?: MissedRunPolicy): FrequencyTrigger =>
  new FrequencyTrigger(missedRuns === undefined ? { frequency } : { frequency, missedRuns })

/**
 * Builds a cron trigger; throws a `SchemaError` on an invalid expression.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cron = (
  expression: string,
  options?: { readonly timezone?: string; readonly missedRuns?: MissedRunPolicy }
): CronTrigger =>
  Schema.decodeUnknownSync(CronTrigger)({
    _tag: "Cron",
    expression,
    ...(options?.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options?.missedRuns === undefined ? {} : { missedRuns: options.missedRuns })
  })

/**
 * Whether a trigger is scheduled (frequency or cron) rather than fact-driven.
 *
 * @since 0.1.0
 * @category guards
 */
export const isScheduled = (trigger: Trigger): trigger is ScheduledTrigger => trigger._tag !== "Fact"

/**
 * The missed-run policy of a scheduled trigger (its own, or the default).
 *
 * @since 0.1.0
 * @category getters
 */
export const missedRunPolicy = (trigger: ScheduledTrigger): MissedRunPolicy =>
  trigger.missedRuns ?? defaultMissedRunPolicy

/**
 * The cron expression and time zone a scheduled trigger runs on.
 *
 * @since 0.1.0
 * @category getters
 */
export const cronOf = (trigger: ScheduledTrigger): { readonly expression: string; readonly timezone: string } => {
  if (trigger._tag === "Cron") {
    return { expression: trigger.expression, timezone: trigger.timezone ?? "UTC" }
  }
  switch (trigger.frequency) {
    case "continuous":
      return { expression: "* * * * *", timezone: "UTC" }
    case "hourly":
      return { expression: "0 * * * *", timezone: "UTC" }
    case "daily":
      return { expression: "0 0 * * *", timezone: "UTC" }
  }
}
