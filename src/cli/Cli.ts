/**
 * The `ringmaster` command line: `migrate`, `status` and `demo`, on the
 * embedded data directory by default or on a server with `--database-url`.
 *
 * @since 0.1.0
 */
import { Console, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { SqlClient } from "effect/sql"
import * as Demo from "../demo/Demo.ts"
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
      if (applied.length > 0) {
        for (const table of Schema.all) {
          const exists = yield* sql<{ ok: boolean }>`select to_regclass(${`${table.schema}.${table.name}`}) is not null as ok`
          if (!exists[0]?.ok) continue
          const [row] = yield* sql.unsafe<{ n: number }>(`select count(*)::int4 as n from ${table.sqlName}`)
          counts.push([table.schema === "public" ? table.name : `${table.schema}.${table.name}`, Number(row?.n ?? 0)])
        }
      }
      return { applied, counts }
    }).pipe(Effect.provide(databaseLayer(databaseUrl, dataDir)))
    yield* Console.log(`Database: ${describeTarget(databaseUrl, dataDir)}`)
    const known = new Set(report.applied.map((m) => Number(m.migration_id)))
    yield* Console.log("Migrations:")
    for (const m of Migrations.all) {
      yield* Console.log(`  ${known.has(m.id) ? "applied" : "pending"}  ${String(m.id).padStart(4, "0")}_${m.name}  ${m.description}`)
    }
    if (report.counts.length > 0) {
      const width = Math.max(...report.counts.map(([name]) => name.length))
      yield* Console.log("Rows:")
      for (const [name, n] of report.counts) yield* Console.log(`  ${name.padEnd(width)}  ${n}`)
    }
  })
).pipe(Command.withDescription("Show applied migrations and row counts"))

const demo = Command.make(
  "demo",
  {
    dataDir,
    databaseUrl,
    seed: Flag.Int("seed").pipe(Flag.withDescription("seed of the generated data"), Flag.withDefault(2026))
  },
  Effect.fn(function*({ dataDir, databaseUrl, seed }) {
    yield* Console.log(`Ringmaster demo on ${describeTarget(databaseUrl, dataDir)}`)
    const summary = yield* Demo.run({ seed }).pipe(
      Effect.provide(SqlStorage.layerOn(databaseLayer(databaseUrl, dataDir)) as Layer.Layer<Storage | SqlClient.SqlClient, Database.DatabaseUnavailable | Migrations.MigrationFailed>)
    )
    yield* Console.log(Demo.format(summary))
  })
).pipe(Command.withDescription("Migrate, load the demo data set, and summarise it (what `npm start` runs)"))

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("ringmaster").pipe(
  Command.withDescription("Ringmaster: rules, agents and decision cycles over one storage port"),
  Command.withSubcommands([migrate, status, demo])
)

/**
 * Runs the command line on `process.argv`.
 *
 * @since 0.1.0
 * @category commands
 */
export const run = Command.run(command, { version: "0.1.0" })
