/**
 * `npm run bench`: runs every benchmark, one process each, in sequence.
 * Each prints its own side-by-side table against its named peer.
 *
 *   npm run bench                 # all
 *   npm run bench -- storage      # only bench/storage.ts
 */
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"

const all = ["rules", "storage", "agents", "cycles", "analytics", "http"] as const
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"))
const selected = wanted.length === 0 ? all : all.filter((name) => wanted.includes(name))
let failed = false
for (const name of selected) {
  const file = `bench/${name}.ts`
  if (!existsSync(file)) continue
  console.log(`\n=== bench/${name} ===`)
  const result = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" })
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status})`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)
