/**
 * The safety envelope: every action, whether a rule, an agent or a person
 * asked for it, passes through it and comes out **passed**, **clamped**,
 * **blocked** or **pending approval**, with a machine-readable reason code
 * and a human message.
 *
 * Checks, in order (the first that fails decides):
 *
 * 1. protected entities — `blocked` (`protected_entity`);
 * 2. circuit breaker — `blocked` (`circuit_open`) while the requester is paused;
 *    a decision that finds the error rate over the window at or above the
 *    threshold pauses it;
 * 3. executions per run, then per UTC day, per requester — `blocked`
 *    (`run_cap_reached`, `daily_cap_reached`);
 * 4. cooldown, per requester and entity (per requester when the action names
 *    no entity) — `blocked` (`cooldown_active`);
 * 5. maximum change per step and daily movement per entity — `clamped` to the
 *    nearest allowed value (`max_change_per_step`, `daily_movement_cap`), or
 *    `blocked` when no change is allowed (`daily_movement_exhausted`,
 *    `max_change_per_step`, `missing_baseline`);
 * 6. minimum confidence for automatic application (not for people, nor for
 *    approved requests) — `pending_approval` (`confidence_missing`,
 *    `confidence_below_minimum`), carrying the (possibly clamped) change.
 *
 * Shadow mode (from the limits or the request) decides and reports what would
 * have happened, changes no state and runs nothing. A live `passed` or
 * `clamped` action is counted before its handler runs; its success or failure
 * feeds the circuit breaker.
 *
 * @since 0.1.0
 */
import { Clock, Context, DateTime, Effect, Exit, Layer, Schema, Semaphore } from "effect"
import * as Action from "./Action.ts"
import { ActionRegistry } from "./ActionRegistry.ts"
import type { ActionFailed, InvalidActionParameters, NotReversible, UnknownAction } from "./ActionRegistry.ts"
import * as decideInternal from "./internal/safetyDecide.ts"
import { makeMemory } from "./internal/safetyMemory.ts"
import { EntityRef, entityKey, none, SafetyLimits } from "./SafetyLimits.ts"
import * as Limits from "./SafetyLimits.ts"

// ---------------------------------------------------------------------------
// decisions
// ---------------------------------------------------------------------------

/**
 * Machine-readable reasons for an outcome.
 *
 * @since 0.1.0
 * @category models
 */
export const ReasonCode = Schema.Literals([
  "within_limits",
  "protected_entity",
  "circuit_open",
  "run_cap_reached",
  "daily_cap_reached",
  "cooldown_active",
  "missing_baseline",
  "max_change_per_step",
  "daily_movement_cap",
  "daily_movement_exhausted",
  "confidence_missing",
  "confidence_below_minimum"
])

/**
 * @since 0.1.0
 * @category models
 */
export type ReasonCode = typeof ReasonCode.Type

/**
 * Why an action came out as it did.
 *
 * @since 0.1.0
 * @category models
 */
export class Reason extends Schema.Class<Reason>("ringmaster/actions/SafetyEnvelope/Reason")({
  code: ReasonCode,
  message: Schema.String
}) {}

/**
 * A numeric change as decided: the entity, the current value (`from`), the
 * value asked for, the value allowed (`applied`), the allowed interval
 * `[min, max]` for this step (a side is absent when unbounded), and the limit
 * that clamped it, if any.
 *
 * @since 0.1.0
 * @category models
 */
export class Change extends Schema.Class<Change>("ringmaster/actions/SafetyEnvelope/Change")({
  entity: EntityRef,
  from: Schema.Finite,
  requested: Schema.Finite,
  applied: Schema.Finite,
  min: Schema.optionalKey(Schema.Finite),
  max: Schema.optionalKey(Schema.Finite),
  clampedBy: Schema.optionalKey(ReasonCode)
}) {}

/**
 * The action may run as requested.
 *
 * @since 0.1.0
 * @category models
 */
