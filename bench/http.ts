/**
 * bench/http: requests per second and p99 latency of
 * `GET /api/ai/decisions?limit=50` on the HTTP API (`Http.Server`: key
 * verification, the per-key rate limiter, query decoding, the storage port's
 * account-scoped keyset query, the row schema's encoding) against a bare
 * `node:http` server running the same query (the same SQL the port sends: the
 * account's rows, newest first, 51 fetched for the next page's cursor) on
 * the same database through the same client, and answering `JSON.stringify`
 * of the rows. Prints both side by side, the ratio (target at least 0.7x) and
 * the non-2xx responses (target 0). A third row runs the bare server's query
 * the way the storage port runs every read (a transaction that sets the
 * actor first), to show how much of the gap is that transaction.
 *
 * The database is embedded PGlite in this process (one connection), holding
 * one account with 2,000 decisions; both servers listen on 127.0.0.1 in this
 * process. The load comes from a second process: autocannon, run in a child
 * process against each server in turn (a warm-up, then the measured run). The
 * API's rate limit is raised out of the way (the limiter still runs); a real
 * deployment keeps the default of 120 burst, 20/s per key.
 *
 *   npx tsx bench/http.ts [--connections 10] [--seconds 10]
 */
import { spawn } from "node:child_process"
import { createServer, type Server as NodeServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { ApiKeys } from "../src/http/ApiKeys.ts"
import * as Server from "../src/http/Server.ts"
import { mulberry32 } from "../src/internal/random.ts"
import { AlertService } from "../src/cycles/alerts/AlertService.ts"
import { DecisionCycles } from "../src/cycles/DecisionCycles.ts"
import { DecisionProviders } from "../src/cycles/DecisionProvider.ts"
import * as PlatformActions from "../src/cycles/PlatformActions.ts"
import * as SimulatedPlatform from "../src/cycles/platform/SimulatedPlatform.ts"
import { ActionRegistry } from "../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../src/actions/SafetyEnvelope.ts"
import { RuleEngine } from "../src/rules/RuleEngine.ts"
import * as Access from "../src/storage/Access.ts"
import * as Actor from "../src/storage/Actor.ts"
import * as SqlStorage from "../src/storage/SqlStorage.ts"
import { Storage } from "../src/storage/Storage.ts"
import { Accounts } from "../src/storage/schema/core/Accounts.ts"
import { AccountUsers } from "../src/storage/schema/core/AccountUsers.ts"
import { Users } from "../src/storage/schema/core/Users.ts"
import { AiDecisionLogs } from "../src/storage/schema/marketingAi/AiDecisionLogs.ts"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const CONNECTIONS = arg("connections", 10)
const SECONDS = arg("seconds", 10)
const WARMUP_SECONDS = 3
const DECISIONS = 2_000
const PATH = "/api/ai/decisions?limit=50"

// -- the load, in a second process ----------------------------------------------------

interface Load {
  readonly requestsPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
  readonly total: number
}

/** Child mode: autocannon against one URL, its summary as one JSON line on stdout. */
const child = async () => {
  const { default: autocannon } = await import("autocannon")
  const url = process.argv[process.argv.indexOf("--load") + 1]!
  const key = process.argv[process.argv.indexOf("--key") + 1]!
  const run = (duration: number) =>
    autocannon({ url, connections: CONNECTIONS, duration, headers: { "x-api-key": key } })
  await run(WARMUP_SECONDS)
  const result = await run(SECONDS)
  const load: Load = {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total
  }
  process.stdout.write(`${JSON.stringify(load)}\n`)
}

/** Runs the load from a child process. */
const load = (url: string, key: string) =>
  Effect.callback<Load>((resume) => {
    const proc = spawn(process.execPath, ["--import", "tsx", "bench/http.ts", "--load", url, "--key", key, "--connections", String(CONNECTIONS), "--seconds", String(SECONDS)], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    proc.on("close", (code) => {
      if (code !== 0) resume(Effect.die(new Error(`autocannon child exited ${code}`)))
      else resume(Effect.succeed(JSON.parse(out.trim().split("\n").at(-1)!) as Load))
    })
  })

// -- the servers ----------------------------------------------------------------------

/**
 * The bare server: no key, no validation, the port's SQL on the same client,
 * `JSON.stringify`. With `transaction`, the select runs as the storage port
 * runs every read: in a transaction that first switches to the application
 * role and sets the actor (`set_config`), so row-level security applies
 * (four round trips instead of one).
 */
const bareServer = (accountId: string, userId: string, transaction: boolean) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const select = sql<Record<string, unknown>>`select * from ai_decision_logs where account_id = ${accountId} order by created_at desc, id desc limit 51`
    // what the port sets: the application role (so row-level security applies) and the actor
    const settings = [["role", Access.applicationRole] as const, ...Actor.settings(new Actor.User({ id: userId, accountId }))]
    const setActor = sql.unsafe(
      `select ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(", ")}`,
      settings.flatMap(([name, value]) => [name, value])
    )
    const query = transaction ? sql.withTransaction(setActor.pipe(Effect.andThen(select))) : select
    const server: NodeServer = createServer((_request, response) => {
      Effect.runPromise(query).then(
        (rows) => {
          const body = JSON.stringify({ items: rows.slice(0, 50), nextCursor: rows.length > 50 ? "next" : null })
          response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
          response.end(body)
        },
        (error) => {
          response.writeHead(500)
          response.end(String(error))
        }
      )
    })
    yield* Effect.acquireRelease(
      Effect.callback<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
      () => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
    )
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`
  })

/** What the API's handlers need besides storage: cycles and alerts (not exercised by this endpoint). */
const apiWorld = DecisionCycles.layer.pipe(
  Layer.provideMerge(AlertService.layer),
  Layer.provideMerge(DecisionProviders.layer),
  Layer.provideMerge(RuleEngine.layer),
  Layer.provideMerge(SafetyEnvelope.layerStorage()),
  Layer.provideMerge(PlatformActions.layer),
  Layer.provideMerge(ActionRegistry.layer),
  Layer.provideMerge(SimulatedPlatform.layer()),
  Layer.orDie
)

const seed = Effect.gen(function*() {
  const storage = yield* Storage
  const keys = yield* ApiKeys
  const random = mulberry32(42)
  const account = yield* storage.insert(Accounts, { name: "Bench", slug: "bench-http" })
  const user = yield* storage.insert(Users, { email: "bench-http@example.com", full_name: "Bench" })
  yield* storage.insert(AccountUsers, { account_id: account.id, user_id: user.id, role: "owner" })
  const start = Date.UTC(2026, 0, 1)
  yield* storage.insertMany(AiDecisionLogs, Array.from({ length: DECISIONS }, (_, i) => ({
    account_id: account.id,
    decision_type: ["budget_shift", "bid_cut", "bid_raise", "pause"][i % 4]!,
    decision_rationale: `decision ${i}: moving budget where the marginal return is higher (bench)`,
    confidence_score: Math.round(random() * 10_000) / 100,
    action_taken: `applied: set campaign ${i % 50} daily budget to ${(100 + random() * 50).toFixed(2)}`,
    context_data: { campaignId: `c-${i % 50}`, roas: Math.round(random() * 500) / 100 },
    impact_prediction: { metric: "revenue", delta: Math.round(random() * 10_000) / 100, windowDays: 7 },
    validation_status: "pending" as const,
    created_at: new Date(start + i * 3_600_000)
  })))
  const key = yield* keys.create({ accountId: account.id, userId: user.id, name: "bench", scopes: ["read"] })
  return { accountId: account.id, userId: user.id, key: key.secret }
})

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const main = Effect.gen(function*() {
  console.log(`bench/http: GET ${PATH} on the HTTP API vs a bare node:http server, same query, same database (target: API >= 0.7x bare, 0 non-2xx)`)
  console.log(`PGlite in this process, ${fmt(DECISIONS)} decisions; autocannon in a child process, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s`)
  const { accountId, userId, key } = yield* seed
  const bareUrl = yield* bareServer(accountId, userId, false)
  const bareTxUrl = yield* bareServer(accountId, userId, true)
  const served = yield* Layer.build(
    Server.layer({ port: 0, rateLimit: { burst: 1e9, perSecond: 1e9 } }).pipe(Layer.provide(apiWorld))
  )
  const apiUrl = `${yield* Server.url.pipe(Effect.provideContext(served))}${PATH}`
  // both answer the same 50 rows
  const check = (url: string) => Effect.promise(() => fetch(url, { headers: { "x-api-key": key } }).then((r) => r.json() as Promise<{ items: ReadonlyArray<{ id: string }> }>))
  const [a, b] = [yield* check(apiUrl), yield* check(bareUrl)]
  if (a.items.length !== 50 || a.items.map((r) => r.id).join() !== b.items.map((r) => r.id).join()) {
    return yield* Effect.die(new Error("the API and the bare server do not answer the same rows"))
  }
  const bare = yield* load(bareUrl, key)
  const bareTx = yield* load(bareTxUrl, key)
  const api = yield* load(apiUrl, key)
  console.log(`\n  ${"server".padEnd(28)} ${"req/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"requests".padStart(10)} ${"non-2xx".padStart(8)} ${"errors".padStart(7)}`)
  for (const [name, r] of [["bare node:http + same SQL", bare], ["bare + the port's transaction", bareTx], ["Ringmaster HTTP API", api]] as const) {
    console.log(
      `  ${name.padEnd(28)} ${fmt(r.requestsPerSecond).padStart(9)} ${fmt(r.p50, 1).padStart(8)} ${fmt(r.p99, 1).padStart(8)} ${fmt(r.total).padStart(10)} ${fmt(r.non2xx).padStart(8)} ${fmt(r.errors).padStart(7)}`
    )
  }
  console.log(`\n  API / bare: ${(api.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x requests per second (target >= 0.7x); ` +
    `p99 ${fmt(api.p99, 1)} ms against ${fmt(bare.p99, 1)} ms; non-2xx on the API: ${fmt(api.non2xx)}`)
  console.log(`  API / (bare + the port's transaction): ${(api.requestsPerSecond / bareTx.requestsPerSecond).toFixed(2)}x ` +
    "(the API's own cost beyond the storage port's per-read transaction: key lookup, rate limit, decoding, encoding)")
})

if (process.argv.includes("--load")) {
  await child()
} else {
  await Effect.runPromise(Effect.scoped(main).pipe(Effect.provide(Layer.mergeAll(ApiKeys.layer).pipe(Layer.provideMerge(SqlStorage.layerPglite())))))
}
