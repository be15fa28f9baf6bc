/**
 * The safety envelope's durable state across real processes: a once-a-day
 * cap holds across a restart (a second child process on the same PGlite data
 * directory) and across four processes racing on one PostgreSQL server.
 * Each child is `test/support/safetyChild.ts`, a host that asks for +50% on a
 * campaign's budget under a rule capped at one execution a day and 20% of
 * daily movement.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import * as Database from "../../src/storage/Database.ts"
import { serverUrl } from "../support/databases.ts"

const exec = promisify(execFile)

interface Submitted {
  readonly pid: number
  readonly status: string
  readonly outcome: string
  readonly code: string
}

const child = async (...args: ReadonlyArray<string>): Promise<unknown> => {
  const { stdout } = await exec(process.execPath, ["--import", "tsx", "test/support/safetyChild.ts", ...args], {
    timeout: 120_000
  })
  return JSON.parse(stdout.trim().split("\n").pop()!)
}

describe("safety envelope across processes", () => {
  it("hardening: a once-a-day cap holds across a restart (PGlite data directory, two processes in turn)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringmaster-safety-"))
    try {
      const { campaignId } = (await child("setup", dir)) as { campaignId: string }
      const first = (await child("submit", dir, campaignId)) as Submitted
      const second = (await child("submit", dir, campaignId)) as Submitted
      assert.strictEqual(first.status, "succeeded")
      assert.strictEqual(first.outcome, "Clamped", "+50% is clamped to the 20% daily movement")
      assert.strictEqual(second.status, "not_run")
      assert.strictEqual(second.code, "daily_cap_reached")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)

  if (serverUrl !== undefined) {
    const url = serverUrl
    it.live("hardening: a once-a-day cap holds across four processes on one server", () =>
      Effect.gen(function*() {
        const database = yield* Database.temporary(url, "ringmaster_safety")
        const { campaignId } = (yield* Effect.promise(() => child("setup", database))) as { campaignId: string }
        const results = (yield* Effect.promise(() =>
          Promise.all([1, 2, 3, 4].map(() => child("submit", database, campaignId)))
        )) as ReadonlyArray<Submitted>
        assert.strictEqual(new Set(results.map((r) => r.pid)).size, 4)
        assert.deepStrictEqual(results.filter((r) => r.status === "succeeded").length, 1)
        assert.deepStrictEqual(
          results.filter((r) => r.status !== "succeeded").map((r) => r.code),
          ["daily_cap_reached", "daily_cap_reached", "daily_cap_reached"]
        )
      }).pipe(Effect.scoped), 300_000)
  }
})
