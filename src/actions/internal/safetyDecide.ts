/**
 * The safety envelope's decision, as a pure function of the limits, the
 * request and a snapshot of the envelope's state.
 *
 * @internal
 */
import type { SafetyLimits } from "../SafetyLimits.ts"
import { bound, entityKey } from "../SafetyLimits.ts"
import type { EntityRef } from "../SafetyLimits.ts"
import type * as Envelope from "../SafetyEnvelope.ts"
import type { StateSnapshot } from "../SafetyState.ts"

/** @internal */
export type ReasonCode = Envelope.ReasonCode

/** @internal */
export type Snapshot = Pick<
  StateSnapshot,
  "executionsToday" | "executionsThisRun" | "lastExecutionAt" | "entityDay" | "outcomes" | "pausedUntil"
>

/** @internal */
export interface Change {
  readonly entity: EntityRef
  readonly from: number
  readonly requested: number
  readonly applied: number
  readonly min: number
  readonly max: number
  readonly clampedBy: ReasonCode | undefined
}

/** @internal */
export type Verdict =
  | { readonly _tag: "Passed"; readonly code: ReasonCode; readonly message: string; readonly change: Change | undefined }
  | { readonly _tag: "Clamped"; readonly code: ReasonCode; readonly message: string; readonly change: Change }
  | { readonly _tag: "Blocked"; readonly code: ReasonCode; readonly message: string; readonly change: Change | undefined }
  | {
    readonly _tag: "PendingApproval"
    readonly code: ReasonCode
    readonly message: string
    readonly change: Change | undefined
  }

/** @internal */
export interface Input {
  readonly limits: SafetyLimits
  readonly now: number
  readonly isPerson: boolean
  readonly approved: boolean
  readonly runId: string | undefined
  /** The entity the action declares (its target's, or its `entity`). */
  readonly entity: EntityRef | undefined
  /** Another entity the request names (checked for protection too). */
  readonly requestEntity: EntityRef | undefined
  /** Whether the action declares what it acts on. */
  readonly declaresEntity: boolean
  /** The value the request asks for, when the action declares a target. */
  readonly requested: number | undefined
  /** The current value (`from`) as the action read it, or why it could not. */
  readonly current: number | { readonly unavailable: string } | undefined
  readonly confidence: number | undefined
  readonly snapshot: Snapshot
}

/** @internal */
export interface Output {
  readonly verdict: Verdict
  /** Set when this decision trips the circuit breaker: pause until then. */
  readonly tripUntil: number | undefined
}

const f = (n: number): string => Number.isInteger(n) ? String(n) : n.toPrecision(6).replace(/\.?0+$/, "")

/**
 * The outcomes the circuit breaker counts at `now`: those inside the window
 * and after the end of the last pause.
 *
 * @internal
 */
export const breakerStats = (
  limits: SafetyLimits,
  snapshot: Snapshot,
  now: number
): { readonly samples: number; readonly failures: number } => {
  const breaker = limits.circuitBreaker
  if (breaker === undefined) return { samples: 0, failures: 0 }
  const since = Math.max(now - breaker.windowSeconds * 1000, snapshot.pausedUntil ?? -Infinity)
  let samples = 0
  let failures = 0
  for (const outcome of snapshot.outcomes) {
    if (outcome.at > since && outcome.at <= now) {
      samples++
      if (!outcome.success) failures++
    }
  }
  return { samples, failures }
}

/**
 * Moves `value` one representable double toward `target`.
 *
 * @internal
 */
export const stepToward = (value: number, target: number): number => {
  if (value === target) return value
  if (value === 0) return target > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE
  const buffer = new DataView(new ArrayBuffer(8))
  buffer.setFloat64(0, value)
  const bits = buffer.getBigInt64(0)
  // For positive doubles the bit pattern grows with the value; for negative ones it shrinks.
  const up = target > value
  buffer.setBigInt64(0, (value > 0) === up ? bits + 1n : bits - 1n)
  return buffer.getFloat64(0)
}

/**
 * The nearest value to `requested` whose distance from `from` is at most
 * `allowed` and such that `moved + distance <= dailyCap`, exactly in floating
 * point.
 *
 * @internal
 */
export const clampValue = (from: number, requested: number, allowed: number, moved: number, dailyCap: number): number => {
  const direction = requested > from ? 1 : -1
  let applied = from + direction * allowed
  if (direction > 0 ? applied > requested : applied < requested) applied = requested
  const fits = (v: number) => Math.abs(v - from) <= allowed && moved + Math.abs(v - from) <= dailyCap
  let guard = 0
  while (!fits(applied) && applied !== from && guard < 64) {
    applied = stepToward(applied, from)
    guard++
  }
  return fits(applied) ? applied : from
}

