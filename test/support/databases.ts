/**
 * Databases for tests: a fresh in-memory PGlite, and (when `DATABASE_URL` is
 * set) a fresh database created on that server and dropped afterwards, so
 * suites never see each other's rows.
 */
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Database from "../../src/storage/Database.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"

/** The server URL CI exports, if any. */
export const serverUrl: string | undefined = process.env.DATABASE_URL

/** Fresh, migrated, in-memory PGlite behind the port. */
export const pglite = () => SqlStorage.layerPglite()

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * A fresh database on the server behind `url`: created when the layer is
 * built, dropped when it is released.
 */
export const freshServerDatabase = (url: string) =>
  Effect.gen(function*() {
    const name = `ringmaster_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    yield* Effect.acquireRelease(
      onServer(url, `create database "${name}"`),
      () => onServer(url, `drop database if exists "${name}" with (force)`).pipe(Effect.ignore)
    )
    return withDatabase(url, name)
  })

const onServer = (url: string, statement: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(statement)
  }).pipe(Effect.provide(Database.layerServer(url, { maxConnections: 1 })))

/** Fresh, migrated server database behind the port. */
export const server = (url: string) =>
  Layer.unwrap(Effect.map(freshServerDatabase(url), (fresh) => SqlStorage.layerServer(fresh)))
