/**
 * Databases for tests: a fresh in-memory PGlite, and (when `DATABASE_URL` is
 * set) a fresh database created on that server and dropped afterwards, so
 * suites never see each other's rows.
 */
import { Effect, Layer } from "effect"
import * as Database from "../../src/storage/Database.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"

/** The server URL CI exports, if any. */
export const serverUrl: string | undefined = process.env.DATABASE_URL

/** Fresh, migrated, in-memory PGlite behind the port. */
export const pglite = () => SqlStorage.layerPglite()

/** Fresh, migrated server database behind the port (dropped afterwards). */
export const server = (url: string) =>
  Layer.unwrap(Effect.map(Database.temporary(url, "ringmaster_test"), (fresh) => SqlStorage.layerServer(fresh)))
