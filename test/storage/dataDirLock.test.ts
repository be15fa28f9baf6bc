/**
 * The PGlite data directory lock (`ringmaster.pid`): taken when a directory is
 * opened, refused while a live process holds it, taken over from a dead one,
 * released (only if still ours) when the scope closes, and a fast, clear
 * failure on a directory that cannot be created. Across real processes: of
 * several processes racing for one directory whose lock is stale, exactly one
 * gets it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Option, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"
import * as Database from "../../src/storage/Database.ts"
import * as DataDirLock from "../../src/storage/internal/dataDirLock.ts"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "ringmaster-lock-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const lockFile = (dir: string) => join(dir, DataDirLock.lockFileName)

const writeLock = (dir: string, pid: number, token = "someone-else") =>
  writeFileSync(lockFile(dir), DataDirLock.format({ pid, hostname: hostname(), token, started: "2026-01-01T00:00:00.000Z" }))

/** A process that runs until the scope closes. */
const liveProcess = Effect.acquireRelease(
  Effect.sync(() => spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" })),
  (child) => Effect.sync(() => child.kill("SIGKILL"))
).pipe(Effect.map((child: ChildProcess) => child.pid!))

/** The pid of a process that has exited. */
const deadPid = Effect.callback<number>((resume) => {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
  child.on("exit", () => resume(Effect.succeed(child.pid!)))
})

describe("data directory lock", () => {
  it.effect("creates the directory and a lock file naming this process, removed when the scope closes", () =>
    Effect.gen(function*() {
      const root = yield* tempDir
      const dir = join(root, "a", "b")
      yield* Effect.scoped(Effect.gen(function*() {
        const lock = yield* DataDirLock.acquire(dir)
        assert.strictEqual(lock.file, lockFile(dir))
        const [pid, host] = readFileSync(lock.file, "utf8").split("\n")
        assert.strictEqual(pid, String(process.pid))
        assert.strictEqual(host, hostname())
        assert.deepStrictEqual(Option.map(DataDirLock.holder(dir), (h) => h.token), Option.some(lock.token))
      }))
      assert.isFalse(existsSync(lockFile(dir)), "released")
    }))

  it.effect("refuses a second lock in this process until the first is released", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const first = yield* Effect.scoped(Effect.gen(function*() {
        yield* DataDirLock.acquire(dir)
        return yield* Effect.flip(Effect.scoped(DataDirLock.acquire(dir)))
      }))
      assert.strictEqual(first._tag, "DataDirLockHeld")
      assert.strictEqual(first._tag === "DataDirLockHeld" && first.pid, process.pid)
      assert.strictEqual(first._tag === "DataDirLockHeld" && first.self, true)
      const again = yield* Effect.scoped(DataDirLock.acquire(dir))
      assert.strictEqual(again.dir, dir)
    }))

  it.effect("refuses a lock file whose process is alive, naming its pid, and leaves the file alone", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pid = yield* liveProcess
      writeLock(dir, pid)
      const error = yield* Effect.flip(Effect.scoped(DataDirLock.acquire(dir)))
      assert.strictEqual(error._tag, "DataDirLockHeld")
      assert.strictEqual(error._tag === "DataDirLockHeld" && error.pid, pid)
      assert.strictEqual(error._tag === "DataDirLockHeld" && error.self, false)
      assert.strictEqual(readFileSync(lockFile(dir), "utf8").split("\n")[0], String(pid))
    }))

  it.effect("takes over a stale lock left by a process that died", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      writeLock(dir, yield* deadPid)
      yield* Effect.scoped(Effect.gen(function*() {
        const lock = yield* DataDirLock.acquire(dir)
        assert.strictEqual(readFileSync(lock.file, "utf8").split("\n")[0], String(process.pid))
      }))
      assert.isFalse(existsSync(lockFile(dir)))
    }))

  it.effect("takes over a lock with this process's pid that nothing here holds (an earlier process with the same pid)", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      writeLock(dir, process.pid, "from-an-earlier-life")
      const lock = yield* Effect.scoped(DataDirLock.acquire(dir))
      assert.notStrictEqual(lock.token, "from-an-earlier-life")
    }))

  it.live("takes over an unreadable lock file once it has stayed unreadable past the write grace", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      writeFileSync(lockFile(dir), "")
      const lock = yield* Effect.scoped(DataDirLock.acquire(dir))
      assert.strictEqual(lock.dir, dir)
    }))

  it.effect("releases only its own lock: a lock file another owner put in its place survives", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      yield* Effect.scoped(Effect.gen(function*() {
        yield* DataDirLock.acquire(dir)
        writeLock(dir, 4_000_000, "replaced")
      }))
      assert.strictEqual(Option.getOrThrow(DataDirLock.holder(dir)).token, "replaced")
    }))

  it.effect("fails at once with a reason on a directory that cannot be created (under /proc, or a file)", () =>
    Effect.gen(function*() {
      const proc = yield* Effect.flip(Effect.scoped(DataDirLock.acquire("/proc/ringmaster-test/data")))
      assert.strictEqual(proc._tag, "DataDirLockIo")
      assert.match(proc._tag === "DataDirLockIo" ? proc.reason : "", /cannot create the data directory: .*ENOENT/)
      const root = yield* tempDir
      writeFileSync(join(root, "file"), "x")
      const file = yield* Effect.flip(Effect.scoped(DataDirLock.acquire(join(root, "file"))))
      assert.match(file._tag === "DataDirLockIo" ? file.reason : "", /exists and is not a directory/)
      const under = yield* Effect.flip(Effect.scoped(DataDirLock.acquire(join(root, "file", "data"))))
      assert.match(under._tag === "DataDirLockIo" ? under.reason : "", /ENOTDIR/)
    }))
})

