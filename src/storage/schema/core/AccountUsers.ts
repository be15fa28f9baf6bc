/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * account_users: membership of a user in an account with a role; the seed's
 * RLS policies check `role IN ('admin', 'owner')` here. One row per
 * (account, user).
 *
 * @since 0.1.0
 * @category tables
 */
export const AccountUsers = Table.make({
  name: "account_users",
  origin: "core-events",
  description: "Membership of a user in an account, with a role (owner, admin, member)",
  primaryKey: "id",
  columns: {
    id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    user_id: Column.uuid(),
    role: Column.oneOf(["owner", "admin", "member"]).default("'member'"),
    created_at: Column.timestamptz().default("now()"),
    updated_at: Column.timestamptz().default("now()")
  }
})
