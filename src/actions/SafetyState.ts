/**
 * The safety envelope's state: what the caps, cooldowns, daily movement, the
 * circuit breaker and approvals remember between decisions, and the record
 * of every decision taken.
 *
 * Two implementations:
 *
 * - {@link SafetyState.layer}: on storage (the `ringmaster.safety_*` tables).
 *   The default wherever storage is present. Each decision runs inside a
 *   transaction holding transaction-scoped advisory locks on its requester and
 *   its entity, so decisions for one requester (or one entity) are serialised
 *   across every process on the database; the state a decision writes commits
 *   or rolls back with the caller's transaction, so a rolled-back transaction
 *   consumes no cap.
 * - {@link SafetyState.layerMemory}: in one process's memory, for pure tests;
 *   lost on restart, and bounded (entries that can no longer affect a decision
 *   are pruned).
 *
 * **Time is monotonic.** A decision uses `max(Clock, the latest time used for
 * its requester, the latest time used for its entity)`: moving a clock back
 * never reopens a day's caps or hides an outcome from the breaker.
 *
 * @since 0.1.0
 */
import { Context, type Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import { makeMemory } from "./internal/safetyMemory.ts"
import { makeSql } from "./internal/safetySql.ts"

/**
 * Which state a decision reads and writes.
 *
 * - `requester`: `Action.requesterKey` of the requester.
 * - `runId`: the run the request belongs to, if any.
 * - `cooldownKey`: requester and entity (the requester alone without an entity).
 * - `entity`: `SafetyLimits.entityKey` of the entity, if any.
 * - `windowMillis`: how far back the circuit breaker looks.
 * - `cooldownMillis`: the cooldown in force (how long a last execution matters).
 *
 * @since 0.1.0
 * @category models
 */
export interface StateKey {
  readonly requester: string
  readonly runId: string | undefined
  readonly cooldownKey: string
  readonly entity: string | undefined
  readonly windowMillis: number
  readonly cooldownMillis: number
}

/**
 * The state one decision sees, with the time it is taken at (`now`, epoch
 * millis, already made monotonic) and its UTC day.
 *
 * @since 0.1.0
 * @category models
 */
export interface StateSnapshot {
  readonly now: number
  readonly day: string
  readonly executionsToday: number
  readonly executionsThisRun: number
  readonly lastExecutionAt: number | undefined
  /** The entity's opening value and total absolute movement today. */
  readonly entityDay: { readonly opening: number; readonly movement: number } | undefined
  /** Handler outcomes in the breaker's window, after the last pause or reset. */
  readonly outcomes: ReadonlyArray<{ readonly at: number; readonly success: boolean }>
  readonly pausedUntil: number | undefined
}

/**
 * One decision as recorded (see the `ringmaster.safety_decisions` table).
 *
 * @since 0.1.0
 * @category models
 */
export class StoredDecision extends Schema.Class<StoredDecision>("ringmaster/actions/SafetyState/StoredDecision")({
  id: Schema.String,
  requestId: Schema.String,
  action: Schema.String,
  requester: Schema.String,
  runId: Schema.optionalKey(Schema.String),
  entity: Schema.optionalKey(Schema.String),
  outcome: Schema.Literals(["passed", "clamped", "blocked", "pending_approval"]),
  reasonCode: Schema.String,
  reason: Schema.String,
  mode: Schema.Literals(["live", "shadow"]),
  status: Schema.Literals(["succeeded", "failed", "not_run"]),
  /** the request, encoded */
  request: Schema.Json,
  /** the envelope's `ExecutionRecord`, encoded */
  record: Schema.Json,
  decidedAt: Schema.Number,
  approval: Schema.optionalKey(Schema.Literals(["pending", "approved", "rejected"])),
  resolvedBy: Schema.optionalKey(Schema.String),
  resolvedAt: Schema.optionalKey(Schema.Number),
  resolutionNote: Schema.optionalKey(Schema.String),
  resolutionId: Schema.optionalKey(Schema.String)
}) {}

/**
 * A decision to record: everything but the id the state assigns.
 *
 * @since 0.1.0
 * @category models
 */
export type NewDecision = Omit<StoredDecision, "id" | "approval" | "resolvedBy" | "resolvedAt" | "resolutionNote" | "resolutionId">

/**
 * How a pending approval was resolved.
 *
 * @since 0.1.0
 * @category models
 */
export interface Resolution {
  readonly approval: "approved" | "rejected"
  readonly by: string
  readonly at: number
  readonly note: string | undefined
  /** the decision taken on approval */
  readonly resolutionId: string | undefined
}

/**
 * What a decision may write while it holds its lock.
 *
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  /**
   * Counts one execution (per day, per run, the cooldown's last execution)
   * at `at`, and adds `change.movement` to the entity's movement of the day
   * (its opening value is the first `from` seen that day).
   */
  readonly commit: (
    at: number,
    change: { readonly from: number; readonly movement: number } | undefined
  ) => Effect.Effect<void, StorageError>
  /** Records a handler's success or failure for the breaker. */
  readonly recordOutcome: (outcome: { readonly at: number; readonly success: boolean }) => Effect.Effect<void, StorageError>
  /** Pauses the requester until then; outcomes up to then no longer count. */
  readonly pause: (until: number) => Effect.Effect<void, StorageError>
}

