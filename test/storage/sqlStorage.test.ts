/**
 * The SQL adapter beyond the conformance suite: the actor reaches the database
 * session of every transaction, every filter operator, keyset paging with NULLs
 * in the ordering column (property), and arbitrary input never reaching SQL as
 * garbage (property).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { SqlClient } from "effect/sql"
import fc from "fast-check"
import * as Actor from "../../src/storage/Actor.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Users } from "../../src/storage/schema/core/Users.ts"
import { AiInsights } from "../../src/storage/schema/eventsAi/AiInsights.ts"
import { Events } from "../../src/storage/schema/events/Events.ts"
import { MutationObserver, Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"
import { property } from "../support/property.ts"

const settingsOf = (sql: SqlClient.SqlClient) => Effect.gen(function*() {
  const [row] = yield* sql<{ kind: string; id: string; sub: string }>`
    select current_setting('ringmaster.actor_kind', true) as kind,
           current_setting('ringmaster.actor_id', true) as id,
           current_setting('request.jwt.claim.sub', true) as sub`
  return row!
})

describe("SqlStorage", () => {
  layer(pglite(), { timeout: "120 seconds" })((it) => {
    it.effect("carries the actor into each transaction's settings, and only for that transaction", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const settingsNow = settingsOf(yield* SqlClient.SqlClient)
        const seen: Array<{ kind: string; id: string; sub: string }> = []
        const user = new Actor.User({ id: "22222222-2222-4222-8222-222222222222" })
        yield* storage.insert(Users, { id: user.id, email: "probe@example.com" })
        // row-level security lets a user change their own row
        yield* storage.update(Users, user.id, { full_name: "Actor Probe" }).pipe(
          Actor.withActor(user),
          Effect.provideService(MutationObserver, {
            observe: () => settingsNow.pipe(Effect.map((s) => void seen.push(s)), Effect.orDie)
          })
        )
        assert.deepStrictEqual(seen[0], { kind: "user", id: user.id, sub: user.id })
        yield* storage.transaction(Effect.gen(function*() {
          seen.push(yield* Effect.orDie(settingsNow))
        })).pipe(Actor.withActor(new Actor.Service({ name: "scheduler" })))
        assert.deepStrictEqual(seen[1], { kind: "service", id: "scheduler", sub: "" })
        // set_config(..., true) is transaction-local: nothing leaks outside
        const after = yield* Effect.orDie(settingsNow)
        assert.notStrictEqual(after.id, "scheduler")
      }))

    it.effect("filters with every operator", () =>
      Effect.gen(function*() {
        const storage = yield* Storage
        const account = yield* storage.insert(Accounts, { name: "Filter Co", slug: "filter-co" })
        const base = { account_id: account.id, starts_at: new Date("2026-05-01T09:00:00Z"), ends_at: new Date("2026-05-02T18:00:00Z") }
        const events = yield* storage.insertMany(Events, [
          { ...base, name: "Alpha Summit", slug: "alpha", capacity: 100, tags: ["ai", "data"], settings: { tier: "gold", langs: ["en"] } },
          { ...base, name: "Beta Meetup", slug: "beta", capacity: 40, tags: ["data"], settings: { tier: "silver" } },
          { ...base, name: "Gamma Forum", slug: "gamma", capacity: null, tags: [], settings: {} }
        ])
        const names = (where: Parameters<typeof storage.find<typeof Events>>[1]) =>
          storage.find(Events, { ...where, orderBy: [{ column: "name" }] }).pipe(Effect.map((p) => p.items.map((e) => e.name)))
        const mine = { account_id: account.id }
        assert.deepStrictEqual(yield* names({ where: { ...mine, capacity: { gt: 50 } } }), ["Alpha Summit"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, capacity: { lte: 100, gte: 40 } } }), ["Alpha Summit", "Beta Meetup"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, capacity: null } }), ["Gamma Forum"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, capacity: { isNull: false } } }), ["Alpha Summit", "Beta Meetup"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, capacity: { ne: 40 } } }), ["Alpha Summit"], "ne never matches NULL")
        assert.deepStrictEqual(yield* names({ where: { ...mine, slug: { in: ["beta", "gamma"] } } }), ["Beta Meetup", "Gamma Forum"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, slug: { notIn: ["beta"] } } }), ["Alpha Summit", "Gamma Forum"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, name: { like: "%Meet%" } } }), ["Beta Meetup"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, tags: { contains: ["data"] } } }), ["Alpha Summit", "Beta Meetup"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, settings: { contains: { tier: "gold" } } } }), ["Alpha Summit"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, or: [{ slug: "alpha" }, { capacity: { lt: 50 } }] } }), ["Alpha Summit", "Beta Meetup"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, id: { in: [events[2]!.id] } } }), ["Gamma Forum"])
        assert.deepStrictEqual(yield* names({ where: { ...mine, starts_at: { lt: new Date("2026-05-01T10:00:00Z") } } }), ["Alpha Summit", "Beta Meetup", "Gamma Forum"])
        assert.strictEqual(yield* storage.count(Events, { ...mine, or: [] }), 0, "an empty or matches nothing")
        const bad = yield* Effect.flip(storage.find(Events, { where: { capacity: { gt: "many" as never } } }))
        assert.strictEqual(bad._tag, "ValidationError")
        assert.strictEqual((bad as { field: string }).field, "where.capacity.gt")
        const deleted = yield* storage.deleteMany(Events, { ...mine, capacity: { lt: 50 } })
        assert.strictEqual(deleted, 1)
      }))

    it.effect("pages in order through a column with NULLs, in both directions, at any page size", () =>
      property(
        fc.record({
          capacities: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { minLength: 0, maxLength: 25 }),
          pageSize: fc.integer({ min: 1, max: 7 }),
          direction: fc.constantFrom("asc" as const, "desc" as const)
        }),
        ({ capacities, direction, pageSize }) =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const account = yield* storage.insert(Accounts, { name: "Paging", slug: `paging-${Math.random().toString(36).slice(2, 10)}` })
          yield* storage.insertMany(Events, capacities.map((capacity, i) => ({
            account_id: account.id,
            name: `event ${i}`,
            slug: `e-${i}`,
            capacity,
            starts_at: new Date("2026-01-01T00:00:00Z"),
            ends_at: new Date("2026-01-02T00:00:00Z")
          })))
          const query = { where: { account_id: account.id }, orderBy: [{ column: "capacity" as const, direction }] }
          const all = (yield* storage.find(Events, query)).items.map((e) => e.id)
          const paged: Array<string> = []
          let cursor: string | null = null
          do {
            const page: { items: ReadonlyArray<{ id: string }>; nextCursor: string | null } = yield* storage.find(Events, { ...query, limit: pageSize, cursor })
            paged.push(...page.items.map((e) => e.id))
            cursor = page.nextCursor
          } while (cursor !== null)
          assert.deepStrictEqual(paged, all)
          assert.strictEqual(all.length, capacities.length)
        }),
        { numRuns: 25 }
      ))

    it.effect("arbitrary input fails as a ValidationError or a typed constraint error, never a raw driver error", () =>
      property(
        fc.record({
          event_id: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null)),
          insight_type: fc.oneof(fc.constantFrom("attendee_behavior", "revenue_optimization"), fc.string()),
          insight_title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          insight_description: fc.string(),
          insight_data: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
          confidence_score: fc.oneof(fc.double(), fc.string(), fc.constant(Number.NaN)),
          impact_score: fc.oneof(fc.double({ min: -20, max: 20 }), fc.constant("0.5")),
          created_at: fc.oneof(fc.date(), fc.string(), fc.constant(undefined))
        }, { requiredKeys: [] }),
        (row) =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const exit = yield* Effect.exit(storage.insert(AiInsights, row as never))
          if (Exit.isFailure(exit)) {
            const error = exit.cause.reasons.find((r) => r._tag === "Fail")
            assert.isDefined(error, "a typed failure, not a defect")
            const tag = (error as { error: { _tag: string } }).error._tag
            assert.include(["ValidationError", "ForeignKeyViolation", "CheckViolation", "NotNullViolation"], tag, JSON.stringify((error as { error: unknown }).error))
          }
        }),
        { numRuns: 150 }
      ))
  })
})
