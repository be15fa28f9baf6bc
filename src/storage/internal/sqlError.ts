/**
 * Maps `SqlError`s from `@effect/sql-pg` into the port's typed errors, by
 * SQLSTATE: 23505 unique, 23503 foreign key, 23514 check, 23502 not null.
 *
 * @internal
 */
import type { SqlError } from "effect/sql/SqlError"
import {
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
  }
  return new StorageFailure({
    operation,
    ...(table === undefined ? {} : { table }),
    ...(fields.code === undefined ? {} : { code: fields.code }),
    reason: fields.message ?? error.reason.message ?? error.message,
    retryable: error.reason.isRetryable
  })
}
