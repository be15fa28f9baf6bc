/**
 * The models state the same constraints as the DDL: for every single-column
 * CHECK constraint in the migrated database, PostgreSQL evaluates the CHECK on
 * generated values (sent as text and cast to the column's type, as the port
 * sends them) and the column's Schema decodes the same values; the two must
 * accept and reject alike. Boundary values (0, 1, 0.995, 100.005, 10^n, empty
 * strings, each enum literal, near-miss spellings) are always included.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Exit, type Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import fc from "fast-check"
import type * as Column from "../../src/storage/Column.ts"
import * as Tables from "../../src/storage/schema/index.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

interface CheckRow {
  readonly schema: string
  readonly table: string
  readonly column: string
  readonly type: string
  readonly expression: string
}

const numberBoundaries = [
  -1, -0.001, 0, 0.004, 0.005, 0.5, 0.994, 0.995, 1, 1.004, 1.005, 1.5, 2, 5, 9.99, 9.994, 9.995, 10, 10.5, 59, 60, 80, 81,
  99.99, 99.994, 99.995, 100, 100.004, 100.005, 101, 999.995, 1000, 86400, 2147483647, 2147483648, 1e9, 1e12
]
const stringBoundaries = ["", " ", "x", "USD", "usd", "EURO", "PT", "pt", "a@b.c", "a@b", "no at", "two@@signs", "my-slug", "Bad Slug", "-x",
  "x-", "#A1B2C3", "#a1b2c3", "#zzzzzz", "#123", "google_ads", "Google Ads", "9lives", "x".repeat(80), "x".repeat(81)]

const candidates = (column: Column.Any): fc.Arbitrary<unknown> => {
  switch (column.pgType) {
    case "numeric":
    case "integer":
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...numberBoundaries, ...numberBoundaries.map((n) => -n)) },
        { weight: 2, arbitrary: fc.double({ min: -2000, max: 2000, noNaN: true, noDefaultInfinity: true }) },
        { weight: 1, arbitrary: fc.integer({ min: -1000, max: 100000 }) }
      )
    case "text": {
      const ast = column.value.ast as unknown as { _tag: string; types?: ReadonlyArray<{ literal?: unknown }> }
      const literals = ast._tag === "Union" ? (ast.types ?? []).map((t) => t.literal).filter((l): l is string => typeof l === "string") : []
      const nearMisses = literals.flatMap((l) => [l.toUpperCase(), `${l} `, l.slice(1)])
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...stringBoundaries, ...literals, ...nearMisses) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }
      )
    }
    default:
      return fc.constant(null)
  }
}

const text = (value: unknown) => (typeof value === "number" ? String(value) : String(value))

const suite = (name: string, database: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  describe(`CHECK parity: ${name}`, () => {
    layer(database, { timeout: "180 seconds" })((it) => {
      it.effect("every single-column CHECK accepts and rejects what its column's Schema does", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const checks = yield* sql<CheckRow>`
            select n.nspname as schema, c.relname as table, a.attname as column,
                   format_type(a.atttypid, a.atttypmod) as type, pg_get_expr(k.conbin, k.conrelid) as expression
            from pg_constraint k
            join pg_class c on c.oid = k.conrelid
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
            where k.contype = 'c' and array_length(k.conkey, 1) = 1
              and n.nspname in ('public', 'events_ai', 'marketing_ai', 'ringmaster')`
          // all single-column checks of a column together decide whether a value is allowed
          const byColumn = new Map<string, { row: CheckRow; expressions: Array<string> }>()
          for (const check of checks) {
            const key = `${check.schema}.${check.table}.${check.column}`
            const entry = byColumn.get(key) ?? { row: check, expressions: [] }
            entry.expressions.push(check.expression)
            byColumn.set(key, entry)
          }
          const mismatches: Array<string> = []
          let compared = 0
          for (const [key, { expressions, row }] of byColumn) {
            const table = Tables.all.find((t) => t.schema === row.schema && t.name === row.table)
            assert.isDefined(table, key)
            const column = table!.columns[row.column]!
            if (column.pgType !== "numeric" && column.pgType !== "integer" && column.pgType !== "text") continue
            const decode = Schema.decodeUnknownExit(column.value as Schema.Codec<unknown, unknown>)
            const query = `select (${expressions.map((e) => `coalesce((${e}), true)`).join(" and ")}) as ok from (select $1::${row.type} as "${row.column}") as t`
            const values = fc.sample(candidates(column), { numRuns: 80, seed: 7 })
            for (const value of [...new Set(values)]) {
              if (value === null) continue
              const db = yield* sql.unsafe<{ ok: boolean }>(query, [text(value)]).pipe(
                Effect.map((rows) => rows[0]?.ok === true),
                Effect.orElseSucceed(() => false) // the cast itself refused the value (overflow, not an integer)
              )
              const model = Exit.isSuccess(decode(column.pgType === "text" ? value : value))
              compared++
              if (db !== model) mismatches.push(`${key} ${JSON.stringify(value)}: database ${db ? "accepts" : "rejects"}, model ${model ? "accepts" : "rejects"}`)
            }
          }
          assert.isAtLeast(compared, 500, "enough values were compared")
          assert.deepStrictEqual(mismatches.slice(0, 20), [])
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))
