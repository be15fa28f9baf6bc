/**
 * bench/storage: rows written through the storage port (`bulkInsert`) against
 * the same rows written by a hand-written multi-row INSERT on the same client
 * (the raw baseline), on embedded PGlite and, when DATABASE_URL is set, on a
 * PostgreSQL server. Prints rows/s for each and the port/raw ratio.
 *
 *   npx tsx bench/storage.ts [--rows 100000]
 */
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Database from "../src/storage/Database.ts"
import * as SqlStorage from "../src/storage/SqlStorage.ts"
import { Storage } from "../src/storage/Storage.ts"
import type * as Table from "../src/storage/Table.ts"
import { Accounts } from "../src/storage/schema/core/Accounts.ts"
import { AiDecisionLogs } from "../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { MasterAiCycles } from "../src/storage/schema/marketingAi/MasterAiCycles.ts"
import { CampaignDailyMetrics } from "../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../src/storage/schema/marketing/Campaigns.ts"
import { mulberry32 } from "../src/internal/random.ts"

const argRows = process.argv.indexOf("--rows")
const ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 100_000
const RAW_CHUNK = 1_000

type Row = Record<string, unknown>

const decisionTypes = ["budget_adjustment", "campaign_pause", "keyword_bid", "audience_expansion"] as const

const decisionRows = (cycleIds: ReadonlyArray<string>, n: number): Array<Table.Insert<typeof AiDecisionLogs>> => {
  const random = mulberry32(7)
  return Array.from({ length: n }, (_, i) => {
    const type = decisionTypes[i % decisionTypes.length]!
    const change = Math.round((random() * 40 - 20) * 100) / 100
    return {
      cycle_id: cycleIds[i % cycleIds.length]!,
      decision_type: type,
      context_data: { campaign: `C-${i % 500}`, ctr: Math.round(random() * 1000) / 10000, spend: Math.round(random() * 50000) / 100 },
      decision_rationale: `${type.replace("_", " ")}: CTR moved ${change}% against the 7-day baseline`,
      confidence_score: Math.round(random() * 10000) / 100,
      action_taken: change > 0 ? "increase" : "decrease",
      impact_prediction: { metric: "conversions", delta: change, horizon_days: 7 },
      validation_status: "pending"
    }
  })
}

const metricRows = (accountId: string, campaignIds: ReadonlyArray<string>, n: number): Array<Table.Insert<typeof CampaignDailyMetrics>> => {
  const random = mulberry32(11)
  const days = Math.ceil(n / campaignIds.length)
  const start = Date.UTC(2024, 0, 1)
  const rows: Array<Table.Insert<typeof CampaignDailyMetrics>> = []
  for (let c = 0; c < campaignIds.length && rows.length < n; c++) {
    for (let d = 0; d < days && rows.length < n; d++) {
      const impressions = Math.floor(1000 + random() * 50000)
      const clicks = Math.floor(impressions * (0.01 + random() * 0.05))
      const conversions = Math.floor(clicks * random() * 0.1)
      const spend = Math.round(clicks * (0.4 + random() * 2) * 100) / 100
      rows.push({
        account_id: accountId,
        campaign_id: campaignIds[c]!,
        metric_date: new Date(start + d * 86_400_000).toISOString().slice(0, 10),
        impressions,
        clicks,
        conversions,
        spend,
        revenue: Math.round(conversions * (20 + random() * 80) * 100) / 100
      })
    }
  }
  return rows
}

/** The raw baseline: `INSERT ... VALUES ($1, $2, ...), (...)` in chunks, JSON as text cast to jsonb. */
const rawInsert = (table: Table.Any, rows: ReadonlyArray<Row>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const columns = Object.keys(rows[0]!)
    const casts = columns.map((c) => (table.columns[c]!.pgType === "jsonb" ? "::jsonb" : table.columns[c]!.pgType === "uuid" ? "::uuid" : table.columns[c]!.pgType === "date" ? "::date" : ""))
    yield* sql.withTransaction(Effect.gen(function*() {
      for (let start = 0; start < rows.length; start += RAW_CHUNK) {
        const chunk = rows.slice(start, start + RAW_CHUNK)
        const params: Array<unknown> = []
        const tuples = chunk.map((row) =>
          `(${columns.map((c, j) => {
            const v = row[c]
            params.push(v !== null && typeof v === "object" ? JSON.stringify(v) : v)
            return `$${params.length}${casts[j]}`
          }).join(", ")})`
        )
        yield* sql.unsafe(`insert into ${table.sqlName} (${columns.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")}`, params as Array<string>)
      }
    }))
  })

