import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Ref, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import * as Envelope from "../../src/actions/SafetyEnvelope.ts"
import { SafetyEnvelope, SafetyState } from "../../src/actions/SafetyEnvelope.ts"
import * as Limits from "../../src/actions/SafetyLimits.ts"

type Step =
  | { readonly _tag: "Submit"; readonly entity: number; readonly factor: number; readonly runId: number }
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

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    _tag: fc.constant("Submit" as const),
    entity: fc.integer({ min: 0, max: 2 }),
    factor: fc.oneof(fc.noBias(fc.double({ min: -1, max: 4, noNaN: true })), fc.constantFrom(0, 1, 1.3, 0.7)),
    runId: fc.integer({ min: 0, max: 2 })
  }),
  fc.record({
    _tag: fc.constant("Advance" as const),
    millis: fc.oneof(
      { weight: 4, arbitrary: fc.noBias(fc.integer({ min: 0, max: 600_000 })) },
      { weight: 1, arbitrary: fc.noBias(fc.integer({ min: 0, max: 30 * 3600_000 })) }
    )
  })
)

const setValue = (values: Ref.Ref<Map<string, number>>) =>
  Action.make({
    name: "set_value",
    parameters: Schema.Struct({ id: Schema.String, value: Schema.Finite }),
    target: {
      entity: (p) => new Limits.EntityRef({ type: "thing", id: p.id }),
      value: (p) => p.value,
      withValue: (p, value) => ({ ...p, value })
    },
    handler: (p) => Ref.update(values, (m) => new Map(m).set(p.id, p.value))
  })

/** Runs a sequence of submissions and clock moves on a fresh envelope and TestClock. */
const simulate = (limits: Limits.SafetyLimits, steps: ReadonlyArray<Step>) =>
  Effect.gen(function*() {
    const values = yield* Ref.make(new Map([["e0", 100], ["e1", 0], ["e2", -50]]))
    const registry = yield* ActionRegistry
    yield* registry.register(setValue(values))
    const envelope = yield* SafetyEnvelope
    const records: Array<Envelope.ExecutionRecord> = []
    let i = 0
    for (const step of steps) {
      if (step._tag === "Advance") {
        yield* TestClock.adjust(step.millis)
        continue
      }
      const id = `e${step.entity}`
      const current = (yield* Ref.get(values)).get(id) ?? 0
      const requested = current === 0 ? step.factor * 50 : current * step.factor
      records.push(
        yield* envelope.submit(
          new Envelope.ActionRequest({
            requestId: `r${i++}`,
            action: "set_value",
            parameters: { id, value: requested },
            requester: new Action.RuleRequester({ ruleId: "rule" }),
            runId: `run${step.runId}`,
            baseline: current,
            limits
          })
        )
      )
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
        // what ran is what the world shows: the last applied value per entity
        for (const record of records.filter(Envelope.ran)) {
          const change = record.decision.outcome._tag === "Blocked" ? undefined : record.decision.outcome.change
          if (change !== undefined) assert.isTrue(values.has(change.entity.id))
        }
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