export class Passed extends Schema.TaggedClass<Passed>()("Passed", {
  reason: Reason,
  change: Schema.optionalKey(Change)
}) {}

/**
 * The action may run with its value clamped to the nearest allowed value.
 *
 * @since 0.1.0
 * @category models
 */
export class Clamped extends Schema.TaggedClass<Clamped>()("Clamped", {
  reason: Reason,
  change: Change
}) {}

/**
 * The action must not run.
 *
 * @since 0.1.0
 * @category models
 */
export class Blocked extends Schema.TaggedClass<Blocked>()("Blocked", {
  reason: Reason,
  change: Schema.optionalKey(Change)
}) {}

/**
 * The action waits for a person's approval (resubmit it with `approvedBy`).
 *
 * @since 0.1.0
 * @category models
 */
export class PendingApproval extends Schema.TaggedClass<PendingApproval>()("PendingApproval", {
  reason: Reason,
  change: Schema.optionalKey(Change)
}) {}

/**
 * The outcome of the envelope's decision.
 *
 * @since 0.1.0
 * @category models
 */
export const Outcome = Schema.Union([Passed, Clamped, Blocked, PendingApproval])

/**
 * @since 0.1.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * `live` decisions change state and run handlers; `shadow` ones only report.
 *
 * @since 0.1.0
 * @category models
 */
export const Mode = Schema.Literals(["live", "shadow"])

/**
 * @since 0.1.0
 * @category models
 */
export type Mode = typeof Mode.Type

/**
 * A request for an action, from a rule, an agent or a person.
 *
 * - `parameters`: the action's parameters in their encoded (JSON) form.
 * - `baseline`: the current value of the action's target (the `from` of the
 *   change); required when the change is limited.
 * - `entity`: the entity acted on, for actions that declare no target.
 * - `confidence`: in [0, 1], checked against `minConfidence`.
 * - `approvedBy`: a person approved this request; skips the confidence check.
 * - `shadow`: decide only, even when the limits do not ask for shadow mode.
 * - `limits`: the requester's limits (a rule's `safetyLimits`), combined with
 *   the envelope's defaults (the stricter applies).
 *
 * @since 0.1.0
 * @category models
 */
export class ActionRequest extends Schema.Class<ActionRequest>("ringmaster/actions/SafetyEnvelope/ActionRequest")({
  requestId: Schema.NonEmptyString,
  action: Schema.NonEmptyString,
  parameters: Schema.Unknown,
  requester: Action.Requester,
  runId: Schema.optionalKey(Schema.String),
  baseline: Schema.optionalKey(Schema.Finite),
  entity: Schema.optionalKey(EntityRef),
  confidence: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
  approvedBy: Schema.optionalKey(Schema.String),
  shadow: Schema.optionalKey(Schema.Boolean),
  limits: Schema.optionalKey(SafetyLimits)
}) {}

/**
 * The envelope's decision on one request. `day` is the UTC day (YYYY-MM-DD)
 * the decision counts under.
 *
 * @since 0.1.0
 * @category models
 */
export class Decision extends Schema.Class<Decision>("ringmaster/actions/SafetyEnvelope/Decision")({
  requestId: Schema.String,
  action: Schema.String,
  requester: Action.Requester,
  runId: Schema.optionalKey(Schema.String),
  entity: Schema.optionalKey(EntityRef),
  outcome: Outcome,
  mode: Mode,
  decidedAt: Schema.DateTimeUtcFromString,
  day: Schema.String
}) {}

/**
 * What happened to the handler: it `succeeded`, `failed`, or was `not_run`
 * (blocked, pending approval, or shadow mode).
 *
 * @since 0.1.0
 * @category models
 */
export const ExecutionStatus = Schema.Literals(["succeeded", "failed", "not_run"])

/**
 * @since 0.1.0
 * @category models
 */
export type ExecutionStatus = typeof ExecutionStatus.Type

