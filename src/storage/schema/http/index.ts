/**
 * The HTTP API's bookkeeping, in the `ringmaster` Postgres schema: API keys.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { ApiKeys, type Scope, scopes } from "./ApiKeys.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  ApiKeys,
  /**
   * @since 0.1.0
   * @category models
   */
  type Scope,
  /**
   * @since 0.1.0
   * @category models
   */
  scopes
}

/**
 * The HTTP tables.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [ApiKeys]
