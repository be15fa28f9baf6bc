/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_audit_trail (named in seed 003, designed here): the append-only audit
 * log for compliance: who (actor type and id) did what (action) to which
 * entity, when, with before/after state and a reason. Migration 0009 makes
 * it a hash chain per account (see `Audit.ts`): `seq` numbers a chain's
 * entries from 1, `previous_hash` is the hash of entry `seq - 1` (NULL for
 * the first) and `row_hash` the SHA-256 of this entry's canonical JSON.
 * Rows with a NULL `seq` were written outside the chain. `account_id` keeps
 * its value when the account is deleted (no foreign key since 0009).
 *
 * @since 0.1.0
 * @category tables
 */
export const AiAuditTrail = Table.make({
  name: "ai_audit_trail",
  origin: "seed-003-named",
  description: "Append-only compliance audit log: actor, action, entity, before/after state; hash-chain columns",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid().nullable(),
    occurred_at: Column.timestamptz().default("now()"),
    actor_type: Column.oneOf(["user", "service", "system"]),
    actor_id: Column.text().nullable(),
    action: Column.text().check("length(action) > 0", Column.nonEmpty()),
    entity_type: Column.text().check("length(entity_type) > 0", Column.nonEmpty()),
    entity_id: Column.text().nullable(),
    before_state: Column.jsonb().nullable(),
    after_state: Column.jsonb().nullable(),
    reason: Column.text().nullable(),
    correlation_id: Column.text().nullable(),
    metadata: Column.jsonObject().default("'{}'"),
    previous_hash: Column.text().nullable(),
    row_hash: Column.text().nullable(),
    seq: Column.integer().nullable().check("seq >= 1", Column.atLeast(1))
  }
})
