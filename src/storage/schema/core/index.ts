/**
 * The core tenancy tables: accounts, users and their membership.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { Accounts } from "./Accounts.ts"
import { AccountUsers } from "./AccountUsers.ts"
import { Users } from "./Users.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  Accounts,
  /**
   * @since 0.1.0
   * @category tables
   */
  AccountUsers,
  /**
   * @since 0.1.0
   * @category tables
   */
  Users
}

/**
 * The core tables in dependency (foreign-key) order.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [Accounts, Users, AccountUsers]
