/**
 * The smart-alert service on storage: a scan raises the anomaly, pacing and
 * opportunity alerts of an account's campaigns; a repeat updates the open
 * alert (occurrences, days, last seen) instead of adding a row; a dismissed
 * alert is not raised again for the days it covered; status transitions are
 * checked; the recommended actions are requests the safety envelope runs.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Exit, Layer, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { ActionRequest, SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import * as Alert from "../../src/cycles/alerts/Alert.ts"
import { AlertService } from "../../src/cycles/alerts/AlertService.ts"
import * as Dates from "../../src/cycles/alerts/internal/dates.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { CampaignDailyMetrics } from "../../src/storage/schema/marketing/CampaignDailyMetrics.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiSmartAlerts } from "../../src/storage/schema/marketingAi/AiSmartAlerts.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { envelopeOnStorage } from "../support/budgetWorld.ts"
import { atTime } from "../support/clockAt.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const day = (date: string) => Dates.dayNumber(date)!
const at = (date: string, hour = 6) => atTime(day(date) * 86_400_000 + hour * 3_600_000)
const decodeDocument = Schema.decodeUnknownSync(Alert.Document)

/**
 * An account with three active campaigns and daily rows from 2026-01-01 to
 * 2026-03-10:
 * - "Steady": spend 300 on weekdays, 200 at weekends, clicks 150, no budget;
 *   spend 900 on 2026-03-10 (an anomaly: three times a Tuesday).
 * - "Overspender": daily budget 100, spends 130 every day: by 2026-03-11,
 *   1,300 spent in March and 130 × 21 days to go = 4,030 against 3,100.
 * - "Capped winner": daily budget 100, spends 98 a day at ROAS 2 (target
 *   1.5), 5 conversions a day: budget-limited and profitable.
 */
const seed = Effect.gen(function*() {
  const storage = yield* Storage
  const slug = `alerts-${crypto.randomUUID().slice(0, 8)}`
  const account = yield* storage.insert(Accounts, { name: "Alerts Co", slug })
  const campaign = (name: string, patch: Partial<typeof Campaigns.Insert.Type>) =>
    storage.insert(Campaigns, { account_id: account.id, name, platform: "simulated", status: "active", ...patch })
  const steady = yield* campaign("Steady", {})
  const over = yield* campaign("Overspender", { daily_budget: 100 })
  const capped = yield* campaign("Capped winner", { daily_budget: 100, target_roas: 1.5 })
  const rows: Array<typeof CampaignDailyMetrics.Insert.Type> = []
  for (let n = day("2026-01-01"); n <= day("2026-03-10"); n++) {
    const date = Dates.toDate(n)
    const weekend = Dates.dayOfWeek(n) === 0 || Dates.dayOfWeek(n) === 6
    const base = { account_id: account.id, metric_date: date, impressions: 5000, is_final: true }
    rows.push({ ...base, campaign_id: steady.id, clicks: 150, conversions: 10, spend: date === "2026-03-10" ? 900 : weekend ? 200 : 300, revenue: 600 })
    rows.push({ ...base, campaign_id: over.id, clicks: 100, conversions: 6, spend: 130, revenue: 260 })
    rows.push({ ...base, campaign_id: capped.id, clicks: 100, conversions: 5, spend: 98, revenue: 196, search_impression_share: 64 })
  }
  yield* storage.bulkInsert(CampaignDailyMetrics, rows)
  return { account, steady, over, capped }
})

