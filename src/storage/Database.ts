/**
 * Where the data lives: embedded PGlite (in memory, or in a data directory) or
 * a PostgreSQL server. Both are reached through `@effect/sql-pg`'s `PgClient`,
 * so there is one driver, one dialect and one set of migrations.
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import { PgClient } from "@effect/sql-pg"
import { Config, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import * as DataDirLock from "./internal/dataDirLock.ts"
import * as Internal from "./internal/describeCause.ts"
import { makePgliteStream } from "./internal/pgliteStream.ts"
import { hostname } from "node:os"

/**
 * The database could not be opened. `target` names it (a data directory, or a
 * server URL without its password); `reason` says what went wrong. When a data
 * directory is in use by another process, `lockedBy` is that process's pid.
 *
 * @since 0.1.0
 * @category errors
 */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>()("DatabaseUnavailable", {
  target: Schema.String,
  reason: Schema.String,
  lockedBy: Schema.optionalKey(Schema.Number)
}) {
  override get message() {
    return `cannot open database ${this.target}: ${this.reason}`
  }
}

/**
 * One line describing a failure's cause, whatever was thrown: an `Error`'s
 * message (with its code), an object's `message`, or its JSON.
 *
 * @since 0.1.0
 * @category utils
 */
export const describeCause: (cause: unknown) => string = Internal.describeCause

/**
 * One line describing a `SqlError`: what failed and why, without the driver's
 * prefix (`Failed to connect: connect ECONNREFUSED 127.0.0.1:1`,
 * `Query failed: relation "accounts" does not exist`).
 *
 * @since 0.1.0
 * @category utils
 */
export const describeSqlError = (error: SqlError): string => {
  const reason = error.reason
  const what = (reason.message ?? reason._tag).replace(/^PgConnection: /, "")
  const why = reason.cause === undefined ? "" : describeCause(reason.cause)
  const line = why === "" || why === what ? what : `${what}: ${why}`
  if (/Failed to parse server|Protocol desync|Invalid SSLRequest response/.test(what)) {
    return `${line} (the server does not speak the PostgreSQL protocol)`
  }
  return line.replace(/\s*\n\s*/g, " ")
}

/**
 * Options of the embedded database.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgliteOptions {
  /**
   * a directory to keep the data in (created if missing, and locked against
   * other processes while open); in memory when absent
   */
  readonly dataDir?: string | undefined
  /** how long opening PGlite may take (60 seconds by default) */
  readonly openTimeout?: Duration.Input | undefined
}

/**
 * The name of the lock file PGlite data directories hold while a process has
 * them open (its first line is the owner's pid).
 *
 * @since 0.1.0
 * @category constants
 */
export const lockFileName: string = DataDirLock.lockFileName

const openPglite = (
  dataDir: string | undefined,
  target: string,
  timeout: Duration.Duration,
  abandoned: (closing: Promise<unknown>) => void
) =>
  Effect.suspend(() => {
    const pending = PGlite.create(dataDir === undefined ? {} : { dataDir })
    return Effect.tryPromise({
      try: () => pending,
      catch: (cause) => new DatabaseUnavailable({ target, reason: `PGlite failed to open: ${describeCause(cause)}` })
    }).pipe(
      // timed out or interrupted: close it if it opens after all; the directory stays locked until then
      Effect.onInterrupt(() => Effect.sync(() => abandoned(pending.then((db) => db.close(), () => undefined)))),
      Effect.timeoutOrElse({
        duration: timeout,
        orElse: () => Effect.fail(new DatabaseUnavailable({ target, reason: `PGlite did not open within ${Duration.format(timeout)}` }))
      })
    )
  })

/**
 * Opens PGlite (closed when the scope closes) and connects `PgClient` to it
 * in-process through the wire-protocol bridge. PGlite serves one connection.
 *
 * With a `dataDir`, the directory is created if missing and locked first
 * (a `ringmaster.pid` file naming this process, removed when the scope closes):
 * a second process fails with `DatabaseUnavailable` naming the first one's pid
 * instead of corrupting the data. A lock left by a process that died is taken
 * over.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePglite = (options: PgliteOptions = {}) =>
  Effect.gen(function*() {
    const target = options.dataDir ?? "memory://"
    const timeout = Duration.fromInputUnsafe(options.openTimeout ?? "60 seconds")
    let dataDir = options.dataDir
    let abandoned = (_closing: Promise<unknown>): void => {}
    if (dataDir !== undefined && !dataDir.startsWith("memory://")) {
      const requested = dataDir
      const lock = yield* DataDirLock.acquire(requested).pipe(
        Effect.mapError((e) =>
          e._tag === "DataDirLockHeld"
            ? new DatabaseUnavailable({
              target,
              lockedBy: e.pid,
              reason: `in use by ${e.self ? "this process" : "process"} ${e.pid}${e.hostname === hostname() ? "" : ` on host ${e.hostname}`}` +
                ` (lock file ${e.file}); ${e.self ? "close the other layer" : "stop that process"} or use another data directory`
            })
            : new DatabaseUnavailable({ target, reason: e.reason })
        )
      )
      dataDir = lock.dir
      abandoned = (closing) => DataDirLock.releaseAfter(lock, closing)
    }
    const db = yield* Effect.acquireRelease(
      openPglite(dataDir, target, timeout, abandoned),
      (db) => Effect.promise(() => db.close()).pipe(Effect.ignore),
      { interruptible: true }
    )
    return yield* PgClient.makeClient({
      stream: () => makePgliteStream(db),
      username: "postgres",
      database: "postgres",
      applicationName: "ringmaster"
    }).pipe(Effect.mapError((e) => new DatabaseUnavailable({ target, reason: describeSqlError(e) })))
  })

/**
 * `PgClient` and `SqlClient` over embedded PGlite.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (options: PgliteOptions = {}): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, DatabaseUnavailable> =>
  PgClient.layerFrom(makePglite(options))

/**
 * Options of a server connection.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions {
  /** the pool's size (10 by default) */
  readonly maxConnections?: number | undefined
  /**
   * how long connecting (TCP, TLS, startup, authentication) may take: the URL's
   * `connect_timeout` (seconds) when absent, else 5 seconds
   */
  readonly connectTimeout?: Duration.Input | undefined
}

