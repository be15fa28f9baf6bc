/**
 * Migrations end with a schema check: a damaged database (migrations recorded
 * but tables gone, or a conflict on the bookkeeping table that effect's
 * migrator reads as "another process migrated") fails with `MigrationFailed`
 * naming what is missing instead of passing for "up to date". On a server,
 * concurrent migrators on one fresh database all succeed with the whole schema.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Database from "../../src/storage/Database.ts"
import * as Migrations from "../../src/storage/Migrations.ts"
import * as Tables from "../../src/storage/schema/index.ts"
import { serverUrl } from "../support/databases.ts"

const labels = Migrations.all.map((m) => `${String(m.id).padStart(4, "0")}_${m.name}`)

describe("Migrations", () => {
  layer(Database.layerPglite(), { timeout: "120 seconds" })((it) => {
    it.effect("applies every migration once and then finds the schema complete", () =>
      Effect.gen(function*() {
        const applied = yield* Migrations.run
        assert.deepStrictEqual(applied.map(([id]) => id), Migrations.all.map((m) => m.id))
        assert.deepStrictEqual(yield* Migrations.run, [])
        assert.deepStrictEqual(yield* Migrations.missing, { tables: [], migrations: [] })
      }))

    it.effect("fails naming the missing table when the migrations are recorded but a table is gone", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* Migrations.run
        yield* sql`drop table accounts cascade`
        const error = yield* Effect.flip(Migrations.run)
        assert.strictEqual(error._tag, "MigrationFailed")
        assert.strictEqual(error.migration, "schema check")
        assert.deepStrictEqual(error.missing, ["public.accounts"])
        assert.match(error.message, /^migration schema check failed: the schema is incomplete after migrating \(1 table\(s\) missing: public\.accounts\); the database is damaged/)
      }))
  })

  layer(Database.layerPglite(), { timeout: "120 seconds" })((it) => {
    it.effect("does not read a unique violation on the migrations table as 'already migrated by another process'", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        // what a damaged directory looked like: an empty bookkeeping table whose
        // inserts conflict (a corrupt index), and none of the schema's tables
        yield* sql.unsafe(`create table ${Migrations.table} (migration_id integer primary key, created_at timestamptz not null default now(), name text not null)`)
        yield* sql.unsafe(`create function conflict() returns trigger language plpgsql as $$ begin raise exception 'duplicate key value' using errcode = 'unique_violation'; end $$`)
        yield* sql.unsafe(`create trigger conflict before insert on ${Migrations.table} for each row execute function conflict()`)
        const error = yield* Effect.flip(Migrations.run)
        assert.strictEqual(error._tag, "MigrationFailed")
        assert.strictEqual(error.migration, "schema check")
        assert.deepStrictEqual(error.missing, [...Tables.all.map((t) => `${t.schema}.${t.name}`), ...labels])
        assert.include(error.message, `migration(s) not recorded: ${labels.join(", ")}`)
      }))
  })

  // only with a server: PGlite has one connection, so there is nothing to race
  if (serverUrl !== undefined) describe("on a server (DATABASE_URL)", () => {
    it.effect("concurrent migrators on one fresh database all succeed, applying each migration once, with the whole schema", () =>
      Effect.gen(function*() {
        const url = yield* Database.temporary(serverUrl!, "ringmaster_test")
        const runs = yield* Effect.all(
          Array.from({ length: 4 }, () => Migrations.run.pipe(Effect.provide(Database.layerServer(url, { maxConnections: 2 })))),
          { concurrency: "unbounded" }
        )
        assert.deepStrictEqual(runs.flat().map(([id]) => id).sort((a, b) => a - b), Migrations.all.map((m) => m.id))
        const missing = yield* Migrations.missing.pipe(Effect.provide(Database.layerServer(url, { maxConnections: 1 })))
        assert.deepStrictEqual(missing, { tables: [], migrations: [] })
      }).pipe(Effect.scoped), 120_000)

    it.effect("a damaged server database fails the check too", () =>
      Effect.gen(function*() {
        const url = yield* Database.temporary(serverUrl!, "ringmaster_test")
        const error = yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* Migrations.run
          yield* sql`drop table ringmaster.safety_decisions cascade`
          return yield* Effect.flip(Migrations.run)
        }).pipe(Effect.provide(Database.layerServer(url, { maxConnections: 2 })))
        assert.deepStrictEqual(error.missing, ["ringmaster.safety_decisions"])
      }).pipe(Effect.scoped), 120_000)
  })
})
