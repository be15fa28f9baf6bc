import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // `import ... from "ringmaster"` inside this repository resolves to the sources.
    conditions: ["source"]
  },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: PGlite is CPU-bound, keep the worker count small.
    maxWorkers: 2,
    reporters: ["default", "./test/support/summaryReporter.ts"]
  }
})
