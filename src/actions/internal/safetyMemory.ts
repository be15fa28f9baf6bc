/**
 * The in-memory implementation of the safety envelope's state.
 *
 * @internal
 */
import { Effect } from "effect"
import type { StateKey, StateShape, StateSnapshot } from "../SafetyEnvelope.ts"

const maxOutcomesPerRequester = 1000

/** @internal */
export const makeMemory = (): StateShape => {
  let currentDay = ""
  const executionsPerDay = new Map<string, number>()
  const executionsPerRun = new Map<string, number>()
  const lastExecution = new Map<string, number>()
  const entityDays = new Map<string, { opening: number; movement: number }>()
  const outcomes = new Map<string, Array<{ readonly at: number; readonly success: boolean }>>()
  const pauses = new Map<string, number>()

  // Day-keyed counters only matter for the current UTC day.
  const rollDay = (day: string) => {
    if (day > currentDay) {
      currentDay = day
      executionsPerDay.clear()
      entityDays.clear()
    }
  }
  const dayKey = (key: StateKey) => `${key.requester}\u0000${key.day}`
  const runKey = (key: StateKey) => `${key.requester}\u0000${key.runId ?? ""}`
  const entityKey = (key: StateKey) => `${key.entity ?? ""}\u0000${key.day}`

  return {
    snapshot: (key) =>
      Effect.sync((): StateSnapshot => {
        const entityDay = key.entity === undefined ? undefined : entityDays.get(entityKey(key))
        return {
          executionsToday: executionsPerDay.get(dayKey(key)) ?? 0,
          executionsThisRun: key.runId === undefined ? 0 : executionsPerRun.get(runKey(key)) ?? 0,
          lastExecutionAt: lastExecution.get(key.cooldownKey),
          entityDay: entityDay === undefined ? undefined : { ...entityDay },
          outcomes: (outcomes.get(key.requester) ?? []).filter((o) => o.at > key.outcomesSince),
          pausedUntil: pauses.get(key.requester)
        }
      }),
    commit: (entry) =>
      Effect.sync(() => {
        const key = entry.key
        rollDay(key.day)
        if (key.day === currentDay) {
          executionsPerDay.set(dayKey(key), (executionsPerDay.get(dayKey(key)) ?? 0) + 1)
        }
        if (key.runId !== undefined) {
          executionsPerRun.set(runKey(key), (executionsPerRun.get(runKey(key)) ?? 0) + 1)
        }
        lastExecution.set(key.cooldownKey, entry.at)
        if (key.entity !== undefined && entry.change !== undefined && key.day === currentDay) {
          const existing = entityDays.get(entityKey(key))
          entityDays.set(entityKey(key), {
            opening: existing?.opening ?? entry.change.from,
            movement: (existing?.movement ?? 0) + entry.change.movement
          })
        }
      }),
    recordOutcome: (requester, outcome) =>
      Effect.sync(() => {
        const list = outcomes.get(requester) ?? []
        list.push(outcome)
        if (list.length > maxOutcomesPerRequester) list.splice(0, list.length - maxOutcomesPerRequester)
        outcomes.set(requester, list)
      }),
    pause: (requester, until) => Effect.sync(() => void pauses.set(requester, until))
  }
}
