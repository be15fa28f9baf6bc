/**
 * The event example server: one command, on the embedded database, with
 * demo data, serving the HTTP API and the dashboard on 127.0.0.1 for the demo
 * event's account while the built-in agents (session recommender, matchmaker,
 * sponsor leads, programme scheduler) run every six hours in the same process.
 *
 *   npx tsx examples/event-server/main.ts [--port 8081] [--data-dir DIR] [--reset] [--days 30]
 *   npm run example:marketing
 *
 * PORT in the environment sets the port too (--port wins). See README.md.
 */
import { parseArgs } from "node:util"
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Layer } from "effect"
import * as Demo from "../../src/demo/Demo.ts"
import * as DemoServer from "../../src/demo/DemoServer.ts"
import * as Audit from "../../src/storage/Audit.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string", default: ".ringmaster/event-server" },
    reset: { type: "boolean", default: false },
    days: { type: "string", default: "30" }
  }
})
const port = Number(values.port ?? process.env["PORT"] ?? 8081)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`event-server: --port (or PORT) must be an integer from 0 to 65535, got ${values.port ?? process.env["PORT"]}`)
  process.exit(2)
}
const dataDir = values["data-dir"]
const days = Number(values.days)
if (!Number.isInteger(days) || days < 1) {
  console.error(`--days must be a positive integer (simulated days of cycles on the first load), got ${values.days}`)
  process.exit(2)
}

const program = Effect.gen(function*() {
  // a port in use is said at once, not after loading the demo data
  yield* DemoServer.ensurePortFree("127.0.0.1", port)
  yield* Console.log(`Event example server on embedded PGlite in ${dataDir}`)
  // load the demo data set (and its simulated days of cycles) on the first run, or with --reset
  const loaded = yield* DemoServer.target("event").pipe(Effect.as(true), Effect.catchTag("DemoDataMissing", () => Effect.succeed(false)))
  if (!loaded || values.reset) {
    yield* Console.log(`Loading the demo data and running ${days} simulated days of decision cycles...`)
    const summary = yield* Demo.run({ seed: 2026, cycleDays: days })
    yield* Console.log(Demo.format(summary))
  }
  // serve the API and the dashboard; the agents run at start-up and every six hours
  yield* DemoServer.serve({ profile: "event", port, onReady: (started) => Console.log(DemoServer.banner(started)) })
})

program.pipe(
  // every mutation is audited, as in `npm start`
  Effect.provide(Audit.layer.pipe(Layer.provideMerge(SqlStorage.layerPglite({ dataDir })))),
  // one line for a failure (a port in use, a locked data directory); Ctrl-C is not a failure
  Effect.tapCause((cause) => {
    if (Cause.hasInterruptsOnly(cause)) return Effect.void
    const error = Cause.squash(cause)
    return Console.error(`event-server: ${error instanceof Error ? error.message : String(error)}`)
  }),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
