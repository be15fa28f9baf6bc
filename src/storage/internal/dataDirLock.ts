/**
 * An exclusive lock on a PGlite data directory, as PostgreSQL's
 * `postmaster.pid`: a file in the directory naming the owning process.
 *
 * PGlite has no lock of its own (the `postmaster.pid` it writes holds a fake
 * pid), and two processes on one directory corrupt it silently. So before
 * PGlite opens a directory we create `ringmaster.pid` exclusively (`open` with
 * `wx`) and write our pid, host name, a random token and the start time. When
 * the file exists we read it: if its process is alive (`kill(pid, 0)` succeeds
 * or answers `EPERM`) the directory is in use and we fail; if it is dead
 * (`ESRCH`) the lock is stale (a killed process) and we take it over. The lock
 * is released (the file deleted, only if it still holds our token) when the
 * scope closes.
 *
 * Taking over a stale lock renames it aside and checks that what was renamed is
 * the stale file that was judged; if another process had already replaced it
 * with a fresh lock, that lock is put back. A lock written on another host
 * (a shared file system) cannot be checked and counts as held.
 *
 * The directory itself is created without `mkdir({ recursive: true })`, which
 * loops forever under `/proc` on Node.
 *
 * @internal
 */
import { Clock, Data, Duration, Effect, Option } from "effect"
import { randomUUID } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** @internal */
export const lockFileName = "ringmaster.pid"

/** The directory is in use by a live process. @internal */
export class Held extends Data.TaggedError("DataDirLockHeld")<{
  readonly dir: string
  readonly file: string
  readonly pid: number
  readonly hostname: string
  /** the holder is this very process (another layer opened the directory) */
  readonly self: boolean
}> {}

/** The directory or its lock file could not be created, read or written. @internal */
export class LockIo extends Data.TaggedError("DataDirLockIo")<{
  readonly dir: string
  readonly reason: string
}> {}

/** A lock this process holds. @internal */
export interface Lock {
  readonly dir: string
  readonly file: string
  readonly token: string
  /** work on the directory that must finish before the lock is released */
  readonly pending: Array<Promise<unknown>>
}

/**
 * Keeps the lock past the scope's end until `work` settles: for a PGlite that
 * was abandoned while it opened (a timeout), which must close before anyone
 * else opens the directory. The scope does not wait for it.
 *
 * @internal
 */
export const releaseAfter = (lock: Lock, work: Promise<unknown>): void => {
  lock.pending.push(work)
}

/** What a lock file says. @internal */
export interface Holder {
  readonly pid: number
  readonly hostname: string
  readonly token: string
}

/** Directories (real paths) locked by this process, with the token of their lock. */
const heldHere = new Map<string, string>()

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined

const errorText = (error: unknown): string => error instanceof Error ? error.message : String(error)

/** @internal */
export const format = (holder: Holder & { readonly started: string }): string =>
  `${holder.pid}\n${holder.hostname}\n${holder.token}\n${holder.started}\n`

/** @internal */
export const parse = (text: string): Option.Option<Holder> => {
  const [pid, hostname, token] = text.split("\n")
  if (pid === undefined || !/^[1-9][0-9]*$/.test(pid) || hostname === undefined || hostname === "" || token === undefined || token === "") {
    return Option.none()
  }
  return Option.some({ pid: Number(pid), hostname, token })
}

/**
 * Creates `dir` and its missing parents. Unlike `mkdir({ recursive: true })`
 * it tries each level once, so an impossible path fails instead of looping.
 *
 * @internal
 */
export const ensureDirectory = (dir: string): Effect.Effect<string, LockIo> =>
  Effect.try({
    try: () => {
      const absolute = path.resolve(dir)
      const make = (target: string): void => {
        try {
          fs.mkdirSync(target)
          return
        } catch (error) {
          const code = errorCode(error)
          if (code === "EEXIST") {
            if (!fs.statSync(target).isDirectory()) throw new Error(`${target} exists and is not a directory`)
            return
          }
          const parent = path.dirname(target)
          if (code !== "ENOENT" || parent === target) throw error
          make(parent)
        }
        try {
          fs.mkdirSync(target)
        } catch (error) {
          if (errorCode(error) !== "EEXIST" || !fs.statSync(target).isDirectory()) throw error
        }
      }
      make(absolute)
      return fs.realpathSync(absolute)
    },
    catch: (error) => new LockIo({ dir, reason: `cannot create the data directory: ${errorText(error)}` })
  })

/** Whether the process a lock file names is running. */
const isAlive = (dir: string, holder: Holder): boolean => {
  // another host's process cannot be checked: assume it runs
  if (holder.hostname !== os.hostname()) return true
  // our own pid: held by another layer of this process, or stale from an earlier
  // process that had the same pid (containers restart with the same pids)
  if (holder.pid === process.pid) return heldHere.get(dir) === holder.token
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return errorCode(error) !== "ESRCH"
  }
}

