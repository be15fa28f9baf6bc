/**
 * The README's embedding example, run exactly as printed: the ```ts block under
 * "## Embedding it" is written to a file and run with tsx (resolving
 * `ringmaster` to this repository's sources); what it prints must equal the
 * `// { ... }` line that ends the block.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

describe("README", () => {
  it("shows the two commands", () => {
    const readme = readFileSync("README.md", "utf8")
    assert.include(readme, "npm install && npm start")
    assert.include(readme, "npm test")
  })

  it("embedding example runs as printed and prints what it says", async () => {
    const readme = readFileSync("README.md", "utf8")
    const section = readme.slice(readme.indexOf("## Embedding it"))
    const match = /```ts\n([\s\S]*?)```/.exec(section)
    assert.isNotNull(match, "the README has a ts block under 'Embedding it'")
    const code = match![1]!
    const expected = code.trim().split("\n").at(-1)!.replace(/^\/\/\s*/, "")
    // inside the repository (so `effect` and `ringmaster` resolve), in a git-ignored folder
    const dir = mkdtempSync(join(process.cwd(), "scratch-readme-"))
    const file = join(dir, "example.ts")
    writeFileSync(file, code)
    try {
      const { stdout } = await run(process.execPath, ["--conditions=source", "--import", "tsx", file], {
        cwd: process.cwd(),
        timeout: 90_000
      })
      const printed = stdout.trim().replace(/\s+/g, " ")
      assert.strictEqual(printed, expected.replace(/\s+/g, " "))
    } finally {
      const { rmSync } = await import("node:fs")
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
