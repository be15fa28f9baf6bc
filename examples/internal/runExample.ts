/**
 * What both example servers do, given their name, profile and defaults: read
 * `--port` (or `PORT`), `--data-dir`, `--reset` and `--days`; say at once if
 * the port is taken; load the demo data on the first run (or with `--reset`);
 * then serve the API and the dashboard until Ctrl-C, with every mutation
 * audited, as `npm start` does. A failure is one line on stderr.
 */
import { parseArgs } from "node:util"
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Layer } from "effect"
import * as Demo from "../../src/demo/Demo.ts"
import * as DemoServer from "../../src/demo/DemoServer.ts"
import * as Audit from "../../src/storage/Audit.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"

export interface Example {
  /** the command's name in messages (`marketing-server`) */
  readonly name: string
  /** the first line it prints */
  readonly title: string
  readonly profile: "marketing" | "event"
  readonly defaultPort: number
  /** what runs on a schedule while it serves, for the comment in the log */
  readonly schedule: string
}

export const runExample = (example: Example): void => {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "data-dir": { type: "string", default: `.ringmaster/${example.name}` },
      reset: { type: "boolean", default: false },
      days: { type: "string", default: "30" }
    }
  })
  const port = Number(values.port ?? process.env["PORT"] ?? example.defaultPort)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${example.name}: --port (or PORT) must be an integer from 0 to 65535, got ${values.port ?? process.env["PORT"]}`)
    process.exit(2)
  }
  const dataDir = values["data-dir"]
  const days = Number(values.days)
  if (!Number.isInteger(days) || days < 1) {
    console.error(`${example.name}: --days must be a positive integer (simulated days of cycles on the first load), got ${values.days}`)
    process.exit(2)
  }

  const program = Effect.gen(function*() {
    // a port in use is said at once, not after loading the demo data
    yield* DemoServer.ensurePortFree("127.0.0.1", port)
    yield* Console.log(`${example.title} on embedded PGlite in ${dataDir}`)
    // load the demo data set (and its simulated days of cycles) on the first run, or with --reset
    const loaded = yield* DemoServer.target(example.profile).pipe(
      Effect.as(true),
      Effect.catchTag("DemoDataMissing", () => Effect.succeed(false))
    )
    if (!loaded || values.reset) {
      yield* Console.log(`Loading the demo data and running ${days} simulated days of decision cycles...`)
      const summary = yield* Demo.run({ seed: 2026, cycleDays: days })
      yield* Console.log(Demo.format(summary))
    }
    yield* Console.log(`Serving; ${example.schedule}.`)
    yield* DemoServer.serve({ profile: example.profile, port, onReady: (started) => Console.log(DemoServer.banner(started)) })
  })

  program.pipe(
    // every mutation is audited, as in `npm start`
    Effect.provide(Audit.layer.pipe(Layer.provideMerge(SqlStorage.layerPglite({ dataDir })))),
    // one line for a failure (a port in use, a locked data directory); Ctrl-C is not a failure
    Effect.tapCause((cause) => {
      if (Cause.hasInterruptsOnly(cause)) return Effect.void
      const error = Cause.squash(cause)
      return Console.error(`${example.name}: ${error instanceof Error ? error.message : String(error)}`)
    }),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )
}
