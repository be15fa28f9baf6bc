/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.safety_entities: per entity (`type:id`) the opening value of its
 * current UTC day and the total absolute movement applied to it that day, by
 * any requester, for the envelope's daily movement cap.
 *
 * @since 0.1.0
 * @category tables
 */
export const SafetyEntities = Table.make({
  name: "safety_entities",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Safety envelope state per entity: the day's opening value and movement",
  primaryKey: "entity",
  columns: {
    entity: Column.text().check("length(entity) > 0", Column.nonEmpty()),
    high_water_at: Column.timestamptz(),
    day: Column.date(),
    opening: Column.doublePrecision(),
    movement: Column.doublePrecision().check("movement >= 0", Column.atLeast(0)).default("0"),
    // migration 0011: the acting account (NULL: a row of the system actor's)
    account_id: Column.uuid().nullable().default("nullif(current_setting('ringmaster.account_id', true), '')::uuid")
  }
})
