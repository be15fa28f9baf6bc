import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer, Ref, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import * as Envelope from "../../src/actions/SafetyEnvelope.ts"
import { SafetyEnvelope, SafetyState } from "../../src/actions/SafetyEnvelope.ts"
import * as Limits from "../../src/actions/SafetyLimits.ts"

type Step =
  | { readonly _tag: "Submit"; readonly entity: number; readonly factor: number; readonly runId: number }
  | { readonly _tag: "Concurrent"; readonly entities: ReadonlyArray<number>; readonly factor: number; readonly runId: number }
  | { readonly _tag: "NonFinite"; readonly entity: number; readonly value: number }
  | { readonly _tag: "Advance"; readonly millis: number }

const changeLimit = fc.record(
  {
    relative: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
    absolute: fc.noBias(fc.double({ min: 0, max: 80, noNaN: true }))
  },
  { requiredKeys: [] }
)

const limitsArb = fc.record(
  {
    maxExecutionsPerRun: fc.noBias(fc.integer({ min: 0, max: 5 })),
    maxExecutionsPerDay: fc.noBias(fc.integer({ min: 0, max: 8 })),
    cooldownSeconds: fc.oneof(fc.noBias(fc.integer({ min: 0, max: 600 })), fc.noBias(fc.integer({ min: 0, max: 4 * 3600 }))),
    maxChangePerStep: changeLimit,
    maxDailyMovement: changeLimit
  },
  { requiredKeys: [] }
).map((fields) =>
  new Limits.SafetyLimits({
    ...fields,
    ...(fields.maxChangePerStep === undefined ? {} : { maxChangePerStep: new Limits.ChangeLimit(fields.maxChangePerStep) }),
    ...(fields.maxDailyMovement === undefined ? {} : { maxDailyMovement: new Limits.ChangeLimit(fields.maxDailyMovement) })
  })
)

const factorArb = fc.oneof(fc.noBias(fc.double({ min: -1, max: 4, noNaN: true })), fc.constantFrom(0, 1, 1.3, 0.7))

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    _tag: fc.constant("Submit" as const),
    entity: fc.integer({ min: 0, max: 2 }),
    factor: factorArb,
    runId: fc.integer({ min: 0, max: 2 })
  }) },
  // several submissions at once, for one or more entities
  { weight: 1, arbitrary: fc.record({
    _tag: fc.constant("Concurrent" as const),
    entities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 6 }),
    factor: factorArb,
    runId: fc.integer({ min: 0, max: 2 })
  }) },
  { weight: 1, arbitrary: fc.record({
    _tag: fc.constant("NonFinite" as const),
    entity: fc.integer({ min: 0, max: 2 }),
    value: fc.constantFrom(Number.NaN, Infinity, -Infinity)
  }) },
  { weight: 4, arbitrary: fc.record({
    _tag: fc.constant("Advance" as const),
    millis: fc.oneof(
      { weight: 4, arbitrary: fc.noBias(fc.integer({ min: 0, max: 600_000 })) },
      { weight: 1, arbitrary: fc.noBias(fc.integer({ min: 0, max: 30 * 3600_000 })) },
      // the clock moves back, across midnight too
      { weight: 2, arbitrary: fc.noBias(fc.integer({ min: -30 * 3600_000, max: -1 })) }
    )
  }) }
)

const setValue = (values: Ref.Ref<Map<string, number>>) =>
  Action.make({
    name: "set_value",
    // Schema.Number lets NaN and infinities through to the envelope, which must refuse them itself.
    parameters: Schema.Struct({ id: Schema.String, value: Schema.Number }),
    target: {
      entity: (p) => new Limits.EntityRef({ type: "thing", id: p.id }),
      value: (p) => p.value,
      withValue: (p, value) => ({ ...p, value }),
      current: (p) => Effect.map(Ref.get(values), (m) => m.get(p.id) ?? 0)
    },
    handler: (p) => Ref.update(values, (m) => new Map(m).set(p.id, p.value))
  })

const initialValues: ReadonlyArray<readonly [string, number]> = [["e0", 100], ["e1", 0], ["e2", -50]]

/** Runs a sequence of submissions and clock moves (forward and back) on a fresh envelope and TestClock. */
const simulate = (limits: Limits.SafetyLimits, steps: ReadonlyArray<Step>) =>
  Effect.gen(function*() {
    const values = yield* Ref.make(new Map(initialValues))
    const registry = yield* ActionRegistry
    yield* registry.register(setValue(values))
    const envelope = yield* SafetyEnvelope
    const records: Array<Envelope.ExecutionRecord> = []
    let i = 0
    const submit = (entity: number, value: (current: number) => number, runId: number) =>
      Effect.gen(function*() {
        const id = `e${entity}`
        const current = (yield* Ref.get(values)).get(id) ?? 0
        return yield* envelope.submit(
          new Envelope.ActionRequest({
            requestId: `r${i++}`,
            action: "set_value",
            parameters: { id, value: value(current) },
            requester: new Action.RuleRequester({ ruleId: "rule" }),
            runId: `run${runId}`,
            limits
          })
        )
      })
    const requested = (factor: number) => (current: number) => current === 0 ? factor * 50 : current * factor
    for (const step of steps) {
      switch (step._tag) {
        case "Advance": {
          const now = yield* Clock.currentTimeMillis
          yield* TestClock.setTime(Math.max(0, now + step.millis))
          break
        }
        case "Submit":
          records.push(yield* submit(step.entity, requested(step.factor), step.runId))
          break
        case "NonFinite":
          records.push(yield* submit(step.entity, () => step.value, 0))
          break
        case "Concurrent":
          records.push(
            ...(yield* Effect.all(step.entities.map((entity) => submit(entity, requested(step.factor), step.runId)), {
              concurrency: "unbounded"
            }))
          )
          break
      }
    }
    return { records, values: yield* Ref.get(values) }
  }).pipe(
    Effect.provide(
      SafetyEnvelope.layer.pipe(
        Layer.provideMerge(Layer.mergeAll(ActionRegistry.layer, SafetyState.layerMemory, TestClock.layer()))
      )
    )
  )

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, number> => {
  const out = new Map<string, number>()
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1)
  return out
}

