/**
 * The agent registry: holds the agent types that layers registered, and runs
 * agents by their `ai_agents` row.
 *
 * A run:
 *
 * 1. reads the agent's row; its `type` must be registered (`UnknownAgentType`);
 * 2. its `status` decides: `inactive` and `maintenance` answer
 *    `AgentUnavailable`; `training` runs in **shadow** (computes and records,
 *    its proposals change nothing); `active` (or NULL, the seed's default)
 *    runs live;
 * 3. its `configuration` JSONB is decoded by the type's Schema
 *    (`InvalidAgentConfiguration` naming the field), and the input by the
 *    input Schema (`InvalidAgentInput`);
 * 4. the handler runs in its own transaction (a failure rolls its writes
 *    back) inside a `ringmaster.agent.run` span; its output is checked by the
 *    output Schema;
 * 5. the run is tracked, whatever happened: latency and outcome into
 *    `ai_agent_performance`, latency and throughput into
 *    `ai_performance_metrics`; a failure or defect into `ai_error_logs`
 *    (severity `high` for a failure, `critical` for a defect, with the
 *    cause) and surfaces as `AgentRunFailed`, never as a crash of the host.
 *
 * Model versions (`events_ai.ai_model_versions`) are registered with their
 * metrics; exactly one is active per agent, enforced by a partial unique
 * index (migration 0007).
 *
 * @since 0.1.0
 */
import { Cause, Clock, Context, Effect, Exit, Layer, Schema } from "effect"
import * as Action from "../actions/Action.ts"
import { ActionRequest, SafetyEnvelope } from "../actions/SafetyEnvelope.ts"
import { AiAgentPerformance } from "../storage/schema/eventsAi/AiAgentPerformance.ts"
import { AiAgents } from "../storage/schema/eventsAi/AiAgents.ts"
import { AiAgentTypes } from "../storage/schema/eventsAi/AiAgentTypes.ts"
import { AiErrorLogs } from "../storage/schema/eventsAi/AiErrorLogs.ts"
import { AiModelVersions } from "../storage/schema/eventsAi/AiModelVersions.ts"
import { AiPerformanceMetrics } from "../storage/schema/eventsAi/AiPerformanceMetrics.ts"
import { AiTrainingData } from "../storage/schema/eventsAi/AiTrainingData.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import type * as Table from "../storage/Table.ts"
import type * as Agent from "./Agent.ts"
import {
  AgentRunFailed,
  AgentUnavailable,
  DuplicateAgentType,
  InvalidAgentConfiguration,
  InvalidAgentInput,
  type RunError,
  UnknownAgentType
} from "./AgentError.ts"

/**
 * What a run produced: the output (encoded by the type's output Schema), the
 * mode it ran in, its run id and latency.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunResult<O = unknown> {
  readonly agentId: string
  readonly type: string
  readonly runId: string
  readonly mode: "live" | "shadow"
  readonly output: O
  readonly latencyMillis: number
}

/**
 * A model version to register.
 *
 * @since 0.1.0
 * @category models
 */
export interface ModelVersionInput {
  readonly versionNumber: string
  readonly modelPath: string
  readonly trainingDataSize: number
  readonly performanceMetrics?: Record<string, Schema.Json> | undefined
  readonly hyperparameters?: Record<string, Schema.Json> | undefined
  /** make it the agent's active version (deactivating the others) */
  readonly activate?: boolean | undefined
}

/**
 * A metric an agent's owner reports after the fact (accuracy of a
 * prediction once the truth is known, the cost of a run).
 *
 * @since 0.1.0
 * @category models
 */
export interface Metric {
  readonly category: "accuracy" | "precision" | "recall" | "latency" | "throughput" | "cost"
  readonly name: string
  readonly value: number
  readonly context?: Record<string, Schema.Json> | undefined
}

