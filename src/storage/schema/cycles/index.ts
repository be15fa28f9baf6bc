/**
 * Ringmaster's bookkeeping for decision cycles, in the `ringmaster` Postgres
 * schema: the write-ahead intents of platform changes.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { PlatformChanges } from "./PlatformChanges.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  PlatformChanges
}

/**
 * The cycle bookkeeping tables.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [PlatformChanges]