/**
 * Everything one request produced: the decision, the parameters that ran (or
 * would have run: after clamping), the handler's encoded result or error, and
 * timings. Enough to update a rule's `execution_count`, `success_rate` and
 * `last_executed_at` (see `Rule.recordExecution`) and to roll the action back
 * (`SafetyEnvelope.rollback`).
 *
 * @since 0.1.0
 * @category models
 */
export class ExecutionRecord extends Schema.Class<ExecutionRecord>("ringmaster/actions/SafetyEnvelope/ExecutionRecord")({
  decision: Decision,
  parameters: Schema.Unknown,
  status: ExecutionStatus,
  result: Schema.optionalKey(Schema.Unknown),
  error: Schema.optionalKey(Schema.String),
  startedAt: Schema.optionalKey(Schema.DateTimeUtcFromString),
  finishedAt: Schema.optionalKey(Schema.DateTimeUtcFromString)
}) {}

/**
 * Whether the handler ran (and so counts as an execution).
 *
 * @since 0.1.0
 * @category getters
 */
export const ran = (record: ExecutionRecord): boolean => record.status !== "not_run"

// ---------------------------------------------------------------------------
// state
// ---------------------------------------------------------------------------

/**
 * Which state a decision reads and writes.
 *
 * - `requester`: `Action.requesterKey` of the requester.
 * - `cooldownKey`: requester and entity keys (the requester's alone without an entity).
 * - `entity`: `SafetyLimits.entityKey` of the entity, if any.
 * - `day`: the UTC day (YYYY-MM-DD).
 * - `outcomesSince`: epoch millis; outcomes at or before it are not needed.
 *
 * @since 0.1.0
 * @category state
 */
export interface StateKey {
  readonly requester: string
  readonly runId: string | undefined
  readonly cooldownKey: string
  readonly entity: string | undefined
  readonly day: string
  readonly outcomesSince: number
}

/**
 * The state a decision needs (times in epoch millis).
 *
 * @since 0.1.0
 * @category state
 */
export interface StateSnapshot {
  readonly executionsToday: number
  readonly executionsThisRun: number
  readonly lastExecutionAt: number | undefined
  /** The entity's opening value and total absolute movement today. */
  readonly entityDay: { readonly opening: number; readonly movement: number } | undefined
  readonly outcomes: ReadonlyArray<{ readonly at: number; readonly success: boolean }>
  readonly pausedUntil: number | undefined
}

/**
 * The envelope's state interface. `commit` counts one execution (per day, per
 * run, last execution for the cooldown) and adds `change.movement` to the
 * entity's movement of the day (its opening value is the first `from` seen
 * that day). The envelope serialises `snapshot` and `commit` within one
 * process; a shared (storage) implementation must make them atomic across
 * processes.
 *
 * @since 0.1.0
 * @category state
 */
export interface StateShape {
  readonly snapshot: (key: StateKey) => Effect.Effect<StateSnapshot>
  readonly commit: (entry: {
    readonly key: StateKey
    readonly at: number
    readonly change: { readonly from: number; readonly movement: number } | undefined
  }) => Effect.Effect<void>
  readonly recordOutcome: (
    requester: string,
    outcome: { readonly at: number; readonly success: boolean }
  ) => Effect.Effect<void>
  readonly pause: (requester: string, until: number) => Effect.Effect<void>
}

/**
 * The envelope's state service.
 *
 * @since 0.1.0
 * @category state
 */
