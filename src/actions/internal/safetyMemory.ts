/**
 * The in-memory implementation of the safety envelope's state: one process,
 * lost on restart, bounded.
 *
 * One lock per state serialises decisions (re-entrant within a fiber); the
 * writes a decision makes are buffered and applied only when its effect
 * succeeds, as a transaction would.
 *
 * @internal
 */
import { Context, Effect, Exit, Semaphore } from "effect"
import type { NewDecision, Resolution, StateKey, StateShape, StateSnapshot, Writer } from "../SafetyState.ts"
import { StoredDecision } from "../SafetyState.ts"
import { dayOf } from "./safetyTime.ts"

const DAY = 86_400_000
const maxOutcomesPerRequester = 1_000
const maxPending = 10_000
const maxRecent = 1_000
/** Sweep every this many writes. */
const sweepEvery = 1_000

let instances = 0

interface RequesterState {
  day: string
  executionsToday: number
  pausedUntil: number | undefined
  breakerSince: number | undefined
  outcomes: Array<{ readonly at: number; readonly success: boolean }>
}

/**
 * The sizes of the maps the memory state keeps (for tests of its bounds).
 *
 * @internal
 */
export interface MemorySizes {
  readonly requesters: number
  readonly entities: number
  readonly cooldowns: number
  readonly runs: number
  readonly outcomes: number
  readonly decisions: number
}

