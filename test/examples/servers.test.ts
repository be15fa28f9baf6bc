/**
 * The servers as people run them (child processes): the marketing example
 * server loads the demo on a fresh data directory, serves the API with its
 * printed key, lets a request in flight finish on SIGTERM and closes the
 * embedded database cleanly (the lock is released); started again on the same
 * directory it finds the data intact (no reload, the same rows, every audit
 * chain verified). `ringmaster start` with a port in use fails at once with
 * one line naming the port, and `--no-serve` stops after the summary.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { request } from "node:http"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Database from "../../src/storage/Database.ts"

interface Running {
  readonly child: ChildProcessWithoutNullStreams
  readonly output: () => string
  readonly exited: Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>
}

const run = (args: ReadonlyArray<string>): Running => {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { timeout: 240_000 })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  )
  return { child, output: () => stdout, exited }
}

/** Waits until the server printed its banner; answers its URL and key. */
const served = async (server: Running) => {
  for (;;) {
    const out = server.output()
    if (out.includes("Press Ctrl-C")) {
      return { url: /Serving .* on (http:\/\/\S+)/.exec(out)![1]!, key: /Demo API key [^:]*: (rm_\S+)/.exec(out)![1]! }
    }
    const exit = await Promise.race([server.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))])
    if (exit !== undefined) throw new Error(`the server exited ${exit.code} before serving:\n${exit.stdout}\n${exit.stderr}`)
  }
}

interface Bodies {
  readonly status: { readonly cycles: { readonly total: number } }
  readonly decisions: { readonly items: ReadonlyArray<{ readonly id: string }> }
}

const getJson = async <K extends keyof Bodies>(_kind: K, url: string, key: string) => {
  const response = await fetch(url, { headers: { "x-api-key": key } })
  return { status: response.status, body: (await response.json()) as Bodies[K] }
}

/** Sends a request and calls `sent` once it is written; resolves with the status and body length. */
const inFlight = (url: string, key: string, sent: () => void) =>
  new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = request(url, { headers: { "x-api-key": key } }, (response) => {
      let bytes = 0
      response.on("data", (chunk: Buffer) => (bytes += chunk.length))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }))
    })
    req.on("error", reject)
    req.on("finish", sent)
    req.end()
  })

const exampleServer = "examples/marketing-server/main.ts"

describe("example servers and npm start", () => {
  it("the marketing server serves the demo; SIGTERM lets a request finish and closes the database; a restart finds it intact", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringmaster-example-"))
    try {
      const first = run([exampleServer, "--data-dir", dir, "--port", "0", "--days", "2"])
      const { url, key } = await served(first)
      assert.include(first.output(), "Loading the demo data")
      const status = await getJson("status", `${url}/api/ai/system-status`, key)
      assert.strictEqual(status.status, 200)
      assert.isAbove(status.body.cycles.total, 0, "the demo's cycles are served")
      const decisions = await getJson("decisions", `${url}/api/ai/decisions?limit=200`, key)
      assert.strictEqual(decisions.status, 200)
      // the dashboard is served beside the API
      assert.strictEqual((await fetch(`${url}/dashboard/`)).status, 200)

      // a request in flight when SIGTERM arrives still gets its whole answer
      const answered = inFlight(`${url}/api/dashboard/metrics`, key, () => first.child.kill("SIGTERM"))
      const response = await answered
      assert.strictEqual(response.status, 200)
      assert.isAbove(response.bytes, 0)
      const exit = await first.exited
      // interrupted by a signal: the runtime's exit code for an interruption
      assert.include([0, 130], exit.code, exit.stderr)
      assert.isFalse(existsSync(join(dir, Database.lockFileName)), "the embedded database closed and released its lock")

      // again on the same directory: no reload, the same rows
      const second = run([exampleServer, "--data-dir", dir, "--port", "0"])
      const again = await served(second)
      assert.notInclude(second.output(), "Loading the demo data")
      const after = await getJson("decisions", `${again.url}/api/ai/decisions?limit=200`, again.key)
      assert.strictEqual(after.status, 200)
      const kept = new Set(after.body.items.map((d) => d.id))
      assert.isAbove(decisions.body.items.length, 0)
      for (const d of decisions.body.items) assert.isTrue(kept.has(d.id), `decision ${d.id} kept`)
      // the first key still works (keys live in the database)
      assert.strictEqual((await getJson("status", `${again.url}/api/ai/system-status`, key)).status, 200)
      second.child.kill("SIGINT")
      assert.include([0, 130], (await second.exited).code)

      // and every audit chain verifies
      const verify = await run(["bin/ringmaster.ts", "audit", "verify", "--data-dir", dir]).exited
      assert.strictEqual(verify.code, 0, verify.stderr)
      assert.match(verify.stdout, /chain\(s\) verified/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 480_000)

  it("ringmaster start with a port in use fails at once with one line naming it; --no-serve stops after the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringmaster-start-"))
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      const taken = await run(["bin/ringmaster.ts", "start", "--data-dir", dir, "--port", String(port)]).exited
      assert.strictEqual(taken.code, 1)
      assert.deepStrictEqual(taken.stderr.trim().split("\n"), [`ringmaster: port ${port} on 127.0.0.1 is in use: stop the process listening there or choose another port`])
      assert.notInclude(taken.stdout, "Ringmaster demo on", "nothing was loaded")

      const batch = await run(["bin/ringmaster.ts", "start", "--no-serve", "--days", "0", "--data-dir", dir]).exited
      assert.strictEqual(batch.code, 0, batch.stderr)
      assert.match(batch.stdout, /Ringmaster Summit 2026/)
      assert.notInclude(batch.stdout, "Serving")
    } finally {
      blocker.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