const alertsOf = (accountId: string) =>
  Effect.map(
    Storage.use((s) => s.find(AiSmartAlerts, { where: { account_id: accountId }, orderBy: [{ column: "created_at" }] })),
    (page) => page.items
  )

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(name, () => {
    // the test's envelope registers the storage-backed `set_campaign_budget` (test/support/budgetWorld.ts), the host's own action
    const world = Layer.mergeAll(AlertService.layerOptions({ budgetAction: "set_campaign_budget" }), envelopeOnStorage).pipe(Layer.provideMerge(database))
    layer(world, { timeout: "120 seconds" })((it) => {
      it.effect("a scan raises each finding once; repeats update the open alert; a dismissed one stays down", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const alerts = yield* AlertService
          const { account, steady, over, capped } = yield* seed.pipe(at("2026-03-11", 1))

          const first = yield* alerts.scan(account.id).pipe(at("2026-03-11"))
          assert.strictEqual(first.today, "2026-03-11")
          assert.strictEqual(first.campaigns, 3)
          assert.strictEqual(first.raised, first.alerts.length)
          const rows = yield* alertsOf(account.id)
          assert.strictEqual(rows.length, first.raised)
          const byKey = new Map(rows.map((r) => [decodeDocument(r.recommended_actions).key, r]))
          assert.strictEqual(byKey.size, rows.length, "one row per identity")

          // the spend spike on Steady
          const spend = byKey.get(Alert.key("performance_anomaly", steady.id, "spend"))!
          assert.strictEqual(spend.status, "active")
          assert.strictEqual(spend.affected_entity_id, steady.id)
          const spendDoc = decodeDocument(spend.recommended_actions)
          assert.deepStrictEqual(spendDoc.days, ["2026-03-10"])
          assert.strictEqual(spendDoc.occurrences, 1)
          assert.deepStrictEqual(spendDoc.actions, [])
          // expected 300 (a Tuesday, flat history); σ = max(MAD 0, log 1.05, 1/301) = log 1.05;
          // z = log(901 / 301) / log(1.05) = 22.5 → critical
          assert.strictEqual(spend.severity, "critical")
          assert.match(spend.title, /^Spend above expected on 2026-03-10 \(200%\): Steady$/)

          // Overspender: pacing over, action cuts the daily budget to (3,100 − 1,300) / 21 = 85.71
          const pacing = byKey.get(Alert.key("budget_threshold", over.id, "spend_month"))!
          assert.strictEqual(pacing.severity, "high") // 4,030 / 3,100 = 1.3
          const [cut] = decodeDocument(pacing.recommended_actions).actions
          const cutRequest = Schema.decodeUnknownSync(ActionRequest)(cut)
          assert.deepStrictEqual(cutRequest.parameters, { campaignId: over.id, budget: 85.71 })
          assert.strictEqual(cutRequest.action, "set_campaign_budget")
          assert.isFalse(byKey.has(Alert.key("opportunity", over.id, "roas")), "no raise for a campaign pacing over")

          // Capped winner: an opportunity, action raises the budget by 20%
          const opportunity = byKey.get(Alert.key("opportunity", capped.id, "roas"))!
          const raise = Schema.decodeUnknownSync(ActionRequest)(decodeDocument(opportunity.recommended_actions).actions[0])
          assert.deepStrictEqual(raise.parameters, { campaignId: capped.id, budget: 120 })
          assert.isFalse(byKey.has(Alert.key("budget_threshold", capped.id, "spend_month")), "98 a day is on pace")

          // the same scan again: every alert updated, none added
          const again = yield* alerts.scan(account.id).pipe(at("2026-03-11", 9))
          assert.strictEqual(again.raised, 0)
          assert.strictEqual(again.updated, first.raised)
          assert.strictEqual((yield* alertsOf(account.id)).length, rows.length)
          const spendAgain = decodeDocument((yield* storage.get(AiSmartAlerts, spend.id)).recommended_actions)
          assert.strictEqual(spendAgain.occurrences, 1, "the same day is not a new occurrence")
          assert.strictEqual(spendAgain.lastSeenAt, "2026-03-11T09:00:00.000Z")
          assert.strictEqual(spendAgain.firstSeenAt, "2026-03-11T06:00:00.000Z")

          // the spike repeats the next day: the open alert counts a second occurrence
          yield* storage.insert(CampaignDailyMetrics, {
            account_id: account.id,
            campaign_id: steady.id,
            metric_date: "2026-03-11",
            impressions: 5000,
            clicks: 150,
            conversions: 10,
            spend: 900,
            revenue: 600
          })
          yield* alerts.acknowledge(spend.id)
          const next = yield* alerts.scan(account.id).pipe(at("2026-03-12"))
          assert.strictEqual(next.raised, 0)
          const repeated = yield* storage.get(AiSmartAlerts, spend.id)
          assert.strictEqual(repeated.status, "acknowledged", "an update keeps the status")
          assert.deepStrictEqual(decodeDocument(repeated.recommended_actions).days, ["2026-03-10", "2026-03-11"])
          assert.strictEqual(decodeDocument(repeated.recommended_actions).occurrences, 2)
          assert.strictEqual((yield* alertsOf(account.id)).length, rows.length)

          // dismissed: the next scan over the same days raises nothing for it
          const dismissed = yield* alerts.dismiss(spend.id).pipe(at("2026-03-12", 10))
          assert.strictEqual(dismissed.status, "dismissed")
          assert.strictEqual(dismissed.resolved_at!.toISOString(), "2026-03-12T10:00:00.000Z")
          const afterDismiss = yield* alerts.scan(account.id).pipe(at("2026-03-12", 11))
          assert.isAtLeast(afterDismiss.suppressed, 1)
          assert.isFalse(afterDismiss.alerts.some((a) => a.id === spend.id))
          const spendRows = (yield* alertsOf(account.id)).filter((r) =>
            decodeDocument(r.recommended_actions).key === Alert.key("performance_anomaly", steady.id, "spend")
          )
          assert.strictEqual(spendRows.length, 1)
        }))

      it.effect("status transitions: allowed moves pass, others fail naming the alert and both statuses", () =>
        Effect.gen(function*() {
          const alerts = yield* AlertService
          const { account } = yield* seed.pipe(at("2026-03-11", 1))
          const report = yield* alerts.scan(account.id).pipe(at("2026-03-11"))
          const [a, b] = report.alerts
          assert.strictEqual((yield* alerts.acknowledge(a!.id)).status, "acknowledged")
          const twice = yield* Effect.flip(alerts.acknowledge(a!.id))
          assert.deepInclude(twice, { _tag: "InvalidAlertTransition", alertId: a!.id, from: "acknowledged", to: "acknowledged" })
          const resolved = yield* alerts.resolve(a!.id).pipe(at("2026-03-11", 8))
          assert.strictEqual(resolved.status, "resolved")
          assert.strictEqual(resolved.resolved_at!.toISOString(), "2026-03-11T08:00:00.000Z")
          const reopened = yield* Effect.flip(alerts.dismiss(a!.id))
          assert.deepInclude(reopened, { _tag: "InvalidAlertTransition", from: "resolved", to: "dismissed" })
          assert.strictEqual(reopened.message, `alert ${a!.id}: cannot move from "resolved" to "dismissed"`)
          assert.strictEqual((yield* alerts.resolve(b!.id)).status, "resolved", "active → resolved directly")
          const missing = yield* Effect.flip(alerts.resolve("00000000-0000-4000-8000-000000000000"))
          assert.deepInclude(missing, { _tag: "AlertNotFound", alertId: "00000000-0000-4000-8000-000000000000" })
        }))

      it.effect("a recommended action is a request the safety envelope runs", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const alerts = yield* AlertService
          const envelope = yield* SafetyEnvelope
          const { account, capped } = yield* seed.pipe(at("2026-03-11", 1))
          const report = yield* alerts.scan(account.id).pipe(at("2026-03-11"))
          const opportunity = report.alerts.find((a) => a.alert_type === "opportunity")!
          const request = yield* Schema.decodeUnknownEffect(ActionRequest)(
            decodeDocument(opportunity.recommended_actions).actions[0]
          )
          const record = yield* envelope.submit(request)
          assert.strictEqual(record.status, "succeeded")
          assert.strictEqual((yield* storage.get(Campaigns, capped.id)).daily_budget, 120)
        }))

      it.effect("options out of range fail as InvalidAlertOptions naming the option", () =>
        Effect.gen(function*() {
          const exit = yield* Effect.exit(Layer.build(AlertService.layerOptions({ evaluationDays: 0 })))
          assert.isTrue(Exit.isFailure(exit))
          const error = yield* Effect.flip(Layer.build(AlertService.layerOptions({ defaultTargetRoas: -1 })))
          assert.deepInclude(error, { _tag: "InvalidAlertOptions", field: "defaultTargetRoas", value: -1 })
        }).pipe(Effect.scoped))
    })
  })

suite("alert service on PGlite", pglite())
if (serverUrl !== undefined) suite("alert service on a server", server(serverUrl))