/** @internal */
export const makeMemory = (): StateShape & { readonly sizes: () => MemorySizes } => {
  const holds = Context.Reference<boolean>(`ringmaster/actions/SafetyState/memoryLock/${(instances += 1)}`, {
    defaultValue: () => false
  })
  const lock = Semaphore.makeUnsafe(1)
  let highWater = -Infinity
  let longestCooldown = 0
  let longestWindow = 0
  let writes = 0
  let sequence = 0
  const requesters = new Map<string, RequesterState>()
  const entities = new Map<string, { day: string; opening: number; movement: number }>()
  const cooldowns = new Map<string, number>()
  const runs = new Map<string, { executions: number; lastAt: number }>()
  const pendingDecisions = new Map<string, StoredDecision>()
  const recent = new Map<string, StoredDecision>()

  const runKey = (key: StateKey) => JSON.stringify([key.requester, key.runId ?? null])
  const requesterOf = (name: string, day: string): RequesterState => {
    let state = requesters.get(name)
    if (state === undefined) {
      state = { day, executionsToday: 0, pausedUntil: undefined, breakerSince: undefined, outcomes: [] }
      requesters.set(name, state)
    }
    if (state.day < day) {
      state.day = day
      state.executionsToday = 0
    }
    return state
  }

  /** Drops what can no longer affect a decision at `now`. */
  const sweep = (now: number) => {
    const today = dayOf(now)
    for (const [key, run] of runs) if (run.lastAt < now - DAY) runs.delete(key)
    for (const [key, at] of cooldowns) if (at + longestCooldown < now) cooldowns.delete(key)
    for (const [key, entity] of entities) if (entity.day < today) entities.delete(key)
    for (const [key, state] of requesters) {
      state.outcomes = state.outcomes.filter((o) => o.at > now - longestWindow)
      if (state.pausedUntil !== undefined && state.pausedUntil <= now) state.pausedUntil = undefined
      if (state.breakerSince !== undefined && state.breakerSince <= now - longestWindow) state.breakerSince = undefined
      if (state.day < today && state.outcomes.length === 0 && state.pausedUntil === undefined && state.breakerSince === undefined) {
        requesters.delete(key)
      }
    }
  }
  const wrote = (now: number) => {
    writes += 1
    if (writes % sweepEvery === 0) sweep(now)
  }

  const locked = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function*() {
      return (yield* holds) ? yield* self : yield* lock.withPermits(1)(Effect.provideService(self, holds, true))
    })

  const shape: StateShape & { readonly sizes: () => MemorySizes } = {
    withLock: (key, clockNow, use) =>
      locked(Effect.suspend(() => {
        const now = Math.max(Number.isFinite(clockNow) ? clockNow : -Infinity, highWater, 0)
        highWater = now
        const day = dayOf(now)
        longestWindow = Math.max(longestWindow, key.windowMillis)
        longestCooldown = Math.max(longestCooldown, key.cooldownMillis)
        const requester = requesters.get(key.requester)
        const sameDay = requester !== undefined && requester.day === day
        const entity = key.entity === undefined ? undefined : entities.get(key.entity)
        const since = Math.max(now - key.windowMillis, requester?.breakerSince ?? -Infinity)
        const snapshot: StateSnapshot = {
          now,
          day,
          executionsToday: sameDay ? requester.executionsToday : 0,
          executionsThisRun: key.runId === undefined ? 0 : runs.get(runKey(key))?.executions ?? 0,
          lastExecutionAt: cooldowns.get(key.cooldownKey),
          entityDay: entity !== undefined && entity.day === day ? { opening: entity.opening, movement: entity.movement } : undefined,
          outcomes: (requester?.outcomes ?? []).filter((o) => o.at > since && o.at <= now),
          pausedUntil: requester?.pausedUntil
        }
        // Writes are buffered and applied only if `use` succeeds, as a transaction would.
        const buffered: Array<() => void> = []
        const writer: Writer = {
          commit: (at, change) =>
            Effect.sync(() =>
              buffered.push(() => {
                const state = requesterOf(key.requester, dayOf(at))
                state.executionsToday += 1
                if (key.runId !== undefined) {
                  const run = runs.get(runKey(key))
                  runs.set(runKey(key), { executions: (run?.executions ?? 0) + 1, lastAt: at })
                }
                cooldowns.set(key.cooldownKey, Math.max(cooldowns.get(key.cooldownKey) ?? -Infinity, at))
                if (key.entity !== undefined && change !== undefined) {
                  const existing = entities.get(key.entity)
                  const today = dayOf(at)
                  entities.set(
                    key.entity,
                    existing !== undefined && existing.day === today ?
                      { day: today, opening: existing.opening, movement: existing.movement + change.movement } :
                      { day: today, opening: change.from, movement: change.movement }
                  )
                }
                wrote(at)
              })
            ),
          recordOutcome: (outcome) =>
            Effect.sync(() =>
              buffered.push(() => {
                highWater = Math.max(highWater, outcome.at)
                const state = requesterOf(key.requester, dayOf(outcome.at))
                state.outcomes.push(outcome)
                if (state.outcomes.length > maxOutcomesPerRequester) {
                  state.outcomes.splice(0, state.outcomes.length - maxOutcomesPerRequester)
                }
                wrote(outcome.at)
              })
            ),
          pause: (until) =>
            Effect.sync(() =>
              buffered.push(() => {
                const state = requesterOf(key.requester, day)
                state.pausedUntil = until
                state.breakerSince = Math.max(state.breakerSince ?? -Infinity, until)
              })
            )
        }
        return Effect.onExit(use(snapshot, writer), (exit) =>
          Effect.sync(() => {
            if (Exit.isSuccess(exit)) for (const apply of buffered) apply()
          }))
      })),
    record: (decision: NewDecision, approval) =>
      Effect.sync(() => {
        sequence += 1
        const id = `memory-${sequence}`
        const stored = new StoredDecision({ ...decision, id, ...(approval === undefined ? {} : { approval }) })
        if (approval === "pending") {
          pendingDecisions.set(id, stored)
          if (pendingDecisions.size > maxPending) pendingDecisions.delete(pendingDecisions.keys().next().value!)
        } else {
          recent.set(id, stored)
          if (recent.size > maxRecent) recent.delete(recent.keys().next().value!)
        }
        return id
      }),
    get: (id) => Effect.sync(() => pendingDecisions.get(id) ?? recent.get(id)),
    pending: (options) =>
      Effect.sync(() =>
        [...pendingDecisions.values()].filter((d) => d.approval === "pending").slice(0, options?.limit ?? Infinity)
      ),
    claim: (id) => Effect.sync(() => {
      const stored = pendingDecisions.get(id)
      return stored !== undefined && stored.approval === "pending" ? stored : undefined
    }),
    resolve: (id, resolution: Resolution) =>
      Effect.sync(() => {
        const stored = pendingDecisions.get(id)
        if (stored === undefined) return
        pendingDecisions.delete(id)
        recent.set(
          id,
          new StoredDecision({
            ...stored,
            approval: resolution.approval,
            resolvedBy: resolution.by,
            resolvedAt: resolution.at,
            ...(resolution.note === undefined ? {} : { resolutionNote: resolution.note }),
            ...(resolution.resolutionId === undefined ? {} : { resolutionId: resolution.resolutionId })
          })
        )
        if (recent.size > maxRecent) recent.delete(recent.keys().next().value!)
      }),
    decisionsFor: (requestId) =>
      Effect.sync(() =>
        [...pendingDecisions.values(), ...recent.values()]
          .filter((d) => d.requestId === requestId)
          .sort((a, b) => a.decidedAt - b.decidedAt)
      ),
    transaction: locked,
    sizes: () => ({
      requesters: requesters.size,
      entities: entities.size,
      cooldowns: cooldowns.size,
      runs: runs.size,
      outcomes: [...requesters.values()].reduce((n, s) => n + s.outcomes.length, 0),
      decisions: pendingDecisions.size + recent.size
    })
  }
  return shape
}
