/**
 * The safety envelope: every action, whether a rule, an agent or a person
 * asked for it, passes through it and comes out **passed**, **clamped**,
 * **blocked** or **pending approval**, with a machine-readable reason code
 * and a human message.
 *
 * Checks, in order (the first that fails decides):
 *
 * 0. values — `blocked` (`invalid_value`) when the requested or current
 *    value is not a finite number; an action whose own code (its target or
 *    entity functions) throws is recorded as failed (`action_defect`);
 * 1. protected entities — `blocked` (`protected_entity`), checked against the
 *    entity the action declares and any the request names; while any entity
 *    is protected, an action that declares none is `blocked`
 *    (`entity_undeclared`);
 * 2. circuit breaker — `blocked` (`circuit_open`) while the requester is paused;
 *    a decision that finds the error rate over the window at or above the
 *    threshold pauses it;
 * 3. executions per run, then per UTC day, per requester — `blocked`
 *    (`run_cap_reached`, `daily_cap_reached`; `run_id_missing` when runs are
 *    capped and the request names none);
 * 4. cooldown, per requester and entity (per requester when the action names
 *    no entity) — `blocked` (`cooldown_active`);
 * 5. maximum change per step and daily movement per entity — `clamped` to the
 *    nearest allowed value (`max_change_per_step`, `daily_movement_cap`), or
 *    `blocked` when no change is allowed (`daily_movement_exhausted`,
 *    `max_change_per_step`, `current_value_unavailable`). The current value
 *    (`from`) is read by the action itself (`Action.Target.current`), never
 *    taken from the requester;
 * 6. minimum confidence for automatic application (not for a person acting
 *    as themselves, nor on approval) — `pending_approval`
 *    (`confidence_missing`, `confidence_below_minimum`), carrying the
 *    (possibly clamped) change.
 *
 * **Atomic and durable.** A decision runs holding its requester's and its
 * entity's state (`SafetyState.withLock`: advisory locks inside a storage
 * transaction on the durable state), so decisions for one requester or one
 * entity are serialised across processes, and each sees the outcome of every
 * earlier one: the circuit breaker counts work that was in flight. A live
 * `passed` or `clamped` action is counted, its handler runs in its own
 * savepoint (a failure rolls back the handler's writes, not the count), its
 * success or failure feeds the breaker, and the decision is recorded, all in
 * one transaction: if the caller's transaction rolls back, nothing of it
 * happened, and no cap is consumed.
 *
 * **Every outcome is recorded** (`ringmaster.safety_decisions` on storage),
 * shadow ones included. Live `pending_approval` decisions wait there, across
 * restarts, until `approve(id)` or `reject(id)` by a user actor
 * (`Actor.User`); approval re-decides at that moment, with every limit but
 * the confidence check.
 *
 * Shadow mode (from the limits or the request) decides and records what
 * would have happened, changes no state and runs nothing.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Context, DateTime, Effect, Exit, Layer, Schema } from "effect"
import * as Actor from "../storage/Actor.ts"
import type { SqlClient } from "effect/sql"
import type { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import * as Action from "./Action.ts"
import { ActionRegistry } from "./ActionRegistry.ts"
import type { ActionFailed, InvalidActionParameters, NotReversible, Prepared, UnknownAction } from "./ActionRegistry.ts"
import * as decideInternal from "./internal/safetyDecide.ts"
import { EntityRef, entityKey, none, SafetyLimits } from "./SafetyLimits.ts"
import * as Limits from "./SafetyLimits.ts"
import { SafetyState, type StateKey, type StoredDecision } from "./SafetyState.ts"

export {
  /**
   * The envelope's state (re-exported from `SafetyState`).
   *
   * @since 0.1.0
   * @category state
   */
  SafetyState
}

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
  "run_id_missing",
  "entity_undeclared",
  "invalid_value",
  "current_value_unavailable",
  "action_defect",
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
 * The action waits for a person's approval (`SafetyEnvelope.approve` with the
 * record's `id`).
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
 * - `entity`: an entity the request says it acts on, checked for protection
 *   in addition to the one the action declares.
 * - `confidence`: in [0, 1], checked against `minConfidence`.
 * - `shadow`: decide only, even when the limits do not ask for shadow mode.
 * - `limits`: the requester's limits (a rule's `safetyLimits`), combined with
 *   the envelope's defaults (the stricter applies).
 *
 * There is no way to claim a current value or an approval in a request: the
 * action reads its target's current value, and approvals go through
 * `SafetyEnvelope.approve`.
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
  entity: Schema.optionalKey(EntityRef),
  confidence: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
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
  /** the user who approved the request, as `user:<id>` */
  approvedBy: Schema.optionalKey(Schema.String),
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
  /** the recorded decision's id (absent for `decide`, which records nothing) */
  id: Schema.optionalKey(Schema.String),
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
// errors
// ---------------------------------------------------------------------------

