/**
 * The safety envelope on its durable state (`SafetyState.layer`), on PGlite
 * and, when `DATABASE_URL` is set, on a PostgreSQL server: the regression
 * tests of the hardening issue's safety-envelope items. Each test uses its
 * own rule id and campaign, so the shared database does not couple them.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import { ActionRequest, type ExecutionRecord, SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { EntityRef, SafetyLimits } from "../../src/actions/SafetyLimits.ts"
import * as Actor from "../../src/storage/Actor.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { SafetyDecisions } from "../../src/storage/schema/safety/SafetyDecisions.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { envelopeOnStorage, makeCampaign } from "../support/budgetWorld.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const approverId = "0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f"

/**
 * Row-level security: a pending approval belongs to the account its request
 * was submitted for, and only that account's users can resolve it. Returns the
 * campaign's account's rule runner (a service actor) and an admin of it.
 */
const accountActors = (campaign: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sql = yield* SqlClient.SqlClient
    const accountId = (yield* storage.get(Campaigns, campaign)).account_id
    yield* sql.unsafe(`insert into public.users (id, email) values ($1, 'approver@example.com') on conflict do nothing`, [approverId])
    yield* sql.unsafe(`insert into public.account_users (account_id, user_id, role) values ($1, $2, 'admin')`, [accountId, approverId])
    return {
      rules: new Actor.Service({ name: "rules", accountId }),
      approver: new Actor.User({ id: approverId, accountId })
    }
  })
let counter = 0
const ruleId = () => `rule-${++counter}-${Math.random().toString(36).slice(2, 8)}`

const budget = (campaignId: string, value: number, rule: string, extra: Partial<ConstructorParameters<typeof ActionRequest>[0]> = {}) =>
  new ActionRequest({
    requestId: `req-${++counter}`,
    action: "set_campaign_budget",
    parameters: { campaignId, budget: value },
    requester: new Action.RuleRequester({ ruleId: rule }),
    runId: `run-${counter}`,
    ...extra
  })

/** A new envelope instance on the same database, as a restarted process would build it. */
const freshEnvelope = (defaults?: SafetyLimits) =>
  Effect.provide(
    Effect.gen(function*() {
      return yield* SafetyEnvelope
    }),
    SafetyEnvelope.layerStorage(defaults)
  )

const budgetOf = (id: string) => Effect.map(Storage.use((s) => s.get(Campaigns, id)), (c) => c.daily_budget)

/** How often each extra action's handler ran (the actions are registered once per database layer). */
let calls = 0

