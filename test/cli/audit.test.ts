/**
 * `ringmaster audit verify`, run as a user runs it (the bin in a child
 * process) on a data directory written in-process with the audit trail on:
 * an intact trail prints each chain and exits 0; after an entry is tampered
 * with (as a superuser would: the append-only trigger disabled), it names the
 * broken chain and entry on stderr and exits 1; `--account` narrows to one
 * chain.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Actor from "../../src/storage/Actor.ts"
import * as Audit from "../../src/storage/Audit.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"
import { Storage } from "../../src/storage/Storage.ts"

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const ringmaster = (...args: ReadonlyArray<string>) =>
  Effect.promise(() =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "bin/ringmaster.ts", ...args], { timeout: 90_000 })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.on("close", (code) => resolve({ code, stdout, stderr }))
    })
  )

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "ringmaster-audit-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** Opens the data directory with auditing on, runs `self`, and closes it (releasing the directory's lock). */
const withData = <A, E>(dir: string, self: Effect.Effect<A, E, Storage | SqlClient.SqlClient | Audit.Audit>) =>
  self.pipe(Effect.provide(Audit.layer.pipe(Layer.provideMerge(SqlStorage.layerPglite({ dataDir: dir })))), Effect.scoped)

describe("ringmaster audit verify", () => {
  it.effect("reports an intact trail (exit 0) and a tampered one (exit 1, naming the chain and the entry)", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const account = yield* withData(dir, Effect.gen(function*() {
        const storage = yield* Storage
        const account = yield* storage.insert(Accounts, { name: "CLI Co", slug: "cli-co" })
        yield* Effect.gen(function*() {
          const campaign = yield* storage.insert(Campaigns, { account_id: account.id, name: "Spring", platform: "simulated" })
          yield* storage.update(Campaigns, campaign.id, { status: "paused" })
        }).pipe(Actor.withActor(new Actor.Service({ name: "cli-test", accountId: account.id })))
        return account.id
      }))

      const intact = yield* ringmaster("audit", "verify", "--data-dir", dir)
      assert.strictEqual(intact.code, 0, intact.stderr)
      assert.include(intact.stdout, `account ${account}: ok (3 entries, seq 1..3`)
      assert.include(intact.stdout, "Audit trail: 1 chain(s) verified")

      yield* withData(dir, Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql.unsafe("alter table public.ai_audit_trail disable trigger ai_audit_trail_append_only")
          yield* sql.unsafe(`update public.ai_audit_trail set actor_id = 'someone-else' where account_id = '${account}' and seq = 2`)
          yield* sql.unsafe("alter table public.ai_audit_trail enable trigger ai_audit_trail_append_only")
        }))
      }))
      const tampered = yield* ringmaster("audit", "verify", "--data-dir", dir, "--account", account)
      assert.strictEqual(tampered.code, 1, tampered.stdout)
      assert.include(tampered.stdout, `account ${account}: BROKEN at seq 2`)
      const lines = tampered.stderr.trimEnd().split("\n")
      assert.strictEqual(lines.length, 1, tampered.stderr)
      assert.match(lines[0]!, new RegExp(`^ringmaster: audit trail broken: 1 chain\\(s\\); first: account ${account}: BROKEN at seq 2 .*hash_mismatch`))
    }), 180_000)
})