/**
 * No decision waiting for approval has this id.
 *
 * @since 0.1.0
 * @category errors
 */
export class PendingApprovalNotFound extends Schema.TaggedError<PendingApprovalNotFound>()("PendingApprovalNotFound", {
  id: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `no decision ${this.id} is waiting for approval`
  }
}

/**
 * The decision was already approved or rejected.
 *
 * @since 0.1.0
 * @category errors
 */
export class ApprovalAlreadyResolved extends Schema.TaggedError<ApprovalAlreadyResolved>()("ApprovalAlreadyResolved", {
  id: Schema.String,
  approval: Schema.String,
  resolvedBy: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `decision ${this.id} was already ${this.approval} by ${this.resolvedBy}`
  }
}

/**
 * Only a user (`Actor.User`) may approve or reject: the current actor is a
 * service or the system.
 *
 * @since 0.1.0
 * @category errors
 */
export class ApproverRequired extends Schema.TaggedError<ApproverRequired>()("ApproverRequired", {
  id: Schema.String,
  actor: Schema.String
}, { httpApiStatus: 403 }) {
  override get message() {
    return `decision ${this.id}: only a user may approve or reject (the current actor is ${this.actor})`
  }
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
  /**
   * Decides without changing any state, running or recording anything (a
   * preview). Reads the action's current value.
   */
  readonly decide: (
    request: ActionRequest
  ) => Effect.Effect<Decision, UnknownAction | InvalidActionParameters | StorageError>
  /**
   * Decides, counts, runs the handler when the outcome allows it (live
   * `passed` or `clamped`), records its success or failure for the circuit
   * breaker, and records the decision. Handler failures and defects are in
   * the record (`status: "failed"`), not the error channel.
   */
  readonly submit: (
    request: ActionRequest
  ) => Effect.Effect<ExecutionRecord, UnknownAction | InvalidActionParameters | StorageError>
  /**
   * Approves a pending decision as the current user actor: decides the
   * request again now (every limit but the minimum confidence), runs it if
   * allowed, records that decision and links it to the pending one.
   */
  readonly approve: (
    id: string,
    options?: { readonly note?: string | undefined }
  ) => Effect.Effect<
    ExecutionRecord,
    | PendingApprovalNotFound
    | ApprovalAlreadyResolved
    | ApproverRequired
    | UnknownAction
    | InvalidActionParameters
    | StorageError
  >
  /** Rejects a pending decision as the current user actor; nothing runs. */
  readonly reject: (
    id: string,
    options?: { readonly note?: string | undefined }
  ) => Effect.Effect<StoredDecision, PendingApprovalNotFound | ApprovalAlreadyResolved | ApproverRequired | StorageError>
  /**
   * Withdraws a pending decision on behalf of whoever asked for it (any
   * actor: a service that has a newer proposal for the same target, say);
   * nothing runs. It is resolved as rejected, by the current actor, with the
   * note saying why.
   */
  readonly withdraw: (
    id: string,
    options: { readonly note: string }
  ) => Effect.Effect<StoredDecision, PendingApprovalNotFound | ApprovalAlreadyResolved | StorageError>
  /** Decisions waiting for approval, oldest first. */
  readonly pending: (
    options?: { readonly limit?: number | undefined }
  ) => Effect.Effect<ReadonlyArray<StoredDecision>, StorageError>
  /** Records an outcome for the circuit breaker (for work done outside `submit`). */
  readonly recordOutcome: (requester: Action.Requester, success: boolean) => Effect.Effect<void, StorageError>
  /** Closes the requester's circuit breaker now: forgets earlier outcomes. */
  readonly resetCircuit: (requester: Action.Requester) => Effect.Effect<void, StorageError>
  /** Runs the inverse of an executed action from its record. */
  readonly rollback: (
    record: ExecutionRecord
  ) => Effect.Effect<void, UnknownAction | InvalidActionParameters | NotReversible | ActionFailed>
}

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

