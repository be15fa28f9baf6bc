/**
 * The `ringmaster` command line: `migrate`, `status`, `demo`, `start` (the
 * demo, then the marketing server and dashboard until interrupted) and
 * `audit verify`, on the embedded data directory by default or on a server
 * with `--database-url`;
 * and `schedule`, which solves a scheduling problem file with no database.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Console, Effect, FileSystem, Layer, Option, Schema as EffectSchema } from "effect"
import { Argument, CliError, Command, Flag } from "effect/cli"
import { join } from "node:path"
import { SqlClient } from "effect/sql"
import * as Problem from "../agents/builtin/scheduling/Problem.ts"
import { InvalidProblem } from "../agents/builtin/scheduling/SchedulingError.ts"
import * as Solver from "../agents/builtin/scheduling/Solver.ts"
import * as Summary from "../agents/builtin/scheduling/Summary.ts"
import * as Demo from "../demo/Demo.ts"
import * as DemoServer from "../demo/DemoServer.ts"
import * as KeysCommand from "../http/KeysCommand.ts"
import * as Audit from "../storage/Audit.ts"
import * as Retention from "../storage/Retention.ts"
import * as Database from "../storage/Database.ts"
import * as Migrations from "../storage/Migrations.ts"
import * as Schema from "../storage/schema/index.ts"
import * as SqlStorage from "../storage/SqlStorage.ts"
import { Storage } from "../storage/Storage.ts"

/**
 * The embedded data directory used when neither `--data-dir` nor
 * `--database-url` is given.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultDataDir = ".ringmaster/data"

const dataDir = Flag.String("data-dir").pipe(
  Flag.withDescription(`PGlite data directory (default ${defaultDataDir})`),
  Flag.withDefault(defaultDataDir)
)

const databaseUrl = Flag.String("database-url").pipe(
  Flag.withDescription("a PostgreSQL server URL, instead of the embedded database"),
  Flag.optional
)

const describeTarget = (url: Option.Option<string>, dir: string) =>
  Option.match(url, { onNone: () => `embedded PGlite in ${dir}`, onSome: Database.redactUrl })

const databaseLayer = (url: Option.Option<string>, dir: string) =>
  Option.match(url, {
    onNone: () => Database.layerPglite({ dataDir: dir }),
    onSome: (url) => Database.layerServer(url)
  })

const migrate = Command.make(
  "migrate",
  { dataDir, databaseUrl },
  Effect.fn(function*({ dataDir, databaseUrl }) {
    const applied = yield* Migrations.run.pipe(Effect.provide(databaseLayer(databaseUrl, dataDir)))
    yield* Console.log(`Database: ${describeTarget(databaseUrl, dataDir)}`)
    yield* Console.log(
      applied.length === 0
        ? "Up to date: no migration to apply."
        : `Applied ${applied.length} migration(s): ${applied.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`).join(", ")}`
    )
  })
).pipe(Command.withDescription("Apply pending schema migrations"))

const status = Command.make(
  "status",
  { dataDir, databaseUrl },
  Effect.fn(function*({ dataDir, databaseUrl }) {
    const report = yield* Effect.gen(function*() {
      const applied = yield* Migrations.applied
      const sql = yield* SqlClient.SqlClient
      const counts: Array<readonly [string, number]> = []
      const missing = yield* Migrations.missing
      if (applied.length > 0) {
        for (const table of Schema.all) {
          const exists = yield* sql<{ ok: boolean }>`select to_regclass(${`${table.schema}.${table.name}`}) is not null as ok`
          if (!exists[0]?.ok) continue
          const [row] = yield* sql.unsafe<{ n: number }>(`select count(*)::int4 as n from ${table.sqlName}`)
          counts.push([table.schema === "public" ? table.name : `${table.schema}.${table.name}`, Number(row?.n ?? 0)])
        }
      }
      return { applied, counts, missing }
    }).pipe(Effect.provide(databaseLayer(databaseUrl, dataDir)))
    yield* Console.log(`Database: ${describeTarget(databaseUrl, dataDir)}`)
    const known = new Set(report.applied.map((m) => Number(m.migration_id)))
    yield* Console.log("Migrations:")
    for (const m of Migrations.all) {
      yield* Console.log(`  ${known.has(m.id) ? "applied" : "pending"}  ${String(m.id).padStart(4, "0")}_${m.name}  ${m.description}`)
    }
    const present = Schema.all.length - report.missing.tables.length
    if (report.missing.migrations.length === 0) {
      yield* Console.log(
        report.missing.tables.length === 0
          ? `Schema: complete (${Schema.all.length} tables)`
          : `Schema: DAMAGED: ${report.missing.tables.length} table(s) missing although every migration is recorded: ${report.missing.tables.join(", ")}`
      )
    } else if (report.applied.length === 0 && present > 0) {
      yield* Console.log(`Schema: DAMAGED: ${present} of the schema's ${Schema.all.length} tables exist, but no migration is recorded`)
    }
    if (report.counts.length > 0) {
      const width = Math.max(...report.counts.map(([name]) => name.length))
      yield* Console.log("Rows:")
      for (const [name, n] of report.counts) yield* Console.log(`  ${name.padEnd(width)}  ${n}`)
    }
  })
).pipe(Command.withDescription("Show applied migrations and row counts"))

/**
 * A progress bar on stderr when it is a terminal (redrawn in place), else a
 * line every tenth of the way.
 */