/** @internal */
export const decide = (input: Input): Output => {
  const { limits, now, snapshot } = input
  const blocked = (code: ReasonCode, message: string, tripUntil?: number): Output => ({
    verdict: { _tag: "Blocked", code, message, change: undefined },
    tripUntil
  })

  // 0. values the arithmetic below can trust
  if (input.requested !== undefined && !Number.isFinite(input.requested)) {
    return blocked("invalid_value", `the requested value ${String(input.requested)} is not a finite number`)
  }
  if (typeof input.current === "number" && !Number.isFinite(input.current)) {
    return blocked("invalid_value", `the current value ${String(input.current)} is not a finite number`)
  }

  // 1. protected entities
  const isProtected = limits.protectedEntities !== undefined && limits.protectedEntities.length > 0
  if (isProtected) {
    for (const entity of [input.entity, input.requestEntity]) {
      if (entity === undefined) continue
      const key = entityKey(entity)
      if (limits.protectedEntities!.some((e) => entityKey(e) === key)) {
        return blocked("protected_entity", `entity ${key} is protected`)
      }
    }
    if (!input.declaresEntity) {
      return blocked(
        "entity_undeclared",
        "entities are protected and this action does not declare which entity it acts on"
      )
    }
  }

  // 2. circuit breaker
  if (snapshot.pausedUntil !== undefined && now < snapshot.pausedUntil) {
    return blocked(
      "circuit_open",
      `circuit breaker open: paused for another ${f((snapshot.pausedUntil - now) / 1000)}s`
    )
  }
  const breaker = limits.circuitBreaker
  if (breaker !== undefined) {
    const { failures, samples } = breakerStats(limits, snapshot, now)
    if (samples >= breaker.minSamples && failures / samples >= breaker.errorRateThreshold) {
      const pauseMillis = (breaker.pauseSeconds ?? breaker.windowSeconds) * 1000
      return blocked(
        "circuit_open",
        `circuit breaker tripped: ${failures} of ${samples} executions failed in the last ${
          f(breaker.windowSeconds)
        }s (threshold ${f(breaker.errorRateThreshold)})`,
        now + pauseMillis
      )
    }
  }

  // 3. per-run and per-day caps
  if (limits.maxExecutionsPerRun !== undefined) {
    if (input.runId === undefined) {
      return blocked("run_id_missing", `executions are capped per run (${limits.maxExecutionsPerRun}) but the request names no run`)
    }
    if (snapshot.executionsThisRun >= limits.maxExecutionsPerRun) {
      return blocked(
        "run_cap_reached",
        `${snapshot.executionsThisRun} executions already in run ${input.runId} (cap ${limits.maxExecutionsPerRun})`
      )
    }
  }
  if (limits.maxExecutionsPerDay !== undefined && snapshot.executionsToday >= limits.maxExecutionsPerDay) {
    return blocked(
      "daily_cap_reached",
      `${snapshot.executionsToday} executions already today (cap ${limits.maxExecutionsPerDay})`
    )
  }

  // 4. cooldown
  if (limits.cooldownSeconds !== undefined && snapshot.lastExecutionAt !== undefined) {
    const readyAt = snapshot.lastExecutionAt + limits.cooldownSeconds * 1000
    if (now < readyAt) {
      return blocked("cooldown_active", `cooling down for another ${f((readyAt - now) / 1000)}s`)
    }
  }

  // 5. the change
  let change: Change | undefined
  if (input.requested !== undefined && input.entity !== undefined) {
    const limited = limits.maxChangePerStep !== undefined || limits.maxDailyMovement !== undefined
    if (input.current === undefined || typeof input.current !== "number") {
      if (limited) {
        return blocked(
          "current_value_unavailable",
          `the change is limited but the current value could not be read${
            input.current === undefined ? "" : `: ${input.current.unavailable}`
          }`
        )
      }
    } else {
      const from = input.current
      const requested = input.requested
      const stepBound = limits.maxChangePerStep === undefined ? Infinity : bound(limits.maxChangePerStep, from)
      const opening = snapshot.entityDay?.opening ?? from
      const moved = snapshot.entityDay?.movement ?? 0
      const dailyCap = limits.maxDailyMovement === undefined ? Infinity : bound(limits.maxDailyMovement, opening)
      const dayBound = Math.max(0, dailyCap - moved)
      const allowed = Math.min(stepBound, dayBound)
      const delta = Math.abs(requested - from)
      const byStep = stepBound <= dayBound
      const base = { entity: input.entity, from, requested, min: from - allowed, max: from + allowed }
      if (delta === 0 || (delta <= allowed && moved + delta <= dailyCap)) {
        change = { ...base, applied: requested, clampedBy: undefined }
      } else {
        const applied = clampValue(from, requested, allowed, moved, dailyCap)
        if (applied === from) {
          const code: ReasonCode = byStep ? "max_change_per_step" : "daily_movement_exhausted"
          return {
            verdict: {
              _tag: "Blocked",
              code,
              message: byStep ?
                `no change allowed from ${f(from)} (max change per step ${f(stepBound)})` :
                `daily movement exhausted: ${f(moved)} of ${f(dailyCap)} used today`,
              change: { ...base, applied: from, clampedBy: code }
            },
            tripUntil: undefined
          }
        }
        const code: ReasonCode = byStep ? "max_change_per_step" : "daily_movement_cap"
        change = { ...base, applied, clampedBy: code }
      }
    }
  }

  // 6. confidence for automatic application
  if (limits.minConfidence !== undefined && !input.isPerson && !input.approved) {
    if (input.confidence === undefined) {
      return {
        verdict: {
          _tag: "PendingApproval",
          code: "confidence_missing",
          message: `no confidence given; automatic application needs ${f(limits.minConfidence)}`,
          change
        },
        tripUntil: undefined
      }
    }
    if (input.confidence < limits.minConfidence) {
      return {
        verdict: {
          _tag: "PendingApproval",
          code: "confidence_below_minimum",
          message: `confidence ${f(input.confidence)} is below ${f(limits.minConfidence)}`,
          change
        },
        tripUntil: undefined
      }
    }
  }

  if (change !== undefined && change.clampedBy !== undefined) {
    return {
      verdict: {
        _tag: "Clamped",
        code: change.clampedBy,
        message: `${f(change.requested)} clamped to ${f(change.applied)} (from ${f(change.from)}, allowed ${
          f(change.min)
        }..${f(change.max)}, ${change.clampedBy === "max_change_per_step" ? "max change per step" : "daily movement cap"})`,
        change
      },
      tripUntil: undefined
    }
  }
  return {
    verdict: { _tag: "Passed", code: "within_limits", message: "within limits", change },
    tripUntil: undefined
  }
}
