/**
 * The schema's migrations, in order, and the effect that applies the pending
 * ones. Each migration is a module under `migrations/` exporting its SQL
 * statements; applied versions are recorded in `ringmaster_migrations`
 * (`effect/sql`'s migrator, which takes a table lock so concurrent starts apply
 * each migration once). Running it again is a no-op.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import * as Migrator from "effect/sql/Migrator"
import * as M0001 from "./migrations/0001_core.ts"
import * as M0002 from "./migrations/0002_events.ts"
import * as M0003 from "./migrations/0003_events_ai.ts"
import * as M0004 from "./migrations/0004_marketing.ts"
import * as M0005 from "./migrations/0005_marketing_ai.ts"
import * as M0006 from "./migrations/0006_safety.ts"

/**
 * One migration: an id, a name, what it does, and its statements.
 *
 * @since 0.1.0
 * @category models
 */
export interface Migration {
  readonly id: number
  readonly name: string
  readonly description: string
  readonly statements: ReadonlyArray<string>
}

/**
 * Every migration, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const all: ReadonlyArray<Migration> = [
  { id: 1, name: "core", ...M0001 },
  { id: 2, name: "events", ...M0002 },
  { id: 3, name: "events_ai", ...M0003 },
  { id: 4, name: "marketing", ...M0004 },
  { id: 5, name: "marketing_ai", ...M0005 },
  { id: 6, name: "safety", ...M0006 }
]

/**
 * The table that records applied migrations.
 *
 * @since 0.1.0
 * @category migrations
 */
export const table = "ringmaster_migrations"

/**
 * A migration failed; names the migration and the statement.
 *
 * @since 0.1.0
 * @category errors
 */
export class MigrationFailed extends Schema.TaggedError<MigrationFailed>()("MigrationFailed", {
  migration: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `migration ${this.migration} failed: ${this.reason}`
  }
}

const toEffect = (migration: Migration) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const [index, statement] of migration.statements.entries()) {
      yield* sql.unsafe(statement).pipe(
        Effect.mapError((e) =>
          new MigrationFailed({
            migration: `${String(migration.id).padStart(4, "0")}_${migration.name}`,
            reason: `statement ${index + 1}: ${(e.reason.cause as { message?: string } | undefined)?.message ?? e.message}\n  ${statement.trim().split("\n")[0]}`
          })
        )
      )
    }
  })

const migrator = Migrator.make({})

/**
 * Applies the pending migrations; returns the `[id, name]` of those it applied.
 *
 * @since 0.1.0
 * @category migrations
 */
export const run = Effect.gen(function*() {
  return yield* migrator({
    table,
    loader: Migrator.fromRecord(
      Object.fromEntries(all.map((m) => [`${String(m.id).padStart(4, "0")}_${m.name}`, toEffect(m)]))
    )
  }).pipe(
    Effect.mapError((e) =>
      e._tag === "MigrationError"
        ? new MigrationFailed({ migration: "(migrator)", reason: e.message })
        : new MigrationFailed({ migration: "(migrator)", reason: e.message })
    )
  )
})

/**
 * The applied migrations, as recorded.
 *
 * @since 0.1.0
 * @category migrations
 */
export const applied = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const exists = yield* sql<{ exists: boolean }>`select to_regclass(${table}) is not null as exists`
  if (!exists[0]?.exists) return []
  return yield* sql<{ migration_id: number; name: string; created_at: Date }>`select migration_id, name, created_at from ${sql(table)} order by migration_id`
})

/**
 * Applies pending migrations when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<never, MigrationFailed, SqlClient.SqlClient> = Layer.effectDiscard(run)
