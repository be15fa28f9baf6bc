/**
 * The `ringmaster` bin, run as a user runs it (a child process): migrate and
 * status on a fresh data directory, idempotent migrations, and on every
 * failure one line on stderr naming the database and the cause, a non-zero
 * exit, within a bounded time: an unusable data directory, a data directory
 * another process holds (a lock file naming a live process, and a real second
 * process), a damaged database, a refused connection, a server that never
 * answers and one that does not speak PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { SqlClient } from "effect/sql"
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server, type Socket } from "node:net"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import type { PGlite } from "@electric-sql/pglite"
import * as Cli from "../src/cli/Cli.ts"
import * as Database from "../src/storage/Database.ts"
import * as DataDirLock from "../src/storage/internal/dataDirLock.ts"
import { makePgliteStream } from "../src/storage/internal/pgliteStream.ts"
import * as Migrations from "../src/storage/Migrations.ts"

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly millis: number
}

/** Starts the bin; `done` settles when it exits (it is killed after 90 s). */
const start = (args: ReadonlyArray<string>) => {
  const started = performance.now()
  const child = spawn(process.execPath, ["--import", "tsx", "bin/ringmaster.ts", ...args], { timeout: 90_000 })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr, millis: performance.now() - started }))
  )
  return { child, done }
}

const ringmaster = (...args: ReadonlyArray<string>) => start(args).done

/** A failure as the CLI must report it: non-zero, quickly, one line on stderr. */
const assertOneLineFailure = (run: Run, pattern: RegExp, withinMillis = 30_000) => {
  assert.notStrictEqual(run.code, 0, `expected a failure; stdout: ${run.stdout}`)
  assert.strictEqual(run.code, 1, run.stderr)
  const lines = run.stderr.trimEnd().split("\n")
  assert.strictEqual(lines.length, 1, `one line on stderr, got:\n${run.stderr}`)
  assert.match(lines[0]!, pattern)
  assert.isBelow(run.millis, withinMillis, `took ${Math.round(run.millis)} ms`)
}

const labels = Migrations.all.map((m) => `${String(m.id).padStart(4, "0")}_${m.name}`)

