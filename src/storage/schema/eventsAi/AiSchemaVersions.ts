/**
 * @since 0.1.0
 */
import * as Column from "../../Column.ts"
import * as Table from "../../Table.ts"

/**
 * ai_schema_versions: versions of seed 000's AI data schema applied to this
 * database (seed 000 "Schema Versioning"); migration 0003 records '1.0.0'.
 *
 * @since 0.1.0
 * @category tables
 */
export const AiSchemaVersions = Table.make({
  name: "ai_schema_versions",
  origin: "seed-000",
  description: "Applied versions of the AI data schema",
  primaryKey: "version",
  columns: {
    version: Column.text(),
    applied_at: Column.timestamptz().nullable().default("now()"),
    description: Column.text().nullable(),
    migration_script: Column.text().nullable()
  }
})
