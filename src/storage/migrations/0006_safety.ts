/**
 * Migration 0006: the safety envelope's durable state, in its own Postgres
 * schema `ringmaster` (Ringmaster's bookkeeping, not a seed table).
 *
 * - `safety_requesters`: per requester (a rule, an agent, a person) the UTC
 *   day and its execution count, the circuit breaker's pause, and the latest
 *   time any decision for it used (`high_water_at`), which keeps day and
 *   window accounting monotonic when clocks move back.
 * - `safety_entities`: per entity the day's opening value and total movement.
 * - `safety_cooldowns`: the last execution per requester and entity.
 * - `safety_runs`: executions per requester and run (pruned after a day).
 * - `safety_outcomes`: handler successes and failures, for the breaker.
 * - `safety_decisions`: every decision the envelope took, live or shadow,
 *   with the request, the reason and what ran; pending approvals are rows
 *   here until a person approves or rejects them.
 *
 * The envelope locks a requester's row (and its entity's) with
 * `SELECT ... FOR UPDATE` inside the action's transaction, so caps hold
 * across processes and a rolled-back transaction consumes nothing.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string =
  "ringmaster: the safety envelope's durable state (requesters, entities, cooldowns, runs, outcomes, decisions)"

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS ringmaster`,

  `CREATE TABLE ringmaster.safety_requesters (
    requester TEXT PRIMARY KEY CHECK (length(requester) > 0),
    high_water_at TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    executions_today INTEGER NOT NULL DEFAULT 0 CHECK (executions_today >= 0),
    paused_until TIMESTAMPTZ,
    breaker_since TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE TRIGGER safety_requesters_touch_updated_at BEFORE UPDATE ON ringmaster.safety_requesters FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`,

  `CREATE TABLE ringmaster.safety_entities (
    entity TEXT PRIMARY KEY CHECK (length(entity) > 0),
    high_water_at TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    opening DOUBLE PRECISION NOT NULL,
    movement DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (movement >= 0)
)`,

  `CREATE TABLE ringmaster.safety_cooldowns (
    cooldown_key TEXT PRIMARY KEY CHECK (length(cooldown_key) > 0),
    requester TEXT NOT NULL CHECK (length(requester) > 0),
    entity TEXT,
    last_execution_at TIMESTAMPTZ NOT NULL
)`,
  `CREATE INDEX safety_cooldowns_last_execution_at_idx ON ringmaster.safety_cooldowns (last_execution_at)`,

  `CREATE TABLE ringmaster.safety_runs (
    run_key TEXT PRIMARY KEY CHECK (length(run_key) > 0),
    requester TEXT NOT NULL CHECK (length(requester) > 0),
    run_id TEXT NOT NULL,
    executions INTEGER NOT NULL DEFAULT 0 CHECK (executions >= 0),
    last_at TIMESTAMPTZ NOT NULL
)`,
  `CREATE INDEX safety_runs_last_at_idx ON ringmaster.safety_runs (last_at)`,

  `CREATE TABLE ringmaster.safety_outcomes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    requester TEXT NOT NULL CHECK (length(requester) > 0),
    at TIMESTAMPTZ NOT NULL,
    success BOOLEAN NOT NULL
)`,
  `CREATE INDEX safety_outcomes_requester_at_idx ON ringmaster.safety_outcomes (requester, at)`,

  `CREATE TABLE ringmaster.safety_decisions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id TEXT NOT NULL CHECK (length(request_id) > 0),
    action TEXT NOT NULL CHECK (length(action) > 0),
    requester TEXT NOT NULL CHECK (length(requester) > 0),
    run_id TEXT,
    entity TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'clamped', 'blocked', 'pending_approval')),
    reason_code TEXT NOT NULL CHECK (length(reason_code) > 0),
    reason TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('live', 'shadow')),
    status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'not_run')),
    request JSONB NOT NULL,
    decision JSONB NOT NULL,
    parameters JSONB,
    result JSONB,
    error TEXT,
    decided_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    approval TEXT CHECK (approval IN ('pending', 'approved', 'rejected')),
    resolved_by TEXT,
    resolved_at TIMESTAMPTZ,
    resolution_note TEXT,
    resolution_id UUID REFERENCES ringmaster.safety_decisions (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT safety_decisions_approval_state_check CHECK ((approval IS NOT NULL) = (outcome = 'pending_approval' AND mode = 'live'))
)`,
  `CREATE INDEX safety_decisions_requester_decided_at_idx ON ringmaster.safety_decisions (requester, decided_at)`,
  `CREATE INDEX safety_decisions_pending_idx ON ringmaster.safety_decisions (decided_at) WHERE approval = 'pending'`,
  `CREATE INDEX safety_decisions_request_id_idx ON ringmaster.safety_decisions (request_id)`,
  `CREATE INDEX safety_decisions_resolution_id_idx ON ringmaster.safety_decisions (resolution_id)`
]