const withTempDir = async <A>(f: (dir: string) => Promise<A>): Promise<A> => {
  const dir = mkdtempSync(join(tmpdir(), "ringmaster-cli-"))
  try {
    return await f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** A TCP server on 127.0.0.1 that accepts connections and answers each chunk with `answer` (or stays silent). */
const fakeServer = (answer: string | undefined) =>
  new Promise<{ server: Server; port: number; close: () => Promise<void> }>((resolve) => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on("error", () => {})
      socket.on("close", () => sockets.delete(socket))
      if (answer !== undefined) socket.on("data", () => socket.write(answer))
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })

/** The pid in a data directory's lock file, if any. */
const lockHolderPid = (dir: string): number | undefined => Option.getOrUndefined(Option.map(DataDirLock.holder(dir), (holder) => holder.pid))

const waitFor = async (condition: () => boolean, what: string, millis = 60_000) => {
  const until = performance.now() + millis
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("ringmaster CLI", () => {
  it("migrates a fresh data directory once, then reports it up to date with row counts", () =>
    withTempDir(async (dir) => {
      const first = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, `Applied ${labels.length} migration(s): ${labels.join(", ")}`)
      const again = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(again.code, 0, again.stderr)
      assert.match(again.stdout, /Up to date/)
      const status = await ringmaster("status", "--data-dir", dir)
      assert.strictEqual(status.code, 0, status.stderr)
      assert.include(status.stdout, `applied  ${labels.at(-1)}`)
      assert.include(status.stdout, "Schema: complete")
      assert.match(status.stdout, /ai_agent_types\s+20\n/, "the 20 built-in agent types are seeded")
      assert.match(status.stdout, /ai_schema_versions\s+1\n/)
      assert.isFalse(existsSync(join(dir, Database.lockFileName)), "the lock is released on exit")
    }), 180_000)

  it("fails with one clear line and a non-zero exit when the connection is refused", async () => {
    const result = await ringmaster("status", "--database-url", "postgres://nobody:secret@127.0.0.1:1/none")
    assertOneLineFailure(result, /^ringmaster: cannot open database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: Failed to connect: connect ECONNREFUSED 127\.0\.0\.1:1$/)
    assert.notInclude(result.stderr, "secret")
  }, 120_000)

  it("fails within the connect timeout, with one line, when the server accepts but never answers", async () => {
    const silent = await fakeServer(undefined)
    try {
      const result = await ringmaster("status", "--database-url", `postgres://nobody@127.0.0.1:${silent.port}/none`)
      assertOneLineFailure(
        result,
        new RegExp(`^ringmaster: cannot open database postgres://nobody@127\\.0\\.0\\.1:${silent.port}/none: no answer from the server within 5s \\(the connect timeout\\)$`)
      )
    } finally {
      await silent.close()
    }
  }, 120_000)

  it("fails with one line when the server does not speak PostgreSQL", async () => {
    const http = await fakeServer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    try {
      const result = await ringmaster("migrate", "--database-url", `postgres://nobody@127.0.0.1:${http.port}/none`)
      assertOneLineFailure(
        result,
        new RegExp(`^ringmaster: cannot open database postgres://nobody@127\\.0\\.0\\.1:${http.port}/none: .*\\(the server does not speak the PostgreSQL protocol\\)$`)
      )
    } finally {
      await http.close()
    }
  }, 120_000)

  it("fails at once with one line on a data directory that cannot be created (it used to hang)", async () => {
    const result = await ringmaster("status", "--data-dir", "/proc/ringmaster-cli-test/data")
    assertOneLineFailure(result, /^ringmaster: cannot open database \/proc\/ringmaster-cli-test\/data: cannot create the data directory: ENOENT/)
  }, 120_000)

  it("refuses a data directory whose lock file names a live process, naming it, and leaves the lock alone", () =>
    withTempDir(async (dir) => {
      // this test process is alive and is not the child
      const lock = DataDirLock.format({ pid: process.pid, hostname: hostname(), token: "the-test", started: "2026-01-01T00:00:00.000Z" })
      writeFileSync(join(dir, Database.lockFileName), lock)
      const result = await ringmaster("migrate", "--data-dir", dir)
      assertOneLineFailure(
        result,
        new RegExp(`^ringmaster: data directory ${escape(dir)} is in use by process ${process.pid} \\(lock file ${escape(join(dir, Database.lockFileName))}\\); stop it or use another --data-dir$`)
      )
      assert.strictEqual(readFileSync(join(dir, Database.lockFileName), "utf8"), lock)
    }), 120_000)

  it("retention run applies the seed's rules: a dry run counts, a run deletes in batches", () =>
    withTempDir(async (dir) => {
      const dry = await ringmaster("retention", "run", "--dry-run", "--data-dir", dir)
      assert.strictEqual(dry.code, 0, dry.stderr)
      for (const rule of ["ai_performance_retention", "ai_error_logs_retention", "ai_training_data_retention", "ai_recommendations_expiry"]) {
        assert.include(dry.stdout, rule)
      }
      assert.match(dry.stdout, /Retention: 0 row\(s\) would be deleted/)
      const run = await ringmaster("retention", "run", "--data-dir", dir)
      assert.strictEqual(run.code, 0, run.stderr)
      assert.match(run.stdout, /Retention: 0 row\(s\) deleted/)
    }), 120_000)

  it("takes over a stale lock left by a process that died", () =>
    withTempDir(async (dir) => {
      const dead = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
        child.on("exit", () => resolve(child.pid!))
      })
      writeFileSync(join(dir, Database.lockFileName), DataDirLock.format({ pid: dead, hostname: hostname(), token: "stale", started: "2026-01-01T00:00:00.000Z" }))
      const result = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, `Applied ${labels.length} migration(s)`)
      assert.isFalse(existsSync(join(dir, Database.lockFileName)))
    }), 120_000)

  it("while one process has a data directory, a second fails fast naming the first's pid; afterwards a run succeeds with the whole schema", () =>
    withTempDir(async (dir) => {
      const first = start(["demo", "--data-dir", dir])
      const pid = first.child.pid!
      try {
        await waitFor(() => lockHolderPid(dir) === pid, "the first process to lock the directory")
        // freeze it while it holds the lock, so the second surely meets it
        first.child.kill("SIGSTOP")
        const second = await ringmaster("demo", "--data-dir", dir)
        assertOneLineFailure(
          second,
          new RegExp(`^ringmaster: data directory ${escape(dir)} is in use by process ${pid} \\(lock file .*\\); stop it or use another --data-dir$`)
        )
        first.child.kill("SIGCONT")
        const firstRun = await first.done
        assert.strictEqual(firstRun.code, 0, firstRun.stderr)
        assert.match(firstRun.stdout, /Ringmaster Summit/)
      } finally {
        first.child.kill("SIGCONT")
        first.child.kill("SIGKILL")
      }
      assert.isFalse(existsSync(join(dir, Database.lockFileName)), "released by the first process")
      const migrate = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(migrate.code, 0, migrate.stderr)
      assert.match(migrate.stdout, /Up to date/)
      const status = await ringmaster("status", "--data-dir", dir)
      assert.strictEqual(status.code, 0, status.stderr)
      for (const label of labels) assert.include(status.stdout, `applied  ${label}`)
      assert.include(status.stdout, "Schema: complete")
    }), 240_000)

  it("fails with one line naming the missing table on a damaged database instead of saying it is up to date", () =>
    withTempDir(async (dir) => {
      const migrate = await ringmaster("migrate", "--data-dir", dir)
      assert.strictEqual(migrate.code, 0, migrate.stderr)
      await Effect.runPromise(
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`drop table accounts cascade`
        }).pipe(Effect.provide(Database.layerPglite({ dataDir: dir })))
      )
      const again = await ringmaster("migrate", "--data-dir", dir)
      assertOneLineFailure(again, /^ringmaster: migration schema check failed: the schema is incomplete after migrating \(1 table\(s\) missing: public\.accounts\); the database is damaged/)
      assert.notInclude(again.stdout, "Up to date")
      const status = await ringmaster("status", "--data-dir", dir)
      assert.strictEqual(status.code, 0, status.stderr)
      assert.include(status.stdout, "Schema: DAMAGED: 1 table(s) missing although every migration is recorded: public.accounts")
    }), 180_000)

  it("rejects an unknown command with a non-zero exit", async () => {
    const result = await ringmaster("frobnicate")
    assert.notStrictEqual(result.code, 0)
    assert.match(result.stdout + result.stderr, /Unknown subcommand "frobnicate"/)
  }, 120_000)
})