const timed = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = performance.now()
    yield* self
    return (performance.now() - start) / 1000
  })

const measure = (name: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sql = yield* SqlClient.SqlClient
    const [account] = yield* storage.insertMany(Accounts, [{ name: "Bench Co", slug: `bench-${Math.random().toString(36).slice(2, 8)}` }] as never)
    const accountId = (account as { id: string }).id
    const cycles = yield* storage.insertMany(MasterAiCycles, Array.from({ length: 50 }, (_, i) => ({ cycle_name: `bench cycle ${i}`, cycle_type: "optimization" })) as never)
    const campaigns = yield* storage.insertMany(Campaigns, Array.from({ length: 274 }, (_, i) => ({ account_id: accountId, name: `Bench campaign ${i}`, platform: "simulated" })) as never)
    const workloads = [
      { label: "ai_decision_logs", table: AiDecisionLogs as Table.Any, rows: decisionRows(cycles.map((c) => (c as { id: string }).id), ROWS) as Array<Row> },
      { label: "campaign_daily_metrics", table: CampaignDailyMetrics as Table.Any, rows: metricRows(accountId, campaigns.map((c) => (c as { id: string }).id), ROWS) as Array<Row> }
    ]
    const results: Array<{ label: string; raw: number; port: number }> = []
    for (const w of workloads) {
      const clear = sql.unsafe(`delete from ${w.table.sqlName}`)
      // warm up both paths (prepared statements, JIT)
      yield* rawInsert(w.table, w.rows.slice(0, 2000)); yield* clear
      yield* storage.bulkInsert(w.table, w.rows.slice(0, 2000) as never); yield* clear
      let raw = Infinity
      let port = Infinity
      for (let rep = 0; rep < 2; rep++) {
        raw = Math.min(raw, yield* timed(rawInsert(w.table, w.rows))); yield* clear
        port = Math.min(port, yield* timed(storage.bulkInsert(w.table, w.rows as never))); yield* clear
      }
      results.push({ label: w.label, raw: w.rows.length / raw, port: w.rows.length / port })
    }
    console.log(`\n${name}: ${ROWS.toLocaleString("en-US")} rows per table, best of 2`)
    console.log(`  ${"table".padEnd(24)} ${"raw rows/s".padStart(12)} ${"port rows/s".padStart(12)} ${"port/raw".padStart(9)}`)
    for (const r of results) {
      console.log(`  ${r.label.padEnd(24)} ${Math.round(r.raw).toLocaleString("en-US").padStart(12)} ${Math.round(r.port).toLocaleString("en-US").padStart(12)} ${(r.port / r.raw).toFixed(2).padStart(8)}x`)
    }
  })

const on = (name: string, database: Layer.Layer<SqlClient.SqlClient | import("@effect/sql-pg").PgClient.PgClient, unknown>) =>
  measure(name).pipe(Effect.provide(SqlStorage.layerOn(database)))

const program = Effect.gen(function*() {
  console.log("bench/storage: the storage port vs a hand-written multi-row INSERT (target: port >= 0.8x raw)")
  yield* on("PGlite (in memory)", Database.layerPglite())
  const url = process.env.DATABASE_URL
  if (url) {
    yield* Effect.scoped(Effect.gen(function*() {
      const fresh = yield* Database.temporary(url, "ringmaster_bench")
      yield* on(`PostgreSQL server (${Database.redactUrl(url)}, a temporary database)`, Database.layerServer(fresh))
    }))
  }
  else console.log("\nPostgreSQL server: skipped (set DATABASE_URL to include it)")
})

Effect.runPromise(program).catch((error) => {
  console.error(error)
  process.exit(1)
})