/** Creates the lock file exclusively: `true` when created, `false` when one exists. */
const create = (dir: string, file: string, contents: string) =>
  Effect.try({
    try: () => {
      let fd: number
      try {
        fd = fs.openSync(file, "wx", 0o644)
      } catch (error) {
        if (errorCode(error) === "EEXIST") return false
        throw error
      }
      try {
        fs.writeSync(fd, contents)
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
      return true
    },
    catch: (error) => new LockIo({ dir, reason: `cannot create the lock file ${file}: ${errorText(error)}` })
  })

/** The lock file's text; `None` when it does not exist (any more). */
const read = (dir: string, file: string) =>
  Effect.try({
    try: () => {
      try {
        return Option.some(fs.readFileSync(file, "utf8"))
      } catch (error) {
        if (errorCode(error) === "ENOENT") return Option.none<string>()
        throw error
      }
    },
    catch: (error) => new LockIo({ dir, reason: `cannot read the lock file ${file}: ${errorText(error)}` })
  })

/** Removes a stale lock file whose text was `stale`, without removing a fresh one. */
const removeStale = (dir: string, file: string, stale: string, token: string) =>
  Effect.try({
    try: () => {
      const aside = `${file}.stale-${token}`
      try {
        fs.renameSync(file, aside)
      } catch (error) {
        if (errorCode(error) === "ENOENT") return // someone else removed it
        throw error
      }
      const moved = fs.readFileSync(aside, "utf8")
      if (moved !== stale) {
        // another process replaced the stale lock with its own in the meantime: put it back
        try {
          fs.linkSync(aside, file)
        } catch {
          fs.renameSync(aside, file)
          return
        }
      }
      fs.unlinkSync(aside)
    },
    catch: (error) => new LockIo({ dir, reason: `cannot remove the stale lock file ${file}: ${errorText(error)}` })
  })

/** How long a lock file may be unreadable (a process between creating and writing it). */
const writeGrace = Duration.millis(250)

const take = (dir: string): Effect.Effect<Lock, Held | LockIo> =>
  Effect.gen(function*() {
    const file = path.join(dir, lockFileName)
    const token = randomUUID()
    const started = new Date(yield* Clock.currentTimeMillis).toISOString()
    const contents = format({ pid: process.pid, hostname: os.hostname(), token, started })
    for (let attempt = 0; attempt < 10; attempt++) {
      if (yield* create(dir, file, contents)) {
        heldHere.set(dir, token)
        return { dir, file, token, pending: [] }
      }
      const text = yield* read(dir, file)
      if (Option.isNone(text)) continue
      let holder = parse(text.value)
      let stale = text.value
      if (Option.isNone(holder)) {
        // maybe written right now: look again shortly; still unreadable means a
        // process died between creating and writing it
        yield* Effect.sleep(writeGrace)
        const again = yield* read(dir, file)
        if (Option.isNone(again)) continue
        holder = parse(again.value)
        stale = again.value
      }
      if (Option.isSome(holder) && isAlive(dir, holder.value)) {
        return yield* new Held({
          dir,
          file,
          pid: holder.value.pid,
          hostname: holder.value.hostname,
          self: holder.value.pid === process.pid
        })
      }
      yield* removeStale(dir, file, stale, token)
    }
    return yield* new LockIo({ dir, reason: `cannot take the lock file ${file}: other processes keep taking it` })
  })

const releaseNow = (lock: Lock): void => {
  if (heldHere.get(lock.dir) === lock.token) heldHere.delete(lock.dir)
  try {
    const holder = parse(fs.readFileSync(lock.file, "utf8"))
    if (Option.isSome(holder) && holder.value.token === lock.token) fs.unlinkSync(lock.file)
  } catch {
    // gone already, or unreadable: not ours to remove
  }
}

const release = (lock: Lock) =>
  Effect.sync(() => {
    if (lock.pending.length === 0) return releaseNow(lock)
    // if the process exits first, the file stays behind as a stale lock (a dead pid)
    void Promise.allSettled(lock.pending).then(() => releaseNow(lock))
  })

/**
 * Creates the data directory if needed and locks it until the scope closes.
 * Fails with `Held` when a live process holds it.
 *
 * @internal
 */
export const acquire = (dataDir: string) =>
  Effect.flatMap(ensureDirectory(dataDir), (dir) => Effect.acquireRelease(take(dir), release))

/**
 * Who holds the lock of `dataDir`, if anyone (the file's contents; the process
 * may be gone).
 *
 * @internal
 */
export const holder = (dataDir: string): Option.Option<Holder> => {
  try {
    return parse(fs.readFileSync(path.join(dataDir, lockFileName), "utf8"))
  } catch {
    return Option.none()
  }
}
