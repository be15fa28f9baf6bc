/**
 * Retention: rules as data (a table, the column that dates a row, a maximum
 * age), applied by a job that deletes older rows in bounded batches, one
 * short transaction per batch (`FOR UPDATE SKIP LOCKED`, so it never waits
 * on a row a writer holds), and a runner that repeats the job on a
 * `Schedule`. Time comes from `Clock`.
 *
 * Seed 000 writes its four rules as RLS `FOR DELETE` policies, which delete
 * nothing; {@link seedRules} are those rules as data. A host passes its own
 * list (change an age, add a plugin's table) to {@link layer}.
 *
 * Rows removed by a rule are not audited one by one (that would keep, in the
 * audit trail, the very data retention exists to remove): with the audit
 * trail on, each batch appends one `retention.purge` entry to the system
 * chain (rule, table, cutoff, rows removed). A rule on `ai_audit_trail`
 * itself prunes each chain's old prefix through `Audit.prune`, which leaves a
 * checkpoint entry so the chain stays verifiable.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Schedule, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import * as Actor from "./Actor.ts"
import { Audit } from "./Audit.ts"
import { fromSqlError } from "./internal/sqlError.ts"
import { AiErrorLogs } from "./schema/eventsAi/AiErrorLogs.ts"
import { AiPerformanceMetrics } from "./schema/eventsAi/AiPerformanceMetrics.ts"
import { AiRecommendations } from "./schema/eventsAi/AiRecommendations.ts"
import { AiTrainingData } from "./schema/eventsAi/AiTrainingData.ts"
import { AiAuditTrail } from "./schema/marketingAi/AiAuditTrail.ts"
import { Storage } from "./Storage.ts"
import type { StorageError } from "./StorageError.ts"
import * as Table from "./Table.ts"

/**
 * An age in calendar units, subtracted from the current time in UTC as
 * PostgreSQL subtracts an interval (`now() - interval '2 years'`). All zero:
 * "before now" (an expiry column).
 *
 * @since 0.1.0
 * @category models
 */
export interface Age {
  readonly years?: number | undefined
  readonly months?: number | undefined
  readonly days?: number | undefined
  readonly hours?: number | undefined
}

/**
 * One retention rule: rows of `table` whose `column` (a `timestamptz` or
 * `date`) is before now minus `maxAge` are deleted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rule {
  readonly name: string
  readonly table: Table.Any
  readonly column: string
  readonly maxAge: Age
}

/**
 * A rule that cannot be applied, naming the rule, the field and why.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRule extends Schema.TaggedError<InvalidRule>()("InvalidRule", {
  rule: Schema.String,
  field: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `retention rule ${this.rule}: ${this.field}: ${this.reason}`
  }
}

/**
 * What one rule did in one run: its cutoff, how many rows went (or, in a dry
 * run, would go), in how many batches, and whether it stopped at
 * `maxBatches` with rows left.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleReport {
  readonly rule: string
  readonly table: string
  readonly cutoff: Date
  readonly deleted: number
  readonly batches: number
  readonly more: boolean
}

/**
 * Options of a run.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunOptions {
  /** Count what would go; delete nothing. */
  readonly dryRun?: boolean | undefined
}

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Rows per batch (one transaction each); default 1,000. */
  readonly batchSize?: number | undefined
  /** Batches per rule per run; default unbounded (until no old row is left). */
  readonly maxBatches?: number | undefined
}

/**
 * What the retention service does.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetentionShape {
  readonly rules: ReadonlyArray<Rule>
  /** Applies every rule once. */
  readonly run: (options?: RunOptions) => Effect.Effect<ReadonlyArray<RuleReport>, StorageError | InvalidRule>
}

/**
 * The retention service.
 *
 * @since 0.1.0
 * @category services
 */
export class Retention extends Context.Service<Retention, RetentionShape>()("ringmaster/storage/Retention") {}

/**
 * Seed 000's four rules: performance metrics 2 years, error logs 1 year,
 * training data 5 years, expired recommendations (as soon as `expires_at`
 * passes; the seed cleans them daily, which is the default schedule).
 *
 * @since 0.1.0
 * @category rules
 */