describe("failure messages", () => {
  it("are one line naming the cause, whatever was thrown (never [object Object])", () => {
    assert.strictEqual(Cli.describeFailure({ name: "ExitStatus", status: 1 }), "ExitStatus 1")
    assert.strictEqual(Cli.describeFailure({ code: "XX000" }), `{"code":"XX000"}`)
    assert.strictEqual(
      Cli.describeFailure(new Migrations.MigrationFailed({ migration: "0001_core", reason: "statement 2: boom\n  CREATE TABLE public.accounts (" })),
      "migration 0001_core failed: statement 2: boom; CREATE TABLE public.accounts ("
    )
    assert.strictEqual(
      Cli.describeFailure(new Database.DatabaseUnavailable({ target: "/data", reason: "in use", lockedBy: 42 })),
      "data directory /data is in use by process 42 (lock file /data/ringmaster.pid); stop it or use another --data-dir"
    )
  })

  it("PGlite failing with a plain object ends the bridge's stream with an error that says what it was", async () => {
    const failing = {
      runExclusive: () => Promise.reject({ name: "ExitStatus", status: 1 })
    } as unknown as PGlite
    const stream = makePgliteStream(failing)
    const error = new Promise<Error>((resolve) => stream.on("error", resolve))
    const startup = Buffer.alloc(8)
    startup.writeInt32BE(8, 0)
    startup.writeInt32BE(196608, 4)
    stream.write(startup)
    assert.strictEqual((await error).message, "PGlite failed: ExitStatus 1")
  })
})
