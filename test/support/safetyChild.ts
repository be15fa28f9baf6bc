/**
 * A separate process for the safety envelope's cross-process tests: a host
 * that opens the database (a PGlite data directory or a server URL), then
 * either creates a campaign (`setup`) or asks the envelope once for +50% on
 * it under a rule capped at one execution a day (`submit`), and prints the
 * result as one JSON line.
 *
 *   node --import tsx test/support/safetyChild.ts setup  <dataDir|url>
 *   node --import tsx test/support/safetyChild.ts submit <dataDir|url> <campaignId>
 */
import { Effect, Layer } from "effect"
import * as Action from "../../src/actions/Action.ts"
import { ActionRequest, SafetyEnvelope } from "../../src/actions/SafetyEnvelope.ts"
import { SafetyLimits } from "../../src/actions/SafetyLimits.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import * as SqlStorage from "../../src/storage/SqlStorage.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { envelopeOnStorage, makeCampaign } from "./budgetWorld.ts"

const [mode, target, campaignId] = process.argv.slice(2)
if (target === undefined || (mode !== "setup" && mode !== "submit")) {
  console.error("usage: safetyChild.ts setup|submit <dataDir|url> [campaignId]")
  process.exit(2)
}
const database = target.startsWith("postgres") ? SqlStorage.layerServer(target) : SqlStorage.layerPglite({ dataDir: target })

const program: Effect.Effect<unknown, unknown, Storage | SafetyEnvelope> = mode === "setup" ?
  Effect.map(makeCampaign(), (id) => ({ campaignId: id })) :
  Effect.gen(function*() {
    const envelope = yield* SafetyEnvelope
    const storage = yield* Storage
    const before = yield* storage.get(Campaigns, campaignId!)
    const record = yield* envelope.submit(
      new ActionRequest({
        requestId: `child-${process.pid}`,
        action: "set_campaign_budget",
        parameters: { campaignId, budget: (before.daily_budget ?? 0) * 1.5 },
        requester: new Action.RuleRequester({ ruleId: "once-a-day" }),
        runId: `run-${process.pid}`,
        limits: new SafetyLimits({ maxExecutionsPerDay: 1, maxDailyMovement: { relative: 0.2 } })
      })
    )
    return { pid: process.pid, status: record.status, outcome: record.decision.outcome._tag, code: record.decision.outcome.reason.code }
  })

Effect.runPromise(
  program.pipe(Effect.provide(envelopeOnStorage.pipe(Layer.provideMerge(database))))
).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(String(error))
    process.exit(1)
  }
)