export const seedRules: ReadonlyArray<Rule> = [
  { name: "ai_performance_retention", table: AiPerformanceMetrics, column: "measurement_timestamp", maxAge: { years: 2 } },
  { name: "ai_error_logs_retention", table: AiErrorLogs, column: "created_at", maxAge: { years: 1 } },
  { name: "ai_training_data_retention", table: AiTrainingData, column: "created_at", maxAge: { years: 5 } },
  { name: "ai_recommendations_expiry", table: AiRecommendations, column: "expires_at", maxAge: {} }
]

/**
 * A rule for the audit trail itself: each chain's entries older than
 * `maxAge` are pruned from the chain's start, leaving a checkpoint (needs
 * `Audit` in context). Not among the seed's rules: a host that keeps audit
 * entries for a bounded time adds it.
 *
 * @since 0.1.0
 * @category rules
 */
export const auditRule = (maxAge: Age): Rule => ({ name: "ai_audit_trail_retention", table: AiAuditTrail, column: "occurred_at", maxAge })

/**
 * The cutoff of an age at a time: `now` minus the age, in UTC calendar
 * arithmetic (a month back from March 31 is the last day of February, as in
 * PostgreSQL).
 *
 * @since 0.1.0
 * @category utils
 */
export const cutoffOf = (now: number, age: Age): Date => {
  const d = new Date(now)
  const months = (age.years ?? 0) * 12 + (age.months ?? 0)
  if (months !== 0) {
    const day = d.getUTCDate()
    d.setUTCDate(1)
    d.setUTCMonth(d.getUTCMonth() - months)
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
    d.setUTCDate(Math.min(day, last))
  }
  return new Date(d.getTime() - ((age.days ?? 0) * 24 + (age.hours ?? 0)) * 3_600_000)
}

const checkRule = (rule: Rule): Effect.Effect<void, InvalidRule> => {
  const fail = (field: string, reason: string) => Effect.fail(new InvalidRule({ rule: rule.name || "(unnamed)", field, reason }))
  if (typeof rule.name !== "string" || rule.name.length === 0) return fail("name", "expected a non-empty name")
  const column = Object.hasOwn(rule.table.columns, rule.column) ? rule.table.columns[rule.column] : undefined
  if (column === undefined) return fail("column", `no such column in ${rule.table.name}: ${String(rule.column)}`)
  if (column.pgType !== "timestamptz" && column.pgType !== "date") return fail("column", `${rule.column} is ${column.pgType}, expected timestamptz or date`)
  for (const unit of ["years", "months", "days", "hours"] as const) {
    const n = rule.maxAge[unit]
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 0)) return fail(`maxAge.${unit}`, `expected a non-negative integer, got ${String(n)}`)
  }
  return Effect.void
}

