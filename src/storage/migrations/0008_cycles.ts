/**
 * Migration 0008: what decision cycles need the database to enforce.
 *
 * - A cycle for the same trigger and period runs once: `master_ai_cycles`
 *   gains `idempotency_key` (for example `daily:2026-11-23`), unique per
 *   account (`NULLS NOT DISTINCT`, so the system account's cycles are
 *   covered too). Starting a cycle twice finds the first.
 * - Decisions link to what happened to them: `ai_decision_logs` gains
 *   `safety_decision_id` (the envelope's record) and `impact_due_at` (when
 *   its impact window ends; the learning step reads pending decisions
 *   through a partial index); `ai_optimization_history` gains
 *   `decision_id`, `safety_decision_id`, `platform_change_id`, and the
 *   rollback chain `rollback_of` / `rolled_back_by` (one rollback per
 *   change, by a unique index); marketing `ai_recommendations` gains
 *   `decision_id` and `safety_decision_id` (one recommendation per pending
 *   envelope decision).
 * - `ringmaster.platform_changes`: a write-ahead intent per change sent to an
 *   ad platform. The intent commits before the platform is called; the
 *   decision's transaction marks it `applied` or `not_applied`. An intent
 *   still `intended` at the next cycle means the process stopped between the
 *   platform and our commit: the cycle asks the platform whether the change
 *   (by its id) was applied, and reverts it if so (`reverted`), or closes
 *   it (`not_applied`).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string =
  "cycles: idempotency keys, decision and history links, rollback chain, platform change intents"

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `ALTER TABLE public.master_ai_cycles ADD COLUMN idempotency_key TEXT CHECK (length(idempotency_key) > 0)`,
  `CREATE UNIQUE INDEX master_ai_cycles_idempotency_key ON public.master_ai_cycles (account_id, idempotency_key) NULLS NOT DISTINCT WHERE idempotency_key IS NOT NULL`,

  `ALTER TABLE public.ai_decision_logs ADD COLUMN safety_decision_id UUID REFERENCES ringmaster.safety_decisions(id) ON DELETE SET NULL`,
  `ALTER TABLE public.ai_decision_logs ADD COLUMN impact_due_at TIMESTAMPTZ`,
  `CREATE INDEX ai_decision_logs_impact_due_idx ON public.ai_decision_logs (account_id, impact_due_at) WHERE validation_status = 'pending'`,
  `CREATE INDEX ai_decision_logs_safety_decision_idx ON public.ai_decision_logs (safety_decision_id)`,

  `ALTER TABLE public.ai_optimization_history ADD COLUMN decision_id UUID REFERENCES public.ai_decision_logs(id) ON DELETE SET NULL`,
  `ALTER TABLE public.ai_optimization_history ADD COLUMN safety_decision_id UUID REFERENCES ringmaster.safety_decisions(id) ON DELETE SET NULL`,
  `ALTER TABLE public.ai_optimization_history ADD COLUMN platform_change_id UUID`,
  `ALTER TABLE public.ai_optimization_history ADD COLUMN rollback_of UUID REFERENCES public.ai_optimization_history(id) ON DELETE SET NULL`,
  `ALTER TABLE public.ai_optimization_history ADD COLUMN rolled_back_by UUID REFERENCES public.ai_optimization_history(id) ON DELETE SET NULL`,
  `CREATE UNIQUE INDEX ai_optimization_history_one_rollback ON public.ai_optimization_history (rollback_of) WHERE rollback_of IS NOT NULL`,
  `CREATE INDEX ai_optimization_history_decision_idx ON public.ai_optimization_history (decision_id)`,
  `CREATE INDEX ai_optimization_history_safety_decision_idx ON public.ai_optimization_history (safety_decision_id)`,
  `CREATE INDEX ai_optimization_history_rolled_back_by_idx ON public.ai_optimization_history (rolled_back_by)`,
  `CREATE INDEX ai_optimization_history_entity_idx ON public.ai_optimization_history (target_entity_type, target_entity_id, created_at)`,

  `ALTER TABLE marketing_ai.ai_recommendations ADD COLUMN decision_id UUID REFERENCES public.ai_decision_logs(id) ON DELETE SET NULL`,
  `ALTER TABLE marketing_ai.ai_recommendations ADD COLUMN safety_decision_id UUID REFERENCES ringmaster.safety_decisions(id) ON DELETE SET NULL`,
  `CREATE INDEX ai_recommendations_decision_idx ON marketing_ai.ai_recommendations (decision_id)`,
  `CREATE UNIQUE INDEX ai_recommendations_safety_decision ON marketing_ai.ai_recommendations (safety_decision_id) WHERE safety_decision_id IS NOT NULL`,

  `CREATE TABLE ringmaster.platform_changes (
    change_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL,
    cycle_id UUID,
    platform TEXT NOT NULL CHECK (length(platform) > 0),
    change JSONB NOT NULL,
    status TEXT NOT NULL DEFAULT 'intended' CHECK (status IN ('intended', 'applied', 'not_applied', 'reverted')),
    detail JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ
)`,
  `CREATE INDEX platform_changes_open_idx ON ringmaster.platform_changes (account_id, created_at) WHERE status = 'intended'`
]