export class SafetyState extends Context.Service<SafetyState, StateShape>()("ringmaster/actions/SafetyState") {
  /**
   * State kept in memory (lost on restart). Counters of past UTC days are
   * dropped; per-run counters are kept for the life of the process.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerMemory: Layer.Layer<SafetyState> = Layer.sync(SafetyState, makeMemory)
}

// ---------------------------------------------------------------------------
// the envelope
// ---------------------------------------------------------------------------

/**
 * The envelope's interface.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Decides without changing any state or running anything (a preview). */
  readonly decide: (request: ActionRequest) => Effect.Effect<Decision, UnknownAction | InvalidActionParameters>
  /**
   * Decides, counts, runs the handler when the outcome allows it (live
   * `passed` or `clamped`), and records its success or failure for the
   * circuit breaker. Handler failures are in the record, not the error channel.
   */
  readonly submit: (
    request: ActionRequest
  ) => Effect.Effect<ExecutionRecord, UnknownAction | InvalidActionParameters>
  /** Records an outcome for the circuit breaker (for work done outside `submit`). */
  readonly recordOutcome: (requester: Action.Requester, success: boolean) => Effect.Effect<void>
  /** Closes the requester's circuit breaker now: forgets earlier outcomes. */
  readonly resetCircuit: (requester: Action.Requester) => Effect.Effect<void>
  /** Runs the inverse of an executed action from its record. */
  readonly rollback: (
    record: ExecutionRecord
  ) => Effect.Effect<void, UnknownAction | InvalidActionParameters | NotReversible | ActionFailed>
}

const dayOf = (millis: number): string => DateTime.formatIsoDateUtc(DateTime.makeUnsafe(millis))

const toReason = (verdict: decideInternal.Verdict) => new Reason({ code: verdict.code, message: verdict.message })

const toChange = (change: decideInternal.Change | undefined): { readonly change?: Change } =>
  change === undefined ? {} : {
    change: new Change({
      entity: change.entity,
      from: change.from,
      requested: change.requested,
      applied: change.applied,
      ...(Number.isFinite(change.min) ? { min: change.min } : {}),
      ...(Number.isFinite(change.max) ? { max: change.max } : {}),
      ...(change.clampedBy === undefined ? {} : { clampedBy: change.clampedBy })
    })
  }

const toOutcome = (verdict: decideInternal.Verdict): Outcome => {
  switch (verdict._tag) {
    case "Passed":
      return new Passed({ reason: toReason(verdict), ...toChange(verdict.change) })
    case "Clamped":
      return new Clamped({ reason: toReason(verdict), change: toChange(verdict.change).change! })
    case "Blocked":
      return new Blocked({ reason: toReason(verdict), ...toChange(verdict.change) })
    case "PendingApproval":
      return new PendingApproval({ reason: toReason(verdict), ...toChange(verdict.change) })
  }
}

