/**
 * Regression tests for the holes an adversarial review found in the storage
 * port. Each `describe` names the item it covers:
 *
 * 1. SQL injection through `orderBy` (and every other part of a query);
 * 2. an `undefined` filter value matching every row, and `deleteMany({})`;
 * 3. `__proto__` / `constructor` / `toString` as names;
 * 4. NUL characters and lone surrogates reaching the database;
 * 5. unknown columns and the primary key dropped silently from writes;
 * 6. `increment`, the atomic counter update.
 *
 * Every suite runs on PGlite, and on a server too when `DATABASE_URL` is set.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Cause, Effect, Exit, type Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Column from "../../src/storage/Column.ts"
import { AiAutomationRules } from "../../src/storage/schema/marketingAi/AiAutomationRules.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AutomationRules } from "../../src/storage/schema/eventsAi/AutomationRules.ts"
import { type Mutation, MutationObserver, Storage } from "../../src/storage/Storage.ts"
import { type StorageError, StorageFailure } from "../../src/storage/StorageError.ts"
import * as Table from "../../src/storage/Table.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

/** A table of its own, so these tests may empty it and use every numeric type. */
const Probe = Table.make({
  name: "hardening_probe",
  origin: "plugin",
  description: "test table for the storage hardening suite",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    label: Column.text(),
    n: Column.integer().nullable(),
    amount: Column.numeric(6, 2).nullable().check("amount BETWEEN -1000 AND 1000", Column.between(-1000, 1000)),
    ratio: Column.doublePrecision().nullable(),
    samples: Column.integer().nullable(),
    tags: Column.textArray().default("'{}'"),
    data: Column.jsonObject().default("'{}'")
  }
})

const createProbe = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`create table if not exists public.hardening_probe (
    id uuid primary key default gen_random_uuid(),
    label text not null,
    n integer,
    amount numeric(6,2) check (amount between -1000 and 1000),
    ratio double precision,
    samples integer,
    tags text[] not null default '{}',
    data jsonb not null default '{}'
  )`)
}).pipe(Effect.orDie)

/** The typed failure of an effect that must fail with one (a defect or a success fails the test). */
const failureOf = <A>(self: Effect.Effect<A, StorageError, Storage>) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(self)
    if (Exit.isSuccess(exit)) return assert.fail(`expected a failure, got ${JSON.stringify(exit.value)}`)
    const error = exit.cause.reasons.find(Cause.isFailReason)
    if (error === undefined) return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
    return error.error
  })

/** Fails unless `self` fails with a ValidationError on `field` (and, when given, a rule containing `rule`). */
const refused = <A>(self: Effect.Effect<A, StorageError, Storage>, field: string, rule?: string) =>
  Effect.gen(function*() {
    const error = yield* failureOf(self)
    assert.strictEqual(error._tag, "ValidationError", `expected a ValidationError, got ${error._tag}: ${error.message}`)
    if (error._tag !== "ValidationError") return error
    assert.strictEqual(error.field, field, error.message)
    if (rule !== undefined) assert.include(error.rule, rule)
    return error
  })

