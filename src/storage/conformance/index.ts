/**
 * The storage conformance suite: every adapter of the port must pass it.
 * Adapter authors call {@link run} from a vitest file with a layer that gives a
 * fresh, migrated database:
 *
 * ```ts
 * import { Conformance } from "ringmaster/storage/conformance"
 * Conformance.run({ name: "my adapter", layer: MyStorage.layer })
 * ```
 *
 * It covers a round trip of every table with realistic values (JSONB,
 * decimals, timestamps, arrays), bad input rejected before SQL (including
 * filters and writes that could otherwise be misread: an `undefined` filter
 * value, an empty filter given to `deleteMany`, an `orderBy` direction that is
 * not `asc`/`desc`, inherited names, unknown columns, the primary key in a
 * patch, text PostgreSQL cannot store), constraint violations mapped to typed
 * errors, the seeds' cascades, rollback of a failed transaction, the actor
 * reaching the mutation observer, concurrent writers, atomic `increment`s
 * under concurrency, and cursor paging.
 *
 * @since 0.1.0
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Actor from "../Actor.ts"
import * as Schema from "../schema/index.ts"
import { MutationObserver, type Mutation, Storage } from "../Storage.ts"
import { type StorageError, StorageFailure } from "../StorageError.ts"
import type * as Table from "../Table.ts"
import { differences } from "./compare.ts"
import type * as Fixture from "./Fixture.ts"
import { fixtures as cycleFixtures } from "./fixtures/cycles.ts"
import { fixtures as eventFixtures } from "./fixtures/events.ts"
import { fixtures as httpFixtures } from "./fixtures/http.ts"
import { fixtures as marketingFixtures } from "./fixtures/marketing.ts"
import { fixtures as safetyFixtures } from "./fixtures/safety.ts"

/**
 * Every fixture, in foreign-key order.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const fixtures: ReadonlyArray<Fixture.Fixture> = [...eventFixtures, ...marketingFixtures, ...safetyFixtures, ...cycleFixtures, ...httpFixtures]

/**
 * Options of the suite.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** shown in the suite's title */
  readonly name: string
  /** a fresh, migrated database behind the port */
  readonly layer: Layer.Layer<Storage, unknown>
}

type Ids = Map<Table.Any, Array<string>>

/**
 * Inserts every fixture in order and returns the keys of the stored rows.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const insertFixtures = (list: ReadonlyArray<Fixture.Fixture> = fixtures) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const ids: Ids = new Map()
    const ref: Fixture.Ref = (table, index = 0) => {
      const id = ids.get(table)?.[index]
      if (id === undefined) throw new Error(`fixture refers to ${table.name}[${index}] before it was inserted`)
      return id
    }
    for (const fixture of list) {
      const rows = fixture.rows(ref)
      const stored = yield* storage.insertMany(fixture.table, rows)
      ids.set(fixture.table, stored.map((row) => String((row as Record<string, unknown>)[fixture.table.primaryKey])))
    }
    return ids
  })

const tableNamed = (name: string, schema = "public"): Table.Any => {
  const table = Schema.all.find((t) => t.name === name && t.schema === schema)
  if (table === undefined) throw new Error(`no table ${schema}.${name}`)
  return table
}

const expectFailure = <A>(self: Effect.Effect<A, StorageError>, tag: StorageError["_tag"]) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(self)
    assert.strictEqual(error._tag, tag, `expected ${tag}, got ${error._tag}: ${error.message}`)
    return error
  })

/**
 * Registers the suite.
 *
 * @since 0.1.0
 * @category suites
 */