const checkInvariants = (limits: Limits.SafetyLimits, records: ReadonlyArray<Envelope.ExecutionRecord>) => {
  // time as the envelope counts it never goes back, whatever the clock did
  const byTime = [...records].sort((a, b) => Number(a.decision.requestId.slice(1)) - Number(b.decision.requestId.slice(1)))
  for (let k = 1; k < byTime.length; k++) {
    assert.isTrue(byTime[k]!.decision.day >= byTime[k - 1]!.decision.day)
    assert.isAtLeast(byTime[k]!.decision.decidedAt.epochMilliseconds, byTime[k - 1]!.decision.decidedAt.epochMilliseconds)
  }
  // non-finite values never run, and never reach the accounting
  for (const record of records) {
    const change = record.decision.outcome.change
    if (change !== undefined) {
      assert.isTrue(Number.isFinite(change.from) && Number.isFinite(change.applied) && Number.isFinite(change.requested))
    }
    const value = (record.parameters as { value: number }).value
    if (!Number.isFinite(value)) {
      assert.strictEqual(record.status, "not_run")
      assert.strictEqual(record.decision.outcome.reason.code, "invalid_value")
    }
  }
  const executed = records.filter(Envelope.ran)
  // caps per day and per run
  for (const [, n] of countBy(executed, (r) => r.decision.day)) {
    assert.isAtMost(n, limits.maxExecutionsPerDay ?? Infinity)
  }
  for (const [, n] of countBy(executed, (r) => r.decision.runId ?? "")) {
    assert.isAtMost(n, limits.maxExecutionsPerRun ?? Infinity)
  }
  // cooldown per entity
  const lastAt = new Map<string, number>()
  for (const record of executed) {
    const key = Limits.entityKey(record.decision.entity!)
    const at = record.decision.decidedAt.epochMilliseconds
    const previous = lastAt.get(key)
    if (previous !== undefined) assert.isAtLeast(at - previous, (limits.cooldownSeconds ?? 0) * 1000)
    lastAt.set(key, at)
  }
  // each step within its bound; daily movement within its cap (summed as the envelope does)
  const days = new Map<string, { opening: number; movement: number }>()
  for (const record of executed) {
    const outcome = record.decision.outcome
    assert.isTrue(outcome._tag === "Passed" || outcome._tag === "Clamped")
    const change = outcome.change!
    const moved = Math.abs(change.applied - change.from)
    if (limits.maxChangePerStep !== undefined) {
      assert.isAtMost(moved, Limits.bound(limits.maxChangePerStep, change.from))
    }
    const dayKey = `${Limits.entityKey(change.entity)}|${record.decision.day}`
    const day = days.get(dayKey) ?? { opening: change.from, movement: 0 }
    day.movement = day.movement + moved
    days.set(dayKey, day)
    if (limits.maxDailyMovement !== undefined) {
      assert.isAtMost(day.movement, Limits.bound(limits.maxDailyMovement, day.opening))
    }
    assert.deepStrictEqual(record.parameters, { id: change.entity.id, value: change.applied })
  }
  // every clamped value lies within its bounds, between the current and the requested value
  for (const record of records) {
    const outcome = record.decision.outcome
    if (outcome._tag !== "Clamped") continue
    const { applied, from, max, min, requested } = outcome.change
    if (min !== undefined) assert.isAtLeast(applied, min)
    if (max !== undefined) assert.isAtMost(applied, max)
    assert.isAtMost(applied, Math.max(from, requested))
    assert.isAtLeast(applied, Math.min(from, requested))
    assert.notStrictEqual(applied, requested)
  }
}

describe("SafetyEnvelope properties", () => {
  it("no sequence of triggers and clock moves exceeds a cap; clamped values stay within bounds", async () => {
    await fc.assert(
      fc.asyncProperty(limitsArb, fc.array(stepArb, { minLength: 5, maxLength: 60 }), async (limits, steps) => {
        const { records, values } = await Effect.runPromise(simulate(limits, steps))
        checkInvariants(limits, records)
        // what ran is what the world shows: per entity, the value of the last execution that succeeded
        const expected = new Map(initialValues)
        const executed = records.filter((r) => r.status === "succeeded")
          .sort((a, b) => Number(a.decision.requestId.slice(1)) - Number(b.decision.requestId.slice(1)))
        for (const record of executed) {
          const parameters = record.parameters as { id: string; value: number }
          expected.set(parameters.id, parameters.value)
        }
        assert.deepStrictEqual(values, expected)
      }),
      { numRuns: 200 }
    )
  })

  it("the invariant check catches an envelope without limits", async () => {
    // Guards the property above against vacuity: the same check fails when limits are ignored.
    const limits = new Limits.SafetyLimits({ maxExecutionsPerDay: 1, maxChangePerStep: { absolute: 1 } })
    const { records } = await Effect.runPromise(
      simulate(Limits.none, [
        { _tag: "Submit", entity: 0, factor: 2, runId: 0 },
        { _tag: "Submit", entity: 0, factor: 2, runId: 0 }
      ])
    )
    assert.throws(() => checkInvariants(limits, records))
  })
})
