/**
 * The agent model: types registered by layers (a conflict fails at start),
 * agents run by their `ai_agents` row (status, configuration and input
 * decoded, training runs in shadow), every run tracked, failures and defects
 * logged and typed, model versions with one active per agent enforced by the
 * database, training data, proposals through the safety envelope, and the
 * optional `LanguageModel`. On PGlite, and on a server when `DATABASE_URL` is set.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Schema, Stream, Tracer } from "effect"
import { LanguageModel } from "effect/ai"
import type { SqlClient } from "effect/sql"
import * as Agent from "../../src/agents/Agent.ts"
import { AgentRegistry } from "../../src/agents/AgentRegistry.ts"
import { ActionRegistry, registering } from "../../src/actions/ActionRegistry.ts"
import { SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { AiAgentPerformance } from "../../src/storage/schema/eventsAi/AiAgentPerformance.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { AiAgentTypes } from "../../src/storage/schema/eventsAi/AiAgentTypes.ts"
import { AiErrorLogs } from "../../src/storage/schema/eventsAi/AiErrorLogs.ts"
import { AiModelVersions } from "../../src/storage/schema/eventsAi/AiModelVersions.ts"
import { AiPerformanceMetrics } from "../../src/storage/schema/eventsAi/AiPerformanceMetrics.ts"
import { AiTrainingData } from "../../src/storage/schema/eventsAi/AiTrainingData.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { makeCampaign, setCampaignBudget } from "../support/budgetWorld.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

/** A content agent: writes a line in the configured tone, asks the language model when there is one. */
const Writer = Agent.make({
  type: "content_generation",
  version: "1.0.0",
  description: "writes a line about a topic",
  configuration: Schema.Struct({ tone: Schema.Literals(["formal", "casual"]), maxWords: Schema.Int.check(Schema.isGreaterThan(0)) }),
  input: Schema.Struct({ topic: Schema.String, fail: Schema.optionalKey(Schema.Literals(["error", "throw", "write-then-fail"])) }),
  output: Schema.Struct({ text: Schema.String, usedModel: Schema.Boolean }),
  handler: (input, context) =>
    Effect.gen(function*() {
      if (input.fail === "throw") throw new Error("handler bug")
      if (input.fail === "error") return yield* Effect.fail({ message: "the topic is empty" })
      if (input.fail === "write-then-fail") {
        yield* Effect.orDie(Storage.use((s) => s.insert(Accounts, { name: "Written by a failing agent", slug: `failing-${context.runId.length}` })))
        return yield* Effect.fail({ message: "failed after writing" })
      }
      yield* context.record({ dataType: "content", raw: { topic: input.topic }, qualityScore: 0.8 })
      const model = yield* Agent.languageModel
      if (Option.isSome(model)) {
        const response = yield* Effect.orDie(LanguageModel.generateText({ prompt: `Write about ${input.topic}` }).pipe(
          Effect.provideService(LanguageModel.LanguageModel, model.value)
        ))
        return { text: response.text, usedModel: true }
      }
      const text = context.configuration.tone === "formal" ? `On ${input.topic}.` : `hey, ${input.topic}!`
      return { text, usedModel: false }
    })
})

/** A budget agent of a plugin's own type: proposes a budget through the envelope. */
const Budgeter = Agent.make({
  type: "budget_pacer",
  version: "0.1.0",
  description: "a plugin's agent type",
  configuration: Schema.Struct({}),
  input: Schema.Struct({ campaignId: Schema.String, budget: Schema.Finite }),
  output: Schema.Struct({ outcome: Schema.String, mode: Schema.String }),
  handler: (input, context) =>
    Effect.map(
      Effect.orDie(context.propose({ action: "set_campaign_budget", parameters: input, confidence: 0.9 })),
      (record) => ({ outcome: record.decision.outcome._tag, mode: record.decision.mode })
    )
})

const fakeModel = Layer.effect(
  LanguageModel.LanguageModel,
  LanguageModel.make({
    generateText: (options) =>
      Effect.succeed([
        { type: "text", text: `model says: ${JSON.stringify(options.prompt).includes("Lisbon") ? "Lisbon" : "?"}` },
        { type: "finish", reason: "stop", usage: { inputTokens: { total: 3 }, outputTokens: { total: 4 } } }
      ]),
    streamText: () => Stream.empty
  })
)