/**
 * Builds the retention service over the given rules.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (rules: ReadonlyArray<Rule> = seedRules, options: Options = {}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const storage = yield* Storage
    const audit = yield* Effect.serviceOption(Audit)
    const batchSize = options.batchSize ?? 1_000
    const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      return yield* new InvalidRule({ rule: "(options)", field: "batchSize", reason: `expected a positive integer, got ${batchSize}` })
    }
    if (maxBatches !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(maxBatches) || maxBatches < 1)) {
      return yield* new InvalidRule({ rule: "(options)", field: "maxBatches", reason: `expected a positive integer, got ${maxBatches}` })
    }
    yield* Effect.forEach(rules, checkRule, { discard: true })

    const run = <A extends object>(table: Table.Any, text: string, params: ReadonlyArray<string>) =>
      sql.unsafe<A>(text, params as Array<string>).pipe(Effect.mapError((e: SqlError) => fromSqlError(e, "retention", table.name)))

    const tableRule = (rule: Rule, cutoff: Date, dryRun: boolean) =>
      Effect.gen(function*() {
        const { table } = rule
        const pk = Table.quoteIdentifier(table.primaryKey)
        const column = Table.quoteIdentifier(rule.column)
        const old = `${column} < $1::timestamptz`
        if (dryRun) {
          const [row] = yield* run<{ n: number }>(table, `select count(*)::int4 as n from ${table.sqlName} where ${old}`, [cutoff.toISOString()])
          return { deleted: Number(row?.n ?? 0), batches: 0, more: false }
        }
        let deleted = 0
        let batches = 0
        while (batches < maxBatches) {
          const n = yield* storage.transaction(Effect.gen(function*() {
            const [row] = yield* run<{ n: number }>(
              table,
              `with doomed as (select ${pk} from ${table.sqlName} where ${old} order by ${column} limit ${batchSize} for update skip locked),
                    gone as (delete from ${table.sqlName} t using doomed where t.${pk} = doomed.${pk} returning 1)
               select count(*)::int4 as n from gone`,
              [cutoff.toISOString()]
            )
            const n = Number(row?.n ?? 0)
            if (n > 0 && Option.isSome(audit)) {
              yield* audit.value.record({
                account: null,
                action: "retention.purge",
                entityType: table.schema === "public" ? table.name : `${table.schema}.${table.name}`,
                reason: `retention rule ${rule.name}: ${rule.column} before ${cutoff.toISOString()}`,
                metadata: { rule: rule.name, cutoff: cutoff.toISOString(), deleted_rows: n }
              })
            }
            return n
          }))
          if (n === 0) break
          deleted += n
          batches++
          if (n < batchSize) return { deleted, batches, more: false }
        }
        return { deleted, batches, more: batches >= maxBatches }
      })

    const auditTrailRule = (rule: Rule, cutoff: Date, dryRun: boolean) =>
      Effect.gen(function*() {
        if (Option.isNone(audit)) {
          return yield* new InvalidRule({ rule: rule.name, field: "table", reason: "ai_audit_trail is pruned through the audit trail: provide Audit.layer (or Audit.layerVerifier)" })
        }
        if (dryRun) {
          const [row] = yield* run<{ n: number }>(rule.table, `select count(*)::int4 as n from ${rule.table.sqlName} where seq is not null and occurred_at < $1::timestamptz`, [cutoff.toISOString()])
          return { deleted: Number(row?.n ?? 0), batches: 0, more: false }
        }
        let deleted = 0
        let batches = 0
        for (const account of yield* audit.value.chains(cutoff)) {
          while (batches < maxBatches) {
            const pruned = yield* audit.value.prune(account, cutoff, batchSize)
            if (pruned.deleted === 0) break
            deleted += pruned.deleted
            batches++
            if (pruned.deleted < batchSize) break
          }
        }
        return { deleted, batches, more: batches >= maxBatches }
      })

    const runOnce = (runOptions: RunOptions = {}) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const reports: Array<RuleReport> = []
        for (const rule of rules) {
          const cutoff = cutoffOf(now, rule.maxAge)
          const dryRun = runOptions.dryRun === true
          const done = rule.table.sqlName === AiAuditTrail.sqlName
            ? yield* auditTrailRule(rule, cutoff, dryRun)
            : yield* tableRule(rule, cutoff, dryRun)
          reports.push({ rule: rule.name, table: `${rule.table.schema}.${rule.table.name}`, cutoff, ...done })
        }
        return reports
      }).pipe(Actor.withActor(Actor.system))

    const shape: RetentionShape = { rules, run: runOnce }
    return shape
  })

/**
 * The retention service over `rules` (the seed's by default).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  rules: ReadonlyArray<Rule> = seedRules,
  options: Options = {}
): Layer.Layer<Retention, InvalidRule, SqlClient.SqlClient | Storage> => Layer.effect(Retention, make(rules, options))

/**
 * Runs every rule now and then on `schedule` (daily by default, driven by the
 * `Clock`), forever; each run's reports go to `onRun`. A failed run is
 * reported to `onError` and the schedule goes on.
 *
 * @since 0.1.0
 * @category runners
 */
export const runScheduled = (options: {
  readonly schedule?: Schedule.Schedule<unknown, unknown> | undefined
  readonly onRun?: ((reports: ReadonlyArray<RuleReport>) => Effect.Effect<void>) | undefined
  readonly onError?: ((error: StorageError | InvalidRule) => Effect.Effect<void>) | undefined
} = {}): Effect.Effect<never, never, Retention> =>
  Effect.gen(function*() {
    const retention = yield* Retention
    const once = retention.run().pipe(
      Effect.flatMap((reports) => options.onRun?.(reports) ?? Effect.void),
      Effect.catch((error) => options.onError?.(error) ?? Effect.logWarning(`retention run failed: ${error.message}`))
    )
    const schedule: Schedule.Schedule<unknown, unknown> = options.schedule ?? Schedule.spaced("1 day")
    return yield* Effect.repeat(once, schedule).pipe(Effect.andThen(Effect.never))
  })

/**
 * A layer that runs {@link runScheduled} in the background for as long as it
 * is alive.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerScheduled = (
  options: Parameters<typeof runScheduled>[0] = {}
): Layer.Layer<never, never, Retention> => Layer.effectDiscard(Effect.forkScoped(runScheduled(options)))
