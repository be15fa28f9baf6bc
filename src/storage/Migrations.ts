/**
 * The schema's migrations, in order, and the effect that applies the pending
 * ones. Each migration is a module under `migrations/` exporting its SQL
 * statements; applied versions are recorded in `ringmaster_migrations`
 * (`effect/sql`'s migrator). Running it again is a no-op.
 *
 * Concurrent starts are serialised by a transaction-scoped advisory lock, and
 * every run ends by checking that every migration is recorded and every table
 * of the schema exists: a damaged database fails with `MigrationFailed` naming
 * what is missing instead of passing for "up to date" (the migrator on its own
 * reads a conflict on its bookkeeping table as "another process migrated").
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import * as Migrator from "effect/sql/Migrator"
import * as Tables from "./schema/index.ts"
import * as M0001 from "./migrations/0001_core.ts"
import * as M0002 from "./migrations/0002_events.ts"
import * as M0003 from "./migrations/0003_events_ai.ts"
import * as M0004 from "./migrations/0004_marketing.ts"
import * as M0005 from "./migrations/0005_marketing_ai.ts"
import * as M0006 from "./migrations/0006_safety.ts"
import * as M0007 from "./migrations/0007_agents.ts"
import * as M0008 from "./migrations/0008_cycles.ts"
import * as M0009 from "./migrations/0009_audit.ts"
import * as M0010 from "./migrations/0010_http.ts"
import * as M0011 from "./migrations/0011_tenancy.ts"

/**
 * One migration: an id, a name, what it does, and its statements.
 *
 * @since 0.1.0
 * @category models
 */
export interface Migration {
  readonly id: number
  readonly name: string
  readonly description: string
  readonly statements: ReadonlyArray<string>
}

/**
 * Every migration, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const all: ReadonlyArray<Migration> = [
  { id: 1, name: "core", ...M0001 },
  { id: 2, name: "events", ...M0002 },
  { id: 3, name: "events_ai", ...M0003 },
  { id: 4, name: "marketing", ...M0004 },
  { id: 5, name: "marketing_ai", ...M0005 },
  { id: 6, name: "safety", ...M0006 },
  { id: 7, name: "agents", ...M0007 },
  { id: 8, name: "cycles", ...M0008 },
  { id: 9, name: "audit", description: M0009.description, statements: M0009.statements },
  { id: 10, name: "http", description: M0010.description, statements: M0010.statements },
  { id: 11, name: "tenancy", description: M0011.description, statements: M0011.statements }
]

/**
 * The table that records applied migrations.
 *
 * @since 0.1.0
 * @category migrations
 */
export const table = "ringmaster_migrations"

/**
 * A migration failed; names the migration and the statement. When the check
 * after migrating finds the schema incomplete, `migration` is `"schema check"`
 * and `missing` lists the missing tables and unrecorded migrations.
 *
 * @since 0.1.0
 * @category errors
 */
export class MigrationFailed extends Schema.TaggedError<MigrationFailed>()("MigrationFailed", {
  migration: Schema.String,
  reason: Schema.String,
  missing: Schema.optionalKey(Schema.Array(Schema.String))
}) {
  override get message() {
    return `migration ${this.migration} failed: ${this.reason}`
  }
}

const label = (migration: { readonly id: number; readonly name: string }) => `${String(migration.id).padStart(4, "0")}_${migration.name}`

const describe = (error: SqlError): string => {
  const cause = error.reason.cause
  const detail = cause instanceof Error ? cause.message : typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : undefined
  const what = (error.reason.message ?? error.reason._tag).replace(/^PgConnection: /, "")
  return detail === undefined || detail === what ? what : `${what}: ${detail}`
}

/** duplicate_table, duplicate_object, duplicate_schema, duplicate_function */
const alreadyThere = (error: SqlError): boolean => {
  const cause = error.reason.cause
  const code = typeof cause === "object" && cause !== null && "code" in cause ? cause.code : undefined
  return code === "42P07" || code === "42710" || code === "42P06" || code === "42723"
}

const unrecorded = " (it exists although this migration is not recorded as applied: the database is damaged, or its schema was created by other means)"