/** Extra actions for these tests: one that fails, one that throws, one that acts on an entity without a target, one that declares nothing. */
const extras = () =>
  Effect.gen(function*() {
    const registry = yield* ActionRegistry
    yield* registry.register(Action.make({
      name: "always_fails",
      parameters: Schema.Struct({}),
      handler: () => Effect.andThen(Effect.sync(() => calls++), Effect.fail("platform said no"))
    }))
    yield* registry.register(Action.make({
      name: "throws",
      parameters: Schema.Struct({}),
      handler: (): Effect.Effect<void> => {
        throw new Error("handler bug")
      }
    }))
    yield* registry.register(Action.make({
      name: "pause_campaign",
      parameters: Schema.Struct({ campaignId: Schema.String }),
      entity: (p) => new EntityRef({ type: "campaign", id: p.campaignId }),
      handler: () => Effect.sync(() => void calls++)
    }))
    yield* registry.register(Action.make({
      name: "undeclared",
      parameters: Schema.Struct({ campaignId: Schema.String }),
      handler: () => Effect.sync(() => void calls++)
    }))
  }).pipe(Effect.catchTag("DuplicateAction", () => Effect.void))

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`safety envelope on durable state: ${name}`, () => {
    layer(envelopeOnStorage.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("hardening: a once-a-day cap holds for a second envelope over the same database (a restart)", () =>
        Effect.gen(function*() {
          const campaign = yield* makeCampaign()
          const rule = ruleId()
          const limits = new SafetyLimits({ maxExecutionsPerDay: 1 })
          const first = yield* (yield* SafetyEnvelope).submit(budget(campaign, 110, rule, { limits }))
          assert.strictEqual(first.status, "succeeded")
          // a fresh envelope (as after a restart) on the same storage remembers the day's execution
          const restarted = yield* freshEnvelope()
          const second = yield* restarted.submit(budget(campaign, 120, rule, { limits }))
          assert.strictEqual(second.decision.outcome.reason.code, "daily_cap_reached")
          assert.strictEqual(yield* budgetOf(campaign), 110)
        }))

      it.effect("hardening: a rolled-back transaction does not consume a cap", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const rule = ruleId()
          const limits = new SafetyLimits({ maxExecutionsPerDay: 1, maxDailyMovement: { relative: 0.2 } })
          const aborted = yield* Effect.flip(storage.transaction(
            Effect.andThen(envelope.submit(budget(campaign, 120, rule, { limits })), Effect.fail("host aborts"))
          ))
          assert.strictEqual(aborted, "host aborts")
          assert.strictEqual(yield* budgetOf(campaign), 100, "the handler's write rolled back")
          const again = yield* envelope.submit(budget(campaign, 120, rule, { limits }))
          assert.strictEqual(again.status, "succeeded", "neither the daily cap nor the movement was consumed")
          assert.strictEqual(again.decision.outcome._tag, "Passed")
        }))

      it.effect("hardening: the current value comes from the action, not the requester", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const limits = new SafetyLimits({ maxChangePerStep: { relative: 0.2 } })
          // the review's case: a claimed baseline of 10,000 let a 20% cap move 100 to 8,000
          const record = yield* envelope.submit(budget(campaign, 8000, ruleId(), { limits }))
          assert.strictEqual(record.decision.outcome._tag, "Clamped")
          assert.strictEqual(record.decision.outcome.change?.from, 100)
          assert.strictEqual(yield* budgetOf(campaign), 120)
        }))

      it.effect("hardening: every outcome is recorded durably, shadow ones too", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const storage = yield* Storage
          const campaign = yield* makeCampaign()
          const rule = ruleId()
          const passed = yield* envelope.submit(budget(campaign, 105, rule))
          const clamped = yield* envelope.submit(budget(campaign, 500, rule, { limits: new SafetyLimits({ maxChangePerStep: { absolute: 10 } }) }))
          const blocked = yield* envelope.submit(budget(campaign, 120, rule, { limits: new SafetyLimits({ protectedEntities: [{ type: "campaign", id: campaign }] }) }))
          const pending = yield* envelope.submit(budget(campaign, 120, rule, { limits: new SafetyLimits({ minConfidence: 0.9 }), confidence: 0.4 }))
          const shadow = yield* envelope.submit(budget(campaign, 130, rule, { shadow: true }))
          const rows = yield* storage.find(SafetyDecisions, { where: { requester: `rule:${rule}` }, orderBy: [{ column: "decided_at" }] })
          const byId = new Map(rows.items.map((r) => [r.id, r]))
          for (const [record, outcome] of [[passed, "passed"], [clamped, "clamped"], [blocked, "blocked"], [pending, "pending_approval"], [shadow, "passed"]] as const) {
            const row = byId.get(record.id!)
            assert.isDefined(row, `${outcome} is recorded`)
            assert.strictEqual(row!.outcome, outcome)
            assert.strictEqual(row!.reason_code, record.decision.outcome.reason.code)
            assert.strictEqual(row!.request_id, record.decision.requestId)
          }
          assert.strictEqual(byId.get(shadow.id!)!.mode, "shadow")
          assert.strictEqual(byId.get(pending.id!)!.approval, "pending")
          assert.strictEqual(byId.get(clamped.id!)!.status, "succeeded")
          assert.deepStrictEqual(byId.get(clamped.id!)!.parameters, { campaignId: campaign, budget: 115 })
        }))

      it.effect("hardening: pending approvals survive a restart and are approved by a user, re-checking limits", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const { approver, rules } = yield* accountActors(campaign)
          const rule = ruleId()
          const limits = new SafetyLimits({ minConfidence: 0.8, maxChangePerStep: { relative: 0.1 }, maxExecutionsPerDay: 1 })
          const first = yield* envelope.submit(budget(campaign, 150, rule, { limits, confidence: 0.5 })).pipe(Actor.withActor(rules))
          const second = yield* envelope.submit(budget(campaign, 150, rule, { limits, confidence: 0.5 })).pipe(Actor.withActor(rules))
          assert.strictEqual(first.decision.outcome._tag, "PendingApproval")
          const restarted = yield* freshEnvelope()
          // not a user: refused
          const bySystem = yield* Effect.flip(restarted.approve(first.id!).pipe(Actor.withActor(rules)))
          assert.strictEqual(bySystem._tag, "ApproverRequired")
          const approved = yield* restarted.approve(first.id!, { note: "looks right" }).pipe(Actor.withActor(approver))
          assert.strictEqual(approved.status, "succeeded")
          assert.strictEqual(approved.decision.approvedBy, `user:${approver.id}`)
          assert.strictEqual(yield* budgetOf(campaign), 110)
          const again = yield* Effect.flip(restarted.approve(first.id!).pipe(Actor.withActor(approver)))
          assert.strictEqual(again._tag, "ApprovalAlreadyResolved")
          // the daily cap is re-checked at approval time: the second one no longer fits
          const late = yield* restarted.approve(second.id!).pipe(Actor.withActor(approver))
          assert.strictEqual(late.decision.outcome.reason.code, "daily_cap_reached")
          assert.strictEqual(late.status, "not_run")
          const missing = yield* Effect.flip(restarted.approve("00000000-0000-4000-8000-000000000000").pipe(Actor.withActor(approver)))
          assert.strictEqual(missing._tag, "PendingApprovalNotFound")
          const pendingIds = (yield* restarted.pending().pipe(Actor.withActor(rules))).map((d) => d.id)
          assert.notInclude(pendingIds, first.id!)
          assert.notInclude(pendingIds, second.id!)
        }))

      it.effect("hardening: a rejected approval never runs", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const { approver, rules } = yield* accountActors(campaign)
          const pending = yield* envelope.submit(budget(campaign, 105, ruleId(), { limits: new SafetyLimits({ minConfidence: 0.8 }) })).pipe(Actor.withActor(rules))
          const rejected = yield* envelope.reject(pending.id!, { note: "not now" }).pipe(Actor.withActor(approver))
          assert.strictEqual(rejected.approval, "rejected")
          assert.strictEqual(rejected.resolvedBy, `user:${approver.id}`)
          const after = yield* Effect.flip(envelope.approve(pending.id!).pipe(Actor.withActor(approver)))
          assert.strictEqual(after._tag, "ApprovalAlreadyResolved")
          assert.strictEqual(yield* budgetOf(campaign), 100)
        }))

      it.effect("hardening: moving the clock back across UTC midnight keeps the daily cap", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const rule = ruleId()
          const limits = new SafetyLimits({ maxExecutionsPerDay: 1 })
          const first = yield* envelope.submit(budget(campaign, 101, rule, { limits })).pipe(atTime(Date.UTC(2031, 0, 2, 0, 5)))
          assert.strictEqual(first.status, "succeeded")
          const codes: Array<string> = []
          for (const back of [Date.UTC(2031, 0, 1, 23, 55), Date.UTC(2031, 0, 1, 12), Date.UTC(2030, 11, 31)]) {
            const record = yield* envelope.submit(budget(campaign, 102, rule, { limits })).pipe(atTime(back))
            codes.push(record.decision.outcome.reason.code)
            assert.strictEqual(record.decision.day, "2031-01-02", "the day the envelope counts never goes back")
          }
          assert.deepStrictEqual(codes, ["daily_cap_reached", "daily_cap_reached", "daily_cap_reached"])
        }))

      it.effect("hardening: outcomes stamped by a clock ahead still count for the breaker", () =>
        Effect.gen(function*() {
          yield* extras()
          const before = calls
          const envelope = yield* SafetyEnvelope
          const rule = ruleId()
          const limits = new SafetyLimits({ circuitBreaker: { windowSeconds: 600, errorRateThreshold: 0.5, minSamples: 2 } })
          const fails = () =>
            new ActionRequest({ requestId: `f-${++counter}`, action: "always_fails", parameters: {}, requester: new Action.RuleRequester({ ruleId: rule }), limits })
          const ahead = atTime(Date.UTC(2032, 5, 1, 12, 30))
          yield* envelope.submit(fails()).pipe(ahead)
          yield* envelope.submit(fails()).pipe(ahead)
          // another host's clock is an hour behind
          const next = yield* envelope.submit(fails()).pipe(atTime(Date.UTC(2032, 5, 1, 11, 30)))
          assert.strictEqual(next.decision.outcome.reason.code, "circuit_open")
          assert.strictEqual(calls - before, 2)
        }))

      it.effect("hardening: the breaker counts work in flight (100 concurrent failing submits)", () =>
        Effect.gen(function*() {
          yield* extras()
          const before = calls
          const envelope = yield* SafetyEnvelope
          const rule = ruleId()
          const limits = new SafetyLimits({ circuitBreaker: { windowSeconds: 3600, errorRateThreshold: 0.5, minSamples: 4 } })
          const records = yield* Effect.all(
            Array.from({ length: 100 }, (_, i) =>
              envelope.submit(new ActionRequest({ requestId: `c-${i}`, action: "always_fails", parameters: {}, requester: new Action.RuleRequester({ ruleId: rule }), limits }))),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(calls - before, 4)
          assert.strictEqual(records.filter((r) => r.status === "failed").length, 4)
          assert.strictEqual(records.filter((r) => r.decision.outcome.reason.code === "circuit_open").length, 96)
        }))

      it.effect("hardening: a handler that throws synchronously is a failed record that feeds the breaker", () =>
        Effect.gen(function*() {
          yield* extras()
          const envelope = yield* SafetyEnvelope
          const rule = ruleId()
          const limits = new SafetyLimits({ circuitBreaker: { windowSeconds: 3600, errorRateThreshold: 1, minSamples: 1 } })
          const request = () =>
            new ActionRequest({ requestId: `t-${++counter}`, action: "throws", parameters: {}, requester: new Action.RuleRequester({ ruleId: rule }), limits })
          const record = yield* envelope.submit(request())
          assert.strictEqual(record.status, "failed")
          assert.include(record.error ?? "", "handler bug")
          assert.strictEqual((yield* envelope.submit(request())).decision.outcome.reason.code, "circuit_open")
        }))

      it.effect("hardening: a non-finite value is refused before any state is written", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const rule = ruleId()
          const limits = new SafetyLimits({ maxDailyMovement: { relative: 0.5 } })
          for (const value of [Infinity, Number.NaN, -Infinity]) {
            const record = yield* envelope.submit(budget(campaign, value, rule, { limits }))
            assert.strictEqual(record.decision.outcome.reason.code, "invalid_value")
            assert.strictEqual(record.status, "not_run")
          }
          // the day's movement is untouched: the full 50% is still there
          const ok = yield* envelope.submit(budget(campaign, 150, rule, { limits }))
          assert.strictEqual(ok.decision.outcome._tag, "Passed")
        }))

      it.effect("hardening: protected entities hold for actions without a target, and undeclared actions are refused", () =>
        Effect.gen(function*() {
          yield* extras()
          const before = calls
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const limits = new SafetyLimits({ protectedEntities: [{ type: "campaign", id: campaign }] })
          const requester = new Action.RuleRequester({ ruleId: ruleId() })
          const paused = yield* envelope.submit(new ActionRequest({ requestId: `p-${++counter}`, action: "pause_campaign", parameters: { campaignId: campaign }, requester, limits }))
          assert.strictEqual(paused.decision.outcome.reason.code, "protected_entity")
          const undeclared = yield* envelope.submit(new ActionRequest({ requestId: `u-${++counter}`, action: "undeclared", parameters: { campaignId: campaign }, requester, limits }))
          assert.strictEqual(undeclared.decision.outcome.reason.code, "entity_undeclared")
          assert.strictEqual(calls - before, 0)
        }))

      it.effect("hardening: a per-run cap needs a run id", () =>
        Effect.gen(function*() {
          const envelope = yield* SafetyEnvelope
          const campaign = yield* makeCampaign()
          const request = new ActionRequest({
            requestId: `n-${++counter}`,
            action: "set_campaign_budget",
            parameters: { campaignId: campaign, budget: 101 },
            requester: new Action.RuleRequester({ ruleId: ruleId() }),
            limits: new SafetyLimits({ maxExecutionsPerRun: 1 })
          })
          const record: ExecutionRecord = yield* envelope.submit(request)
          assert.strictEqual(record.decision.outcome.reason.code, "run_id_missing")
        }))

      it.effect("hardening: a rule's circuit breaker cannot loosen the organisation's", () =>
        Effect.gen(function*() {
          yield* extras()
          const before = calls
          const strict = new SafetyLimits({ circuitBreaker: { windowSeconds: 3600, errorRateThreshold: 0.5, minSamples: 2 } })
          const envelope = yield* freshEnvelope(strict)
          const rule = ruleId()
          const loose = new SafetyLimits({ circuitBreaker: { windowSeconds: 60, errorRateThreshold: 1, minSamples: 100 } })
          const request = () =>
            new ActionRequest({ requestId: `b-${++counter}`, action: "always_fails", parameters: {}, requester: new Action.RuleRequester({ ruleId: rule }), limits: loose })
          yield* envelope.submit(request())
          yield* envelope.submit(request())
          assert.strictEqual((yield* envelope.submit(request())).decision.outcome.reason.code, "circuit_open")
          assert.strictEqual(calls - before, 2)
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))
