/**
 * Which database role the library's queries run as, and the check that it is
 * one row-level security binds.
 *
 * Migrations run as the connecting role (it must be able to create roles and
 * tables: a superuser, or a role with `CREATEROLE` that owns the schema). They
 * create `ringmaster_owner`, which owns every table, and `ringmaster_app`, an
 * ordinary role. In the default `application` mode every transaction of the
 * port switches to `ringmaster_app` (`set_config('role', 'ringmaster_app',
 * true)`, local to the transaction, so a pooled connection carries nothing
 * over), and the layer refuses to start unless that role is subject to
 * row-level security: not a superuser, without `BYPASSRLS`, and not the
 * tables' owner. `admin` mode is the host's explicit choice to run every query
 * as the connecting role (a maintenance script, a superuser console): row-level
 * security then binds only if that role is an ordinary one.
 *
 * The actor (`Actor.ts`) the policies read is set by the library in the same
 * transaction. Policies therefore protect tenants from each other across every
 * call the library makes; a host that runs its own SQL as `ringmaster_app`
 * must not forge the `ringmaster.*` settings.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { describeCause } from "./internal/describeCause.ts"

/**
 * `application` (the default): queries run as {@link applicationRole};
 * `admin`: queries run as the connecting role, unchecked.
 *
 * @since 0.1.0
 * @category models
 */
export type Mode = "application" | "admin"

/**
 * The ordinary role the library's queries run as (created by migration 0011).
 *
 * @since 0.1.0
 * @category constants
 */
export const applicationRole = "ringmaster_app"

/**
 * The role that owns every table (created by migration 0011).
 *
 * @since 0.1.0
 * @category constants
 */
export const ownerRole = "ringmaster_owner"

/**
 * Options of the storage layers.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** `application` by default; `admin` runs every query as the connecting role */
  readonly access?: Mode | undefined
}

/**
 * The library would serve queries as a role that row-level security does not
 * bind (or cannot switch to its application role). `role` is the role,
 * `reason` what is wrong with it and what to do.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnsafeDatabaseRole extends Schema.TaggedError<UnsafeDatabaseRole>()("UnsafeDatabaseRole", {
  role: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `refusing to serve queries as role ${this.role}: ${this.reason}`
  }
}

interface RoleRow {
  readonly role: string
  readonly session_role: string
  readonly superuser: boolean
  readonly bypassrls: boolean
  readonly owner: boolean
}

/**
 * Checks, in one transaction switched to {@link applicationRole}, that the
 * role queries run as is bound by row-level security. Fails with
 * {@link UnsafeDatabaseRole} naming the role and what is wrong.
 *
 * @since 0.1.0
 * @category checks
 */
export const verify: Effect.Effect<void, UnsafeDatabaseRole, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql.withTransaction(Effect.gen(function*() {
    const session = yield* sql.unsafe<{ session_role: string }>(`select session_user::text as session_role`)
    yield* sql.unsafe(`select set_config('role', $1, true)`, [applicationRole]).pipe(
      Effect.mapError((e: SqlError) =>
        new UnsafeDatabaseRole({
          role: session[0]?.session_role ?? "(unknown)",
          reason: `cannot switch to ${applicationRole} (${describeCause(e.reason.cause ?? e.reason.message)}); ` +
            `run the migrations first, and GRANT ${applicationRole} TO the connecting role`
        })
      )
    )
    return yield* sql.unsafe<RoleRow>(
      `select current_user::text as role, session_user::text as session_role, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
        exists (select 1 from pg_class c where c.relname = 'accounts' and c.relnamespace = 'public'::regnamespace
          and pg_has_role(current_user, c.relowner, 'MEMBER')) as owner
       from pg_roles r where r.rolname = current_user`
    )
  })).pipe(
    Effect.catchTag("SqlError", (e) => Effect.fail(new UnsafeDatabaseRole({ role: "(unknown)", reason: describeCause(e.reason.cause ?? e.reason.message) })))
  )
  const row = rows[0]
  if (row === undefined) return yield* new UnsafeDatabaseRole({ role: "(unknown)", reason: "the current role is not in pg_roles" })
  const problems = [
    ...(row.superuser ? ["it is a superuser"] : []),
    ...(row.bypassrls ? ["it has BYPASSRLS"] : []),
    ...(row.owner ? ["it owns the tables (or is a member of their owner)"] : [])
  ]
  if (problems.length > 0) {
    return yield* new UnsafeDatabaseRole({
      role: row.role,
      reason: `${problems.join(", ")}, so row-level security would not bind it; ` +
        `use the ${applicationRole} role migration 0011 creates, or ask for { access: "admin" } explicitly`
    })
  }
})
