/**
 * Where the data lives: embedded PGlite (in memory, or in a data directory) or
 * a PostgreSQL server. Both are reached through `@effect/sql-pg`'s `PgClient`,
 * so there is one driver, one dialect and one set of migrations.
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import { PgClient } from "@effect/sql-pg"
import { Config, Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { makePgliteStream } from "./internal/pgliteStream.ts"
import { mkdir } from "node:fs/promises"

/**
 * The database could not be opened.
 *
 * @since 0.1.0
 * @category errors
 */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>()("DatabaseUnavailable", {
  target: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot open database ${this.target}: ${this.reason}`
  }
}

/**
 * Options of the embedded database.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgliteOptions {
  /** a directory to keep the data in; in memory when absent */
  readonly dataDir?: string | undefined
}

/**
 * Opens PGlite (closed when the scope closes) and connects `PgClient` to it
 * in-process through the wire-protocol bridge. PGlite serves one connection.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePglite = (options: PgliteOptions = {}) =>
  Effect.gen(function*() {
    const target = options.dataDir ?? "memory://"
    if (options.dataDir !== undefined) {
      const dir = options.dataDir
      yield* Effect.tryPromise({
        try: () => mkdir(dir, { recursive: true }),
        catch: (cause) => new DatabaseUnavailable({ target, reason: cause instanceof Error ? cause.message : String(cause) })
      })
    }
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        catch: (cause) => new DatabaseUnavailable({ target, reason: cause instanceof Error ? cause.message : String(cause) })
      }),
      (db) => Effect.promise(() => db.close()).pipe(Effect.ignore)
    )
    return yield* PgClient.makeClient({
      stream: () => makePgliteStream(db),
      username: "postgres",
      database: "postgres",
      applicationName: "ringmaster"
    }).pipe(Effect.mapError((e) => new DatabaseUnavailable({ target, reason: e.message })))
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
 * `PgClient` and `SqlClient` over a PostgreSQL server.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (url: string, options: { readonly maxConnections?: number } = {}): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, DatabaseUnavailable> =>
  PgClient.layerFrom(
    PgClient.make({ url: Redacted.make(url), maxConnections: options.maxConnections ?? 10, applicationName: "ringmaster" }).pipe(
      Effect.tap((client) => client`select 1`),
      Effect.mapError((e) => new DatabaseUnavailable({ target: redactUrl(url), reason: e.message }))
    )
  )

/**
 * The URL with its password replaced by `***`, for messages.
 *
 * @since 0.1.0
 * @category utils
 */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")

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
    Effect.mapError((e) => e._tag === "DatabaseUnavailable" ? e : new DatabaseUnavailable({ target: redactUrl(url), reason: e.message }))
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