const progress = (label: string) => (done: number, total: number): Effect.Effect<void> =>
  Effect.sync(() => {
    const stream = process.stderr
    if (stream.isTTY) {
      const width = 30
      const filled = Math.round((done / total) * width)
      stream.write(`\r  ${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`)
    } else if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) {
      stream.write(`  ${label}: ${done}/${total}\n`)
    }
  })

const demoFlags = {
  dataDir,
  databaseUrl,
  seed: Flag.Int("seed").pipe(Flag.withDescription("seed of the generated data"), Flag.withDefault(2026)),
  days: Flag.Int("days").pipe(
    Flag.withDescription("simulated days of decision cycles (0 skips them)"),
    Flag.withDefault(30)
  )
}

/** Loads and summarises the demo; then, when `port` is given, serves it until interrupted (see `DemoServer`). */
const runDemo = Effect.fn(function*(
  { dataDir, databaseUrl, seed, days }: { dataDir: string; databaseUrl: Option.Option<string>; seed: number; days: number },
  port: number | undefined
) {
  // a port in use is said before the demo's half minute, not after
  if (port !== undefined) yield* DemoServer.ensurePortFree("127.0.0.1", port)
  yield* Console.log(`Ringmaster demo on ${describeTarget(databaseUrl, dataDir)}`)
  yield* Effect.gen(function*() {
    const summary = yield* Demo.run({ seed, cycleDays: Math.max(0, days), onCycleDay: progress("simulated days") })
    yield* Console.log(Demo.format(summary))
    if (port === undefined) return
    // the simulated ad account the cycles managed; without cycles, the event's account
    const profile = summary.cycles === undefined ? "event" : "marketing"
    yield* DemoServer.serve({ profile, port, onReady: (started) => Console.log(DemoServer.banner(started)) })
  }).pipe(
    Effect.provide(
      // the demo is audited: every mutation appends to its account's hash chain
      Audit.layer.pipe(
        Layer.provideMerge(SqlStorage.layerOn(databaseLayer(databaseUrl, dataDir)) as Layer.Layer<Storage | SqlClient.SqlClient, Database.DatabaseUnavailable | Migrations.MigrationFailed>)
      )
    )
  )
})

const demo = Command.make("demo", demoFlags, (flags) => runDemo(flags, undefined)).pipe(
  Command.withDescription("Migrate, load the demo data set, and summarise it")
)

const start = Command.make(
  "start",
  {
    ...demoFlags,
    serve: Flag.Boolean("serve").pipe(
      Flag.withDescription("after the summary, serve the API and the dashboard until interrupted (--no-serve stops after the summary)"),
      Flag.withDefault(true)
    ),
    port: Flag.Int("port").pipe(Flag.withDescription("port on 127.0.0.1 (0 picks a free one)"), Flag.withDefault(8080))
  },
  Effect.fn(function*({ serve, port, ...flags }) {
    if (port < 0 || port > 65535) return yield* new DemoServer.InvalidPort({ port })
    return yield* runDemo(flags, serve ? port : undefined)
  })
).pipe(Command.withDescription("The demo, then the marketing server and dashboard on 127.0.0.1 until Ctrl-C (what `npm start` runs)"))