const connectTimeoutOf = (url: string, option: Duration.Input | undefined): Duration.Duration => {
  if (option !== undefined) return Duration.fromInputUnsafe(option)
  const param = URL.canParse(url) ? new URL(url).searchParams.get("connect_timeout") : null
  const seconds = param === null ? Number.NaN : Number(param)
  // as libpq: 0 waits forever
  return seconds === 0 ? Duration.infinity : Number.isFinite(seconds) && seconds > 0 ? Duration.seconds(seconds) : Duration.seconds(5)
}

/**
 * `PgClient` and `SqlClient` over a PostgreSQL server. Building the layer
 * connects and runs `select 1`, so a server that refuses, never answers or
 * does not speak PostgreSQL fails it with `DatabaseUnavailable` within the
 * connect timeout.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (url: string, options: ServerOptions = {}): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, DatabaseUnavailable> => {
  const target = redactUrl(url)
  const timeout = connectTimeoutOf(url, options.connectTimeout)
  return PgClient.layerFrom(
    PgClient.make({
      url: Redacted.make(url),
      maxConnections: options.maxConnections ?? 10,
      connectTimeout: timeout,
      applicationName: "ringmaster"
    }).pipe(
      Effect.tap((client) => client`select 1`),
      Effect.mapError((e) =>
        new DatabaseUnavailable({
          target,
          reason: e.reason._tag === "ConnectionError" && /timed out/i.test(e.reason.message ?? "")
            ? `no answer from the server within ${Duration.format(timeout)} (the connect timeout)`
            : describeSqlError(e)
        })
      ),
      // connecting is bounded by the connect timeout; this bounds `select 1` too
      Effect.timeoutOrElse({
        duration: Duration.sum(timeout, Duration.seconds(10)),
        orElse: () => Effect.fail(new DatabaseUnavailable({ target, reason: `no answer to "select 1" within ${Duration.format(Duration.sum(timeout, Duration.seconds(10)))}` }))
      })
    )
  )
}

/**
 * The URL with its password (in the user info or a `password` parameter)
 * replaced by `***`, for messages.
 *
 * @since 0.1.0
 * @category utils
 */
export const redactUrl = (url: string): string =>
  url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@").replace(/([?&]password=)[^&]*/i, "$1***")

/**
 * A server when `DATABASE_URL` is set, otherwise PGlite (in the directory
 * `RINGMASTER_DATA_DIR` names, or in memory).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, DatabaseUnavailable | Config.ConfigError> = Layer.unwrap(
  Effect.gen(function*() {
    const url = yield* Config.option(Config.String("DATABASE_URL"))
    const dataDir = yield* Config.option(Config.String("RINGMASTER_DATA_DIR"))
    return Option.match(url, {
      onSome: (url) => layerServer(url),
      onNone: () => layerPglite({ dataDir: Option.getOrUndefined(dataDir) })
    })
  })
)

const runOn = (url: string, statement: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(statement)
  }).pipe(
    Effect.provide(layerServer(url, { maxConnections: 1 })),
    Effect.mapError((e) => e._tag === "DatabaseUnavailable" ? e : new DatabaseUnavailable({ target: redactUrl(url), reason: describeSqlError(e) }))
  )

/**
 * Creates a new, empty database on the server behind `url` and returns its URL;
 * the database is dropped when the scope closes. For tests and benchmarks that
 * must not see each other's rows (needs the CREATEDB privilege).
 *
 * @since 0.1.0
 * @category constructors
 */
export const temporary = (url: string, prefix = "ringmaster_tmp") =>
  Effect.gen(function*() {
    const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    yield* Effect.acquireRelease(
      runOn(url, `create database "${name}"`),
      () => runOn(url, `drop database if exists "${name}" with (force)`).pipe(Effect.ignore)
    )
    const fresh = new URL(url)
    fresh.pathname = `/${name}`
    return fresh.toString()
  })
