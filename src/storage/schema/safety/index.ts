/**
 * Ringmaster's own bookkeeping tables, in the `ringmaster` Postgres schema:
 * the safety envelope's durable state and its record of decisions.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { SafetyCooldowns } from "./SafetyCooldowns.ts"
import { SafetyDecisions } from "./SafetyDecisions.ts"
import { SafetyEntities } from "./SafetyEntities.ts"
import { SafetyOutcomes } from "./SafetyOutcomes.ts"
import { SafetyRequesters } from "./SafetyRequesters.ts"
import { SafetyRuns } from "./SafetyRuns.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyCooldowns,
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyDecisions,
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyEntities,
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyOutcomes,
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyRequesters,
  /**
   * @since 0.1.0
   * @category tables
   */
  SafetyRuns
}

/**
 * The safety tables in dependency order.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [
  SafetyRequesters,
  SafetyEntities,
  SafetyCooldowns,
  SafetyRuns,
  SafetyOutcomes,
  SafetyDecisions
]
