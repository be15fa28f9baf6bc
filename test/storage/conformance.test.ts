import * as Conformance from "../../src/storage/conformance/index.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

// Embedded PGlite: always.
Conformance.run({ name: "SQL adapter on PGlite", layer: pglite() })

// A PostgreSQL server: whenever DATABASE_URL is set (CI sets it).
if (serverUrl !== undefined) {
  Conformance.run({ name: "SQL adapter on a PostgreSQL server", layer: server(serverUrl) })
}