const schedule = Command.make(
  "schedule",
  {
    problem: Argument.File("problem", { mustExist: true }).pipe(
      Argument.withDescription("a scheduling problem as JSON (see src/agents/builtin/scheduling/README.md)")
    ),
    seed: Flag.Int("seed").pipe(Flag.withDescription("seed of the solver's random moves"), Flag.withDefault(1)),
    iterations: Flag.Int("iterations").pipe(
      Flag.withDescription("search iterations (default 600 per talk, at least 60,000)"),
      Flag.optional
    ),
    timeLimit: Flag.Int("time-limit").pipe(
      Flag.withDescription("stop searching after this many milliseconds (the result then depends on the machine)"),
      Flag.optional
    ),
    out: Flag.String("out").pipe(
      Flag.withDescription("write the schedule JSON to this file (the summary then goes to stdout)"),
      Flag.optional
    )
  },
  Effect.fn(function*({ problem: file, seed, iterations, timeLimit, out }) {
    const fs = yield* FileSystem.FileSystem
    const text = yield* fs.readFileString(file)
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) => new InvalidProblem({ reason: `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}` })
    })
    const problem = yield* Problem.decode(json).pipe(
      Effect.mapError((e) => new InvalidProblem({ reason: `${file}: ${e.reason}` }))
    )
    if (Option.isSome(iterations) && iterations.value < 0) {
      return yield* new InvalidProblem({ reason: `--iterations must be at least 0, got ${iterations.value}` })
    }
    if (Option.isSome(timeLimit) && timeLimit.value <= 0) {
      return yield* new InvalidProblem({ reason: `--time-limit must be positive, got ${timeLimit.value}` })
    }
    const started = yield* Clock.currentTimeMillis
    const result = yield* Solver.solve(problem, {
      seed,
      ...(Option.isSome(iterations) ? { iterations: iterations.value } : {}),
      ...(Option.isSome(timeLimit) ? { timeLimitMillis: timeLimit.value } : {})
    })
    const millis = (yield* Clock.currentTimeMillis) - started
    const encoded = JSON.stringify(yield* EffectSchema.encodeEffect(Solver.Schedule)(result), null, 2) + "\n"
    const summary = Summary.format(problem, result, { seed, millis }).join("\n")
    if (Option.isSome(out)) {
      yield* fs.writeFileString(out.value, encoded)
      yield* Console.log(`${summary}\nSchedule written to ${out.value}`)
    } else {
      // the schedule on stdout (pipe it), the summary on stderr
      yield* Console.error(summary)
      yield* Console.log(encoded.trimEnd())
    }
  })
).pipe(Command.withDescription("Solve a scheduling problem file (no database): print a summary and the schedule JSON"))

const auditVerify = Command.make(
  "verify",
  {
    dataDir,
    databaseUrl,
    account: Flag.String("account").pipe(
      Flag.withDescription("verify this account's chain only (an account id; \"system\" for the system chain)"),
      Flag.optional
    )
  },
  Effect.fn(function*({ dataDir, databaseUrl, account }) {
    const results = yield* Effect.gen(function*() {
      const audit = yield* Audit.Audit
      return yield* Option.match(account, {
        onNone: () => audit.verifyAll,
        onSome: (id) => Effect.map(audit.verify(id === "system" ? null : id), (v) => [v])
      })
    }).pipe(
      Effect.provide(Audit.layerVerifier.pipe(Layer.provideMerge(SqlStorage.layerOn(databaseLayer(databaseUrl, dataDir)) as Layer.Layer<Storage | SqlClient.SqlClient, Database.DatabaseUnavailable | Migrations.MigrationFailed>)))
    )
    yield* Console.log(`Database: ${describeTarget(databaseUrl, dataDir)}`)
    if (results.length === 0) yield* Console.log("Audit trail: no chained entries")
    for (const v of results) yield* Console.log(Audit.format(v))
    const broken = results.filter((v) => !Audit.isVerified(v))
    if (broken.length > 0) return yield* new Audit.ChainBroken({ broken: broken.length, first: Audit.format(broken[0]!) })
    yield* Console.log(`Audit trail: ${results.length} chain(s) verified`)
  })
).pipe(Command.withDescription("Verify the audit trail's hash chains; exits 1 naming the first broken entry"))

