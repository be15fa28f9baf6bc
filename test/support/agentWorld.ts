/**
 * What the built-in agents' tests run on: the registry with the built-in
 * types, the safety envelope on its durable state, over a database; and the
 * demo event loaded into it.
 */
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRegistry } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import * as BuiltinAgents from "../../src/agents/builtin/BuiltinAgents.ts"
import * as Demo from "../../src/demo/Demo.ts"
import * as DemoData from "../../src/demo/DemoData.ts"
import * as Core from "../../src/storage/schema/core/index.ts"
import { Events } from "../../src/storage/schema/events/Events.ts"
import { Storage } from "../../src/storage/Storage.ts"

/** The registry with the built-in agent types, the envelope and the action registry, over `database`. */
export const agentWorld = <E>(database: Layer.Layer<Storage | SqlClient.SqlClient, E>) =>
  BuiltinAgents.layer.pipe(
    Layer.provideMerge(AgentRegistry.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(database)
  )

/** Loads the demo data set (seed 2026, relative to the TestClock's 0) and returns its account and event. */
export const loadDemoEvent = Effect.gen(function*() {
  const storage = yield* Storage
  const data = DemoData.generate(2026, 0)
  yield* Demo.load(data)
  const account = (yield* storage.find(Core.Accounts, { where: { slug: data.account.slug } })).items[0]!
  const event = (yield* storage.find(Events, { where: { account_id: account.id } })).items[0]!
  return { data, account, event }
})
