/**
 * bench/rls: what row-level security and the audit trail cost.
 *
 * 1. An indexed lookup on a 100,000-row `events_ai.ai_recommendations` (a
 *    user's 20 newest recommendations, by the (user_id, event_id) index) through the
 *    port as an ordinary user (each transaction switched to `ringmaster_app`,
 *    every policy applied), against the same port call in admin mode (the
 *    connecting superuser, the tables' owner's rights: row-level security
 *    bypassed), on the same database. Target: within 1.5x of the admin's
 *    query, and under 10 ms on the server.
 * 2. The write workload of bench/storage (batched inserts of decision logs,
 *    then single-row updates), with the audit trail on (`Audit.layer`) and off,
 *    as a ratio.
 *
 * Per database: embedded PGlite and, when DATABASE_URL is set, a temporary
 * database on that server. Setup is not timed; no thresholds are asserted.
 *
 *   npx tsx bench/rls.ts [--rows 100000] [--lookups 2000]
 */
import { Clock, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Audit from "../src/storage/Audit.ts"
import * as Actor from "../src/storage/Actor.ts"
import * as Database from "../src/storage/Database.ts"
import * as SqlStorage from "../src/storage/SqlStorage.ts"
import { Storage } from "../src/storage/Storage.ts"
import { Campaigns } from "../src/storage/schema/marketing/Campaigns.ts"
import { AiRecommendations } from "../src/storage/schema/eventsAi/AiRecommendations.ts"
import { AiDecisionLogs } from "../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { Accounts } from "../src/storage/schema/core/Accounts.ts"

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const ROWS = flag("--rows", 100_000)
const LOOKUPS = flag("--lookups", 2_000)
const USERS = 5_000
const EVENTS_PER_ACCOUNT = 10
const WRITES = 5_000
const UPDATES = 500

const fmt = (n: number, digits = 3) => n.toFixed(digits)

/** A deterministic generator (mulberry32) so both sides look up the same users. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

/** Seeds two accounts, their events, USERS attendee users and ROWS recommendations, as the superuser (not timed). */
const seed = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`insert into public.accounts (name, slug) values ('RLS A', 'rls-a'), ('RLS B', 'rls-b')`)
  yield* sql.unsafe(
    `insert into public.events (account_id, name, slug, starts_at, ends_at)
     select a.id, a.slug || ' event ' || g, a.slug || '-event-' || g, now(), now() + interval '1 day'
     from public.accounts a, generate_series(1, ${EVENTS_PER_ACCOUNT}) g where a.slug like 'rls-%'`
  )
  yield* sql.unsafe(`insert into public.users (email) select 'rls-user-' || g || '@example.com' from generate_series(1, ${USERS}) g`)
  yield* sql.unsafe(
    `with u as (select id, row_number() over (order by email) as n from public.users where email like 'rls-user-%'),
          e as (select id, row_number() over (order by slug) as n from public.events where slug like 'rls-%')
     insert into events_ai.ai_recommendations (user_id, event_id, recommendation_type, recommended_item_id, recommended_item_type, confidence_score, reasoning, created_at)
     select u.id, e.id, 'session', gen_random_uuid(), 'session', 0.5, '{}'::jsonb, now() - (g || ' minutes')::interval
     from generate_series(1, ${ROWS}) g
     join u on u.n = 1 + (g % ${USERS})
     join e on e.n = 1 + ((g / ${USERS}) % ${EVENTS_PER_ACCOUNT * 2})`
  )
  yield* sql.unsafe(`analyze events_ai.ai_recommendations`)
  const pairs = yield* sql.unsafe<{ user_id: string }>(
    `select distinct user_id::text as user_id from events_ai.ai_recommendations`
  )
  return pairs
})

/** Times LOOKUPS port lookups of a user's recommendations; `asUser` runs each as that user. */
const lookups = (pairs: ReadonlyArray<{ user_id: string }>, asUser: boolean) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const next = random(7)
    const times: Array<number> = []
    let rows = 0
    for (let i = 0; i < LOOKUPS; i++) {
      const pair = pairs[Math.floor(next() * pairs.length)]!
      const query = storage.find(AiRecommendations, {
        where: { user_id: pair.user_id },
        orderBy: [{ column: "created_at", direction: "desc" }],
        limit: 20
      })
      const start = performance.now()
      const page = yield* (asUser ? query.pipe(Actor.withActor(new Actor.User({ id: pair.user_id }))) : query)
      times.push(performance.now() - start)
      rows += page.items.length
    }
    times.sort((a, b) => a - b)
    return { mean: times.reduce((a, b) => a + b, 0) / times.length, p50: percentile(times, 0.5), p99: percentile(times, 0.99), rows }
  })