const retentionRun = Command.make(
  "run",
  {
    dataDir,
    databaseUrl,
    dryRun: Flag.Boolean("dry-run").pipe(Flag.withDescription("count what would be deleted; delete nothing"), Flag.withDefault(false))
  },
  Effect.fn(function*({ dataDir, databaseUrl, dryRun }) {
    const reports = yield* Effect.gen(function*() {
      const retention = yield* Retention.Retention
      return yield* retention.run({ dryRun })
    }).pipe(
      // deletions are audited (one summary entry per batch on the system chain)
      Effect.provide(
        Retention.layer().pipe(
          Layer.provideMerge(Audit.layer),
          Layer.provideMerge(SqlStorage.layerOn(databaseLayer(databaseUrl, dataDir)) as Layer.Layer<Storage | SqlClient.SqlClient, Database.DatabaseUnavailable | Migrations.MigrationFailed>)
        )
      )
    )
    yield* Console.log(`Database: ${describeTarget(databaseUrl, dataDir)}`)
    for (const r of reports) {
      yield* Console.log(
        `  ${r.rule}: ${r.table} older than ${r.cutoff.toISOString()}: ${r.deleted} ${dryRun ? "would be deleted" : `deleted in ${r.batches} batch(es)`}${r.more ? " (more left)" : ""}`
      )
    }
    yield* Console.log(`Retention: ${reports.reduce((n, r) => n + r.deleted, 0)} row(s) ${dryRun ? "would be deleted" : "deleted"}`)
  })
).pipe(Command.withDescription("Apply the retention rules once: delete rows past their age in batches"))

const retention = Command.make("retention").pipe(
  Command.withDescription("Data retention (seed 000's rules)"),
  Command.withSubcommands([retentionRun])
)

const keys = KeysCommand.make({
  dataDir,
  databaseUrl,
  storage: (url, dir) => SqlStorage.layerOn(databaseLayer(url, dir)) as Layer.Layer<Storage, Database.DatabaseUnavailable | Migrations.MigrationFailed>
})

const audit = Command.make("audit").pipe(
  Command.withDescription("The tamper-evident audit trail"),
  Command.withSubcommands([auditVerify])
)

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("ringmaster").pipe(
  Command.withDescription("Ringmaster: rules, agents and decision cycles over one storage port"),
  Command.withSubcommands([migrate, status, demo, start, schedule, audit, retention, keys])
)

/**
 * Runs the command line on `process.argv`.
 *
 * @since 0.1.0
 * @category commands
 */
export const run = Command.run(command, { version: "0.1.0" })

/**
 * The one line the command line prints for a failure (without the
 * `ringmaster: ` prefix): which database and what went wrong.
 *
 * @since 0.1.0
 * @category formatting
 */
export const describeFailure = (error: unknown): string => {
  const text = error instanceof Database.DatabaseUnavailable && error.lockedBy !== undefined
    ? `data directory ${error.target} is in use by process ${error.lockedBy} (lock file ${join(error.target, Database.lockFileName)}); ` +
      "stop it or use another --data-dir"
    : error instanceof Error
    ? error.message
    : Database.describeCause(error)
  return text.trim().replace(/\s*\n\s*/g, "; ")
}

/**
 * Prints one line to stderr for a failure or a defect (usage errors are
 * printed with the help text by the parser) and fails on, so the runtime exits
 * non-zero. Interruption (Ctrl-C) passes through silently.
 *
 * @since 0.1.0
 * @category commands
 */
export const reportFailures = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.tapCause(self, (cause) => {
    if (Cause.hasInterruptsOnly(cause)) return Effect.void
    const error = Cause.findErrorOption(cause)
    if (Option.isSome(error)) {
      return CliError.isCliError(error.value) ? Effect.void : Console.error(`ringmaster: ${describeFailure(error.value)}`)
    }
    const defect = Cause.findDefect(cause)
    return Console.error(`ringmaster: unexpected failure: ${describeFailure(defect._tag === "Success" ? defect.success : Cause.squash(cause))}`)
  })
