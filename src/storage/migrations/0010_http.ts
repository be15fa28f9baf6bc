/**
 * Migration 0010: the HTTP API's keys.
 *
 * `ringmaster.api_keys` holds one row per key: the account it belongs to,
 * optionally the user it acts for, a name, a short public `prefix` (unique;
 * how a presented key is found), the SHA-256 of the whole secret (the secret
 * itself is never stored), its scopes (`read`, `write`, `approve`), and
 * when it was created, revoked and last used. Deleting an account deletes
 * its keys; deleting a user revokes nothing but unlinks the key (it then acts
 * as a service).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "http: API keys (hashed, scoped to an account, revocable)"

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS ringmaster`,
  `CREATE TABLE ringmaster.api_keys (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix TEXT NOT NULL UNIQUE CHECK (prefix ~ '^[a-z0-9]{12}$'),
    hash TEXT NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    scopes TEXT[] NOT NULL DEFAULT '{read}' CHECK (scopes <@ '{read,write,approve}'::text[] AND cardinality(scopes) > 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
)`,
  `CREATE INDEX api_keys_account_idx ON ringmaster.api_keys (account_id)`,
  `CREATE INDEX api_keys_user_idx ON ringmaster.api_keys (user_id)`
]
