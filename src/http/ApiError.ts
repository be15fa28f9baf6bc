/**
 * The errors the HTTP API answers with. Every one is a JSON body with a
 * `_tag` and fields that name what was wrong (the parameter, field, rule,
 * constraint); the status is part of its definition, so the OpenAPI document
 * and the typed client know them.
 *
 * | status | error |
 * |---|---|
 * | 400 | `InvalidRequest` (a parameter, header or body that does not decode), `InvalidInput` (storage's `ValidationError`, a bad cursor) |
 * | 401 | `Unauthorized` (no key, or not a live key) |
 * | 403 | `Forbidden` (the key lacks a scope, or its actor may not act) |
 * | 404 | `NotFound` (no such row in this account: another account's rows are never revealed) |
 * | 405 | `MethodNotAllowed` (a path of the API, another method; with `Allow`) |
 * | 409 | `Conflict` (unique violation, not pending, already rolled back, invalid transition) |
 * | 413 | `PayloadTooLarge` |
 * | 422 | `Unprocessable` (a CHECK, foreign key or NOT NULL the database refused) |
 * | 429 | `RateLimited` (with `Retry-After`) |
 * | 502 | `UpstreamFailed` (the ad platform refused a rollback) |
 * | 503 | `Unavailable` (the database failed; `retryable` says whether to retry) |
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * One problem with a request part: the path to the offending value and what
 * was expected.
 *
 * @since 0.1.0
 * @category models
 */
export const Issue = Schema.Struct({
  path: Schema.String,
  message: Schema.String
})

/**
 * A query parameter, path parameter, header or body that does not decode.
 * `parameter` names the first offending one (`query.limit`,
 * `body.confidence`), `rule` says what was expected; `issues` lists all.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  parameter: Schema.String,
  rule: Schema.String,
  issues: Schema.Array(Issue)
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.parameter}: ${this.rule}`
  }
}

/**
 * Input that decoded but a table's rules refuse (storage's
 * `ValidationError`), or a cursor this listing did not issue.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  parameter: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `${this.parameter}: ${this.rule}`
  }
}

/**
 * No credentials, or credentials that are not a live API key.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  reason: Schema.String
}, { httpApiStatus: 401 }) {
  override get message() {
    return `unauthorized: ${this.reason}`
  }
}

/**
 * The key is valid but may not do this: it lacks `scope`, or its actor may
 * not act (a service key approving, say).
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  reason: Schema.String,
  scope: Schema.optional(Schema.String)
}, { httpApiStatus: 403 }) {
  override get message() {
    return `forbidden: ${this.reason}`
  }
}

/**
 * No such row in the key's account. A row of another account answers this
 * too: its existence is never revealed.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  resource: Schema.String,
  id: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `no ${this.resource} ${this.id}`
  }
}

/**
 * The path exists but does not take this method; `allowed` lists the methods
 * it takes (also sent as the `Allow` header).
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  method: Schema.String,
  path: Schema.String,
  allowed: Schema.Array(Schema.String)
}, { httpApiStatus: 405 }) {
  override get message() {
    return `${this.path} does not take ${this.method} (it takes ${this.allowed.join(", ")})`
  }
}

/**
 * The request conflicts with the row's state: a unique key already used, a
 * recommendation no longer pending, a change already rolled back, an alert
 * transition not allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  rule: Schema.String,
  reason: Schema.String,
  /** ids that must be dealt with first (a rollback's later dependents) */
  dependents: Schema.optional(Schema.Array(Schema.String))
}, { httpApiStatus: 409 }) {
  override get message() {
    return `${this.rule}: ${this.reason}`
  }
}

/**
 * The body was larger than the server accepts.
 *
 * @since 0.1.0
 * @category errors
 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  limitBytes: Schema.Number,
  reason: Schema.String
}, { httpApiStatus: 413 }) {
  override get message() {
    return `payload too large: ${this.reason}`
  }
}

/**
 * The database refused the write: a CHECK, a foreign key or a NOT NULL
 * (`constraint` names it).
 *
 * @since 0.1.0
 * @category errors
 */
export class Unprocessable extends Schema.TaggedError<Unprocessable>()("Unprocessable", {
  table: Schema.String,
  constraint: Schema.String,
  rule: Schema.String
}, { httpApiStatus: 422 }) {
  override get message() {
    return `${this.table}: ${this.constraint}: ${this.rule}`
  }
}

/**
 * Too many requests for this key: wait `retryAfterSeconds` (also in the
 * `Retry-After` header).
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterSeconds: Schema.Number,
  limit: Schema.String
}, { httpApiStatus: 429 }) {
  override get message() {
    return `rate limited (${this.limit}): retry after ${this.retryAfterSeconds} s`
  }
}

/**
 * The ad platform refused or could not make the change (a rollback);
 * nothing was recorded.
 *
 * @since 0.1.0
 * @category errors
 */
export class UpstreamFailed extends Schema.TaggedError<UpstreamFailed>()("UpstreamFailed", {
  reason: Schema.String
}, { httpApiStatus: 502 }) {
  override get message() {
    return `upstream failed: ${this.reason}`
  }
}

/**
 * The database failed (connection lost, serialization failure, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", {
  reason: Schema.String,
  retryable: Schema.Boolean
}, { httpApiStatus: 503 }) {
  override get message() {
    return `unavailable: ${this.reason}`
  }
}

/**
 * The errors every endpoint may answer with (besides those of the
 * authentication middleware: `Unauthorized`, `Forbidden`, `RateLimited`,
 * `Unavailable`). `Forbidden` is here too: row-level security may refuse a
 * write (storage's `AccessDenied`).
 *
 * @since 0.1.0
 * @category errors
 */
export const common = [InvalidInput, Forbidden, NotFound, Conflict, Unprocessable, Unavailable] as const

/**
 * Any error of the API.
 *
 * @since 0.1.0
 * @category errors
 */
export type ApiError =
  | InvalidRequest
  | InvalidInput
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | Unprocessable
  | RateLimited
  | UpstreamFailed
  | Unavailable