/**
 * The registry's interface.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Registers a type (and its `ai_agent_types` row); the handler runs with the services present now. */
  readonly register: <C, I, O, E, R>(
    agentType: Agent.AgentType<C, I, O, E, R>
  ) => Effect.Effect<void, DuplicateAgentType | StorageError, R>
  /** The registered types. */
  readonly types: Effect.Effect<ReadonlyArray<{ readonly type: string; readonly version: string; readonly description: string }>>
  /** Runs the agent with that id on an input (encoded form); returns the encoded output. */
  readonly run: (
    agentId: string,
    input: unknown,
    options?: { readonly runId?: string | undefined }
  ) => Effect.Effect<RunResult, RunError | StorageError>
  /** Runs an agent of a known type and decodes its output. */
  readonly runAs: <C, I, O, E, R>(
    agentType: Agent.AgentType<C, I, O, E, R>,
    agentId: string,
    input: I,
    options?: { readonly runId?: string | undefined }
  ) => Effect.Effect<RunResult<O>, RunError | StorageError>
  /** Registers a model version of an agent. */
  readonly registerModelVersion: (
    agentId: string,
    version: ModelVersionInput
  ) => Effect.Effect<Table.Row<typeof AiModelVersions>, StorageError>
  /** Makes a version the agent's only active one. */
  readonly activateModelVersion: (versionId: string) => Effect.Effect<Table.Row<typeof AiModelVersions>, StorageError>
  /** Records a metric for an agent (`ai_performance_metrics`). */
  readonly recordMetric: (agentId: string, metric: Metric) => Effect.Effect<void, StorageError>
}

interface Entry {
  readonly type: string
  readonly version: string
  readonly description: string
  readonly decodeConfiguration: (u: unknown) => Effect.Effect<unknown, Schema.SchemaError>
  readonly decodeInput: (u: unknown) => Effect.Effect<unknown, Schema.SchemaError>
  readonly encodeOutput: (u: unknown) => Effect.Effect<unknown, Schema.SchemaError>
  readonly handler: (input: unknown, context: Agent.Context<unknown>) => Effect.Effect<unknown, unknown>
}

const firstIssue = (error: Schema.SchemaError): { readonly field: string; readonly rule: string } => {
  const issue = Action.issuesOf(error)[0]
  return { field: Action.formatPath(issue?.path ?? []), rule: issue?.message ?? error.message }
}

const describeCause = (cause: Cause.Cause<unknown>): { readonly reason: string; readonly defect: boolean } => {
  const failure = Cause.findErrorOption(cause)
  if (failure._tag === "Some") {
    const e = failure.value
    const reason = typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ?
      e.message :
      typeof e === "string" ?
      e :
      JSON.stringify(e) ?? String(e)
    return { reason, defect: false }
  }
  const defect = Cause.findDefect(cause)
  if (defect._tag === "Success") {
    const d = defect.success
    return { reason: d instanceof Error ? d.message : String(d), defect: true }
  }
  return { reason: Cause.hasInterruptsOnly(cause) ? "interrupted" : Cause.pretty(cause), defect: true }
}

/** `numeric(10,4)` holds values below 10^6. */
const metricValue = (n: number) => Math.max(-999_999.9999, Math.min(999_999.9999, Math.round(n * 10_000) / 10_000))

