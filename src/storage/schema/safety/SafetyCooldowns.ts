/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_cooldowns: the last execution per requester and entity
 * (per requester alone for actions on no entity), for the envelope's cooldown.
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyCooldowns = Table.make({
  name: "safety_cooldowns",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Safety envelope state: last execution per requester and entity",
  primaryKey: "cooldown_key",
  columns: {
    cooldown_key: Column.text().check("length(cooldown_key) > 0", Column.nonEmpty()),
    requester: Column.text().check("length(requester) > 0", Column.nonEmpty()),
    entity: Column.text().nullable(),
    last_execution_at: Column.timestamptz(),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
