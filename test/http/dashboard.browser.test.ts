/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core): the page loads with the demo data (8 simulated days of
 * cycles on the simulated ad account), an approval made on the page with the
 * keyboard lands in the database and the decision's envelope outcome changes
 * on the page without a reload, and another tenant's key sees none of it.
 * Saves a screenshot to a temporary directory and prints its path.
 *
 * The browser is found at CHROMIUM_PATH, else /usr/bin/chromium (`.ci/run`
 * installs it).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Browser, chromium } from "playwright-core"
import * as Demo from "../../src/demo/Demo.ts"
import * as DemoServer from "../../src/demo/DemoServer.ts"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import { AiDecisionLogs } from "../../src/storage/schema/marketingAi/AiDecisionLogs.ts"
import { AiRecommendations } from "../../src/storage/schema/marketingAi/AiRecommendations.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

const launch = Effect.acquireRelease(
  Effect.promise(() =>
    chromium.launch({
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
  ),
  (browser: Browser) => Effect.promise(() => browser.close())
)

const promise = <A>(f: () => Promise<A>) => Effect.promise(f)

describe("dashboard in Chromium", () => {
  layer(pglite(), { timeout: "240 seconds" })((it) => {
    it.effect("loads the demo data; an approval on the page lands in the database and updates the decision; another tenant sees none of it", () =>
      TestClock.withLive(Effect.gen(function*() {
        const storage = yield* Storage
        yield* Demo.run({ seed: 2026, cycleDays: 8 })
        const started = yield* DemoServer.start({ profile: "marketing", port: 0, schedule: false })
        // another tenant: the simulated account left alone, with a read key of its own
        const otherKey = yield* Effect.gen(function*() {
          const keys = yield* ApiKeys
          return (yield* keys.create({ accountId: started.target.aloneId!, name: "other tenant", scopes: ["read"] })).secret
        }).pipe(Effect.provide(ApiKeys.layer))

        const browser = yield* launch
        const page = yield* promise(() => browser.newPage({ viewport: { width: 1366, height: 900 } }))
        const errors: Array<string> = []
        page.on("pageerror", (e) => errors.push(e.message))
        yield* promise(() => page.goto(started.dashboardUrl))
        yield* promise(() => page.waitForSelector("body[data-loaded=\"true\"]", { timeout: 30_000 }))
        // the key left the address bar and is kept for the tab
        assert.notInclude(page.url(), "key=")
        assert.strictEqual(yield* promise(() => page.evaluate<string | null>("sessionStorage.getItem('ringmaster.apiKey')")), started.apiKey)
        assert.include(yield* promise(() => page.textContent("#who")), started.target.accountName)

        // the demo data is on the page: decisions, approvals, cycles, charts
        const decisions = (yield* storage.find(AiDecisionLogs, { where: { account_id: started.target.accountId } })).items
        assert.isAbove(decisions.length, 0)
        assert.isAbove(yield* promise(() => page.locator("#decisions-table tbody tr").count()), 0)
        assert.isAbove(yield* promise(() => page.locator("#cycles-table tbody tr").count()), 0)
        assert.isAtLeast(yield* promise(() => page.locator("#charts canvas").count()), 3, "three uPlot charts drawn")
        const pending = (yield* storage.find(AiRecommendations, { where: { account_id: started.target.accountId, status: "pending" } })).items
        assert.isAbove(pending.length, 0, "the demo's cycles left approvals waiting")
        assert.strictEqual(
          yield* promise(() => page.textContent("#approvals-count")),
          `(${pending.length})`
        )

        // an approval whose decision is listed on the page
        const pair = yield* promise(async () => {
          const cards = page.locator("#approvals-list li.card")
          for (let i = 0; i < (await cards.count()); i++) {
            const decision = await cards.nth(i).getAttribute("data-decision-id")
            const recommendation = await cards.nth(i).getAttribute("data-recommendation-id")
            if (decision && recommendation && (await page.locator(`#decision-${decision}`).count()) === 1) return { decision, recommendation }
          }
          return undefined
        })
        assert.isDefined(pair, "a pending approval's decision is among the latest decisions")
        const { decision, recommendation } = pair!
        const row = page.locator(`#decision-${decision}`)
        assert.strictEqual(yield* promise(() => row.getAttribute("data-outcome")), "Awaiting approval")

        // approve with the keyboard: focus the button, press Enter
        yield* promise(() => page.locator(`#approval-${recommendation} button.primary`).focus())
        yield* promise(() => page.keyboard.press("Enter"))
        yield* promise(() => page.locator(`#decision-${decision}:not([data-outcome="Awaiting approval"])`).waitFor({ timeout: 30_000 }))
        // in the database
        const approved = yield* storage.get(AiRecommendations, recommendation)
        assert.include(["approved", "implemented"], approved.status)
        const logged = yield* storage.get(AiDecisionLogs, decision)
        assert.notMatch(logged.action_taken ?? "", /^awaiting approval/)
        // and on the page, without a reload: the row shows what the log now says, and the card is gone
        assert.strictEqual(yield* promise(() => row.locator("summary").textContent()), logged.action_taken)
        assert.match((yield* promise(() => row.getAttribute("data-outcome"))) ?? "", /^(Applied|Clamped|Blocked|Failed)$/)
        assert.strictEqual(yield* promise(() => page.locator(`#approval-${recommendation}`).count()), 0)
        assert.match((yield* promise(() => page.textContent("#announce"))) ?? "", /Approve bid cut: done\. envelope outcome/)

        const dir = mkdtempSync(join(tmpdir(), "ringmaster-dashboard-"))
        const screenshot = join(dir, "dashboard.png")
        yield* promise(() => page.screenshot({ path: screenshot, fullPage: true }))
        console.log(`dashboard screenshot: ${screenshot}`)

        // another tenant's key: its own (empty) account, none of the managed account's rows
        const other = yield* promise(() => browser.newPage({ viewport: { width: 1366, height: 900 } }))
        yield* promise(() => other.goto(`${started.url}/dashboard/#key=${otherKey}`))
        yield* promise(() => other.waitForSelector("body[data-loaded=\"true\"]", { timeout: 30_000 }))
        assert.notInclude((yield* promise(() => other.textContent("#who"))) ?? "", started.target.accountName)
        assert.strictEqual(yield* promise(() => other.textContent("#decisions-table")), "No decisions yet.")
        assert.strictEqual(yield* promise(() => other.textContent("#approvals-list")), "Nothing is waiting for approval.")
        const html = yield* promise(() => other.content())
        for (const id of [decision, recommendation, started.target.accountId]) assert.notInclude(html, id)
        // a read key offers no actions
        assert.strictEqual(yield* promise(() => other.locator("#board button").count()), 0)
        assert.deepStrictEqual(errors, [], "no script errors on the page")
      })))
  })
})
