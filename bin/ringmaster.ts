#!/usr/bin/env node
/**
 * The `ringmaster` command line. See `src/cli/Cli.ts`.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { CliError } from "effect/cli"
import * as Cli from "../src/cli/Cli.ts"

Cli.run.pipe(
  // A failure prints one clear line and exits non-zero (usage errors are reported by the parser).
  Effect.catch((error) =>
    // usage errors were already printed with the help text; everything else gets one line
    (CliError.isCliError(error) ? Effect.void : Console.error(`ringmaster: ${error.message}`)).pipe(
      Effect.andThen(Effect.sync(() => {
        process.exitCode = 1
      }))
    )
  ),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain
)
