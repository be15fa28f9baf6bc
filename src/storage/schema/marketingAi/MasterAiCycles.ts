/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * master_ai_cycles: one row per AI decision cycle (seed 003 §1): what kind of
 * cycle, its status and priority, when it ran and how long it took.
 *
 * @since 0.1.0
 * @category tables
 */
export const MasterAiCycles = Table.make({
  name: "master_ai_cycles",
  origin: "seed-003",
  description: "Central AI decision cycle tracking: one row per cycle",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    cycle_name: Column.text(),
    cycle_type: Column.oneOf(["optimization", "analysis", "decision", "automation"]),
    status: Column.oneOf(["pending", "running", "completed", "failed"]).default("'pending'"),
    priority: Column.integer().nullable().default("5").check("priority BETWEEN 1 AND 10", Column.between(1, 10)),
    trigger_event: Column.text().nullable(),
    start_time: Column.timestamptz().nullable().default("now()"),
    end_time: Column.timestamptz().nullable(),
    duration_seconds: Column.integer().nullable().check("duration_seconds >= 0", Column.atLeast(0)),
    metadata: Column.jsonObject().nullable().default("'{}'"),
    created_at: Column.timestamptz().nullable().default("now()"),
    updated_at: Column.timestamptz().nullable().default("now()"),
    /** Ringmaster (migration 0008): one cycle per account and key, e.g. `daily:2026-11-23` */
    idempotency_key: Column.text().nullable().check("length(idempotency_key) > 0; UNIQUE (account_id, idempotency_key) NULLS NOT DISTINCT", Column.nonEmpty())
  }
})