/** bench/storage's write shape: batched inserts of decision logs, then single-row updates of campaigns. */
const writes = Effect.gen(function*() {
  const storage = yield* Storage
  const [account] = yield* storage.insertMany(Accounts, [{ name: "Audit bench", slug: `audit-${Math.random().toString(36).slice(2, 8)}` }])
  const accountId = account!.id
  const actor = Actor.withActor(new Actor.Service({ name: "bench", accountId }))
  const start = yield* Clock.currentTimeMillis
  const t0 = performance.now()
  for (let i = 0; i < WRITES; i += 1_000) {
    yield* storage.insertMany(AiDecisionLogs, Array.from({ length: 1_000 }, (_, j) => ({
      account_id: accountId,
      decision_type: "budget_adjustment",
      context_data: { i: i + j },
      decision_rationale: "bench",
      confidence_score: 0.5,
      action_taken: `bench write at ${start}`,
      impact_prediction: {}
    }))).pipe(actor)
  }
  const inserted = performance.now() - t0
  const campaigns = yield* storage.insertMany(Campaigns, Array.from({ length: 50 }, (_, i) => ({ account_id: accountId, name: `C${i}`, platform: "simulated" }))).pipe(actor)
  const t1 = performance.now()
  for (let i = 0; i < UPDATES; i++) {
    yield* storage.update(Campaigns, campaigns[i % campaigns.length]!.id, { daily_budget: 100 + i }).pipe(actor)
  }
  return { inserted, updated: performance.now() - t1 }
})

const on = (name: string, database: () => Layer.Layer<SqlClient.SqlClient | import("@effect/sql-pg").PgClient.PgClient, unknown>) =>
  Effect.gen(function*() {
    console.log(`\n--- ${name} ---`)
    const user = SqlStorage.layerOn(database(), {})
    yield* Effect.gen(function*() {
      const t0 = performance.now()
      const pairs = yield* seed
      console.error(`seeded ${ROWS.toLocaleString()} recommendations (${pairs.length.toLocaleString()} users) in ${fmt((performance.now() - t0) / 1000, 1)} s`)
      const asAdmin = Effect.provide(SqlStorage.layerWith({ access: "admin" }))
      // a warm-up round each (caches, plans), then the measured rounds
      yield* lookups(pairs, false).pipe(asAdmin)
      yield* lookups(pairs, true)
      const admin = yield* lookups(pairs, false).pipe(asAdmin)
      const asUser = yield* lookups(pairs, true)
      console.log(`indexed lookup (${LOOKUPS.toLocaleString()} x a user's 20 newest recommendations, ${ROWS.toLocaleString()} rows)`)
      console.log(`  admin (RLS bypassed)  mean ${fmt(admin.mean)} ms  p50 ${fmt(admin.p50)} ms  p99 ${fmt(admin.p99)} ms  rows ${admin.rows}`)
      console.log(`  ordinary user (RLS)   mean ${fmt(asUser.mean)} ms  p50 ${fmt(asUser.p50)} ms  p99 ${fmt(asUser.p99)} ms  rows ${asUser.rows}`)
      console.log(`  ratio user/admin      ${fmt(asUser.mean / admin.mean, 2)}x mean, ${fmt(asUser.p99 / admin.p99, 2)}x p99 (target <= 1.5x; same rows: ${admin.rows === asUser.rows})`)
    }).pipe(Effect.provide(user), Effect.scoped)

    const plain = yield* writes.pipe(Effect.provide(SqlStorage.layerOn(database(), {})), Effect.scoped)
    const audited = yield* writes.pipe(Effect.provide(Audit.layer.pipe(Layer.provideMerge(SqlStorage.layerOn(database(), {})))), Effect.scoped)
    console.log(`writes (${WRITES.toLocaleString()} decision logs in batches of 1,000, then ${UPDATES} single-row updates), audit trail off vs on`)
    console.log(`  inserts  off ${fmt(plain.inserted, 0)} ms  on ${fmt(audited.inserted, 0)} ms  on/off ${fmt(audited.inserted / plain.inserted, 2)}x`)
    console.log(`  updates  off ${fmt(plain.updated, 0)} ms  on ${fmt(audited.updated, 0)} ms  on/off ${fmt(audited.updated / plain.updated, 2)}x`)
  })

const program = Effect.gen(function*() {
  console.log(`bench/rls: row-level security and audit costs (rows ${ROWS.toLocaleString()}, lookups ${LOOKUPS.toLocaleString()})`)
  yield* on("PGlite (in memory)", () => Database.layerPglite())
  const url = process.env.DATABASE_URL
  if (url !== undefined) {
    yield* on("PostgreSQL server", () => Layer.unwrap(Effect.map(Database.temporary(url, "ringmaster_bench_rls"), (fresh) => Database.layerServer(fresh))))
  } else {
    console.log("\n(set DATABASE_URL to run the same on a PostgreSQL server)")
  }
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