const agent = (name: string) => ({ name, type: "networking", version: "1.0.0" })

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`storage hardening on ${name}`, () => {
    layer(database, { timeout: "180 seconds" })((it) => {
      describe("hardening 1: orderBy direction is validated (SQL injection)", () => {
        it.effect("refuses a direction that is not exactly asc or desc, without running it", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* storage.insertMany(AiAgents, [agent("order-a"), agent("order-b")])
            for (const direction of ["asc, (select 1 from pg_sleep(2))", "desc; drop table ai_agents", "ASC", "", "asc nulls first"]) {
              yield* refused(
                storage.find(AiAgents, { orderBy: [{ column: "name", direction: direction as "asc" }] }),
                "orderBy[0].direction",
                "\"asc\" or \"desc\""
              )
            }
            assert.isAtLeast(yield* storage.count(AiAgents), 2, "nothing was dropped")
            const page = yield* storage.find(AiAgents, { where: { name: { like: "order-%" } }, orderBy: [{ column: "name", direction: "desc" }] })
            assert.deepStrictEqual(page.items.map((a) => a.name), ["order-b", "order-a"])
          }))

        it.effect("refuses an orderBy that is not an array of { column, direction }", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* refused(storage.find(AiAgents, { orderBy: { column: "name" } as never }), "orderBy")
            yield* refused(storage.find(AiAgents, { orderBy: "name desc" as never }), "orderBy")
            yield* refused(storage.find(AiAgents, { orderBy: ["name"] as never }), "orderBy[0]")
            yield* refused(storage.find(AiAgents, { orderBy: [null] as never }), "orderBy[0]")
            yield* refused(storage.find(AiAgents, { orderBy: [{ column: 1 }] as never }), "orderBy[0].column")
            yield* refused(storage.find(AiAgents, { orderBy: [{ column: "name\" desc, \"id" }] as never }), "orderBy[0].column")
            yield* refused(storage.find(AiAgents, { orderBy: [{ column: "name", nulls: "first" }] as never }), "orderBy[0].nulls")
          }))

        it.effect("refuses a limit that is not a positive safe integer, and binds the limit as a parameter", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21, "5", "1; select 1", null]) {
              yield* refused(storage.find(AiAgents, { limit: limit as number }), "limit")
            }
            const page = yield* storage.find(AiAgents, { limit: 1 })
            assert.strictEqual(page.items.length, 1)
            assert.isNotNull(page.nextCursor)
          }))

        it.effect("refuses a where that is not a plain object, an or that is not an array of filters, a cursor that is not a string", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* refused(storage.find(AiAgents, { where: new Date(0) as never }), "where")
            yield* refused(storage.find(AiAgents, { where: ["name"] as never }), "where")
            yield* refused(storage.find(AiAgents, { where: "true" as never }), "where")
            yield* refused(storage.count(AiAgents, null as never), "where")
            yield* refused(storage.find(AiAgents, { where: { or: [null] } as never }), "where.or[0]")
            yield* refused(storage.find(AiAgents, { where: { or: ["1=1"] } as never }), "where.or[0]")
            yield* refused(storage.find(AiAgents, { where: { or: { name: "x" } } as never }), "where.or")
            yield* refused(storage.find(AiAgents, { cursor: 42 as never }), "cursor")
            yield* refused(storage.find(AiAgents, { cursor: ["x"] as never }), "cursor")
            yield* refused(storage.find(AiAgents, { cursor: "" }), "cursor")
            yield* refused(storage.find(AiAgents, { cursor: Buffer.from("{\"0\":1}").toString("base64url") }), "cursor")
            yield* refused(storage.find(AiAgents, { wher: { name: "x" } } as never), "wher", "unknown query option")
            yield* refused(storage.find(AiAgents, "select 1" as never), "(query)")
          }))

        it.effect("refuses unknown comparison operators instead of reading them as a value", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* refused(storage.find(AiAgents, { where: { name: { eq: "x", regex: ".*" } } as never }), "where.name.regex", "unknown operator")
            yield* refused(storage.find(AiAgents, { where: { configuration: { has: "x" } } as never }), "where.configuration.has", "unknown operator")
            yield* refused(storage.find(AiAgents, { where: { name: { like: "abc\\" } } }), "where.name.like", "escape character")
            const found = yield* storage.count(AiAgents, { name: { like: "order-\\%" } })
            assert.strictEqual(found, 0, "an escaped % is a literal")
          }))
      })

      describe("hardening 2: an undefined filter value never matches every row", () => {
        it.effect("refuses undefined as a value or an operand, and an empty comparison, naming the field", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* storage.insertMany(AiAgents, [agent("undefined-a"), agent("undefined-b")])
            yield* refused(storage.find(AiAgents, { where: { id: undefined } }), "where.id", "undefined is not a filter value")
            yield* refused(storage.find(AiAgents, { where: { id: { eq: undefined } } }), "where.id.eq", "undefined is not a filter value")
            yield* refused(storage.count(AiAgents, { name: { in: ["x"], notIn: undefined } }), "where.name.notIn")
            yield* refused(storage.count(AiAgents, { or: [{ name: "undefined-a" }, { status: undefined }] }), "where.or[1].status")
            yield* refused(storage.count(AiAgents, { or: undefined }), "where.or")
            yield* refused(storage.count(AiAgents, { name: {} }), "where.name", "empty comparison")
            yield* refused(storage.count(AiAgents, { configuration: {} }), "where.configuration", "empty comparison")
          }))

        it.effect("deleteMany with { id: { eq: undefined } } deletes nothing and fails", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* storage.insertMany(AiAgents, [agent("keep-a"), agent("keep-b")])
            const before = yield* storage.count(AiAgents)
            yield* refused(storage.deleteMany(AiAgents, { id: { eq: undefined } }), "where.id.eq")
            yield* refused(storage.deleteMany(AiAgents, { id: undefined }), "where.id")
            assert.strictEqual(yield* storage.count(AiAgents), before)
          }))

        it.effect("deleteMany with a filter that matches every row needs { allRows: true }", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            yield* storage.insertMany(Probe, [{ label: "a" }, { label: "b" }, { label: "c" }])
            const before = yield* storage.count(Probe)
            yield* refused(storage.deleteMany(Probe, {}), "where", "{ allRows: true }")
            yield* refused(storage.deleteMany(Probe, { or: [{}] }), "where", "allRows")
            yield* refused(storage.deleteMany(Probe, { or: [{ label: "a" }, {}] }), "where", "allRows")
            yield* refused(storage.deleteMany(Probe, {}, { allRows: false }), "where", "allRows")
            yield* refused(storage.deleteMany(Probe, {}, { allRows: "yes" } as never), "allRows")
            assert.strictEqual(yield* storage.count(Probe), before, "nothing deleted")
            // an explicit filter needs no option; an empty or matches nothing
            assert.strictEqual(yield* storage.deleteMany(Probe, { label: "a" }), 1)
            assert.strictEqual(yield* storage.deleteMany(Probe, { or: [] }), 0)
            // and with the option, {} empties the table
            assert.strictEqual(yield* storage.deleteMany(Probe, {}, { allRows: true }), before - 1)
            assert.strictEqual(yield* storage.count(Probe), 0)
          }))
      })

      describe("hardening 3: names are looked up as own properties only", () => {
        const ownKey = (key: string, value: unknown) => JSON.parse(JSON.stringify({ [key]: value })) as Record<string, unknown>

        it.effect("__proto__, constructor and toString in a filter are unknown columns, not crashes or database errors", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
              yield* refused(storage.find(AiAgents, { where: ownKey(key, "x") as never }), `where.${key}`, "no such column in ai_agents")
              yield* refused(storage.find(AiAgents, { where: ownKey(key, { eq: "x" }) as never }), `where.${key}`, "no such column")
              yield* refused(storage.count(AiAgents, { or: [ownKey(key, null)] } as never), `where.or[0].${key}`, "no such column")
              yield* refused(storage.find(AiAgents, { where: { name: ownKey(key, "x") } as never }), `where.name.${key}`, "unknown operator")
              yield* refused(storage.find(AiAgents, { orderBy: [{ column: key }] } as never), "orderBy[0].column", "no such column")
            }
          }))

        it.effect("__proto__, constructor and toString in an insert row or an update patch are unknown columns", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            for (const key of ["__proto__", "constructor", "toString"]) {
              yield* refused(storage.insert(AiAgents, { ...agent("proto"), ...ownKey(key, "x") } as never), key, "no such column in ai_agents")
            }
            const stored = yield* storage.insert(AiAgents, agent("proto-ok"))
            for (const key of ["__proto__", "constructor", "toString"]) {
              yield* refused(storage.update(AiAgents, stored.id, ownKey(key, "x") as never), key, "no such column in ai_agents")
            }
            // a row inheriting its values is not a row
            yield* refused(storage.insert(AiAgents, Object.create(agent("inherited")) as never), "(row)")
            yield* refused(storage.insertMany(AiAgents, [agent("fine"), [] as never]), "[1]")
            assert.strictEqual(yield* storage.count(AiAgents, { name: { in: ["proto", "inherited", "fine"] } }), 0)
          }))

        it.effect("a cursor is decoded as data: its values are checked against their columns", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            const cursor = (values: ReadonlyArray<unknown>) => Buffer.from(JSON.stringify(values)).toString("base64url")
            yield* refused(storage.find(AiAgents, { cursor: cursor(["not-a-uuid"]) }), "cursor")
            yield* refused(storage.find(AiAgents, { cursor: cursor([{ toString: 1 }]) }), "cursor")
            yield* refused(storage.find(AiAgents, { orderBy: [{ column: "name" }], cursor: cursor(["x\u0000", "00000000-0000-4000-8000-000000000000"]) }), "cursor", "NUL")
            yield* refused(storage.find(AiAgents, { cursor: cursor(["00000000-0000-4000-8000-000000000000", 1]) }), "cursor")
          }))
      })

      describe("hardening 4: text PostgreSQL cannot store is refused before SQL", () => {
        it.effect("a NUL character or a lone surrogate in a text column, a jsonb string or key, a text[] element", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            yield* refused(storage.insert(AiAgents, agent("nul\u0000name")), "name", "text may not contain a NUL character")
            yield* refused(storage.insert(AiAgents, agent("lone \uD800")), "name", "text must be well-formed Unicode (lone surrogate)")
            yield* refused(storage.insert(AiAgents, agent("lone \uDC00 low")), "name", "lone surrogate")
            yield* refused(storage.insert(AiAgents, { ...agent("json"), configuration: { team: "a\u0000" } }), "configuration.team", "NUL")
            yield* refused(storage.insert(AiAgents, { ...agent("json"), configuration: { deep: [1, { x: "\uD83D" }] } }), "configuration.deep[1].x", "lone surrogate")
            yield* refused(storage.insert(AiAgents, { ...agent("json"), configuration: { "k\u0000": 1 } }), "configuration.k\u0000", "NUL")
            yield* refused(storage.insert(Probe, { label: "ok", tags: ["fine", "bad\u0000"] }), "tags[1]", "NUL")
            yield* refused(storage.insertMany(Probe, [{ label: "ok" }, { label: "ok", tags: ["\uDFFF"] }]), "[1].tags[0]", "lone surrogate")
            yield* refused(storage.insert(AiAutomationRules, {
              rule_name: "r",
              rule_type: "t",
              trigger_conditions: ["\u0000"],
              action_parameters: {}
            }), "trigger_conditions[0]", "NUL")
            // well-formed text outside the BMP is fine
            const emoji = yield* storage.insert(Probe, { label: "smile 😀", tags: ["😀"], data: { "😀": "é" } })
            assert.strictEqual(emoji.label, "smile 😀")
            assert.deepStrictEqual(emoji.tags, ["😀"])
            assert.deepStrictEqual(emoji.data, { "😀": "é" })
          }))

        it.effect("in an update patch and in every filter operand", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const row = yield* storage.insert(Probe, { label: "patch me" })
            yield* refused(storage.update(Probe, row.id, { label: "x\u0000" }), "label", "NUL")
            yield* refused(storage.update(Probe, row.id, { data: { a: ["\uD800"] } }), "data.a[0]", "lone surrogate")
            yield* refused(storage.count(Probe, { label: "x\u0000" }), "where.label", "NUL")
            yield* refused(storage.count(Probe, { label: { eq: "\uD800" } }), "where.label.eq", "lone surrogate")
            yield* refused(storage.count(Probe, { label: { in: ["ok", "x\u0000"] } }), "where.label.in[1]", "NUL")
            yield* refused(storage.count(Probe, { label: { like: "%\u0000%" } }), "where.label.like", "NUL")
            yield* refused(storage.count(Probe, { tags: { contains: ["\uDBFF"] } }), "where.tags.contains[0]", "lone surrogate")
            yield* refused(storage.count(Probe, { data: { contains: { a: "\u0000" } } }), "where.data.contains.a", "NUL")
            yield* refused(storage.count(Probe, { data: { contains: "\u0000" } } as never), "where.data.contains", "NUL")
            assert.strictEqual((yield* storage.get(Probe, row.id)).label, "patch me")
          }))
      })

      describe("hardening 5: unknown columns and the primary key are refused, not dropped", () => {
        it.effect("an insert with an unknown column fails naming it", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            yield* refused(storage.insert(AiAgents, { ...agent("bogus"), bogus: 1 } as never), "bogus", "no such column in ai_agents")
            yield* refused(storage.insertMany(AiAgents, [agent("bogus-0"), { ...agent("bogus-1"), Name: "x" }] as never), "[1].Name", "no such column")
            yield* refused(storage.bulkInsert(AiAgents, [agent("bogus-2"), { ...agent("bogus-3"), extra: undefined }] as never), "[1].extra", "no such column")
            assert.strictEqual(yield* storage.count(AiAgents, { name: { like: "bogus%" } }), 0)
          }))

        it.effect("an update patch with the primary key or an unknown column fails naming it", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            const row = yield* storage.insert(AiAgents, agent("keyed"))
            yield* refused(storage.update(AiAgents, row.id, { id: "00000000-0000-4000-8000-000000000001" } as never), "id", "the primary key cannot be changed")
            yield* refused(storage.update(AiAgents, row.id, { id: row.id, name: "same key" } as never), "id", "the primary key cannot be changed")
            yield* refused(storage.update(AiAgents, row.id, { name: "x", bogus: 1 } as never), "bogus", "no such column in ai_agents")
            yield* refused(storage.update(AiAgents, row.id, [] as never), "(patch)")
            const after = yield* storage.get(AiAgents, row.id)
            assert.strictEqual(after.name, "keyed")
          }))
      })

      describe("hardening 6: increment changes a row atomically in one UPDATE", () => {
        it.effect("adds, folds running means (rounded to the scale) and assigns, all from the row as it was", () =>
          Effect.gen(function*() {
            const storage = yield* Storage
            const rule = yield* storage.insert(AiAutomationRules, {
              rule_name: "counter",
              rule_type: "budget",
              trigger_conditions: {},
              action_parameters: {}
            })
            assert.strictEqual(rule.execution_count, 0)
            assert.isNull(rule.success_rate)
            const fire = (success: boolean, at: Date) =>
              storage.increment(AiAutomationRules, rule.id, {
                add: { execution_count: 1 },
                mean: { success_rate: { value: success ? 100 : 0, count: "execution_count" } },
                set: { last_execution_at: at }
              })
            const first = yield* fire(true, new Date("2026-01-01T00:00:00Z"))
            assert.strictEqual(first.execution_count, 1)
            assert.strictEqual(first.success_rate, 100)
            const second = yield* fire(false, new Date("2026-01-02T00:00:00Z"))
            assert.strictEqual(second.execution_count, 2)
            assert.strictEqual(second.success_rate, 50)
            const third = yield* fire(false, new Date("2026-01-03T00:00:00Z"))
            assert.strictEqual(third.execution_count, 3)
            assert.strictEqual(third.success_rate, 33.33, "(50 * 2 + 0) / 3 rounded to numeric(5,2)")
            assert.strictEqual(third.last_execution_at?.toISOString(), "2026-01-03T00:00:00.000Z")
            assert.deepStrictEqual(yield* storage.get(AiAutomationRules, rule.id), third)
          }))

        it.effect("works on integer, numeric and double precision columns, from NULL as 0", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const row = yield* storage.insert(Probe, { label: "numbers" })
            const a = yield* storage.increment(Probe, row.id, { add: { n: 5, amount: 1.005, ratio: 0.1 } })
            assert.strictEqual(a.n, 5)
            assert.strictEqual(a.amount, 1.01, "rounded to numeric(6,2) as PostgreSQL rounds")
            assert.strictEqual(a.ratio, 0.1)
            const b = yield* storage.increment(Probe, row.id, { add: { n: -7, ratio: 0.2 }, mean: { amount: { value: 3, count: "samples" } } })
            assert.strictEqual(b.n, -2)
            assert.strictEqual(b.ratio, 0.1 + 0.2, "double precision keeps binary arithmetic")
            assert.strictEqual(b.amount, 3, "no samples before: the mean is the value")
            const c = yield* storage.increment(Probe, row.id, { add: { samples: 2 } })
            const d = yield* storage.increment(Probe, row.id, { mean: { amount: { value: 4, count: "samples" }, n: { value: 1, count: "samples" }, ratio: { value: 1, count: "samples" } } })
            assert.strictEqual(c.samples, 2)
            assert.strictEqual(d.amount, 3.33, "(3 * 2 + 4) / 3")
            assert.strictEqual(d.n, -1, "(-2 * 2 + 1) / 3 = -1, rounded to an integer")
            assert.closeTo(d.ratio!, (0.30000000000000004 * 2 + 1) / 3, 1e-12)
            const same = yield* storage.increment(Probe, row.id, {})
            assert.deepStrictEqual(same, d, "an empty change reads the row")
          }))

        it.effect("refuses unknown or non-numeric columns, non-finite values, the key, and a column changed twice", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const row = yield* storage.insert(Probe, { label: "refusals", n: 1 })
            const inc = (change: unknown) => storage.increment(Probe, row.id, change as never)
            yield* refused(inc({ add: { bogus: 1 } }), "add.bogus", "no such column")
            yield* refused(inc({ add: JSON.parse("{\"__proto__\": 1}") }), "add.__proto__", "no such column")
            yield* refused(inc({ add: { constructor: 1 } }), "add.constructor", "no such column")
            yield* refused(inc({ add: { label: 1 } }), "add.label", "numeric column")
            yield* refused(inc({ add: { data: 1 } }), "add.data", "numeric column")
            yield* refused(inc({ add: { n: Number.NaN } }), "add.n", "finite number")
            yield* refused(inc({ add: { n: Number.POSITIVE_INFINITY } }), "add.n", "finite number")
            yield* refused(inc({ add: { n: "1" } }), "add.n", "finite number")
            yield* refused(inc({ add: { n: undefined } }), "add.n", "finite number")
            yield* refused(inc({ add: { n: 1.5 } }), "add.n", "integer")
            yield* refused(inc({ add: { id: 1 } }), "add.id")
            yield* refused(inc({ mean: { amount: { value: 1, count: "label" } } }), "mean.amount.count", "numeric column")
            yield* refused(inc({ mean: { amount: { value: 1, count: "nope" } } }), "mean.amount.count", "no such column")
            yield* refused(inc({ mean: { amount: { value: Number.NaN, count: "samples" } } }), "mean.amount.value", "finite number")
            yield* refused(inc({ mean: { amount: 1 } }), "mean.amount")
            yield* refused(inc({ mean: { amount: { value: 1, count: "samples", weight: 2 } } }), "mean.amount.weight")
            yield* refused(inc({ set: { id: "00000000-0000-4000-8000-000000000001" } }), "set.id", "the primary key cannot be changed")
            yield* refused(inc({ set: { bogus: 1 } }), "set.bogus", "no such column")
            yield* refused(inc({ set: { label: "x\u0000" } }), "set.label", "NUL")
            yield* refused(inc({ add: { n: 1 }, set: { n: 3 } }), "set.n", "only once")
            yield* refused(inc({ add: { n: 1 }, mean: { n: { value: 1, count: "samples" } } }), "mean.n", "only once")
            yield* refused(inc({ multiply: { n: 2 } }), "multiply", "unknown part")
            yield* refused(inc([]), "(change)")
            yield* refused(storage.increment(Probe, "not-a-uuid" as never, { add: { n: 1 } }), "id")
            assert.strictEqual((yield* storage.get(Probe, row.id)).n, 1, "nothing changed")
          }))

        it.effect("fails with NotFound for a missing row, and lets the database's CHECKs judge the result", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const missing = yield* failureOf(storage.increment(Probe, "00000000-0000-4000-8000-00000000dead", { add: { n: 1 } }))
            assert.strictEqual(missing._tag, "NotFound")
            const row = yield* storage.insert(Probe, { label: "checked", amount: 990 })
            const check = yield* failureOf(storage.increment(Probe, row.id, { add: { amount: 20 } }))
            assert.strictEqual(check._tag, "CheckViolation", check.message)
            const rule = yield* storage.insert(AiAutomationRules, { rule_name: "rate", rule_type: "budget", trigger_conditions: {}, action_parameters: {} })
            const rate = yield* failureOf(storage.increment(AiAutomationRules, rule.id, { mean: { success_rate: { value: 150, count: "execution_count" } } }))
            assert.strictEqual(rate._tag, "CheckViolation", rate.message)
            const events = yield* storage.insert(AutomationRules, { rule_name: "overflow", rule_type: "trigger", trigger_conditions: {}, action_definitions: {} })
            const overflow = yield* failureOf(storage.increment(AutomationRules, events.id, { add: { success_rate: 100 } }))
            assert.strictEqual(overflow._tag, "CheckViolation", "numeric(3,2) overflow is a typed error")
            if (overflow._tag === "CheckViolation") assert.strictEqual(overflow.constraint, "out_of_range")
            const int = yield* failureOf(storage.increment(Probe, row.id, { add: { n: 2 ** 40 } }))
            assert.strictEqual(int._tag, "CheckViolation", "integer overflow is a typed error")
            const unchanged = yield* storage.get(Probe, row.id)
            assert.strictEqual(unchanged.amount, 990)
            assert.isNull(unchanged.n)
          }))

        it.effect("reports an update with the rows before and after to the observer, and rolls back when it fails", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const row = yield* storage.insert(Probe, { label: "observed", n: 1 })
            const seen: Array<Mutation> = []
            yield* storage.increment(Probe, row.id, { add: { n: 2 }, set: { label: "observed twice" } }).pipe(
              Effect.provideService(MutationObserver, { observe: (m) => Effect.sync(() => void seen.push(m)) })
            )
            assert.strictEqual(seen.length, 1)
            assert.strictEqual(seen[0]!.operation, "update")
            assert.strictEqual(seen[0]!.before[0]!.n, 1)
            assert.strictEqual(seen[0]!.before[0]!.label, "observed")
            assert.strictEqual(seen[0]!.after[0]!.n, 3)
            assert.strictEqual(seen[0]!.after[0]!.label, "observed twice")
            const vetoed = yield* failureOf(storage.increment(Probe, row.id, { add: { n: 10 } }).pipe(
              Effect.provideService(MutationObserver, { observe: () => Effect.fail(failureOfObserver) })
            ))
            assert.strictEqual(vetoed._tag, "StorageFailure")
            assert.strictEqual((yield* storage.get(Probe, row.id)).n, 3)
          }))

        it.effect("loses no increment when many transactions change the same row concurrently", () =>
          Effect.gen(function*() {
            yield* createProbe
            const storage = yield* Storage
            const row = yield* storage.insert(Probe, { label: "contended", n: 0 })
            const fibers = 40
            yield* Effect.forEach(
              Array.from({ length: fibers }, (_, i) => i),
              (i) =>
                storage.transaction(Effect.gen(function*() {
                  yield* storage.increment(Probe, row.id, { add: { n: 1, samples: 1 }, mean: { amount: { value: i % 2 === 0 ? 10 : 0, count: "samples" } } })
                  // hold the row lock a moment so the other transactions queue behind it
                  yield* storage.count(Probe, { label: "contended" })
                })),
              { concurrency: "unbounded", discard: true }
            )
            const after = yield* storage.get(Probe, row.id)
            assert.strictEqual(after.n, fibers)
            assert.strictEqual(after.samples, fibers)
            assert.closeTo(after.amount!, 5, 0.1, "the running mean of alternating 10 and 0")
          }))
      })
    })
  })

const failureOfObserver = new StorageFailure({ operation: "observe", reason: "vetoed by the observer", retryable: false })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("a PostgreSQL server", server(serverUrl))
