/**
 * What handlers share: the mapping of storage's typed errors to API errors,
 * account-scoped listing and lookup.
 *
 * Every query is scoped to the principal's account here, in the handler
 * (row-level security is not installed yet; once it is, it applies as well,
 * since requests run as the principal's actor).
 */
import { Effect } from "effect"
import type * as Query from "../../storage/Query.ts"
import type { StorageShape } from "../../storage/Storage.ts"
import type { StorageError } from "../../storage/StorageError.ts"
import type * as Table from "../../storage/Table.ts"
import * as ApiError from "../ApiError.ts"
import { CurrentPrincipal } from "../Authentication.ts"
import { defaultLimit, type PageQuery } from "../Listing.ts"

/** The errors every endpoint declares. */
export type CommonError =
  | ApiError.InvalidInput
  | ApiError.Forbidden
  | ApiError.NotFound
  | ApiError.Conflict
  | ApiError.Unprocessable
  | ApiError.Unavailable

const storageTags: ReadonlySet<string> = new Set([
  "ValidationError",
  "NotFound",
  "UniqueViolation",
  "ForeignKeyViolation",
  "CheckViolation",
  "NotNullViolation",
  "AccessDenied",
  "StorageFailure"
] satisfies ReadonlyArray<StorageError["_tag"]>)

/** Whether a failure is one of storage's typed errors. */
export const isStorageError = (e: unknown): e is StorageError =>
  typeof e === "object" && e !== null && storageTags.has((e as { readonly _tag?: unknown })._tag as string)

/** The API error a storage error answers with. */
export const fromStorage = (error: StorageError, parameterPrefix = "body"): CommonError => {
  switch (error._tag) {
    case "ValidationError":
      return error.field === "cursor" || error.field.startsWith("cursor")
        ? new ApiError.InvalidInput({ parameter: "query.cursor", rule: error.rule })
        : new ApiError.InvalidInput({ parameter: `${parameterPrefix}.${error.field}`, rule: `${error.table}: ${error.rule}` })
    case "NotFound":
      return new ApiError.NotFound({ resource: error.table, id: error.key })
    case "UniqueViolation":
      return new ApiError.Conflict({ rule: `unique ${error.constraint}`, reason: error.detail })
    case "ForeignKeyViolation":
      return new ApiError.Unprocessable({ table: error.table, constraint: error.constraint, rule: `foreign key: ${error.detail}` })
    case "CheckViolation":
      return new ApiError.Unprocessable({ table: error.table, constraint: error.constraint, rule: `check: ${error.detail}` })
    case "NotNullViolation":
      return new ApiError.Unprocessable({ table: error.table, constraint: `${error.column} not null`, rule: "must not be null" })
    case "AccessDenied":
      // row-level security refused a write: the actor may not change that row
      return new ApiError.Forbidden({ reason: `${error.table}: ${error.operation} refused by row-level security` })
    case "StorageFailure":
      return new ApiError.Unavailable({ reason: error.reason, retryable: error.retryable })
  }
}

/** Maps the storage errors of an effect to API errors. */
export const storageErrors = <A, E, R>(
  effect: Effect.Effect<A, E | StorageError, R>
): Effect.Effect<A, Exclude<E, StorageError> | CommonError, R> =>
  Effect.catchIf(effect, isStorageError, (e) => Effect.fail(fromStorage(e))) as Effect.Effect<A, Exclude<E, StorageError> | CommonError, R>

/**
 * One page of the principal's rows of a table: the filter given, the
 * creation window, newest first unless `order=asc`.
 */
export const list = <T extends Table.Any>(
  storage: StorageShape,
  table: T,
  query: PageQuery,
  where: { readonly [column: string]: unknown }
) =>
  Effect.gen(function*() {
    const principal = yield* CurrentPrincipal
    const created: Record<string, Date> = {}
    if (query.since !== undefined) created.gte = new Date(query.since)
    if (query.until !== undefined) created.lt = new Date(query.until)
    const filter = {
      ...where,
      account_id: principal.accountId,
      ...(Object.keys(created).length === 0 ? {} : { created_at: created })
    } as unknown as Query.Where<Table.Row<T>>
    const page = yield* storage.find(table, {
      where: filter,
      orderBy: [{ column: "created_at" as keyof Table.Row<T> & string, direction: query.order ?? "desc" }],
      limit: query.limit ?? defaultLimit,
      cursor: query.cursor ?? null
    }).pipe(Effect.mapError((e) => fromStorage(e, "query")))
    return { items: page.items, nextCursor: page.nextCursor }
  })

/** Drops the keys whose value is `undefined` (filters left out). */
export const defined = (where: { readonly [column: string]: unknown }): { readonly [column: string]: unknown } =>
  Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined))

/**
 * The principal's row of a table with that id; another account's row, or
 * none, is the same `NotFound`.
 */
export const owned = <T extends Table.Any>(storage: StorageShape, table: T, id: string, resource: string) =>
  Effect.gen(function*() {
    const principal = yield* CurrentPrincipal
    const row = yield* storage.get(table, id as Table.Key<T>).pipe(
      Effect.catchTag("NotFound", () => Effect.fail(new ApiError.NotFound({ resource, id }))),
      Effect.mapError((e) => e._tag === "NotFound" && e instanceof ApiError.NotFound ? e : fromStorage(e as StorageError))
    )
    if ((row as { readonly account_id?: unknown }).account_id !== principal.accountId) {
      return yield* new ApiError.NotFound({ resource, id })
    }
    return row
  })
