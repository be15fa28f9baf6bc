/**
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * The scopes an API key may carry: `read` (every GET), `write` (create
 * cycles, decisions, alerts, recommendations and feedback; acknowledge,
 * resolve or dismiss alerts) and `approve` (approve or reject a pending
 * recommendation, roll back a change).
 *
 * @since 0.1.0
 * @category models
 */
export const scopes = ["read", "write", "approve"] as const

/**
 * One scope.
 *
 * @since 0.1.0
 * @category models
 */
export type Scope = typeof scopes[number]

/**
 * ringmaster.api_keys: the keys the HTTP API accepts (migration 0010). A key
 * belongs to one account; only the SHA-256 of its secret is stored, with a
 * short public `prefix` to find it by. A key may act for a user
 * (`user_id`): its requests run as that user (who may approve); a key
 * without one runs as the service actor `api-key:<id>`. Revoked keys keep
 * their row (`revoked_at`) so the audit trail still names them.
 *
 * @since 0.1.0
 * @category tables
 */
export const ApiKeys = Table.make({
  name: "api_keys",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "API keys of the HTTP API: account, scopes, the SHA-256 of the secret, revocation",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    user_id: Column.uuid().nullable(),
    name: Column.text().check("length(name) BETWEEN 1 AND 200", Column.nonEmpty(), Schema.isMaxLength(200)),
    prefix: Column.text().check("prefix ~ '^[a-z0-9]{12}$'; unique", Schema.isPattern(/^[a-z0-9]{12}$/, { expected: "12 lower-case letters or digits" })),
    hash: Column.text().check("hash ~ '^[0-9a-f]{64}$'", Schema.isPattern(/^[0-9a-f]{64}$/, { expected: "a SHA-256 digest in lower-case hex" })),
    scopes: Column.textArray().default("'{read}'").check(
      "scopes <@ '{read,write,approve}' AND cardinality(scopes) > 0",
      Column.nonEmpty(),
      Schema.makeFilter((list: ReadonlyArray<string>) => {
        const unknown = list.find((scope) => !(scopes as ReadonlyArray<string>).includes(scope))
        return unknown === undefined ? undefined : `unknown scope ${JSON.stringify(unknown)} (expected ${scopes.join(", ")})`
      })
    ),
    created_at: Column.timestamptz().default("now()"),
    revoked_at: Column.timestamptz().nullable(),
    last_used_at: Column.timestamptz().nullable()
  }
})
