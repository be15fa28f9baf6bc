/**
 * The `ringmaster` bin, run as a user runs it (a child process): migrate and
 * status on a fresh data directory, idempotent migrations, and a clear message
 * with a non-zero exit on a database it cannot reach or an unknown command.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"

const exec = promisify(execFile)

const ringmaster = (...args: ReadonlyArray<string>) =>
  exec(process.execPath, ["--import", "tsx", "bin/ringmaster.ts", ...args], { timeout: 90_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr })
  )

describe("ringmaster CLI", () => {
  it("migrates a fresh data directory once, then reports it up to date with row counts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringmaster-cli-"))
    try {
      const first = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(first.code, 0, first.stderr)
      assert.match(first.stdout, /Applied 5 migration\(s\): 0001_core, 0002_events, 0003_events_ai, 0004_marketing, 0005_marketing_ai/)
      const again = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(again.code, 0, again.stderr)
      assert.match(again.stdout, /Up to date/)
      const status = await ringmaster("status", "--data-dir", dir)
      assert.strictEqual(status.code, 0, status.stderr)
      assert.match(status.stdout, /applied {2}0005_marketing_ai/)
      assert.match(status.stdout, /ai_agent_types\s+20\n/, "the 20 built-in agent types are seeded")
      assert.match(status.stdout, /ai_schema_versions\s+1\n/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it("fails with one clear line and a non-zero exit when the database is unreachable", async () => {
    const result = await ringmaster("status", "--database-url", "postgres://nobody:secret@127.0.0.1:1/none")
    assert.notStrictEqual(result.code, 0)
    assert.match(result.stderr, /^ringmaster: cannot open database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/m)
    assert.notInclude(result.stderr, "secret")
  }, 120_000)

  it("rejects an unknown command with a non-zero exit", async () => {
    const result = await ringmaster("frobnicate")
    assert.notStrictEqual(result.code, 0)
    assert.match(result.stdout + result.stderr, /Unknown subcommand "frobnicate"/)
  }, 120_000)
})