/**
 * Creates an envelope. `defaults` are combined with every request's limits
 * (the stricter applies): use them for organisation-wide rules such as
 * protected entities.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(options?: { readonly defaults?: SafetyLimits | undefined }) {
  const registry = yield* ActionRegistry
  const state = yield* SafetyState
  const lock = yield* Semaphore.make(1)
  const defaults = options?.defaults ?? none

  const evaluate = Effect.fnUntraced(function*(request: ActionRequest, writes: boolean) {
    const prepared = yield* registry.prepare(request.action, request.parameters)
    const limits = request.limits === undefined ? defaults : Limits.combine(request.limits, defaults)
    const shadow = request.shadow === true || limits.shadowMode === true
    const entity = prepared.target?.entity ?? request.entity
    const requester = Action.requesterKey(request.requester)
    const now = yield* Clock.currentTimeMillis
    const day = dayOf(now)
    const key: StateKey = {
      requester,
      runId: request.runId,
      cooldownKey: entity === undefined ? requester : `${requester}\u0000${entityKey(entity)}`,
      entity: entity === undefined ? undefined : entityKey(entity),
      day,
      outcomesSince: limits.circuitBreaker === undefined ? now : now - limits.circuitBreaker.windowSeconds * 1000
    }
    const snapshot = yield* state.snapshot(key)
    const { tripUntil, verdict } = decideInternal.decide({
      limits,
      now,
      isPerson: request.requester._tag === "Person",
      approved: request.approvedBy !== undefined,
      runId: request.runId,
      entity,
      requested: prepared.target?.value,
      baseline: request.baseline,
      confidence: request.confidence,
      snapshot
    })
    const toRun = verdict.change !== undefined && verdict.change.applied !== verdict.change.requested &&
        verdict._tag !== "Blocked" ?
      yield* prepared.withValue(verdict.change.applied) :
      prepared
    const live = writes && !shadow
    if (live && tripUntil !== undefined) yield* state.pause(requester, tripUntil)
    const runs = live && (verdict._tag === "Passed" || verdict._tag === "Clamped")
    if (runs) {
      yield* state.commit({
        key,
        at: now,
        change: verdict.change === undefined ?
          undefined :
          { from: verdict.change.from, movement: Math.abs(verdict.change.applied - verdict.change.from) }
      })
    }
    const decision = new Decision({
      requestId: request.requestId,
      action: request.action,
      requester: request.requester,
      ...(request.runId === undefined ? {} : { runId: request.runId }),
      ...(entity === undefined ? {} : { entity }),
      outcome: toOutcome(verdict),
      mode: shadow ? "shadow" : "live",
      decidedAt: DateTime.makeUnsafe(now),
      day
    })
    return { decision, toRun, runs, requester }
  })

  const shape: Shape = {
    decide: (request) => Effect.map(evaluate(request, false), (result) => result.decision),
    submit: (request) =>
      Effect.gen(function*() {
        const { decision, requester, runs, toRun } = yield* lock.withPermits(1)(evaluate(request, true))
        if (!runs) {
          return new ExecutionRecord({ decision, parameters: toRun.parameters, status: "not_run" })
        }
        const startedAt = yield* Clock.currentTimeMillis
        const exit = yield* Effect.exit(
          toRun.run({ requestId: request.requestId, requester: request.requester, runId: request.runId })
        )
        const finishedAt = yield* Clock.currentTimeMillis
        const success = Exit.isSuccess(exit)
        yield* state.recordOutcome(requester, { at: finishedAt, success })
        const timing = { startedAt: DateTime.makeUnsafe(startedAt), finishedAt: DateTime.makeUnsafe(finishedAt) }
        if (Exit.isSuccess(exit)) {
          return new ExecutionRecord({
            decision,
            parameters: toRun.parameters,
            status: "succeeded",
            result: exit.value,
            ...timing
          })
        }
        const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail")
        return new ExecutionRecord({
          decision,
          parameters: toRun.parameters,
          status: "failed",
          error: failure !== undefined && failure._tag === "Fail" ? failure.error.message : "interrupted",
          ...timing
        })
      }),
    recordOutcome: (requester, success) =>
      Effect.flatMap(
        Clock.currentTimeMillis,
        (at) => state.recordOutcome(Action.requesterKey(requester), { at, success })
      ),
    resetCircuit: (requester) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => state.pause(Action.requesterKey(requester), now)),
    rollback: (record) =>
      registry.rollback(record.decision.action, record.parameters, record.result, {
        requestId: record.decision.requestId,
        requester: record.decision.requester,
        runId: record.decision.runId
      })
  }
  return shape
})

/**
 * The safety envelope service.
 *
 * @since 0.1.0
 * @category services
 */
export class SafetyEnvelope extends Context.Service<SafetyEnvelope, Shape>()("ringmaster/actions/SafetyEnvelope") {
  /**
   * An envelope without default limits (each request's limits apply).
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<SafetyEnvelope, never, ActionRegistry | SafetyState> = Layer.effect(
    SafetyEnvelope,
    make()
  )

  /**
   * An envelope whose defaults apply to every request (combined, stricter wins).
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerWith = (
    defaults: SafetyLimits
  ): Layer.Layer<SafetyEnvelope, never, ActionRegistry | SafetyState> => Layer.effect(SafetyEnvelope, make({ defaults }))
}