/** Opens PGlite on `dir`, runs `select 1`, closes it. */
const selectOne = (dir: string, check: Effect.Effect<void> = Effect.void) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* check
    return (yield* sql<{ one: number }>`select 1 as one`).map((row) => row.one)
  }).pipe(Effect.provide(Database.layerPglite({ dataDir: dir })))

describe("PGlite on a locked data directory", () => {
  it.effect("fails with DatabaseUnavailable naming the holder, and opens once the holder is gone", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pid = yield* liveProcess
      writeLock(dir, pid)
      const error = yield* Effect.flip(selectOne(dir))
      assert.strictEqual(error._tag, "DatabaseUnavailable")
      assert.strictEqual(error._tag === "DatabaseUnavailable" && error.lockedBy, pid)
      assert.include(error.message, `cannot open database ${dir}: in use by process ${pid}`)
      rmSync(lockFile(dir))
      const rows = yield* selectOne(dir, Effect.sync(() => assert.isTrue(existsSync(lockFile(dir)), "locked while open")))
      assert.deepStrictEqual(rows, [1])
      assert.isFalse(existsSync(lockFile(dir)), "released on close")
    }), 120_000)

  it.effect("refuses a second layer on the same directory in this process", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const exit = yield* selectOne(dir, Effect.asVoid(Effect.exit(selectOne(dir)).pipe(Effect.tap((inner) =>
        Effect.sync(() => {
          const error = Option.getOrUndefined(Exit.findErrorOption(inner))
          assert.strictEqual(error?._tag === "DatabaseUnavailable" && error.lockedBy, process.pid)
          assert.include(error?.message ?? "", "in use by this process")
        })
      )))).pipe(Effect.exit)
      assert.isTrue(Exit.isSuccess(exit), String(exit))
    }), 120_000)

  it.live("fails when PGlite does not open within openTimeout, and keeps the directory locked until the abandoned open has closed", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const error = yield* Effect.flip(
        Effect.gen(function*() {
          yield* SqlClient.SqlClient
        }).pipe(Effect.provide(Database.layerPglite({ dataDir: dir, openTimeout: "1 millis" })))
      )
      assert.strictEqual(error.message, `cannot open database ${dir}: PGlite did not open within 1ms`)
      // the abandoned PGlite is still opening the directory: nobody else may
      assert.isTrue(existsSync(lockFile(dir)), "still locked")
      const meanwhile = yield* Effect.flip(selectOne(dir))
      assert.include(meanwhile.message, "in use by this process")
      yield* Effect.sync(() => existsSync(lockFile(dir))).pipe(
        Effect.repeat({ until: (locked) => !locked, schedule: Schedule.spaced("50 millis") }),
        Effect.timeout("90 seconds")
      )
      assert.deepStrictEqual(yield* selectOne(dir), [1])
    }), 180_000)

  it.effect("fails fast on an unusable directory instead of hanging", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(selectOne("/proc/ringmaster-test/data"))
      assert.strictEqual(error._tag, "DatabaseUnavailable")
      assert.match(error.message, /^cannot open database \/proc\/ringmaster-test\/data: cannot create the data directory: /)
    }).pipe(Effect.timeout("20 seconds")))
})

describe("data directory lock across processes", () => {
  it("of several processes racing for a directory with a stale lock, exactly one gets it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringmaster-lock-race-"))
    try {
      const dead = await Effect.runPromise(deadPid)
      writeLock(dir, dead)
      const script = [
        `import { Effect } from "effect"`,
        `import * as L from ${JSON.stringify(new URL("../../src/storage/internal/dataDirLock.ts", import.meta.url).pathname)}`,
        `const dir = ${JSON.stringify(dir)}`,
        `const outcome = await Effect.runPromise(Effect.scoped(L.acquire(dir).pipe(`,
        `  Effect.andThen(Effect.sleep("6 seconds")), Effect.as("won"), Effect.catch((e) => Effect.succeed(e._tag)))))`,
        `console.log(outcome)`
      ].join("\n")
      const racers = Array.from({ length: 4 }, () =>
        new Promise<string>((resolve, reject) =>
          execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 60_000 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()))
        ))
      const outcomes = await Promise.all(racers)
      assert.strictEqual(outcomes.filter((o) => o === "won").length, 1, outcomes.join(", "))
      assert.strictEqual(outcomes.filter((o) => o === "DataDirLockHeld").length, 3, outcomes.join(", "))
      assert.isFalse(existsSync(lockFile(dir)))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
