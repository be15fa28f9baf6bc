/**
 * The storage port: the one interface domain code uses to read and write every
 * table. An adapter implements it once and every table works through it (see
 * `SqlStorage.ts` for the SQL adapter, and `ringmaster/storage/conformance`
 * for the suite an adapter must pass).
 *
 * Every call runs as the fiber's actor (`Actor.withActor`) inside a
 * transaction that carries that actor; calls inside `transaction` share it.
 * Every mutation is reported to the {@link MutationObserver} inside its own
 * transaction, so an audit trail written there commits or rolls back with it.
 *
 * @since 0.1.0
 */
import { Context, Effect } from "effect"
import type { Actor } from "./Actor.ts"
import type * as Query from "./Query.ts"
import type { StorageError } from "./StorageError.ts"
import type * as Table from "./Table.ts"

/**
 * What the port can do.
 *
 * @since 0.1.0
 * @category models
 */
export interface StorageShape {
  /** Validates and inserts one row; returns it as stored (defaults filled in). */
  readonly insert: <T extends Table.Any>(table: T, row: Table.Insert<T>) => Effect.Effect<Table.Row<T>, StorageError>
  /** Validates and inserts rows all or nothing; returns them as stored, in input order. */
  readonly insertMany: <T extends Table.Any>(
    table: T,
    rows: ReadonlyArray<Table.Insert<T>>
  ) => Effect.Effect<ReadonlyArray<Table.Row<T>>, StorageError>
  /** Like `insertMany` but returns only the number of rows written: the bulk-load path. */
  readonly bulkInsert: <T extends Table.Any>(
    table: T,
    rows: ReadonlyArray<Table.Insert<T>>
  ) => Effect.Effect<number, StorageError>
  /**
   * Validates and applies a patch to the row with that key; fails with
   * `NotFound` if there is none. A key that names no column, or the primary
   * key itself, is a `ValidationError`.
   */
  readonly update: <T extends Table.Any>(
    table: T,
    key: Table.Key<T>,
    patch: Table.Update<T>
  ) => Effect.Effect<Table.Row<T>, StorageError>
  /** Deletes the row with that key and returns it; fails with `NotFound` if there is none. */
  readonly delete: <T extends Table.Any>(table: T, key: Table.Key<T>) => Effect.Effect<Table.Row<T>, StorageError>
  /**
   * Atomically changes one row: adds to numeric columns, folds a sample into
   * running means and assigns columns, in one SQL `UPDATE ... RETURNING`, so
   * concurrent increments of the same row never lose one another. Returns the
   * row as stored; fails with `NotFound` if there is none, with a
   * `ValidationError` for a column that does not exist or is not numeric, a
   * value that is not a finite number (or not an integer for an `integer`
   * column), or a patch `update` would refuse; the database's CHECKs apply to
   * the result (`CheckViolation`). Reported to the observer as an update.
   */
  readonly increment: <T extends Table.Any>(
    table: T,
    key: Table.Key<T>,
    change: Query.Increment<Table.Row<T>, Table.Update<T>>
  ) => Effect.Effect<Table.Row<T>, StorageError>
  /**
   * Deletes every row matching a filter and returns how many went;
   * foreign-key cascades apply as the schema says. A filter that matches every
   * row unconditionally (`{}`) is refused with a `ValidationError` (field
   * `where`) unless `options.allRows` is `true`: an empty filter is far more
   * often a bug than a wish to empty the table.
   */
  readonly deleteMany: <T extends Table.Any>(
    table: T,
    where: Query.Where<Table.Row<T>>,
    options?: DeleteManyOptions
  ) => Effect.Effect<number, StorageError>
  /** The row with that key; fails with `NotFound` if there is none. */
  readonly get: <T extends Table.Any>(table: T, key: Table.Key<T>) => Effect.Effect<Table.Row<T>, StorageError>
  /**
   * Rows matching a query, in its order, a page at a time when it has a limit.
   * Every part of the query is validated at runtime (see `Query.ts`).
   */
  readonly find: <T extends Table.Any>(
    table: T,
    query?: Query.Query<Table.Row<T>>
  ) => Effect.Effect<Query.Page<Table.Row<T>>, StorageError>
  /** The number of rows matching a filter. */
  readonly count: <T extends Table.Any>(
    table: T,
    where?: Query.Where<Table.Row<T>>
  ) => Effect.Effect<number, StorageError>
  /**
   * Runs an effect in one transaction: all its writes commit together or none
   * do. Nested calls share the outer transaction (with a savepoint).
   */
  readonly transaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StorageError, R>
}

/**
 * Options of `deleteMany`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeleteManyOptions {
  /**
   * Allows a filter that matches every row (`{}`): the call then empties the
   * table. Without it such a filter is a `ValidationError`.
   */
  readonly allRows?: boolean | undefined
}

/**
 * The storage port.
 *
 * @since 0.1.0
 * @category services
 */
export class Storage extends Context.Service<Storage, StorageShape>()("ringmaster/storage/Storage") {}

/**
 * One mutation, as the observer sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mutation {
  readonly table: Table.Any
  readonly operation: "insert" | "update" | "delete"
  readonly actor: Actor
  /** rows as stored after the change (insert, update) */
  readonly after: ReadonlyArray<Record<string, unknown>>
  /** rows as they were before the change (update, delete) */
  readonly before: ReadonlyArray<Record<string, unknown>>
}

/**
 * Sees every mutation inside the mutation's own transaction: a failure here
 * rolls the mutation back. The default does nothing; the audit trail installs
 * one with `Layer.succeed(MutationObserver, ...)`.
 *
 * @since 0.1.0
 * @category services
 */
export const MutationObserver = Context.Reference<MutationObserverShape>("ringmaster/storage/MutationObserver", {
  defaultValue: () => ignoreMutations
})

/**
 * What a mutation observer does.
 *
 * @since 0.1.0
 * @category models
 */
export interface MutationObserverShape {
  readonly observe: (mutation: Mutation) => Effect.Effect<void, StorageError>
}

/**
 * The default observer: ignores every mutation (and lets adapters skip reading
 * the rows a change replaces).
 *
 * @since 0.1.0
 * @category constructors
 */
export const ignoreMutations: MutationObserverShape = { observe: () => Effect.void }
