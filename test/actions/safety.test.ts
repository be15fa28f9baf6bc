import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Ref, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import * as Envelope from "../../src/actions/SafetyEnvelope.ts"
import { SafetyEnvelope, SafetyState } from "../../src/actions/SafetyEnvelope.ts"
import * as Limits from "../../src/actions/SafetyLimits.ts"
import * as Actor from "../../src/storage/Actor.ts"

const approverActor = new Actor.User({ id: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b" })


const makeWorld = Effect.gen(function*() {
  const budgets = yield* Ref.make(new Map<string, number>([["c1", 100], ["c2", 100]]))
  const calls = yield* Ref.make(0)
  const setBudget = Action.make({
    name: "set_budget",
    parameters: Schema.Struct({ campaignId: Schema.String, budget: Schema.Finite }),
    success: Schema.Struct({ previous: Schema.Finite }),
    target: {
      entity: (p) => new Limits.EntityRef({ type: "campaign", id: p.campaignId }),
      value: (p) => p.budget,
      withValue: (p, budget) => ({ ...p, budget }),
      current: (p) => Effect.map(Ref.get(budgets), (m) => m.get(p.campaignId) ?? 0)
    },
    handler: (p) =>
      Effect.gen(function*() {
        yield* Ref.update(calls, (n) => n + 1)
        const previous = (yield* Ref.get(budgets)).get(p.campaignId) ?? 0
        yield* Ref.update(budgets, (m) => new Map(m).set(p.campaignId, p.budget))
        return { previous }
      }),
    inverse: (p, result) => Ref.update(budgets, (m) => new Map(m).set(p.campaignId, result.previous))
  })
  const flaky = Action.make({
    name: "flaky",
    parameters: Schema.Struct({ fail: Schema.Boolean }),
    handler: (p) =>
      Effect.gen(function*() {
        yield* Ref.update(calls, (n) => n + 1)
        if (p.fail) return yield* Effect.fail("boom")
      })
  })
  const registry = yield* ActionRegistry
  yield* registry.register(setBudget)
  yield* registry.register(flaky)
  return { budgets, calls }
})

const layer = SafetyEnvelope.layer.pipe(Layer.provideMerge(Layer.merge(ActionRegistry.layer, SafetyState.layerMemory)))

const rule = new Action.RuleRequester({ ruleId: "r1" })
let counter = 0
const budgetRequest = (
  campaignId: string,
  budget: number,
  extra: Partial<ConstructorParameters<typeof Envelope.ActionRequest>[0]> = {}
) =>
  new Envelope.ActionRequest({
    requestId: `req-${++counter}`,
    action: "set_budget",
    parameters: { campaignId, budget },
    requester: rule,
    ...extra
  })

const run = <A, E>(
  f: (world: Effect.Success<typeof makeWorld>) => Effect.Effect<A, E, SafetyEnvelope | ActionRegistry>
) => Effect.flatMap(makeWorld, f).pipe(Effect.provide(layer))

describe("SafetyEnvelope", () => {
  it.effect("passes an action within limits and runs it", () =>
    run(({ budgets }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const record = yield* envelope.submit(
          budgetRequest("c1", 110, { limits: new Limits.SafetyLimits({ maxChangePerStep: { relative: 0.2 } }) })
        )
        assert.strictEqual(record.status, "succeeded")
        assert.strictEqual(record.decision.outcome._tag, "Passed")
        assert.strictEqual(record.decision.outcome.reason.code, "within_limits")
        assert.strictEqual(record.decision.mode, "live")
        assert.deepStrictEqual(record.result, { previous: 100 })
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 110)
      })
    ))

  it.effect("clamps a step to the nearest allowed value and runs the clamped parameters", () =>
    run(({ budgets }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ maxChangePerStep: { relative: 0.3, absolute: 50 } })
        const record = yield* envelope.submit(budgetRequest("c1", 200, { limits }))
        const outcome = record.decision.outcome
        assert.strictEqual(outcome._tag, "Clamped")
        if (outcome._tag !== "Clamped") return
        assert.strictEqual(outcome.reason.code, "max_change_per_step")
        assert.strictEqual(outcome.change.applied, 130)
        assert.strictEqual(outcome.change.requested, 200)
        assert.strictEqual(outcome.change.max, 130)
        assert.deepStrictEqual(record.parameters, { campaignId: "c1", budget: 130 })
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 130)
        // downward too
        const down = yield* envelope.submit(budgetRequest("c2", 0, { limits }))
        assert.strictEqual(down.decision.outcome._tag, "Clamped")
        assert.strictEqual((yield* Ref.get(budgets)).get("c2"), 70)
      })
    ))

  it.effect("caps total movement per entity per UTC day, then resets the next day", () =>
    run(({ budgets }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ maxDailyMovement: { relative: 0.5 } })
        const first = yield* envelope.submit(budgetRequest("c1", 130, { limits }))
        assert.strictEqual(first.decision.outcome._tag, "Passed")
        const second = yield* envelope.submit(budgetRequest("c1", 160, { limits }))
        assert.strictEqual(second.decision.outcome._tag, "Clamped")
        assert.strictEqual(second.decision.outcome.reason.code, "daily_movement_cap")
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 150)
        const third = yield* envelope.submit(budgetRequest("c1", 120, { limits }))
        assert.strictEqual(third.decision.outcome._tag, "Blocked")
        assert.strictEqual(third.decision.outcome.reason.code, "daily_movement_exhausted")
        assert.strictEqual(third.status, "not_run")
        // another entity is not affected
        const other = yield* envelope.submit(budgetRequest("c2", 140, { limits }))
        assert.strictEqual(other.decision.outcome._tag, "Passed")
        yield* TestClock.adjust("24 hours")
        const nextDay = yield* envelope.submit(budgetRequest("c1", 120, { limits }))
        assert.strictEqual(nextDay.decision.outcome._tag, "Passed")
        assert.strictEqual(nextDay.decision.day, "1970-01-02")
      })
    ))

  it.effect("caps executions per run and per day", () =>
    run(() =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ maxExecutionsPerRun: 2, maxExecutionsPerDay: 3 })
        const codes: Array<string> = []
        for (const runId of ["a", "a", "a", "b", "b"]) {
          const record = yield* envelope.submit(budgetRequest("c1", 100, { limits, runId }))
          codes.push(record.decision.outcome.reason.code)
        }
        assert.deepStrictEqual(codes, [
          "within_limits",
          "within_limits",
          "run_cap_reached",
          "within_limits",
          "daily_cap_reached"
        ])
      })
    ))

  it.effect("enforces a cooldown per requester and entity", () =>
    run(() =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ cooldownSeconds: 600 })
        assert.strictEqual((yield* envelope.submit(budgetRequest("c1", 101, { limits }))).status, "succeeded")
        const early = yield* envelope.submit(budgetRequest("c1", 102, { limits }))
        assert.strictEqual(early.decision.outcome.reason.code, "cooldown_active")
        assert.strictEqual((yield* envelope.submit(budgetRequest("c2", 101, { limits }))).status, "succeeded")
        yield* TestClock.adjust("599 seconds")
        assert.strictEqual(
          (yield* envelope.submit(budgetRequest("c1", 102, { limits }))).decision.outcome._tag,
          "Blocked"
        )
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* envelope.submit(budgetRequest("c1", 102, { limits }))).status, "succeeded")
      })
    ))

  it.effect("blocks protected entities without running the handler", () =>
    run(({ calls }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({
          protectedEntities: [new Limits.EntityRef({ type: "campaign", id: "c1" })]
        })
        const record = yield* envelope.submit(budgetRequest("c1", 101, { limits }))
        assert.strictEqual(record.decision.outcome._tag, "Blocked")
        assert.strictEqual(record.decision.outcome.reason.code, "protected_entity")
        assert.strictEqual(yield* Ref.get(calls), 0)
      })
    ))

  it.effect("holds low-confidence actions for approval until a user approves them by id", () =>
    run(({ budgets, calls }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ minConfidence: 0.8, maxChangePerStep: { relative: 0.1 } })
        const low = yield* envelope.submit(budgetRequest("c1", 150, { limits, confidence: 0.5 }))
        assert.strictEqual(low.decision.outcome._tag, "PendingApproval")
        assert.strictEqual(low.decision.outcome.reason.code, "confidence_below_minimum")
        // the pending decision shows the clamped change that would run
        assert.strictEqual(low.decision.outcome.change?.applied, 110)
        assert.strictEqual(low.status, "not_run")
        const missing = yield* envelope.submit(budgetRequest("c1", 105, { limits }))
        assert.strictEqual(missing.decision.outcome.reason.code, "confidence_missing")
        assert.strictEqual(yield* Ref.get(calls), 0)
        assert.deepStrictEqual((yield* envelope.pending()).map((d) => d.id), [low.id!, missing.id!])
        const approved = yield* envelope.approve(low.id!).pipe(Actor.withActor(approverActor))
        assert.strictEqual(approved.decision.outcome._tag, "Clamped")
        assert.strictEqual(approved.decision.approvedBy, `user:${approverActor.id}`)
        assert.strictEqual(approved.status, "succeeded")
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 110)
        assert.deepStrictEqual((yield* envelope.pending()).map((d) => d.id), [missing.id!])
        // a person acting as themselves is not asked for a confidence
        const person = yield* envelope.submit(
          budgetRequest("c2", 105, { limits, requester: new Action.PersonRequester({ userId: approverActor.id }) })
        ).pipe(Actor.withActor(approverActor))
        assert.strictEqual(person.decision.outcome._tag, "Passed")
        const confident = yield* envelope.submit(budgetRequest("c2", 106, { limits, confidence: 0.9 }))
        assert.strictEqual(confident.decision.outcome._tag, "Passed")
      })
    ))

  it.effect("opens the circuit breaker on a high error rate, then closes it after the pause", () =>
    run(({ calls }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({
          circuitBreaker: { windowSeconds: 600, errorRateThreshold: 0.5, minSamples: 4, pauseSeconds: 300 }
        })
        const flaky = (fail: boolean) =>
          new Envelope.ActionRequest({
            requestId: `req-${++counter}`,
            action: "flaky",
            parameters: { fail },
            requester: rule,
            limits
          })
        const statuses: Array<string> = []
        for (const fail of [false, true, true, false]) {
          statuses.push((yield* envelope.submit(flaky(fail))).status)
          yield* TestClock.adjust("1 second")
        }
        assert.deepStrictEqual(statuses, ["succeeded", "failed", "failed", "succeeded"])
        const tripped = yield* envelope.submit(flaky(false))
        assert.strictEqual(tripped.decision.outcome._tag, "Blocked")
        assert.strictEqual(tripped.decision.outcome.reason.code, "circuit_open")
        assert.strictEqual(yield* Ref.get(calls), 4)
        // another requester is not paused
        const agent = yield* envelope.submit(
          new Envelope.ActionRequest({
            requestId: "agent-1",
            action: "flaky",
            parameters: { fail: false },
            requester: new Action.AgentRequester({ agentId: "a1" }),
            limits
          })
        )
        assert.strictEqual(agent.status, "succeeded")
        yield* TestClock.adjust("299 seconds")
        assert.strictEqual((yield* envelope.submit(flaky(false))).decision.outcome.reason.code, "circuit_open")
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* envelope.submit(flaky(false))).status, "succeeded")
      })
    ))

  it.effect("resetCircuit closes a tripped breaker", () =>
    run(() =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({
          circuitBreaker: { windowSeconds: 600, errorRateThreshold: 1, minSamples: 1 }
        })
        yield* envelope.recordOutcome(rule, false)
        yield* TestClock.adjust("1 second")
        const blocked = yield* envelope.submit(budgetRequest("c1", 100, { limits }))
        assert.strictEqual(blocked.decision.outcome.reason.code, "circuit_open")
        yield* envelope.resetCircuit(rule)
        yield* TestClock.adjust("1 millis")
        const passed = yield* envelope.submit(budgetRequest("c1", 100, { limits }))
        assert.strictEqual(passed.decision.outcome._tag, "Passed")
      })
    ))

  it.effect("shadow mode reports the decision but changes nothing", () =>
    run(({ budgets, calls }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({
          maxChangePerStep: { absolute: 10 },
          maxExecutionsPerDay: 1,
          shadowMode: true
        })
        const shadow = yield* envelope.submit(budgetRequest("c1", 150, { limits }))
        assert.strictEqual(shadow.decision.mode, "shadow")
        assert.strictEqual(shadow.decision.outcome._tag, "Clamped")
        assert.strictEqual(shadow.status, "not_run")
        assert.deepStrictEqual(shadow.parameters, { campaignId: "c1", budget: 110 })
        assert.strictEqual(yield* Ref.get(calls), 0)
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 100)
        // nothing was counted: a live request still has its one execution today
        const live = yield* envelope.submit(
          budgetRequest("c1", 105, { limits: new Limits.SafetyLimits({ maxExecutionsPerDay: 1 }) })
        )
        assert.strictEqual(live.status, "succeeded")
        // a request can ask for shadow mode itself
        const asked = yield* envelope.submit(budgetRequest("c2", 105, { shadow: true }))
        assert.strictEqual(asked.decision.mode, "shadow")
        assert.strictEqual(asked.decision.outcome._tag, "Passed")
        assert.strictEqual(yield* Ref.get(calls), 1)
      })
    ))

  it.effect("decide previews without counting", () =>
    run(() =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ maxExecutionsPerDay: 1 })
        for (let i = 0; i < 3; i++) {
          const decision = yield* envelope.decide(budgetRequest("c1", 101, { limits }))
          assert.strictEqual(decision.outcome._tag, "Passed")
        }
        assert.strictEqual((yield* envelope.submit(budgetRequest("c1", 101, { limits }))).status, "succeeded")
        assert.strictEqual((yield* envelope.decide(budgetRequest("c1", 101, { limits }))).outcome._tag, "Blocked")
      })
    ))

  it.effect("measures a change from the value the action reads, never from the request", () =>
    run(({ budgets }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const limits = new Limits.SafetyLimits({ maxChangePerStep: { relative: 0.1 } })
        yield* Ref.update(budgets, (m) => new Map(m).set("c1", 200))
        const record = yield* envelope.submit(budgetRequest("c1", 500, { limits }))
        assert.strictEqual(record.decision.outcome.change?.from, 200)
        assert.strictEqual(record.decision.outcome.change?.applied, 220)
        // a campaign the world does not know reads as 0: a relative limit allows no change from 0
        const unknown = yield* envelope.submit(budgetRequest("c9", 10, { limits }))
        assert.strictEqual(unknown.decision.outcome.reason.code, "max_change_per_step")
      })
    ))

  it.effect("combines the envelope's default limits with the request's (stricter wins)", () =>
    Effect.gen(function*() {
      const envelope = yield* SafetyEnvelope
      const record = yield* envelope.submit(
        budgetRequest("c1", 200, { limits: new Limits.SafetyLimits({ maxChangePerStep: { relative: 0.5 } }) })
      )
      assert.strictEqual(record.decision.outcome._tag, "Clamped")
      assert.strictEqual(record.decision.outcome.change?.applied, 120)
      const protectedRecord = yield* envelope.submit(budgetRequest("c2", 101))
      assert.strictEqual(protectedRecord.decision.outcome.reason.code, "protected_entity")
    }).pipe(
      Effect.provide(
        Layer.effectDiscard(makeWorld).pipe(
          Layer.provideMerge(
            SafetyEnvelope.layerWith(
              new Limits.SafetyLimits({
                maxChangePerStep: { relative: 0.2 },
                protectedEntities: [new Limits.EntityRef({ type: "campaign", id: "c2" })]
              })
            )
          ),
          Layer.provideMerge(Layer.merge(ActionRegistry.layer, SafetyState.layerMemory))
        )
      )
    ))

  it.effect("records handler failures and rolls back successes", () =>
    run(({ budgets }) =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const failed = yield* envelope.submit(
          new Envelope.ActionRequest({ requestId: "f", action: "flaky", parameters: { fail: true }, requester: rule })
        )
        assert.strictEqual(failed.status, "failed")
        assert.include(failed.error ?? "", "boom")
        assert.isTrue(Envelope.ran(failed))
        const record = yield* envelope.submit(budgetRequest("c1", 140))
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 140)
        // the record survives a JSON round trip (as if stored) and still rolls back
        const stored = Schema.decodeUnknownSync(Envelope.ExecutionRecord)(
          JSON.parse(JSON.stringify(Schema.encodeSync(Envelope.ExecutionRecord)(record)))
        )
        yield* envelope.rollback(stored)
        assert.strictEqual((yield* Ref.get(budgets)).get("c1"), 100)
      })
    ))

  it.effect("rejects unknown actions and bad parameters with typed errors", () =>
    run(() =>
      Effect.gen(function*() {
        const envelope = yield* SafetyEnvelope
        const unknown = yield* Effect.flip(
          envelope.submit(
            new Envelope.ActionRequest({ requestId: "u", action: "launch_rocket", parameters: {}, requester: rule })
          )
        )
        assert.strictEqual(unknown._tag, "UnknownAction")
        const bad = yield* Effect.flip(
          envelope.submit(
            new Envelope.ActionRequest({
              requestId: "b",
              action: "set_budget",
              parameters: { campaignId: "c1", budget: "lots" },
              requester: rule
            })
          )
        )
        assert.strictEqual(bad._tag, "InvalidActionParameters")
        if (bad._tag === "InvalidActionParameters") assert.strictEqual(bad.field, "budget")
      })
    ))
})