export const run = (options: Options): void => {
  describe(`storage conformance: ${options.name}`, () => {
    layer(options.layer, { timeout: "120 seconds" })((it) => {
      it.effect("round-trips realistic rows through every table of both seeds", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const covered = new Set(fixtures.map((f) => f.table))
          const missing = Schema.all.filter((t) => !covered.has(t)).map((t) => `${t.schema}.${t.name}`)
          assert.deepStrictEqual(missing, [], "every table has a fixture")
          const ref = new Map<Table.Any, Array<string>>()
          for (const fixture of fixtures) {
            const rows = fixture.rows((table, index = 0) => {
              const id = ref.get(table)?.[index]
              if (id === undefined) throw new Error(`${fixture.table.name} refers to ${table.name}[${index}] before it was inserted`)
              return id
            })
            assert.isAtLeast(rows.length, 1, `${fixture.table.name} fixture has rows`)
            const stored = yield* storage.insertMany(fixture.table, rows)
            assert.strictEqual(stored.length, rows.length)
            const keys: Array<string> = []
            for (const [i, row] of stored.entries()) {
              const key = (row as Record<string, unknown>)[fixture.table.primaryKey]
              keys.push(String(key))
              const read = yield* storage.get(fixture.table, key as never)
              const diff = differences(fixture.table.columns, rows[i] as Record<string, unknown>, read as Record<string, unknown>)
              assert.deepStrictEqual(diff, [], `${fixture.table.schema}.${fixture.table.name} row ${i} round trip`)
            }
            ref.set(fixture.table, keys)
            const count = yield* storage.count(fixture.table)
            assert.isAtLeast(count, rows.length)
          }
        }))

      it.effect("rejects bad input before SQL, naming table, field and rule", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const recommendations = tableNamed("ai_recommendations", "events_ai")
          const error = yield* expectFailure(
            storage.insert(recommendations, {
              user_id: "00000000-0000-4000-8000-000000000000",
              event_id: "00000000-0000-4000-8000-000000000000",
              recommendation_type: "session",
              recommended_item_id: "00000000-0000-4000-8000-000000000000",
              recommended_item_type: "session",
              confidence_score: 1.5
            } as never),
            "ValidationError"
          )
          assert.strictEqual((error as { table: string }).table, "ai_recommendations")
          assert.strictEqual((error as { field: string }).field, "confidence_score")
          const wrongEnum = yield* expectFailure(
            storage.insert(recommendations, {
              user_id: "00000000-0000-4000-8000-000000000000",
              event_id: "00000000-0000-4000-8000-000000000000",
              recommendation_type: "lunch",
              recommended_item_id: "00000000-0000-4000-8000-000000000000",
              recommended_item_type: "session",
              confidence_score: 0.5
            } as never),
            "ValidationError"
          )
          assert.strictEqual((wrongEnum as { field: string }).field, "recommendation_type")
          const missing = yield* expectFailure(storage.insert(tableNamed("ai_agents"), { name: "x" } as never), "ValidationError")
          assert.include(["type", "version"], (missing as { field: string }).field)
          yield* expectFailure(storage.get(tableNamed("ai_agents"), "not-a-uuid" as never), "ValidationError")
          yield* expectFailure(storage.find(tableNamed("ai_agents"), { where: { no_such_column: 1 } as never }), "ValidationError")
          yield* expectFailure(storage.find(tableNamed("ai_agents"), { cursor: "%%%" }), "ValidationError")
        }))

      it.effect("refuses filters and writes it could misread, naming the field", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const agent = { name: "strict", type: "networking", version: "1.0.0" }
          yield* storage.insert(agents, agent as never)
          const before = yield* storage.count(agents)
          const field = (error: StorageError) => (error as { field: string }).field
          // a filter value of undefined, or an empty comparison, is not "no condition"
          assert.strictEqual(field(yield* expectFailure(storage.find(agents, { where: { id: undefined } } as never), "ValidationError")), "where.id")
          assert.strictEqual(field(yield* expectFailure(storage.count(agents, { id: { eq: undefined } } as never), "ValidationError")), "where.id.eq")
          assert.strictEqual(field(yield* expectFailure(storage.count(agents, { name: {} } as never), "ValidationError")), "where.name")
          assert.strictEqual(field(yield* expectFailure(storage.deleteMany(agents, { id: { eq: undefined } } as never), "ValidationError")), "where.id.eq")
          // deleteMany with a filter that matches every row needs { allRows: true }
          const all = yield* expectFailure(storage.deleteMany(agents, {}), "ValidationError")
          assert.strictEqual(field(all), "where")
          assert.include((all as { rule: string }).rule, "allRows: true")
          assert.strictEqual(yield* storage.count(agents), before, "nothing was deleted")
          // every part of a query is checked at runtime
          const direction = yield* expectFailure(
            storage.find(agents, { orderBy: [{ column: "name", direction: "asc, (select 1 from pg_sleep(2))" as "asc" }] }),
            "ValidationError"
          )
          assert.strictEqual(field(direction), "orderBy[0].direction")
          assert.strictEqual(field(yield* expectFailure(storage.find(agents, { limit: 2 ** 53 }), "ValidationError")), "limit")
          for (const key of ["__proto__", "constructor", "toString"]) {
            const own = JSON.parse(JSON.stringify({ [key]: "x" })) as Record<string, unknown>
            assert.strictEqual(field(yield* expectFailure(storage.count(agents, own as never), "ValidationError")), `where.${key}`)
            assert.strictEqual(field(yield* expectFailure(storage.insert(agents, { ...agent, ...own } as never), "ValidationError")), key)
          }
          // unknown columns and the primary key are refused, not dropped
          assert.strictEqual(field(yield* expectFailure(storage.insert(agents, { ...agent, bogus: 1 } as never), "ValidationError")), "bogus")
          const stored = yield* storage.insert(agents, { ...agent, name: "strict-2" } as never)
          const id = (stored as { id: string }).id
          const key = yield* expectFailure(storage.update(agents, id as never, { id: "00000000-0000-4000-8000-000000000009" } as never), "ValidationError")
          assert.strictEqual(field(key), "id")
          assert.strictEqual((key as { rule: string }).rule, "the primary key cannot be changed")
          // text PostgreSQL cannot store
          const nul = yield* expectFailure(storage.insert(agents, { ...agent, name: "a\u0000b" } as never), "ValidationError")
          assert.strictEqual(field(nul), "name")
          assert.strictEqual((nul as { rule: string }).rule, "text may not contain a NUL character")
          const lone = yield* expectFailure(storage.update(agents, id as never, { configuration: { x: "\uD800" } } as never), "ValidationError")
          assert.strictEqual(field(lone), "configuration.x")
          assert.strictEqual((lone as { rule: string }).rule, "text must be well-formed Unicode (lone surrogate)")
          assert.strictEqual(field(yield* expectFailure(storage.count(agents, { name: "\u0000" } as never), "ValidationError")), "where.name")
        }))

      it.effect("increments counters in one atomic change, and loses none under concurrent transactions", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const rules = tableNamed("ai_automation_rules")
          const rule = yield* storage.insert(rules, {
            rule_name: "conformance counter",
            rule_type: "budget",
            trigger_conditions: {},
            action_parameters: {}
          } as never)
          const id = (rule as { id: string }).id as never
          const seen: Array<Mutation> = []
          const fired = yield* storage.increment(rules, id, {
            add: { execution_count: 1 },
            mean: { success_rate: { value: 100, count: "execution_count" } },
            set: { last_execution_at: new Date("2026-01-01T00:00:00Z") }
          } as never).pipe(Effect.provideService(MutationObserver, { observe: (m) => Effect.sync(() => void seen.push(m)) }))
          assert.strictEqual((fired as { execution_count: number }).execution_count, 1)
          assert.strictEqual((fired as { success_rate: number }).success_rate, 100)
          assert.strictEqual(seen.length, 1)
          assert.strictEqual(seen[0]!.operation, "update")
          assert.strictEqual((seen[0]!.before[0] as { execution_count: number }).execution_count, 0)
          const again = yield* storage.increment(rules, id, {
            add: { execution_count: 1 },
            mean: { success_rate: { value: 0, count: "execution_count" } }
          } as never)
          assert.strictEqual((again as { execution_count: number }).execution_count, 2)
          assert.strictEqual((again as { success_rate: number }).success_rate, 50, "the mean reads the count before this change")
          // typed errors: validation before SQL, CHECKs from the database, NotFound
          const field = (error: StorageError) => (error as { field: string }).field
          assert.strictEqual(field(yield* expectFailure(storage.increment(rules, id, { add: { rule_name: 1 } } as never), "ValidationError")), "add.rule_name")
          assert.strictEqual(field(yield* expectFailure(storage.increment(rules, id, { add: { nope: 1 } } as never), "ValidationError")), "add.nope")
          assert.strictEqual(field(yield* expectFailure(storage.increment(rules, id, { add: { execution_count: Number.NaN } } as never), "ValidationError")), "add.execution_count")
          assert.strictEqual(field(yield* expectFailure(storage.increment(rules, id, { set: { id: "00000000-0000-4000-8000-000000000009" } } as never), "ValidationError")), "set.id")
          yield* expectFailure(storage.increment(rules, id, { mean: { success_rate: { value: 1000, count: "execution_count" } } } as never), "CheckViolation")
          yield* expectFailure(storage.increment(rules, id, { add: { execution_count: -10 } } as never), "CheckViolation")
          yield* expectFailure(storage.increment(rules, "00000000-0000-4000-8000-000000000000" as never, { add: { execution_count: 1 } } as never), "NotFound")
          // concurrent transactions, each adding one: none is lost
          const writers = 24
          yield* Effect.forEach(
            Array.from({ length: writers }, (_, i) => i),
            () =>
              storage.transaction(Effect.gen(function*() {
                yield* storage.increment(rules, id, { add: { execution_count: 1 } } as never)
                yield* storage.count(rules)
              })),
            { concurrency: "unbounded", discard: true }
          )
          const final = yield* storage.get(rules, id)
          assert.strictEqual((final as { execution_count: number }).execution_count, 2 + writers)
          assert.strictEqual((final as { success_rate: number }).success_rate, 50, "failed increments changed nothing")
        }))

      it.effect("maps unique, foreign-key, check and not-found failures to typed errors", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const models = tableNamed("ai_model_versions", "marketing_ai")
          const model = { model_name: "bid-optimizer", version: "conformance-1.0.0", model_type: "optimization" }
          yield* storage.insert(models, model as never)
          const unique = yield* expectFailure(storage.insert(models, model as never), "UniqueViolation")
          assert.match((unique as { constraint: string }).constraint, /model_name/)
          const fk = yield* expectFailure(
            storage.insert(tableNamed("ai_agent_performance"), {
              agent_id: "00000000-0000-4000-8000-000000000000",
              metric_name: "latency_ms",
              metric_value: 12.5,
              measurement_date: new Date("2026-01-01T00:00:00Z")
            } as never),
            "ForeignKeyViolation"
          )
          assert.match((fk as { constraint: string }).constraint, /agent_id/)
          // a table CHECK fails before SQL on insert, naming the column and the constraint...
          const budgets = tableNamed("ai_budget_management")
          const early = yield* expectFailure(
            storage.insert(budgets, { budget_pool_name: "Q1 search", total_budget: 1000, allocated_budget: 1500 } as never),
            "ValidationError"
          )
          assert.strictEqual((early as { field: string }).field, "allocated_budget")
          assert.include((early as { rule: string }).rule, "ai_budget_management_allocation_check")
          // ...and in the database on a patch that breaks it, mapped to a typed error naming the constraint
          const pool = yield* storage.insert(budgets, { budget_pool_name: "Q2 search", total_budget: 1000, allocated_budget: 500 } as never)
          const check = yield* expectFailure(
            storage.update(budgets, (pool as { id: string }).id as never, { allocated_budget: 1500 } as never),
            "CheckViolation"
          )
          assert.strictEqual((check as { table: string }).table, "ai_budget_management")
          assert.strictEqual((check as { constraint: string }).constraint, "ai_budget_management_allocation_check")
          yield* expectFailure(storage.get(tableNamed("ai_agents"), "00000000-0000-4000-8000-000000000000" as never), "NotFound")
          yield* expectFailure(storage.update(tableNamed("ai_agents"), "00000000-0000-4000-8000-000000000000" as never, { name: "x" } as never), "NotFound")
          yield* expectFailure(storage.delete(tableNamed("ai_agents"), "00000000-0000-4000-8000-000000000000" as never), "NotFound")
        }))

      it.effect("cascades and nulls on delete as the seeds say", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const performance = tableNamed("ai_agent_performance")
          const training = tableNamed("ai_training_data")
          // the rows the round trip stored (or a fresh set when this test runs alone)
          if ((yield* storage.count(performance)) === 0) yield* insertFixtures()
          const agentId = (yield* storage.find(performance, { limit: 1 })).items[0]!.agent_id as string
          const eventId = (yield* storage.find(training, { where: { source_event_id: { isNull: false } } as never, limit: 1 })).items[0]!
            .source_event_id as string
          const before = yield* storage.count(performance, { agent_id: agentId } as never)
          assert.isAtLeast(before, 1, "the fixtures give the agent performance rows")
          yield* storage.delete(agents, agentId as never)
          assert.strictEqual(yield* storage.count(performance, { agent_id: agentId } as never), 0, "ON DELETE CASCADE")
          const errors = tableNamed("ai_error_logs")
          const insights = tableNamed("ai_insights")
          assert.strictEqual(yield* storage.count(errors, { agent_id: agentId } as never), 0, "ON DELETE SET NULL")
          assert.strictEqual(yield* storage.count(insights, { generated_by_agent_id: agentId } as never), 0, "ON DELETE SET NULL")
          const events = tableNamed("events")
          const sourced = yield* storage.count(training, { source_event_id: eventId } as never)
          yield* storage.delete(events, eventId as never)
          assert.strictEqual(yield* storage.count(training, { source_event_id: eventId } as never), 0)
          assert.strictEqual(yield* storage.count(insights, { event_id: eventId } as never), 0, "insights cascade with their event")
          assert.isAtLeast(sourced, 0)
        }))

      it.effect("rolls back every write of a failed transaction", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const before = yield* storage.count(agents)
          const result = yield* Effect.result(storage.transaction(Effect.gen(function*() {
            yield* storage.insert(agents, { name: "rollback-a", type: "content", version: "1.0.0" } as never)
            yield* storage.insert(agents, { name: "rollback-b", type: "content", version: "1.0.0" } as never)
            return yield* storage.insert(tableNamed("ai_agent_performance"), {
              agent_id: "00000000-0000-4000-8000-000000000000",
              metric_name: "x",
              metric_value: 1,
              measurement_date: new Date("2026-01-01T00:00:00Z")
            } as never)
          })))
          assert.strictEqual(result._tag, "Failure")
          assert.strictEqual(yield* storage.count(agents), before)
          const batch = yield* Effect.result(storage.insertMany(agents, [
            { name: "batch-ok", type: "content", version: "1.0.0" },
            { name: "batch-bad", type: "not-a-registered-type", version: "1.0.0" }
          ] as never))
          assert.strictEqual(batch._tag, "Failure", "a batch with one bad row fails whole")
          assert.strictEqual(yield* storage.count(agents, { name: "batch-ok" } as never), 0)
        }))

      it.effect("reports each mutation with its actor inside the mutation's transaction", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const seen: Array<Mutation> = []
          // row-level security lets an admin of the account write its agents
          const account = (yield* storage.insert(tableNamed("accounts"), { name: "Observed Co", slug: "observed-co" } as never)) as { id: string }
          const person = (yield* storage.insert(tableNamed("users"), { email: "observer@example.com" } as never)) as { id: string }
          yield* storage.insert(tableNamed("account_users"), { account_id: account.id, user_id: person.id, role: "admin" } as never)
          const user = new Actor.User({ id: person.id, accountId: account.id })
          const recorded = yield* storage.insert(agents, { name: "observed", type: "analytics", version: "2.0.0", account_id: account.id } as never).pipe(
            Actor.withActor(user),
            Effect.provideService(MutationObserver, { observe: (m) => Effect.sync(() => void seen.push(m)) })
          )
          assert.strictEqual(seen.length, 1)
          assert.strictEqual(seen[0]!.operation, "insert")
          assert.strictEqual(seen[0]!.actor._tag, "User")
          assert.strictEqual(seen[0]!.after.length, 1)
          yield* storage.update(agents, (recorded as { id: string }).id as never, { version: "2.0.1" } as never).pipe(
            Effect.provideService(MutationObserver, { observe: (m) => Effect.sync(() => void seen.push(m)) })
          )
          assert.strictEqual(seen[1]!.operation, "update")
          assert.strictEqual((seen[1]!.before[0] as { version: string }).version, "2.0.0")
          assert.strictEqual((seen[1]!.after[0] as { version: string }).version, "2.0.1")
          // an observer that fails rolls the mutation back
          const failing = yield* Effect.result(storage.insert(agents, { name: "vetoed", type: "analytics", version: "1.0.0" } as never).pipe(
            Effect.provideService(MutationObserver, {
              observe: () => Effect.fail(new StorageFailure({ operation: "observe", reason: "vetoed by the observer", retryable: false }))
            })
          ))
          assert.strictEqual(failing._tag, "Failure")
          assert.strictEqual(yield* storage.count(agents, { name: "vetoed" } as never), 0)
        }))

      it.effect("keeps every write of concurrent writers", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const before = yield* storage.count(agents)
          yield* Effect.forEach(
            Array.from({ length: 8 }, (_, w) => w),
            (w) =>
              Effect.forEach(Array.from({ length: 10 }, (_, i) => i), (i) =>
                storage.transaction(Effect.gen(function*() {
                  const agent = yield* storage.insert(agents, { name: `writer-${w}-${i}`, type: "networking", version: "1.0.0" } as never)
                  yield* storage.update(agents, (agent as { id: string }).id as never, { version: "1.0.1" } as never)
                }))),
            { concurrency: "unbounded", discard: true }
          )
          assert.strictEqual(yield* storage.count(agents), before + 80)
          assert.strictEqual(yield* storage.count(agents, { name: { like: "writer-%" }, version: "1.0.1" } as never), 80)
        }))

      it.effect("pages through a table with a stable cursor", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const agents = tableNamed("ai_agents")
          const all = (yield* storage.find(agents, { orderBy: [{ column: "name", direction: "desc" }] })).items
          const seen: Array<string> = []
          let cursor: string | null = null
          do {
            const page: { items: ReadonlyArray<unknown>; nextCursor: string | null } = yield* storage.find(agents, {
              orderBy: [{ column: "name", direction: "desc" }],
              limit: 7,
              cursor
            })
            seen.push(...page.items.map((r) => (r as { id: string }).id))
            cursor = page.nextCursor
          } while (cursor !== null)
          assert.deepStrictEqual(seen, all.map((r) => (r as { id: string }).id))
        }))
    })
  })
}