const agents = (database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  Layer.mergeAll(Agent.layer(Writer), Agent.layer(Budgeter)).pipe(
    Layer.provideMerge(AgentRegistry.layer),
    Layer.provideMerge(SafetyEnvelope.layerStorage()),
    Layer.provideMerge(registering(setCampaignBudget)),
    Layer.provideMerge(ActionRegistry.layer),
    Layer.provideMerge(database)
  )

const agentRow = (type: string, configuration: Record<string, Schema.Json>, status: "active" | "inactive" | "training" | "maintenance" = "active") =>
  Effect.map(
    Storage.use((s) => s.insert(AiAgents, { name: `${type} agent`, type, version: "1.0.0", configuration, status })),
    (row) => row.id
  )

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`agents: ${name}`, () => {
    layer(agents(database), { timeout: "120 seconds" })((it) => {
      it.effect("runs an agent by its row, decoding configuration and input, and tracks the run", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const storage = yield* Storage
          const id = yield* agentRow("content_generation", { tone: "formal", maxWords: 12 })
          const result = yield* registry.runAs(Writer, id, { topic: "keynotes" })
          assert.deepStrictEqual(result.output, { text: "On keynotes.", usedModel: false })
          assert.strictEqual(result.mode, "live")
          const performance = yield* storage.find(AiAgentPerformance, { where: { agent_id: id } })
          assert.deepStrictEqual(performance.items.map((p) => p.metric_name).sort(), ["latency_ms", "success"])
          assert.strictEqual(performance.items.find((p) => p.metric_name === "success")!.metric_value, 1)
          const metrics = yield* storage.find(AiPerformanceMetrics, { where: { agent_id: id } })
          assert.deepStrictEqual(metrics.items.map((m) => m.metric_category).sort(), ["latency", "throughput"])
          const training = yield* storage.find(AiTrainingData, { where: { agent_id: id } })
          assert.strictEqual(training.items[0]?.quality_score, 0.8)
          assert.deepStrictEqual(training.items[0]?.raw_data, { topic: "keynotes" })
        }))

      it.effect("bad configuration, bad input, and an unknown type are typed errors naming what is wrong", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const bad = yield* agentRow("content_generation", { tone: "shouty", maxWords: 12 })
          const configuration = yield* Effect.flip(registry.run(bad, { topic: "x" }))
          assert.strictEqual(configuration._tag, "InvalidAgentConfiguration")
          if (configuration._tag === "InvalidAgentConfiguration") assert.strictEqual(configuration.field, "tone")
          const good = yield* agentRow("content_generation", { tone: "casual", maxWords: 3 })
          const input = yield* Effect.flip(registry.run(good, { topic: 42 }))
          assert.strictEqual(input._tag, "InvalidAgentInput")
          if (input._tag === "InvalidAgentInput") assert.strictEqual(input.field, "topic")
          const unknown = yield* agentRow("analytics", {})
          const type = yield* Effect.flip(registry.run(unknown, {}))
          assert.strictEqual(type._tag, "UnknownAgentType")
          assert.include(type.message, "content_generation")
        }))

      it.effect("inactive and maintenance agents do not run; training agents run in shadow", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const storage = yield* Storage
          for (const status of ["inactive", "maintenance"] as const) {
            const id = yield* agentRow("content_generation", { tone: "formal", maxWords: 5 }, status)
            const error = yield* Effect.flip(registry.run(id, { topic: "x" }))
            assert.strictEqual(error._tag, "AgentUnavailable")
          }
          const campaign = yield* makeCampaign()
          const training = yield* agentRow("budget_pacer", {}, "training")
          const shadow = yield* registry.runAs(Budgeter, training, { campaignId: campaign, budget: 110 })
          assert.strictEqual(shadow.mode, "shadow")
          assert.deepStrictEqual(shadow.output, { outcome: "Passed", mode: "shadow" })
          assert.strictEqual((yield* storage.get(Campaigns, campaign)).daily_budget, 100, "shadow changes nothing")
          const live = yield* agentRow("budget_pacer", {}, "active")
          const applied = yield* registry.runAs(Budgeter, live, { campaignId: campaign, budget: 110 })
          assert.deepStrictEqual(applied.output, { outcome: "Passed", mode: "live" })
          assert.strictEqual((yield* storage.get(Campaigns, campaign)).daily_budget, 110, "a live proposal runs through the envelope")
        }))

      it.effect("a failing or throwing handler is logged and surfaces as AgentRunFailed; its writes roll back", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const storage = yield* Storage
          const id = yield* agentRow("content_generation", { tone: "formal", maxWords: 5 })
          const failed = yield* Effect.flip(registry.run(id, { topic: "x", fail: "error" }))
          assert.strictEqual(failed._tag, "AgentRunFailed")
          const thrown = yield* Effect.flip(registry.run(id, { topic: "x", fail: "throw" }))
          assert.strictEqual(thrown._tag, "AgentRunFailed")
          if (failed._tag !== "AgentRunFailed" || thrown._tag !== "AgentRunFailed") return
          assert.isFalse(failed.defect)
          assert.isTrue(thrown.defect)
          assert.include(thrown.reason, "handler bug")
          const logs = yield* storage.find(AiErrorLogs, { where: { agent_id: id }, orderBy: [{ column: "created_at" }] })
          assert.deepStrictEqual(logs.items.map((l) => [l.error_type, l.severity]).sort(), [["agent_defect", "critical"], ["agent_failure", "high"]])
          const before = yield* storage.count(Accounts, { name: "Written by a failing agent" })
          yield* Effect.flip(registry.run(id, { topic: "x", fail: "write-then-fail" }))
          assert.strictEqual(yield* storage.count(Accounts, { name: "Written by a failing agent" }), before)
          const outcomes = yield* storage.find(AiAgentPerformance, { where: { agent_id: id, metric_name: "success" } })
          assert.deepStrictEqual(outcomes.items.map((o) => o.metric_value), [0, 0, 0])
        }))

      it.effect("a plugin's type gets its ai_agent_types row; a second layer claiming a type fails at start", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const row = yield* storage.get(AiAgentTypes, "budget_pacer")
          assert.strictEqual(row.origin, "plugin")
          // two layers claiming one type on one registry
          const twice = yield* Effect.exit(
            Effect.provide(Effect.void, Layer.mergeAll(Agent.layer(Writer), Agent.layer(Writer)).pipe(Layer.provide(AgentRegistry.layer)))
          )
          assert.isTrue(Exit.isFailure(twice))
          if (Exit.isFailure(twice)) assert.include(String(twice.cause), "registered twice")
        }))

      it.effect("model versions: exactly one active per agent, enforced by the database", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const storage = yield* Storage
          const id = yield* agentRow("content_generation", { tone: "formal", maxWords: 5 })
          const v1 = yield* registry.registerModelVersion(id, { versionNumber: "1.0.0", modelPath: "builtin://writer/1", trainingDataSize: 100, performanceMetrics: { accuracy: 0.81 }, activate: true })
          const v2 = yield* registry.registerModelVersion(id, { versionNumber: "1.1.0", modelPath: "builtin://writer/1.1", trainingDataSize: 250, performanceMetrics: { accuracy: 0.86 }, activate: true })
          const active = yield* storage.find(AiModelVersions, { where: { agent_id: id, is_active: true } })
          assert.deepStrictEqual(active.items.map((v) => v.id), [v2.id])
          assert.isNotNull(v2.deployed_at)
          // bypassing the registry, the database refuses a second active version
          const refused = yield* Effect.flip(storage.update(AiModelVersions, v1.id, { is_active: true }))
          assert.strictEqual(refused._tag, "UniqueViolation")
          yield* registry.activateModelVersion(v1.id)
          const after = yield* storage.find(AiModelVersions, { where: { agent_id: id, is_active: true } })
          assert.deepStrictEqual(after.items.map((v) => v.id), [v1.id])
        }))

      it.effect("every run is an OpenTelemetry-ready span with the agent's id, type, mode and run id", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const spans: Array<Tracer.NativeSpan> = []
          const tracer = Tracer.make({
            span: (options) => {
              const span = new Tracer.NativeSpan(options)
              spans.push(span)
              return span
            }
          })
          const id = yield* agentRow("content_generation", { tone: "formal", maxWords: 5 })
          const result = yield* registry.run(id, { topic: "spans" }).pipe(Effect.withTracer(tracer))
          const run = spans.find((s) => s.name === "ringmaster.agent.run")
          assert.isDefined(run)
          assert.strictEqual(run!.attributes.get("agent.id"), id)
          assert.strictEqual(run!.attributes.get("agent.type"), "content_generation")
          assert.strictEqual(run!.attributes.get("agent.mode"), "live")
          assert.strictEqual(run!.attributes.get("agent.run_id"), result.runId)
          assert.strictEqual(run!.status._tag, "Ended")
        }))

      it.effect("an agent asks the host's LanguageModel when there is one, and works without", () =>
        Effect.gen(function*() {
          const registry = yield* AgentRegistry
          const id = yield* agentRow("content_generation", { tone: "casual", maxWords: 5 })
          const without = yield* registry.runAs(Writer, id, { topic: "Lisbon" })
          assert.deepStrictEqual(without.output, { text: "hey, Lisbon!", usedModel: false })
          const withModel = yield* registry.runAs(Writer, id, { topic: "Lisbon" }).pipe(Effect.provide(fakeModel))
          assert.deepStrictEqual(withModel.output, { text: "model says: Lisbon", usedModel: true })
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))