/**
 * The state's interface.
 *
 * @since 0.1.0
 * @category models
 */
export interface StateShape {
  /**
   * Runs `use` holding the requester's and the entity's state (atomically
   * across processes for shared state), with a snapshot taken at
   * `max(clockNow, the latest time already used for them)`. On storage this
   * is a transaction (a savepoint inside the caller's): what `use` and the
   * writer do commits or rolls back together. Re-entrant within one fiber.
   */
  readonly withLock: <A, E, R>(
    key: StateKey,
    clockNow: number,
    use: (snapshot: StateSnapshot, writer: Writer) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | StorageError, R>
  /** Records a decision (inside the current lock or transaction); returns its id. */
  readonly record: (decision: NewDecision, approval: "pending" | undefined) => Effect.Effect<string, StorageError>
  /** A recorded decision by id. */
  readonly get: (id: string) => Effect.Effect<StoredDecision | undefined, StorageError>
  /** Decisions waiting for approval, oldest first. */
  readonly pending: (options?: { readonly limit?: number | undefined }) => Effect.Effect<ReadonlyArray<StoredDecision>, StorageError>
  /**
   * Marks a pending decision approved or rejected, if it is still pending
   * (locking it, so two approvers cannot both resolve it). Returns whether
   * it was pending.
   */
  readonly claim: (id: string) => Effect.Effect<StoredDecision | undefined, StorageError>
  readonly resolve: (id: string, resolution: Resolution) => Effect.Effect<void, StorageError>
  /** Decisions recorded for a request id, newest last (for inspection and tests). */
  readonly decisionsFor: (requestId: string) => Effect.Effect<ReadonlyArray<StoredDecision>, StorageError>
  /** Runs an effect in the state's transaction (a no-op wrapper in memory). */
  readonly transaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StorageError, R>
}

/**
 * The envelope's state service.
 *
 * @since 0.1.0
 * @category services
 */
export class SafetyState extends Context.Service<SafetyState, StateShape>()("ringmaster/actions/SafetyState") {
  /**
   * State on storage: the `ringmaster.safety_*` tables, shared by every
   * process on the database and kept across restarts. Needs the SQL adapter
   * (`SqlStorage`), whose transactions its statements join.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<SafetyState, never, Storage | SqlClient.SqlClient> = Layer.effect(
    SafetyState,
    makeSql
  )

  /**
   * State in memory (lost on restart, one process only), for pure tests.
   * Bounded: per-run counters are kept for a day, cooldowns for the longest
   * cooldown seen, outcomes for the longest breaker window seen, at most
   * 10,000 pending approvals and the last 1,000 other decisions.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerMemory: Layer.Layer<SafetyState> = Layer.sync(SafetyState, makeMemory)
}
