/**
 * Maps `SqlError`s from `@effect/sql-pg` into the port's typed errors, by
 * SQLSTATE: 23505 unique, 23503 foreign key, 23514 check, 23502 not null, and
 * 42501 (row-level security or the audit trail refused the change) as
 * `AccessDenied`, and 22003 (a value computed in the database, such as an `increment`, fell
 * outside its column type's range: `numeric field overflow`, `integer out of
 * range`) as a `CheckViolation` of the constraint `out_of_range`. Input is
 * validated before SQL, so 22003 only arises from arithmetic in the database.
 *
 * @internal
 */
import type { SqlError } from "effect/sql/SqlError"
import {
  AccessDenied,
  CheckViolation,
  ForeignKeyViolation,
  NotNullViolation,
  type StorageError,
  StorageFailure,
  UniqueViolation
} from "../StorageError.ts"

interface PgErrorFields {
  readonly code?: string
  readonly constraint?: string
  readonly table?: string
  readonly schema?: string
  readonly column?: string
  readonly detail?: string
  readonly message?: string
}

const fieldsOf = (error: SqlError): PgErrorFields => {
  const cause: unknown = error.reason.cause
  return cause !== null && typeof cause === "object" ? (cause as PgErrorFields) : {}
}

/** @internal */
export const fromSqlError = (error: SqlError, operation: string, table?: string): StorageError => {
  const fields = fieldsOf(error)
  const where = fields.table ? (fields.schema && fields.schema !== "public" ? `${fields.schema}.${fields.table}` : fields.table) : table ?? "(unknown)"
  switch (fields.code) {
    case "23505":
      return new UniqueViolation({ table: where, constraint: fields.constraint ?? "(unknown)", detail: fields.detail ?? "" })
    case "23503":
      return new ForeignKeyViolation({ table: where, constraint: fields.constraint ?? "(unknown)", detail: fields.detail ?? "" })
    case "23514":
      return new CheckViolation({ table: where, constraint: fields.constraint ?? "(unknown)", detail: fields.detail ?? "" })
    case "23502":
      return new NotNullViolation({ table: where, column: fields.column ?? "(unknown)" })
    case "42501":
      return new AccessDenied({ table: where, operation, reason: fields.message ?? error.reason.message })
    case "22003":
      return new CheckViolation({ table: where, constraint: "out_of_range", detail: fields.message ?? error.reason.message })
  }
  return new StorageFailure({
    operation,
    ...(table === undefined ? {} : { table }),
    ...(fields.code === undefined ? {} : { code: fields.code }),
    reason: fields.message ?? error.reason.message ?? error.message,
    retryable: error.reason.isRetryable
  })
}
