/**
 * The Table definitions (what the port validates) and the migrations (what the
 * database enforces) are written separately; this suite migrates a database
 * and checks they agree column by column: name, type, nullability, presence
 * of a default, and every literal of a `oneOf` column inside a CHECK.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { SqlClient } from "effect/sql"
import type * as Column from "../../src/storage/Column.ts"
import * as Migrations from "../../src/storage/Migrations.ts"
import * as Schema from "../../src/storage/schema/index.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

interface DbColumn {
  readonly table_schema: string
  readonly table_name: string
  readonly column_name: string
  readonly data_type: string
  readonly udt_name: string
  readonly is_nullable: "YES" | "NO"
  readonly column_default: string | null
  readonly numeric_precision: number | null
  readonly numeric_scale: number | null
}

const expectedType = (column: Column.Any): string => {
  switch (column.pgType) {
    case "timestamptz":
      return "timestamp with time zone"
    case "text[]":
      return "ARRAY:_text"
    case "uuid[]":
      return "ARRAY:_uuid"
    case "numeric":
      return `numeric(${column.numeric?.precision},${column.numeric?.scale})`
    default:
      return column.pgType
  }
}

const actualType = (c: DbColumn): string =>
  c.data_type === "ARRAY"
    ? `ARRAY:${c.udt_name}`
    : c.data_type === "numeric"
    ? `numeric(${c.numeric_precision},${c.numeric_scale})`
    : c.data_type

const suite = (name: string, database: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  describe(`schema drift: ${name}`, () => {
    layer(database, { timeout: "120 seconds" })((it) => {
      it.effect("every table in the database has a definition and vice versa", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const rows = yield* sql<{ table_schema: string; table_name: string }>`
            select table_schema, table_name from information_schema.tables
            where table_schema in ('public', 'events_ai', 'marketing_ai', 'ringmaster') and table_type = 'BASE TABLE'
              and table_name <> ${Migrations.table}`
          const inDb = rows.map((r) => `${r.table_schema}.${r.table_name}`).sort()
          const defined = Schema.all.map((t) => `${t.schema}.${t.name}`).sort()
          assert.deepStrictEqual(inDb, defined)
        }))

      it.effect("every column agrees on type, nullability and default", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const columns = yield* sql<DbColumn>`
            select table_schema, table_name, column_name, data_type, udt_name, is_nullable, column_default,
                   numeric_precision, numeric_scale
            from information_schema.columns
            where table_schema in ('public', 'events_ai', 'marketing_ai', 'ringmaster')`
          const problems: Array<string> = []
          for (const table of Schema.all) {
            const db = columns.filter((c) => c.table_schema === table.schema && c.table_name === table.name)
            const dbNames = db.map((c) => c.column_name).sort()
            const defined = [...table.columnNames].sort()
            if (JSON.stringify(dbNames) !== JSON.stringify(defined)) {
              problems.push(`${table.name}: columns differ: db ${dbNames.join(",")} / model ${defined.join(",")}`)
              continue
            }
            for (const c of db) {
              const column = table.columns[c.column_name]!
              if (actualType(c) !== expectedType(column)) {
                problems.push(`${table.name}.${c.column_name}: type ${actualType(c)} in db, ${expectedType(column)} in model`)
              }
              const nullable = c.is_nullable === "YES"
              if (nullable !== column.isNullable) {
                problems.push(`${table.name}.${c.column_name}: nullable ${nullable} in db, ${column.isNullable} in model`)
              }
              const hasDefault = c.column_default !== null
              if (hasDefault !== column.hasDefault) {
                problems.push(`${table.name}.${c.column_name}: default ${c.column_default} in db, ${column.defaultSql} in model`)
              }
            }
          }
          assert.deepStrictEqual(problems, [])
        }))

      it.effect("every oneOf literal is in a CHECK of its table", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const checks = yield* sql<{ schema: string; table: string; definition: string }>`
            select n.nspname as schema, c.relname as table, pg_get_constraintdef(k.oid) as definition
            from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
            where k.contype = 'c'`
          const problems: Array<string> = []
          for (const table of Schema.all) {
            const definitions = checks.filter((k) => k.schema === table.schema && k.table === table.name).map((k) => k.definition)
            for (const name of table.columnNames) {
              const column = table.columns[name]!
              const literals = (column.value.ast as { _tag: string; literals?: ReadonlyArray<unknown> })._tag === "Union"
                ? ((column.value.ast as unknown as { types: ReadonlyArray<{ literal?: unknown }> }).types.map((t) => t.literal))
                : []
              const strings = literals.filter((l): l is string => typeof l === "string")
              if (strings.length === 0) continue
              const found = definitions.some((d) => d.includes(name) && strings.every((l) => d.includes(`'${l}'`)))
              if (!found) problems.push(`${table.name}.${name}: no CHECK lists ${strings.join(", ")}`)
            }
          }
          assert.deepStrictEqual(problems, [])
        }))

      it.effect("every table check in a model is a CHECK constraint of that name in the database", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const names = yield* sql<{ schema: string; table: string; name: string }>`
            select n.nspname as schema, c.relname as table, k.conname as name
            from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
            where k.contype = 'c'`
          const missing = Schema.all.flatMap((table) =>
            table.checks
              .filter((check) => !names.some((k) => k.schema === table.schema && k.table === table.name && k.name === check.name))
              .map((check) => `${table.name}.${check.name}`)
          )
          assert.deepStrictEqual(missing, [])
          assert.isAtLeast(Schema.all.reduce((n, t) => n + t.checks.length, 0), 13)
        }))

      it.effect("migrations are recorded and running them again applies nothing", () =>
        Effect.gen(function*() {
          const applied = yield* Migrations.applied
          assert.deepStrictEqual(applied.map((m) => Number(m.migration_id)), Migrations.all.map((m) => m.id))
          const again = yield* Migrations.run
          assert.deepStrictEqual(again, [])
          const sql = yield* SqlClient.SqlClient
          const versions = yield* sql<{ version: string }>`select version from ai_schema_versions where version = '1.0.0'`
          assert.strictEqual(versions.length, 1, "the seed's schema version row")
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))
