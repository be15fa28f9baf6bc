/**
 * What handlers share: the mapping of storage's typed errors to API errors,
 * account-scoped listing and lookup.
 *
 * Every query is scoped to the principal's account here, in the handler
 * (row-level security is not installed yet; once it is, it applies as well,
 * since requests run as the principal's actor).
 */
import { createHash } from "node:crypto"
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

/**
 * Whether a failure is one of storage's typed errors (the API's own
 * `NotFound` shares its tag with storage's, so it is told apart by class).
 */
export const isStorageError = (e: unknown): e is StorageError =>
  typeof e === "object" && e !== null && !(e instanceof ApiError.NotFound) &&
  storageTags.has((e as { readonly _tag?: unknown })._tag as string)

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
    case "StorageFailure":
      return new ApiError.Unavailable({ reason: error.reason, retryable: error.retryable })
    default:
      // `AccessDenied`: row-level security refused a write; the actor may not change that row
      return new ApiError.Forbidden({ reason: error.message })
  }
}

/** Maps the storage errors of an effect to API errors. */
export const storageErrors = <A, E, R>(
  effect: Effect.Effect<A, E | StorageError, R>
): Effect.Effect<A, Exclude<E, StorageError> | CommonError, R> =>
  Effect.catchIf(effect, isStorageError, (e) => Effect.fail(fromStorage(e))) as Effect.Effect<A, Exclude<E, StorageError> | CommonError, R>

const fingerprint = (parts: unknown): string => createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16)

const invalidCursor = new ApiError.InvalidInput({
  parameter: "query.cursor",
  rule: "not a cursor this listing issued with these filters and this order (start again without a cursor)"
})

/**
 * The API's cursor: storage's keyset cursor with a fingerprint of the
 * listing (table, account, filters, window, order), so a cursor replayed
 * with other filters or another order is refused instead of skipping rows.
 */
const wrapCursor = (listing: string, cursor: string | null): string | null =>
  cursor === null ? null : `${listing}.${cursor}`

const unwrapCursor = (listing: string, cursor: string | undefined): Effect.Effect<string | null, ApiError.InvalidInput> => {
  if (cursor === undefined) return Effect.succeed(null)
  const dot = cursor.indexOf(".")
  if (dot < 0 || cursor.slice(0, dot) !== listing || dot === cursor.length - 1) return Effect.fail(invalidCursor)
  return Effect.succeed(cursor.slice(dot + 1))
}

/**
 * One page of the principal's rows of a table: the filter given, the
 * creation window, newest first unless `order=asc`, the id breaking ties
 * (storage appends the primary key to every ordering), so a walk with
 * `nextCursor` sees every row once.
 */
export const list = <T extends Table.Any>(
  storage: StorageShape,
  table: T,
  query: PageQuery,
  where: { readonly [column: string]: unknown },
  /** `account_id` (the default) adds `account_id = <the key's account>`; `none` when `where` scopes already (event ids) */
  scope: "account_id" | "none" = "account_id"
) =>
  Effect.gen(function*() {
    const principal = yield* CurrentPrincipal
    const created: Record<string, Date> = {}
    if (query.since !== undefined) created.gte = new Date(query.since)
    if (query.until !== undefined) created.lt = new Date(query.until)
    const filter = {
      ...where,
      ...(scope === "account_id" ? { account_id: principal.accountId } : {}),
      ...(Object.keys(created).length === 0 ? {} : { created_at: created })
    } as unknown as Query.Where<Table.Row<T>>
    const order = query.order ?? "desc"
    const listing = fingerprint([
      table.name,
      principal.accountId,
      Object.entries(where).sort(([a], [b]) => (a < b ? -1 : 1)),
      query.since ?? null,
      query.until ?? null,
      order
    ])
    const cursor = yield* unwrapCursor(listing, query.cursor)
    const page = yield* storage.find(table, {
      where: filter,
      orderBy: [{ column: "created_at" as keyof Table.Row<T> & string, direction: order }],
      limit: query.limit ?? defaultLimit,
      cursor
    }).pipe(Effect.mapError((e) => e._tag === "ValidationError" && e.field.startsWith("cursor") ? invalidCursor : fromStorage(e, "query")))
    return { items: page.items, nextCursor: wrapCursor(listing, page.nextCursor) }
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