/**
 * Creates a registry over the storage port and the safety envelope in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const storage = yield* Storage
  const envelope = yield* SafetyEnvelope
  const entries = new Map<string, Entry>()
  let runs = 0

  const lookup = (agentId: string, type: string) => {
    const entry = entries.get(type)
    return entry !== undefined ?
      Effect.succeed(entry) :
      Effect.fail(new UnknownAgentType({ agentId, type, known: [...entries.keys()].sort() }))
  }

  const track = (agentId: string, runId: string, type: string, at: number, latency: number, success: boolean) =>
    storage.transaction(Effect.gen(function*() {
      const when = new Date(at)
      const context = { run_id: runId, type }
      yield* storage.insertMany(AiAgentPerformance, [
        { agent_id: agentId, metric_name: "latency_ms", metric_value: metricValue(latency), measurement_date: when, context },
        { agent_id: agentId, metric_name: "success", metric_value: success ? 1 : 0, measurement_date: when, context }
      ])
      yield* storage.insertMany(AiPerformanceMetrics, [
        { agent_id: agentId, metric_category: "latency", metric_name: "run_latency_ms", metric_value: metricValue(latency), measurement_timestamp: when, measurement_context: context },
        { agent_id: agentId, metric_category: "throughput", metric_name: "runs", metric_value: 1, measurement_timestamp: when, measurement_context: context }
      ])
    }))

  const runEntry = (agentId: string, input: unknown, options?: { readonly runId?: string | undefined }) =>
    Effect.gen(function*() {
      const row = yield* storage.get(AiAgents, agentId)
      const entry = yield* lookup(agentId, row.type)
      const status = row.status ?? "active"
      if (status === "inactive" || status === "maintenance") {
        return yield* new AgentUnavailable({ agentId, type: row.type, status })
      }
      const configuration = yield* Effect.mapError(
        entry.decodeConfiguration(row.configuration),
        (error) => new InvalidAgentConfiguration({ agentId, type: row.type, ...firstIssue(error) })
      )
      const decodedInput = yield* Effect.mapError(
        entry.decodeInput(input),
        (error) => new InvalidAgentInput({ agentId, type: row.type, ...firstIssue(error) })
      )
      const mode = status === "training" ? "shadow" as const : "live" as const
      const started = yield* Clock.currentTimeMillis
      const runId = options?.runId ?? `agent:${agentId}@${started}#${(runs += 1)}`
      let proposals = 0
      const context: Agent.Context<unknown> = {
        agent: {
          id: row.id,
          name: row.name,
          type: row.type,
          version: row.version,
          accountId: row.account_id ?? undefined,
          status: mode === "shadow" ? "training" : "active"
        },
        configuration,
        mode,
        runId,
        propose: (proposal) =>
          envelope.submit(
            new ActionRequest({
              requestId: `${runId}:${(proposals += 1)}`,
              action: proposal.action,
              parameters: proposal.parameters,
              requester: new Action.AgentRequester({ agentId }),
              runId: proposal.runId ?? runId,
              ...(proposal.confidence === undefined ? {} : { confidence: proposal.confidence }),
              ...(mode === "shadow" ? { shadow: true } : {})
            })
          ),
        record: (example) =>
          Effect.asVoid(storage.insert(AiTrainingData, {
            agent_id: agentId,
            data_type: example.dataType,
            raw_data: example.raw,
            processed_data: example.processed ?? null,
            quality_score: example.qualityScore ?? null,
            source_event_id: example.sourceEventId ?? null,
            source_user_id: example.sourceUserId ?? null,
            is_verified: example.verified ?? false
          }))
      }
      // The handler is the agent author's code: a throw, a failure or a defect is a failed run.
      const exit = yield* Effect.exit(
        storage.transaction(
          Effect.suspend(() => entry.handler(decodedInput, context)).pipe(
            Effect.flatMap((output) =>
              Effect.mapError(
                entry.encodeOutput(output),
                (error) => ({ message: `the output does not match the type's output Schema: ${firstIssue(error).field}: ${firstIssue(error).rule}` })
              )
            )
          )
        ).pipe(
          Effect.withSpan("ringmaster.agent.run", {
            attributes: { "agent.id": agentId, "agent.type": row.type, "agent.mode": mode, "agent.run_id": runId }
          })
        )
      )
      const finished = yield* Clock.currentTimeMillis
      const latency = Math.max(0, finished - started)
      yield* track(agentId, runId, row.type, finished, latency, Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) {
        return { agentId, type: row.type, runId, mode, output: exit.value, latencyMillis: latency } satisfies RunResult
      }
      const { defect, reason } = describeCause(exit.cause)
      const log = yield* storage.insert(AiErrorLogs, {
        agent_id: agentId,
        error_type: defect ? "agent_defect" : "agent_failure",
        error_message: reason.slice(0, 2000),
        error_context: { type: row.type, run_id: runId, mode },
        stack_trace: Cause.pretty(exit.cause).slice(0, 8000),
        severity: defect ? "critical" : "high"
      })
      return yield* new AgentRunFailed({ agentId, type: row.type, reason, defect, errorLogId: log.id })
    })

  const activate = (versionId: string) =>
    storage.transaction(Effect.gen(function*() {
      const version = yield* storage.get(AiModelVersions, versionId)
      const active = yield* storage.find(AiModelVersions, { where: { agent_id: version.agent_id, is_active: true } })
      for (const other of active.items) {
        if (other.id !== versionId) yield* storage.update(AiModelVersions, other.id, { is_active: false })
      }
      const now = yield* Clock.currentTimeMillis
      return yield* storage.update(AiModelVersions, versionId, { is_active: true, deployed_at: new Date(now) })
    }))

  const shape: Shape = {
    register: <C, I, O, E, R>(agentType: Agent.AgentType<C, I, O, E, R>) =>
      Effect.gen(function*() {
        const context = yield* Effect.context<R>()
        if (entries.has(agentType.type)) return yield* new DuplicateAgentType({ type: agentType.type })
        entries.set(agentType.type, {
          type: agentType.type,
          version: agentType.version,
          description: agentType.description,
          decodeConfiguration: Schema.decodeUnknownEffect(agentType.configuration),
          decodeInput: Schema.decodeUnknownEffect(agentType.input),
          encodeOutput: (u) => Schema.encodeUnknownEffect(agentType.output)(u),
          handler: (input, ctx) =>
            Effect.provideContext(agentType.handler(input as I, ctx as Agent.Context<C>), context) as Effect.Effect<
              unknown,
              unknown
            >
        })
        // the lookup row plugins' types need (the 20 built-in ones are seeded by migration 0003)
        const known = yield* storage.count(AiAgentTypes, { name: agentType.type })
        if (known === 0) {
          yield* storage.insert(AiAgentTypes, {
            name: agentType.type,
            description: agentType.description === "" ? null : agentType.description,
            origin: "plugin"
          }).pipe(Effect.catchTag("UniqueViolation", () => Effect.void), Effect.asVoid)
        }
      }),
    types: Effect.sync(() =>
      [...entries.values()].map((e) => ({ type: e.type, version: e.version, description: e.description }))
        .sort((a, b) => (a.type < b.type ? -1 : 1))
    ),
    run: runEntry,
    runAs: (agentType, agentId, input, options) =>
      Effect.gen(function*() {
        const encoded = yield* Effect.mapError(
          Schema.encodeUnknownEffect(agentType.input)(input),
          (error) => new InvalidAgentInput({ agentId, type: agentType.type, ...firstIssue(error) })
        )
        const result = yield* runEntry(agentId, encoded, options)
        const output = yield* Effect.orDie(Schema.decodeUnknownEffect(agentType.output)(result.output))
        return { ...result, output }
      }),
    registerModelVersion: (agentId, version) =>
      storage.transaction(Effect.gen(function*() {
        const row = yield* storage.insert(AiModelVersions, {
          agent_id: agentId,
          version_number: version.versionNumber,
          model_path: version.modelPath,
          training_data_size: version.trainingDataSize,
          performance_metrics: version.performanceMetrics ?? {},
          hyperparameters: version.hyperparameters ?? {},
          is_active: false
        })
        return version.activate === true ? yield* activate(row.id) : row
      })),
    activateModelVersion: activate,
    recordMetric: (agentId, metric) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        yield* storage.insert(AiPerformanceMetrics, {
          agent_id: agentId,
          metric_category: metric.category,
          metric_name: metric.name,
          metric_value: metricValue(metric.value),
          measurement_timestamp: new Date(now),
          measurement_context: metric.context ?? {}
        })
      })
  }
  return shape
})

/**
 * The agent registry service.
 *
 * @since 0.1.0
 * @category services
 */
export class AgentRegistry extends Context.Service<AgentRegistry, Shape>()("ringmaster/agents/AgentRegistry") {
  /**
   * An empty registry over the storage port and the safety envelope in context.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<AgentRegistry, never, Storage | SafetyEnvelope> = Layer.effect(AgentRegistry, make)
}
