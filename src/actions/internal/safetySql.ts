/**
 * The safety envelope's state on storage: the `ringmaster.safety_*` tables
 * (migration 0006).
 *
 * A decision takes two transaction-scoped advisory locks, on its requester
 * and on its entity (always in that order), inside a storage transaction (a
 * savepoint when the caller already has one). Every process on the database
 * serialises on them, so snapshot, decision and commit cannot interleave with
 * another decision for the same requester or entity; the locks and every
 * write are released or rolled back with the caller's transaction.
 *
 * Statements go through the `SqlClient` that the storage adapter runs its
 * transactions on, so they join the storage transaction.
 *
 * @internal
 */
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { fromSqlError } from "../../storage/internal/sqlError.ts"
import { Storage } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type { NewDecision, StateShape, StateSnapshot, Writer } from "../SafetyState.ts"
import { StoredDecision } from "../SafetyState.ts"
import { dayOf } from "./safetyTime.ts"

/** Advisory-lock class id of the safety envelope ("rm" + 1). */
const LOCK_CLASS = 0x726d01
/** Prune old rows every this many commits (per process). */
const pruneEvery = 200
const DAY = 86_400_000

const ts = (n: number) => `to_timestamp(${n}::float8 / 1000)`
const millis = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`

interface SnapshotRow {
  readonly requester_high_water: number | null
  readonly requester_day: string | null
  readonly executions_today: number | null
  readonly paused_until: number | null
  readonly breaker_since: number | null
  readonly entity_high_water: number | null
  readonly entity_day: string | null
  readonly opening: number | null
  readonly movement: number | null
  readonly last_execution_at: number | null
  readonly run_executions: number | null
}

const DecisionRow = Schema.Struct({
  id: Schema.String,
  request_id: Schema.String,
  action: Schema.String,
  requester: Schema.String,
  run_id: Schema.NullOr(Schema.String),
  entity: Schema.NullOr(Schema.String),
  outcome: Schema.Literals(["passed", "clamped", "blocked", "pending_approval"]),
  reason_code: Schema.String,
  reason: Schema.String,
  mode: Schema.Literals(["live", "shadow"]),
  status: Schema.Literals(["succeeded", "failed", "not_run"]),
  request: Schema.Json,
  decision: Schema.Json,
  decided_at: Schema.Number,
  approval: Schema.NullOr(Schema.Literals(["pending", "approved", "rejected"])),
  resolved_by: Schema.NullOr(Schema.String),
  resolved_at: Schema.NullOr(Schema.Number),
  resolution_note: Schema.NullOr(Schema.String),
  resolution_id: Schema.NullOr(Schema.String)
})
const decodeDecisionRow = Schema.decodeUnknownSync(DecisionRow)

const toStored = (row: unknown): StoredDecision => {
  const r = decodeDecisionRow(row)
  return new StoredDecision({
    id: r.id,
    requestId: r.request_id,
    action: r.action,
    requester: r.requester,
    ...(r.run_id === null ? {} : { runId: r.run_id }),
    ...(r.entity === null ? {} : { entity: r.entity }),
    outcome: r.outcome,
    reasonCode: r.reason_code,
    reason: r.reason,
    mode: r.mode,
    status: r.status,
    request: r.request,
    record: r.decision,
    decidedAt: r.decided_at,
    ...(r.approval === null ? {} : { approval: r.approval }),
    ...(r.resolved_by === null ? {} : { resolvedBy: r.resolved_by }),
    ...(r.resolved_at === null ? {} : { resolvedAt: r.resolved_at }),
    ...(r.resolution_note === null ? {} : { resolutionNote: r.resolution_note }),
    ...(r.resolution_id === null ? {} : { resolutionId: r.resolution_id })
  })
}

const decisionColumns = `id::text as id, request_id, action, requester, run_id, entity, outcome, reason_code, reason, mode,
  status, request, decision, ${millis("decided_at")} as decided_at, approval, resolved_by,
  ${millis("resolved_at")} as resolved_at, resolution_note, resolution_id::text as resolution_id`

/** @internal */
export const makeSql = Effect.gen(function*() {
  const storage = yield* Storage
  const sql = yield* SqlClient.SqlClient
  let commits = 0

  const run = <A extends object = Record<string, unknown>>(
    operation: string,
    text: string,
    params: ReadonlyArray<string | number | boolean | null>
  ): Effect.Effect<ReadonlyArray<A>, StorageError> =>
    sql.unsafe<A>(text, params.map((p) => (p === null ? null : String(p)))).pipe(
      Effect.mapError((e: SqlError) => fromSqlError(e, `safety state: ${operation}`, "ringmaster.safety"))
    )

  const prune = (now: number) =>
    Effect.gen(function*() {
      yield* run("prune runs", `delete from ringmaster.safety_runs where last_at < ${ts(now - DAY)}`, [])
      yield* run("prune outcomes", `delete from ringmaster.safety_outcomes where at < ${ts(now - 7 * DAY)}`, [])
    })

  const shape: StateShape = {
    withLock: (key, clockNow, use) =>
      storage.transaction(Effect.gen(function*() {
        const lockKeys = key.entity === undefined ? [`r:${key.requester}`] : [`r:${key.requester}`, `e:${key.entity}`]
        for (const lockKey of lockKeys) {
          yield* run("lock", `select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1))`, [lockKey])
        }
        const runKey = JSON.stringify([key.requester, key.runId ?? null])
        const [row] = yield* run<SnapshotRow>(
          "snapshot",
          `select
            ${millis("r.high_water_at")} as requester_high_water, r.day::text as requester_day, r.executions_today,
            ${millis("r.paused_until")} as paused_until, ${millis("r.breaker_since")} as breaker_since,
            ${millis("e.high_water_at")} as entity_high_water, e.day::text as entity_day, e.opening, e.movement,
            (select ${millis("last_execution_at")} from ringmaster.safety_cooldowns where cooldown_key = $3) as last_execution_at,
            (select executions from ringmaster.safety_runs where run_key = $4) as run_executions
          from (select 1) as one
          left join ringmaster.safety_requesters r on r.requester = $1
          left join ringmaster.safety_entities e on e.entity = $2`,
          [key.requester, key.entity ?? null, key.cooldownKey, runKey]
        )
        const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v))
        const now = Math.max(
          Number.isFinite(clockNow) ? clockNow : 0,
          num(row?.requester_high_water) ?? -Infinity,
          num(row?.entity_high_water) ?? -Infinity,
          0
        )
        const day = dayOf(now)
        const breakerSince = num(row?.breaker_since)
        const since = Math.max(now - key.windowMillis, breakerSince ?? -Infinity)
        const outcomes = key.windowMillis <= 0 ? [] : yield* run<{ at: number; success: boolean }>(
          "outcomes",
          `select ${millis("at")} as at, success from ringmaster.safety_outcomes
           where requester = $1 and at > ${ts(since)} and at <= ${ts(now)} order by at`,
          [key.requester]
        )
        const snapshot: StateSnapshot = {
          now,
          day,
          executionsToday: row?.requester_day === day ? Number(row.executions_today ?? 0) : 0,
          executionsThisRun: key.runId === undefined ? 0 : Number(row?.run_executions ?? 0),
          lastExecutionAt: num(row?.last_execution_at),
          entityDay: row?.entity_day === day ?
            { opening: Number(row.opening), movement: Number(row.movement) } :
            undefined,
          outcomes: outcomes.map((o) => ({ at: Number(o.at), success: o.success === true })),
          pausedUntil: num(row?.paused_until)
        }
        const touchRequester = (at: number, extra: string) =>
          run(
            "requester",
            `insert into ringmaster.safety_requesters as r (requester, high_water_at, day, executions_today)
             values ($1, ${ts(at)}, $2::date, 0)
             on conflict (requester) do update set
               high_water_at = greatest(r.high_water_at, excluded.high_water_at),
               executions_today = case when r.day = excluded.day then r.executions_today else 0 end,
               day = greatest(r.day, excluded.day)`,
            [key.requester, dayOf(at)]
          ).pipe(Effect.andThen(
            extra === "" ? Effect.void : run("requester", `update ringmaster.safety_requesters set ${extra} where requester = $1`, [key.requester])
          ))
        const writer: Writer = {
          commit: (at, change) =>
            Effect.gen(function*() {
              yield* touchRequester(at, "executions_today = executions_today + 1")
              if (key.runId !== undefined) {
                yield* run(
                  "run",
                  `insert into ringmaster.safety_runs as r (run_key, requester, run_id, executions, last_at)
                   values ($1, $2, $3, 1, ${ts(at)})
                   on conflict (run_key) do update set executions = r.executions + 1, last_at = greatest(r.last_at, excluded.last_at)`,
                  [runKey, key.requester, key.runId]
                )
              }
              yield* run(
                "cooldown",
                `insert into ringmaster.safety_cooldowns as c (cooldown_key, requester, entity, last_execution_at)
                 values ($1, $2, $3, ${ts(at)})
                 on conflict (cooldown_key) do update set last_execution_at = greatest(c.last_execution_at, excluded.last_execution_at)`,
                [key.cooldownKey, key.requester, key.entity ?? null]
              )
              if (key.entity !== undefined) {
                yield* run(
                  "entity",
                  `insert into ringmaster.safety_entities as e (entity, high_water_at, day, opening, movement)
                   values ($1, ${ts(at)}, $2::date, $3::float8, $4::float8)
                   on conflict (entity) do update set
                     high_water_at = greatest(e.high_water_at, excluded.high_water_at),
                     opening = case when e.day = excluded.day then e.opening else excluded.opening end,
                     movement = case when e.day = excluded.day then e.movement + excluded.movement else excluded.movement end,
                     day = greatest(e.day, excluded.day)`,
                  [key.entity, dayOf(at), change?.from ?? 0, change?.movement ?? 0]
                )
              }
              commits += 1
              if (commits % pruneEvery === 0) yield* prune(at)
            }),
          recordOutcome: (outcome) =>
            Effect.gen(function*() {
              yield* touchRequester(outcome.at, "")
              yield* run(
                "outcome",
                `insert into ringmaster.safety_outcomes (requester, at, success) values ($1, ${ts(outcome.at)}, $2::boolean)`,
                [key.requester, outcome.success]
              )
            }),
          pause: (until) =>
            touchRequester(
              now,
              `paused_until = ${ts(until)}, breaker_since = greatest(coalesce(breaker_since, ${ts(until)}), ${ts(until)})`
            )
        }
        return yield* use(snapshot, writer)
      })),
    record: (decision: NewDecision, approval) =>
      Effect.map(
        run<{ id: string }>(
          "record decision",
          `insert into ringmaster.safety_decisions
            (request_id, action, requester, run_id, entity, outcome, reason_code, reason, mode, status,
             request, decision, parameters, result, error, decided_at, started_at, finished_at, approval)
           select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb,
             $12::jsonb -> 'parameters', $12::jsonb -> 'result', $12::jsonb ->> 'error',
             ${ts(decision.decidedAt)},
             ($12::jsonb ->> 'startedAt')::timestamptz, ($12::jsonb ->> 'finishedAt')::timestamptz, $13
           returning id::text as id`,
          [
            decision.requestId,
            decision.action,
            decision.requester,
            decision.runId ?? null,
            decision.entity ?? null,
            decision.outcome,
            decision.reasonCode,
            decision.reason,
            decision.mode,
            decision.status,
            JSON.stringify(decision.request),
            JSON.stringify(decision.record),
            approval ?? null
          ]
        ),
        (rows) => rows[0]!.id
      ),
    get: (id) =>
      Effect.gen(function*() {
        if (!isUuid(id)) return undefined
        const rows = yield* run("get decision", `select ${decisionColumns} from ringmaster.safety_decisions where id = $1::uuid`, [id])
        return rows.length === 0 ? undefined : toStored(rows[0])
      }),
    pending: (options) =>
      Effect.map(
        run(
          "pending decisions",
          `select ${decisionColumns} from ringmaster.safety_decisions where approval = 'pending'
           order by decided_at, id${options?.limit === undefined ? "" : ` limit ${Math.max(0, Math.floor(options.limit))}`}`,
          []
        ),
        (rows) => rows.map(toStored)
      ),
    claim: (id) =>
      Effect.gen(function*() {
        if (!isUuid(id)) return undefined
        const rows = yield* run(
          "claim decision",
          `select ${decisionColumns} from ringmaster.safety_decisions where id = $1::uuid and approval = 'pending' for update`,
          [id]
        )
        return rows.length === 0 ? undefined : toStored(rows[0])
      }),
    resolve: (id, resolution) =>
      Effect.asVoid(run(
        "resolve decision",
        `update ringmaster.safety_decisions set approval = $2, resolved_by = $3, resolved_at = ${ts(resolution.at)},
           resolution_note = $4, resolution_id = $5::uuid
         where id = $1::uuid`,
        [id, resolution.approval, resolution.by, resolution.note ?? null, resolution.resolutionId ?? null]
      )),
    decisionsFor: (requestId) =>
      Effect.map(
        run(
          "decisions for request",
          `select ${decisionColumns} from ringmaster.safety_decisions where request_id = $1 order by decided_at, created_at`,
          [requestId]
        ),
        (rows) => rows.map(toStored)
      ),
    transaction: storage.transaction
  }
  return shape
})

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isUuid = (id: string) => uuidPattern.test(id)