const outcomeColumn = (outcome: Outcome) =>
  outcome._tag === "Passed" ?
    "passed" as const :
    outcome._tag === "Clamped" ?
    "clamped" as const :
    outcome._tag === "Blocked" ?
    "blocked" as const :
    "pending_approval" as const

const encodeRequest = Schema.encodeSync(ActionRequest)
const decodeRequest = Schema.decodeUnknownEffect(ActionRequest)
const encodeRecord = Schema.encodeSync(ExecutionRecord)

/** The JSON a value stores as: undefined fields dropped, non-finite numbers null (what JSON can say). */
const toJson = (u: unknown): Schema.Json => JSON.parse(JSON.stringify(u) ?? "null") as Schema.Json

const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.findErrorOption(cause)
  if (error._tag === "Some") {
    const e = error.value
    return typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? e.message : String(e)
  }
  return Cause.hasInterruptsOnly(cause) ? "interrupted" : Cause.pretty(cause)
}

const actorKey = (actor: Actor.Actor): string =>
  actor._tag === "User" ? `user:${actor.id}` : actor._tag === "Service" ? `service:${actor.name}` : "system"

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
  const defaults = options?.defaults ?? none

  /**
   * Decides one request holding its state; in `submit` mode also counts,
   * runs, feeds the breaker and records. `approvedBy` is set on approval.
   */
  const evaluate = Effect.fnUntraced(function*(
    request: ActionRequest,
    mode: "preview" | "submit",
    approvedBy: string | undefined
  ) {
    const limits = request.limits === undefined ? defaults : Limits.combine(request.limits, defaults)
    const shadow = request.shadow === true || limits.shadowMode === true
    const requester = Action.requesterKey(request.requester)
    const actor = yield* Actor.CurrentActor
    // A person is exempt from the confidence check only when acting as themselves.
    const isPerson = request.requester._tag === "Person" && actor._tag === "User" && actor.id === request.requester.userId
    const prepareExit = yield* Effect.exit(registry.prepare(request.action, request.parameters))
    let prepared: Prepared | undefined
    let defect: string | undefined
    if (Exit.isSuccess(prepareExit)) {
      prepared = prepareExit.value
    } else {
      const failure = Cause.findErrorOption(prepareExit.cause)
      if (failure._tag === "Some" && failure.value._tag !== "ActionFailed") return yield* Effect.fail(failure.value)
      if (failure._tag === "None") return yield* Effect.failCause(prepareExit.cause as Cause.Cause<never>)
      defect = failure.value.message
    }
    const entity = prepared?.entity
    const key: StateKey = {
      requester,
      runId: request.runId,
      cooldownKey: JSON.stringify([requester, entity === undefined ? null : entityKey(entity)]),
      entity: entity === undefined ? undefined : entityKey(entity),
      windowMillis: limits.circuitBreaker === undefined ? 0 : limits.circuitBreaker.windowSeconds * 1000,
      cooldownMillis: (limits.cooldownSeconds ?? 0) * 1000
    }
    const clockNow = yield* Clock.currentTimeMillis
    return yield* state.withLock(key, clockNow, (snapshot, writer) =>
      Effect.gen(function*() {
        const now = snapshot.now
        const live = mode === "submit" && !shadow
        const decisionOf = (outcome: Outcome) =>
          new Decision({
            requestId: request.requestId,
            action: request.action,
            requester: request.requester,
            ...(request.runId === undefined ? {} : { runId: request.runId }),
            ...(entity === undefined ? {} : { entity }),
            outcome,
            mode: shadow ? "shadow" : "live",
            ...(approvedBy === undefined ? {} : { approvedBy }),
            decidedAt: DateTime.makeUnsafe(now),
            day: snapshot.day
          })
        const save = (record: ExecutionRecord) =>
          Effect.gen(function*() {
            if (mode === "preview") return record
            const outcome = record.decision.outcome
            const id = yield* state.record({
              requestId: request.requestId,
              action: request.action,
              requester,
              ...(request.runId === undefined ? {} : { runId: request.runId }),
              ...(key.entity === undefined ? {} : { entity: key.entity }),
              outcome: outcomeColumn(outcome),
              reasonCode: outcome.reason.code,
              reason: outcome.reason.message,
              mode: record.decision.mode,
              status: record.status,
              request: toJson(encodeRequest(request)),
              record: toJson(encodeRecord(record)),
              decidedAt: now
            }, outcome._tag === "PendingApproval" && live ? "pending" : undefined)
            return new ExecutionRecord({ ...record, id })
          })

        if (prepared === undefined) {
          // The action's own code threw while reading its target or entity.
          const decision = decisionOf(new Blocked({ reason: new Reason({ code: "action_defect", message: defect ?? "defect" }) }))
          return yield* save(new ExecutionRecord({ decision, parameters: request.parameters, status: "failed", error: defect ?? "defect" }))
        }

        // The current value comes from the action, read while the state is held.
        let current: number | { readonly unavailable: string } | undefined
        if (prepared.target !== undefined) {
          const read = yield* Effect.exit(prepared.target.current)
          current = Exit.isSuccess(read) ? read.value : { unavailable: describeFailure(read.cause) }
        }
        const { tripUntil, verdict } = decideInternal.decide({
          limits,
          now,
          isPerson,
          approved: approvedBy !== undefined,
          runId: request.runId,
          entity,
          requestEntity: request.entity,
          declaresEntity: prepared.declaresEntity,
          requested: prepared.target?.value,
          current,
          confidence: request.confidence,
          snapshot
        })
        const toRun = verdict.change !== undefined && verdict.change.applied !== verdict.change.requested &&
            verdict._tag !== "Blocked" ?
          yield* Effect.catchTag(
            prepared.withValue(verdict.change.applied),
            "ActionFailed",
            (error) => Effect.succeed(error)
          ) :
          prepared
        const decision = decisionOf(toOutcome(verdict))
        if (mode === "preview") return new ExecutionRecord({ decision, parameters: prepared.parameters, status: "not_run" })
        if (!("run" in toRun)) {
          // withValue threw: the action's own code failed on the clamped value
          const failed = decisionOf(new Blocked({ reason: new Reason({ code: "action_defect", message: toRun.message }) }))
          return yield* save(
            new ExecutionRecord({ decision: failed, parameters: prepared.parameters, status: "failed", error: toRun.message })
          )
        }
        if (live && tripUntil !== undefined) yield* writer.pause(tripUntil)
        const runs = live && (verdict._tag === "Passed" || verdict._tag === "Clamped")
        if (!runs) return yield* save(new ExecutionRecord({ decision, parameters: toRun.parameters, status: "not_run" }))

        yield* writer.commit(
          now,
          verdict.change === undefined ?
            undefined :
            { from: verdict.change.from, movement: Math.abs(verdict.change.applied - verdict.change.from) }
        )
        const startedAt = Math.max(yield* Clock.currentTimeMillis, now)
        // The handler runs in its own savepoint: a failure rolls back its writes, not the count.
        const exit = yield* Effect.exit(
          state.transaction(toRun.run({ requestId: request.requestId, requester: request.requester, runId: request.runId }))
        )
        const finishedAt = Math.max(yield* Clock.currentTimeMillis, startedAt)
        yield* writer.recordOutcome({ at: finishedAt, success: Exit.isSuccess(exit) })
        const timing = { startedAt: DateTime.makeUnsafe(startedAt), finishedAt: DateTime.makeUnsafe(finishedAt) }
        return yield* save(
          Exit.isSuccess(exit) ?
            new ExecutionRecord({ decision, parameters: toRun.parameters, status: "succeeded", result: exit.value, ...timing }) :
            new ExecutionRecord({
              decision,
              parameters: toRun.parameters,
              status: "failed",
              error: describeFailure(exit.cause),
              ...timing
            })
        )
      }))
  })

  const approver = (id: string) =>
    Effect.gen(function*() {
      const actor = yield* Actor.CurrentActor
      if (actor._tag !== "User") return yield* new ApproverRequired({ id, actor: actorKey(actor) })
      return actorKey(actor)
    })

  const claim = (id: string) =>
    Effect.gen(function*() {
      const pending = yield* state.claim(id)
      if (pending !== undefined) return pending
      const existing = yield* state.get(id)
      if (existing === undefined || existing.approval === undefined) return yield* new PendingApprovalNotFound({ id })
      return yield* new ApprovalAlreadyResolved({ id, approval: existing.approval, resolvedBy: existing.resolvedBy ?? "unknown" })
    })

  const shape: Shape = {
    decide: (request) => Effect.map(evaluate(request, "preview", undefined), (record) => record.decision),
    submit: (request) => evaluate(request, "submit", undefined),
    approve: (id, options) =>
      state.transaction(Effect.gen(function*() {
        const by = yield* approver(id)
        const pending = yield* claim(id)
        const request = yield* Effect.orDie(decodeRequest(pending.request))
        const record = yield* evaluate(request, "submit", by)
        yield* state.resolve(id, {
          approval: "approved",
          by,
          at: yield* Clock.currentTimeMillis,
          note: options?.note,
          resolutionId: record.id
        })
        return record
      })),
    reject: (id, options) =>
      state.transaction(Effect.gen(function*() {
        const by = yield* approver(id)
        yield* claim(id)
        yield* state.resolve(id, {
          approval: "rejected",
          by,
          at: yield* Clock.currentTimeMillis,
          note: options?.note,
          resolutionId: undefined
        })
        const resolved = yield* state.get(id)
        return resolved!
      })),
    withdraw: (id, options) =>
      state.transaction(Effect.gen(function*() {
        const by = actorKey(yield* Actor.CurrentActor)
        yield* claim(id)
        yield* state.resolve(id, {
          approval: "rejected",
          by,
          at: yield* Clock.currentTimeMillis,
          note: `withdrawn: ${options.note}`,
          resolutionId: undefined
        })
        const resolved = yield* state.get(id)
        return resolved!
      })),
    pending: (options) => state.pending(options),
    recordOutcome: (requester, success) =>
      Effect.flatMap(Clock.currentTimeMillis, (clockNow) =>
        state.withLock(stateKeyOf(requester), clockNow, (snapshot, writer) =>
          writer.recordOutcome({ at: snapshot.now, success }))),
    resetCircuit: (requester) =>
      Effect.flatMap(Clock.currentTimeMillis, (clockNow) =>
        state.withLock(stateKeyOf(requester), clockNow, (snapshot, writer) => writer.pause(snapshot.now))),
    rollback: (record) =>
      registry.rollback(record.decision.action, record.parameters, record.result, {
        requestId: record.decision.requestId,
        requester: record.decision.requester,
        runId: record.decision.runId
      })
  }
  return shape
})

const stateKeyOf = (requester: Action.Requester): StateKey => {
  const key = Action.requesterKey(requester)
  return { requester: key, runId: undefined, cooldownKey: JSON.stringify([key, null]), entity: undefined, windowMillis: 0, cooldownMillis: 0 }
}

/**
 * The safety envelope service.
 *
 * @since 0.1.0
 * @category services
 */
export class SafetyEnvelope extends Context.Service<SafetyEnvelope, Shape>()("ringmaster/actions/SafetyEnvelope") {
  /**
   * An envelope without default limits (each request's limits apply), on the
   * `SafetyState` in context.
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

  /**
   * The default wherever storage is present: an envelope (with optional
   * defaults) on the durable `SafetyState.layer`.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerStorage = (
    defaults?: SafetyLimits
  ): Layer.Layer<SafetyEnvelope, never, ActionRegistry | Storage | SqlClient.SqlClient> =>
    Layer.effect(SafetyEnvelope, make({ defaults })).pipe(Layer.provide(SafetyState.layer))
}
