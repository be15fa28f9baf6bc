import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Ref, Schema } from "effect"
import * as Action from "../../src/actions/Action.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"

class Outbox extends Context.Service<Outbox, Ref.Ref<ReadonlyArray<string>>>()("test/Outbox") {}

const notify = Action.make({
  name: "notify",
  description: "send a message",
  parameters: Schema.Struct({ to: Schema.NonEmptyString, text: Schema.String, retries: Schema.optionalKey(Schema.Int) }),
  success: Schema.Struct({ id: Schema.Int }),
  handler: (p) =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      yield* Ref.update(outbox, (all) => [...all, `${p.to}:${p.text}`])
      return { id: (yield* Ref.get(outbox)).length }
    }),
  inverse: (p, result) =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      yield* Ref.update(outbox, (all) => [...all, `recall ${result.id} ${p.to}`])
    })
})

const failing = Action.make({
  name: "explode",
  parameters: Schema.Struct({}),
  handler: () => Effect.fail({ _tag: "Kaboom", message: "it blew up" })
})

const invocation: Action.Invocation = {
  requestId: "q1",
  requester: new Action.AgentRequester({ agentId: "a" }),
  runId: undefined
}

const layer = Layer.mergeAll(registering(notify), registering(failing)).pipe(
  Layer.provideMerge(ActionRegistry.layer),
  Layer.provideMerge(Layer.effect(Outbox, Ref.make<ReadonlyArray<string>>([])))
)

describe("ActionRegistry", () => {
  it.effect("plugins register actions; handlers run with the services captured at registration", () =>
    Effect.gen(function*() {
      const registry = yield* ActionRegistry
      assert.deepStrictEqual(yield* registry.names, ["explode", "notify"])
      const description = yield* registry.describe("notify")
      assert.isTrue(description.reversible)
      assert.isFalse(description.adjustable)
      const prepared = yield* registry.prepare("notify", { to: "ops", text: "hi" })
      assert.deepStrictEqual(prepared.parameters, { to: "ops", text: "hi" })
      const result = yield* prepared.run(invocation)
      assert.deepStrictEqual(result, { id: 1 })
      yield* registry.rollback("notify", prepared.parameters, result, invocation)
      assert.deepStrictEqual(yield* Ref.get(yield* Outbox), ["ops:hi", "recall 1 ops"])
    }).pipe(Effect.provide(layer)))

  it.effect("unknown actions fail with a typed error naming them", () =>
    Effect.gen(function*() {
      const registry = yield* ActionRegistry
      const error = yield* Effect.flip(registry.prepare("teleport", {}))
      assert.strictEqual(error._tag, "UnknownAction")
      if (error._tag === "UnknownAction") {
        assert.strictEqual(error.action, "teleport")
        assert.deepStrictEqual(error.known, ["explode", "notify"])
        assert.include(error.message, "teleport")
      }
    }).pipe(Effect.provide(layer)))

  it.effect("bad parameters fail with a typed error naming the action and the field", () =>
    Effect.gen(function*() {
      const registry = yield* ActionRegistry
      const error = yield* Effect.flip(registry.validate("notify", { to: "ops", text: "x", retries: 1.5 }))
      assert.strictEqual(error._tag, "InvalidActionParameters")
      if (error._tag === "InvalidActionParameters") {
        assert.strictEqual(error.action, "notify")
        assert.strictEqual(error.field, "retries")
        assert.deepStrictEqual(error.issues[0]?.path, ["retries"])
      }
      const missing = yield* Effect.flip(registry.validate("notify", { to: "ops" }))
      if (missing._tag === "InvalidActionParameters") assert.strictEqual(missing.field, "text")
    }).pipe(Effect.provide(layer)))

  it.effect("registering a name twice fails; handler failures become ActionFailed", () =>
    Effect.gen(function*() {
      const registry = yield* ActionRegistry
      const duplicate = yield* Effect.flip(registry.register(failing))
      assert.strictEqual(duplicate._tag, "DuplicateAction")
      const prepared = yield* registry.prepare("explode", {})
      const failed = yield* Effect.flip(prepared.run(invocation))
      assert.strictEqual(failed._tag, "ActionFailed")
      assert.strictEqual(failed.message, "Kaboom: it blew up")
      const notReversible = yield* Effect.flip(registry.rollback("explode", {}, undefined, invocation))
      assert.strictEqual(notReversible._tag, "NotReversible")
    }).pipe(Effect.provide(layer)))
})
