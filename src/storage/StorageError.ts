/**
 * The typed errors of the storage port. Every failure names what was wrong: the
 * table, the field or constraint, and the rule that was broken. Raw driver
 * errors never escape the port.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Input (or a stored row) did not satisfy a table's Schema. `field` is the dotted
 * path to the offending value (`confidence_score`, `reasoning.tags[2]`), `rule`
 * what was expected.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  table: Schema.String,
  field: Schema.String,
  rule: Schema.String,
  value: Schema.optional(Schema.Unknown)
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.table}${this.field.startsWith("[") ? "" : "."}${this.field}: ${this.rule}`
  }
}

/**
 * No row with that key.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  table: Schema.String,
  key: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `${this.table}: no row with key ${this.key}`
  }
}

/**
 * A UNIQUE or PRIMARY KEY constraint was violated.
 *
 * @since 0.1.0
 * @category errors
 */
export class UniqueViolation extends Schema.TaggedError<UniqueViolation>()("UniqueViolation", {
  table: Schema.String,
  constraint: Schema.String,
  detail: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `${this.table}: unique constraint ${this.constraint} violated (${this.detail})`
  }
}

/**
 * A FOREIGN KEY constraint was violated: the referenced row does not exist, or
 * a referencing row blocks a delete.
 *
 * @since 0.1.0
 * @category errors
 */
export class ForeignKeyViolation extends Schema.TaggedError<ForeignKeyViolation>()("ForeignKeyViolation", {
  table: Schema.String,
  constraint: Schema.String,
  detail: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `${this.table}: foreign key ${this.constraint} violated (${this.detail})`
  }
}

/**
 * A CHECK constraint was violated in the database (one the model did not
 * catch, for example a table-level check across columns).
 *
 * @since 0.1.0
 * @category errors
 */
export class CheckViolation extends Schema.TaggedError<CheckViolation>()("CheckViolation", {
  table: Schema.String,
  constraint: Schema.String,
  detail: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.table}: check constraint ${this.constraint} violated`
  }
}

/**
 * A NOT NULL column received NULL.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotNullViolation extends Schema.TaggedError<NotNullViolation>()("NotNullViolation", {
  table: Schema.String,
  column: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.table}.${this.column}: must not be null`
  }
}

/**
 * Any other database failure (connection lost, serialization failure, ...),
 * with the SQLSTATE when there is one. `retryable` says whether running the
 * same work again may succeed.
 *
 * @since 0.1.0
 * @category errors
 */
export class StorageFailure extends Schema.TaggedError<StorageFailure>()("StorageFailure", {
  operation: Schema.String,
  table: Schema.optional(Schema.String),
  code: Schema.optional(Schema.String),
  reason: Schema.String,
  retryable: Schema.Boolean
}, { httpApiStatus: 503 }) {
  override get message() {
    return `${this.operation}${this.table ? ` on ${this.table}` : ""} failed: ${this.reason}${this.code ? ` (SQLSTATE ${this.code})` : ""}`
  }
}

/**
 * Row-level security refused the change: the actor may not write that row
 * (an insert or update naming another account, a role that may not change
 * the table), or the table refuses the operation for every actor (the audit
 * trail's append-only rule). `reason` is the database's message.
 *
 * @since 0.1.0
 * @category errors
 */
export class AccessDenied extends Schema.TaggedError<AccessDenied>()("AccessDenied", {
  table: Schema.String,
  operation: Schema.String,
  reason: Schema.String
}, { httpApiStatus: 403 }) {
  override get message() {
    return `${this.table}: ${this.operation} refused: ${this.reason}`
  }
}

/**
 * Every error the storage port can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type StorageError =
  | ValidationError
  | NotFound
  | UniqueViolation
  | ForeignKeyViolation
  | CheckViolation
  | NotNullViolation
  | AccessDenied
  | StorageFailure

/**
 * A constraint violation (unique, foreign key, check, not null).
 *
 * @since 0.1.0
 * @category errors
 */
export type ConstraintViolation = UniqueViolation | ForeignKeyViolation | CheckViolation | NotNullViolation
