/**
 * Errors of decision cycles, approvals and rollbacks.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A cycle failed; it is marked `failed` with this reason in its metadata.
 * Decisions committed before the failure stand (each is atomic); none is
 * half-applied.
 *
 * @since 0.1.0
 * @category errors
 */
export class CycleFailed extends Schema.TaggedError<CycleFailed>()("CycleFailed", {
  cycleId: Schema.String,
  step: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cycle ${this.cycleId} failed while ${this.step}: ${this.reason}`
  }
}

/**
 * The cycle is not in a state that can run (it completed, failed, or another
 * process is running it).
 *
 * @since 0.1.0
 * @category errors
 */
export class CycleNotRunnable extends Schema.TaggedError<CycleNotRunnable>()("CycleNotRunnable", {
  cycleId: Schema.String,
  status: Schema.String
}) {
  override get message() {
    return `cycle ${this.cycleId} is ${this.status} and cannot run`
  }
}

/**
 * A marketing recommendation that does not wait for approval (unknown, not
 * made by a cycle, or already resolved).
 *
 * @since 0.1.0
 * @category errors
 */
export class RecommendationNotPending extends Schema.TaggedError<RecommendationNotPending>()("RecommendationNotPending", {
  recommendationId: Schema.String,
  status: Schema.String
}) {
  override get message() {
    return `recommendation ${this.recommendationId} is ${this.status}, not pending`
  }
}

/**
 * A rollback that cannot be done as asked: the change was already rolled
 * back, is itself a rollback, has no rollback data, or later changes to the
 * same entity (`dependents`, newest first) must be rolled back first.
 *
 * @since 0.1.0
 * @category errors
 */
export class RollbackRefused extends Schema.TaggedError<RollbackRefused>()("RollbackRefused", {
  historyId: Schema.String,
  reason: Schema.String,
  dependents: Schema.Array(Schema.String)
}) {
  override get message() {
    return `cannot roll back ${this.historyId}: ${this.reason}` +
      (this.dependents.length === 0 ? "" : ` (roll back first: ${this.dependents.join(", ")})`)
  }
}

/**
 * The platform refused or could not make a rollback; nothing was recorded as
 * rolled back.
 *
 * @since 0.1.0
 * @category errors
 */
export class RollbackFailed extends Schema.TaggedError<RollbackFailed>()("RollbackFailed", {
  historyId: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `rollback of ${this.historyId} failed on the platform: ${this.reason}`
  }
}
