/**
 * A world for HTTP API tests: the cycle world (storage, simulated platform,
 * envelope, cycles, alerts) with a scripted provider, served by
 * `Server.layer` on 127.0.0.1 at a free port; plus helpers to seed tenants
 * with keys and to call the server over real HTTP with `fetch`.
 */
import { Clock, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { type DecisionProvider, PredictedImpact, registering } from "../../src/cycles/DecisionProvider.ts"
import * as AdPlatform from "../../src/cycles/platform/AdPlatform.ts"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import * as Server from "../../src/http/Server.ts"
import { AccountUsers } from "../../src/storage/schema/core/AccountUsers.ts"
import { Users } from "../../src/storage/schema/core/Users.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { cycleWorld, dateOf, seededAccount } from "../support/cycleWorld.ts"
import type { pglite } from "../support/databases.ts"

/** Confidence the scripted provider proposes with, per account (below the threshold: waits for approval). */
export const confidence = new Map<string, number>()

/** Raises the budget of the account's first active campaign by 10%. */
const scripted: DecisionProvider = {
  name: "http-scripted",
  description: "raises the first active campaign's budget by 10%",
  propose: (facts) =>
    Effect.sync(() => {
      const c = confidence.get(facts.accountId)
      if (c === undefined) return []
      const target = [...facts.campaigns]
        .filter((f) => f.campaign.status === "active" && (f.campaign.dailyBudget ?? 0) > 0)
        .sort((a, b) => (a.campaign.id < b.campaign.id ? -1 : 1))[0]
      if (target === undefined) return []
      const budget = target.campaign.dailyBudget!
      const next = Math.round(budget * 1.1 * 100) / 100
      return [{
        decisionType: "budget_raise",
        change: new AdPlatform.SetCampaignBudget({ campaignId: target.campaign.id, dailyBudget: next }),
        rationale: `budget ${budget} -> ${next}`,
        confidence: c,
        impact: new PredictedImpact({ metric: "spend", delta: (next - budget) * 2, windowDays: 2 }),
        context: { campaignId: target.campaign.id }
      }]
    })
}

/** The live clock, so the server runs at the wall clock's time (tests run under `TestClock`). */
const liveClock = Layer.effect(Clock.Clock, TestClock.withLive(Clock.clockWith(Effect.succeed)))

/** The world, served with `options` at the wall clock's time. */
export const httpWorld = (database: ReturnType<typeof pglite>, options: Server.Options = {}) =>
  Server.layer({ port: 0, ...options }).pipe(
    Layer.provideMerge(ApiKeys.layer),
    Layer.provideMerge(cycleWorld(database, registering(scripted))),
    Layer.provide(liveClock)
  )

/** The base URL of the served world. */
export const baseUrl = Server.url

/** A tenant: an account seeded on the simulator (14 days up to today), an owner, a member, and keys. */
export interface Tenant {
  readonly accountId: string
  readonly ownerId: string
  readonly memberId: string
  /** read, write, approve; acts for the owner */
  readonly ownerKey: string
  /** read, write, approve; acts for a plain member */
  readonly memberKey: string
  /** read, write; a service key */
  readonly serviceKey: string
  /** read only; a service key */
  readonly readKey: string
}

let tenants = 0

/** Seeds a tenant with its users and keys. */
export const tenant = (seed: number) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const keys = yield* ApiKeys
    const today = Math.floor((yield* Clock.currentTimeMillis) / 86_400_000)
    const { accountId, owner } = yield* seededAccount({ seed, campaigns: 3, start: dateOf(today), history: 14 })
    tenants += 1
    const member = yield* storage.insert(Users, { email: `member-${tenants}-${seed}@example.com`, full_name: "Member" })
    // the cycle world may already make the owner a member
    if ((yield* storage.count(AccountUsers, { account_id: accountId, user_id: owner.id })) === 0) {
      yield* storage.insert(AccountUsers, { account_id: accountId, user_id: owner.id, role: "owner" })
    }
    yield* storage.insert(AccountUsers, { account_id: accountId, user_id: member.id, role: "member" })
    const all = ["read", "write", "approve"]
    const ownerKey = yield* keys.create({ accountId, userId: owner.id, name: "owner", scopes: all })
    const memberKey = yield* keys.create({ accountId, userId: member.id, name: "member", scopes: all })
    const serviceKey = yield* keys.create({ accountId, name: "service", scopes: ["read", "write"] })
    const readKey = yield* keys.create({ accountId, name: "reader", scopes: ["read"] })
    return {
      accountId,
      ownerId: owner.id,
      memberId: member.id,
      ownerKey: ownerKey.secret,
      memberKey: memberKey.secret,
      serviceKey: serviceKey.secret,
      readKey: readKey.secret
    } satisfies Tenant
  })

/** A response: status, headers and the parsed JSON body (`undefined` when empty). */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: any
}

/** Calls the served world over HTTP. */
export const call = (
  method: string,
  path: string,
  options: { readonly key?: string | undefined; readonly bearer?: string | undefined; readonly body?: unknown; readonly raw?: string; readonly headers?: Record<string, string> } = {}
) =>
  Effect.gen(function*() {
    const base = yield* baseUrl
    const headers: Record<string, string> = { ...options.headers }
    if (options.key !== undefined) headers["x-api-key"] = options.key
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
    if (body !== undefined) headers["content-type"] ??= "application/json"
    return yield* Effect.promise(async (): Promise<Answer> => {
      const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
      const text = await response.text()
      let parsed: unknown = undefined
      if (text !== "") {
        try {
          parsed = JSON.parse(text)
        } catch {
          parsed = text
        }
      }
      return { status: response.status, headers: response.headers, body: parsed }
    })
  })
