#!/usr/bin/env node
/**
 * The `ringmaster` command line. See `src/cli/Cli.ts`.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import * as Cli from "../src/cli/Cli.ts"

Cli.run.pipe(
  // a failure prints one line naming the database and the cause, and the process exits 1
  Cli.reportFailures,
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
