/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ringmaster.platform_changes: a write-ahead intent per change a decision
 * cycle sends to an ad platform (migration 0008). The intent commits before
 * the platform is called, under the id the platform is given
 * (`change_id`); the decision's own transaction marks it `applied` or
 * `not_applied`. An intent still `intended` later means the process stopped
 * between the platform and its commit: the next cycle asks the platform
 * whether `change_id` was applied and reverts it (`reverted`) or closes it
 * (`not_applied`), so the platform never keeps a change our records lack.
 *
 * @since 0.1.0
 * @category tables
 */
export const PlatformChanges = Table.make({
  name: "platform_changes",
  schema: "ringmaster",
  origin: "ringmaster",
  description: "Write-ahead intents of changes sent to ad platforms, reconciled after a crash",
  primaryKey: "change_id",
  columns: {
    change_id: Column.uuid().default("gen_random_uuid()"),
    account_id: Column.uuid(),
    cycle_id: Column.uuid().nullable(),
    platform: Column.text().check("length(platform) > 0", Column.nonEmpty()),
    change: Column.jsonb(),
    status: Column.oneOf(["intended", "applied", "not_applied", "reverted"]).default("'intended'"),
    detail: Column.jsonb().nullable(),
    created_at: Column.timestamptz().default("now()"),
    resolved_at: Column.timestamptz().nullable()
  }
})