const toEffect = (migration: Migration) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const [index, statement] of migration.statements.entries()) {
      yield* sql.unsafe(statement).pipe(
        Effect.mapError((e) =>
          new MigrationFailed({
            migration: label(migration),
            reason: `statement ${index + 1}: ${describe(e)}${alreadyThere(e) ? unrecorded : ""}\n  ${statement.trim().split("\n")[0]}`
          })
        )
      )
    }
  })

const migrator = Migrator.make({})

/**
 * The key of the advisory lock that serialises migrations on one database
 * (`pg_advisory_xact_lock`, held until the migrating transaction ends).
 *
 * @since 0.1.0
 * @category migrations
 */
export const advisoryLockKey = 0x52494e474d // "RINGM"

/**
 * What a complete schema lacks: tables of `Schema.all` that do not exist and
 * migrations of `all` that are not recorded (each as `schema.table` or
 * `0001_core`). Empty when the schema is complete.
 *
 * @since 0.1.0
 * @category migrations
 */
export const missing = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const names = Tables.all.map((table) => table.sqlName)
  const placeholders = names.map((_, i) => `($${i + 1})`).join(", ")
  const absent = yield* sql.unsafe<{ name: string }>(
    `select name from (values ${placeholders}) as expected(name) where to_regclass(name) is null`,
    names
  )
  const absentNames = new Set(absent.map((row) => row.name))
  const tables = Tables.all.filter((table) => absentNames.has(table.sqlName)).map((table) => `${table.schema}.${table.name}`)
  const recorded = new Set((yield* applied).map((row) => Number(row.migration_id)))
  const migrations = all.filter((m) => !recorded.has(m.id)).map(label)
  return { tables, migrations }
})

/**
 * Fails with `MigrationFailed` (`migration: "schema check"`) when a table of
 * the schema is missing or a migration is not recorded.
 *
 * @since 0.1.0
 * @category migrations
 */
export const verify = Effect.gen(function*() {
  const { migrations, tables } = yield* missing
  if (tables.length === 0 && migrations.length === 0) return
  const parts = [
    ...(tables.length === 0 ? [] : [`${tables.length} table(s) missing: ${tables.join(", ")}`]),
    ...(migrations.length === 0 ? [] : [`migration(s) not recorded: ${migrations.join(", ")}`])
  ]
  return yield* new MigrationFailed({
    migration: "schema check",
    reason: `the schema is incomplete after migrating (${parts.join("; ")}); the database is damaged ` +
      `(two processes on one PGlite data directory?): restore it from a backup, or start from an empty one`,
    missing: [...tables, ...migrations]
  })
})

/**
 * Applies the pending migrations; returns the `[id, name]` of those it applied.
 * Runs in one transaction holding the advisory lock `advisoryLockKey`, so
 * concurrent runs on one database wait for each other, then checks the
 * schema (`verify`).
 *
 * @since 0.1.0
 * @category migrations
 */
export const run: Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, MigrationFailed, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return yield* sql.withTransaction(Effect.gen(function*() {
    yield* sql.unsafe(`select pg_advisory_xact_lock(${advisoryLockKey})`)
    const done = yield* migrator({
      table,
      loader: Migrator.fromRecord(Object.fromEntries(all.map((m) => [label(m), toEffect(m)])))
    })
    yield* verify
    return done
  }))
}).pipe(
  Effect.mapError((e) => {
    switch (e._tag) {
      case "MigrationFailed":
        return e
      case "MigrationError":
        return e.cause instanceof MigrationFailed
          ? e.cause
          : new MigrationFailed({ migration: "(migrator)", reason: `${e.message}${e.cause === undefined ? "" : `: ${String(e.cause)}`}` })
      default:
        return new MigrationFailed({ migration: "(migrator)", reason: describe(e) })
    }
  })
)

/**
 * The applied migrations, as recorded.
 *
 * @since 0.1.0
 * @category migrations
 */
export const applied = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const exists = yield* sql<{ exists: boolean }>`select to_regclass(${table}) is not null as exists`
  if (!exists[0]?.exists) return []
  return yield* sql<{ migration_id: number; name: string; created_at: Date }>`select migration_id, name, created_at from ${sql(table)} order by migration_id`
})

/**
 * Applies pending migrations when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<never, MigrationFailed, SqlClient.SqlClient> = Layer.effectDiscard(run)
