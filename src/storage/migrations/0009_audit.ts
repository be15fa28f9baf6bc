/**
 * Migration 0009: the tamper-evident audit trail.
 *
 * - `ai_audit_trail` becomes a hash chain per account: `seq` (1, 2, … per
 *   chain; NULL for a row written outside the chain) joins the reserved
 *   `previous_hash`/`row_hash`. A chain is identified by `account_id`; rows
 *   with no account form the system chain. `(account_id, seq)` is unique
 *   (`NULLS NOT DISTINCT`, so the system chain is covered too): even a writer
 *   that skipped the per-chain lock could not fork a chain.
 * - `account_id` no longer references `accounts`: deleting an account must
 *   not take its audit trail with it (the deletion itself is the chain's last
 *   entry). The column keeps the deleted account's id, so the chain stays
 *   addressable and verifiable.
 * - Append-only in the database: a trigger refuses UPDATE, DELETE and
 *   TRUNCATE, whoever asks, except DELETE inside `ringmaster.audit_prune`,
 *   the retention function, which removes only a prefix of one chain.
 * - `ringmaster.audit_lock_heads(accounts)` takes the per-chain advisory
 *   locks (in a fixed order, so two writers never deadlock) and returns each
 *   chain's head, read after the lock is held.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string =
  "audit: ai_audit_trail as a per-account hash chain (seq, unique per chain), append-only by trigger, kept when its account is deleted"

/**
 * The first key of the two-key advisory locks that serialise appends to one
 * chain (`pg_advisory_xact_lock(auditLockSpace, hashtext(chain))`); "AUDT".
 *
 * @since 0.1.0
 * @category migrations
 */
export const auditLockSpace = 0x41554454

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `ALTER TABLE public.ai_audit_trail DROP CONSTRAINT ai_audit_trail_account_id_fkey`,
  `ALTER TABLE public.ai_audit_trail ADD COLUMN seq INTEGER CONSTRAINT ai_audit_trail_seq_check CHECK (seq >= 1)`,
  `ALTER TABLE public.ai_audit_trail ADD CONSTRAINT ai_audit_trail_chained_check CHECK ((seq IS NULL) = (row_hash IS NULL))`,
  `CREATE UNIQUE INDEX ai_audit_trail_chain ON public.ai_audit_trail (account_id, seq) NULLS NOT DISTINCT WHERE seq IS NOT NULL`,

  `CREATE FUNCTION ringmaster.ai_audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('ringmaster.audit_maintenance', true) = 'prune' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ai_audit_trail is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'retention prunes a chain with ringmaster.audit_prune(account, through_seq)';
END
$$`,
  `CREATE TRIGGER ai_audit_trail_append_only BEFORE UPDATE OR DELETE ON public.ai_audit_trail FOR EACH ROW EXECUTE FUNCTION ringmaster.ai_audit_trail_append_only()`,
  `CREATE TRIGGER ai_audit_trail_no_truncate BEFORE TRUNCATE ON public.ai_audit_trail FOR EACH STATEMENT EXECUTE FUNCTION ringmaster.ai_audit_trail_append_only()`,

  `CREATE FUNCTION ringmaster.audit_prune(p_account UUID, p_through_seq INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  n INTEGER;
BEGIN
  PERFORM set_config('ringmaster.audit_maintenance', 'prune', true);
  IF p_account IS NULL THEN
    DELETE FROM public.ai_audit_trail WHERE account_id IS NULL AND seq IS NOT NULL AND seq <= p_through_seq;
  ELSE
    DELETE FROM public.ai_audit_trail WHERE account_id = p_account AND seq IS NOT NULL AND seq <= p_through_seq;
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('ringmaster.audit_maintenance', '', true);
  RETURN n;
END
$$`,

  `CREATE FUNCTION ringmaster.audit_lock_heads(p_accounts UUID[]) RETURNS TABLE (chain_account UUID, head_seq INTEGER, head_hash TEXT) LANGUAGE plpgsql AS $$
DECLARE
  a UUID;
BEGIN
  FOR a IN SELECT DISTINCT x FROM unnest(p_accounts) AS x ORDER BY x NULLS FIRST LOOP
    PERFORM pg_advisory_xact_lock(${0x41554454}, hashtext(coalesce(a::text, 'system')));
  END LOOP;
  FOR a IN SELECT DISTINCT x FROM unnest(p_accounts) AS x LOOP
    IF a IS NULL THEN
      RETURN QUERY SELECT NULL::uuid, t.seq, t.row_hash FROM public.ai_audit_trail t
        WHERE t.account_id IS NULL AND t.seq IS NOT NULL ORDER BY t.seq DESC LIMIT 1;
    ELSE
      RETURN QUERY SELECT a, t.seq, t.row_hash FROM public.ai_audit_trail t
        WHERE t.account_id = a AND t.seq IS NOT NULL ORDER BY t.seq DESC LIMIT 1;
    END IF;
  END LOOP;
END
$$`
]
