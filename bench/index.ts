/**
 * `npm run bench`: runs every benchmark, one process each, in sequence.
 * Each prints its own side-by-side table against its named peer.
 *
 *   npm run bench                 # all
 *   npm run bench -- storage      # only bench/storage.ts
 *   npm run bench -- rls --rows 20000   # flags go to the selected benchmarks
 */
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"

const all = ["rules", "storage", "agents", "cycles", "analytics", "rls", "http"] as const
const args = process.argv.slice(2)
// names pick benchmarks; everything else (flags and their values) goes to each of them
const wanted = args.filter((a) => (all as ReadonlyArray<string>).includes(a))
const passed = args.filter((a) => !(all as ReadonlyArray<string>).includes(a))
const selected = wanted.length === 0 ? all : all.filter((name) => wanted.includes(name))
let failed = false
for (const name of selected) {
  const file = `bench/${name}.ts`
  if (!existsSync(file)) continue
  console.log(`\n=== bench/${name} ===`)
  const result = spawnSync(process.execPath, ["--import", "tsx", file, ...passed], { stdio: "inherit" })
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status})`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)
