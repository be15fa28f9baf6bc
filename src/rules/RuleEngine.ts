/**
 * The rule engine: loads rules (from the two seed tables through the storage
 * port, or from values), compiles their conditions once, and fires them
 * against facts. Every action of a fired rule goes through the safety
 * envelope, and the rule's bookkeeping (`execution_count`, `success_rate`,
 * `last_executed_at` / `last_execution_at`) is written in the same storage
 * transaction as the records its actions write.
 *
 * ```ts
 * const engine = yield* RuleEngine
 * const rules = yield* engine.loadStored()
 * const firings = yield* engine.fire(rules, { campaign }, { factType: "campaign_metrics" })
 * ```
 *
 * Failure isolation: each action runs in its own savepoint. An action whose
 * handler fails has its writes rolled back, is recorded as failed (feeding the
 * circuit breaker and the success rate), and the rule's remaining actions
 * still run. Parameters bound from facts (`RuleAction.bind`) are decoded when
 * the rule fires; a mismatch is reported in the firing's `errors` and counts
 * as a failed execution.
 *
 * Counters are read and written inside the transaction. Two processes firing
 * the same rule at the same instant on a server can still interleave their
 * read-modify-write; one process (or one cluster singleton) per rule set
 * avoids that.
 *
 * @since 0.1.0
 */
import { Clock, Context, DateTime, Effect, Layer, Option, Ref, Result } from "effect"
import { AiAutomationRules } from "../storage/schema/marketingAi/AiAutomationRules.ts"
import { AutomationRules } from "../storage/schema/eventsAi/AutomationRules.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import * as Action from "../actions/Action.ts"
import { ActionRegistry, type InvalidActionParameters, type UnknownAction } from "../actions/ActionRegistry.ts"
import * as Compiler from "./Compiler.ts"
import * as FactPath from "./FactPath.ts"
import * as Rule from "./Rule.ts"
import * as Scheduler from "./Scheduler.ts"
import type { RuleLoadError } from "./RuleLoadError.ts"
import { ActionRequest, type ExecutionRecord, SafetyEnvelope } from "../actions/SafetyEnvelope.ts"

/**
 * A compiled set of rules, with where each came from (for bookkeeping) and
 * the counters of rules that live only in memory.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleSet {
  readonly rules: ReadonlyArray<Rule.Rule>
  readonly compiled: Compiler.CompiledRuleSet<Rule.Rule>
  /** rule id → the table the rule was loaded from; rules not listed live in memory */
  readonly sources: ReadonlyMap<string, Rule.Table>
  readonly memoryStats: Ref.Ref<ReadonlyMap<string, Rule.RuleStats>>
}

/**
 * What one fired rule did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Firing {
  readonly rule: Rule.Rule
  /** one record per action that reached the envelope, in sequence order */
  readonly records: ReadonlyArray<ExecutionRecord>
  /** actions that could not be requested (parameters bound from facts did not decode) */
  readonly errors: ReadonlyArray<{ readonly action: string; readonly message: string }>
  /** the rule's counters after this firing */
  readonly stats: Rule.RuleStats
}

/**
 * Options of {@link Shape.fire}.
 *
 * @since 0.1.0
 * @category models
 */
export interface FireOptions {
  /** only rules triggered by this fact type fire; without it, every enabled rule whose conditions hold */
  readonly factType?: string | undefined
  /** groups the actions of one evaluation for the envelope's per-run caps */
  readonly runId?: string | undefined
  /** decide and record, change nothing */
  readonly shadow?: boolean | undefined
}

/**
 * The engine.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Checks every rule's actions against the registry and compiles the conditions. */
  readonly compile: (
    rules: ReadonlyArray<Rule.Rule>,
    options?: Compiler.CompileOptions & { readonly sources?: ReadonlyMap<string, Rule.Table> | undefined }
  ) => Effect.Effect<RuleSet, RuleLoadError | UnknownAction | InvalidActionParameters>
  /** Loads the active rules of `automation_rules` and `ai_automation_rules` and compiles them. */
  readonly loadStored: (
    options?: Compiler.CompileOptions
  ) => Effect.Effect<RuleSet, Rule.RuleDecodeError | RuleLoadError | UnknownAction | InvalidActionParameters | StorageError>
  /** Evaluates facts and runs the fired rules' actions through the envelope, in priority order. */
  readonly fire: (ruleSet: RuleSet, facts: Compiler.Facts, options?: FireOptions) => Effect.Effect<ReadonlyArray<Firing>, StorageError>
  /**
   * Runs the rule set's scheduled rules (frequency or cron triggers) forever,
   * each on its own schedule with its missed-run policy (catching up from the
   * rule's last execution). For each run, `gather` supplies the facts and only
   * that rule is evaluated and, when its conditions hold, fired. A run that
   * fails (gathering facts, or storage) is logged and the schedule goes on.
   */
  readonly runScheduled: <E, R>(
    ruleSet: RuleSet,
    gather: (rule: Rule.Rule, run: Scheduler.ScheduledRun) => Effect.Effect<Compiler.Facts, E, R>,
    options?: Scheduler.Options & { readonly onFiring?: ((firing: Firing, run: Scheduler.ScheduledRun) => Effect.Effect<void>) | undefined }
  ) => Effect.Effect<never, never, R>
}

/** An action whose handler failed: its savepoint rolls back, the record survives. */
class ActionRolledBack {
  readonly _tag = "ActionRolledBack"
  constructor(readonly record: ExecutionRecord) {}
}

const readFact = (facts: Compiler.Facts, reference: Rule.FactReference): Result.Result<unknown, string> => {
  const value = facts[reference.fact]
  if (reference.path === undefined) return Result.succeed(value)
  return Result.map(FactPath.parse(reference.path), (path) => FactPath.resolve(value, path))
}

const bindParameters = (step: Rule.RuleAction, facts: Compiler.Facts): Result.Result<unknown, string> => {
  if (step.bind === undefined) return Result.succeed(step.parameters)
  const base = step.parameters !== null && typeof step.parameters === "object" && !Array.isArray(step.parameters)
    ? { ...step.parameters }
    : {}
  const bound: Record<string, unknown> = base
  for (const [key, reference] of Object.entries(step.bind)) {
    const value = readFact(facts, reference)
    if (Result.isFailure(value)) return Result.fail(`bind.${key}: ${value.failure}`)
    bound[key] = value.success
  }
  return Result.succeed(bound)
}

const baselineOf = (step: Rule.RuleAction, facts: Compiler.Facts): number | undefined => {
  if (step.baseline === undefined) return undefined
  if (typeof step.baseline === "number") return step.baseline
  const value = readFact(facts, step.baseline)
  if (Result.isFailure(value)) return undefined
  const n = typeof value.success === "string" ? Number(value.success) : value.success
  return typeof n === "number" && Number.isFinite(n) ? n : undefined
}

/** The counters after one firing: it counts when any action ran, and succeeds when every action that ran did. */
const afterFiring = (stats: Rule.RuleStats, records: ReadonlyArray<ExecutionRecord>, failedToRequest: boolean): Rule.RuleStats => {
  const ran = records.filter((r) => r.status !== "not_run")
  if (ran.length === 0 && !failedToRequest) return stats
  if (ran.length === 0) {
    const count = stats.executionCount + 1
    return new Rule.RuleStats({
      executionCount: count,
      successRate: ((stats.successRate ?? 0) * stats.executionCount) / count,
      ...(stats.lastExecutedAt === undefined ? {} : { lastExecutedAt: stats.lastExecutedAt })
    })
  }
  const failed = failedToRequest || ran.some((r) => r.status === "failed")
  const first = ran[0]!
  return Rule.recordExecution(stats, { ...first, status: failed ? "failed" : "succeeded" } as ExecutionRecord)
}

const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals

/**
 * Builds the engine on the registry, the envelope and the storage port in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const storage = yield* Storage
  const envelope = yield* SafetyEnvelope
  const registry = yield* ActionRegistry
  let runs = 0

  const compile: Shape["compile"] = Effect.fnUntraced(function*(rules, options) {
    for (const rule of rules) yield* Rule.validateActions(rule)
    const compiled = yield* Compiler.compileRuleSet(rules, options)
    return {
      rules,
      compiled,
      sources: options?.sources ?? new Map(),
      memoryStats: yield* Ref.make<ReadonlyMap<string, Rule.RuleStats>>(new Map(rules.map((r) => [r.id, r.stats])))
    }
  }, (effect) => Effect.provideService(effect, ActionRegistry, registry))

  const loadStored: Shape["loadStored"] = Effect.fnUntraced(function*(options) {
    const rules: Array<Rule.Rule> = []
    const sources = new Map<string, Rule.Table>()
    const events = yield* storage.find(AutomationRules, { where: { is_active: true }, orderBy: [{ column: "created_at" }] })
    for (const row of events.items) {
      rules.push(yield* Rule.decodeRow("automation_rules", row))
      sources.set(row.id, "automation_rules")
    }
    const marketing = yield* storage.find(AiAutomationRules, { where: { is_active: true }, orderBy: [{ column: "created_at" }] })
    for (const row of marketing.items) {
      rules.push(yield* Rule.decodeRow("ai_automation_rules", row))
      sources.set(row.id, "ai_automation_rules")
    }
    return yield* compile(rules, { ...options, sources })
  })

  const currentStats = (ruleSet: RuleSet, rule: Rule.Rule) =>
    Effect.gen(function*() {
      const source = ruleSet.sources.get(rule.id)
      if (source === "automation_rules") {
        const row = yield* storage.get(AutomationRules, rule.id)
        return new Rule.RuleStats({
          executionCount: row.execution_count ?? 0,
          ...(row.success_rate === null ? {} : { successRate: row.success_rate }),
          ...(row.last_executed_at === null ? {} : { lastExecutedAt: DateTime.fromDateUnsafe(row.last_executed_at) })
        })
      }
      if (source === "ai_automation_rules") {
        const row = yield* storage.get(AiAutomationRules, rule.id)
        return new Rule.RuleStats({
          executionCount: row.execution_count ?? 0,
          ...(row.success_rate === null ? {} : { successRate: row.success_rate / 100 }),
          ...(row.last_execution_at === null ? {} : { lastExecutedAt: DateTime.fromDateUnsafe(row.last_execution_at) })
        })
      }
      return (yield* Ref.get(ruleSet.memoryStats)).get(rule.id) ?? rule.stats
    })

  const saveStats = (ruleSet: RuleSet, rule: Rule.Rule, stats: Rule.RuleStats) =>
    Effect.gen(function*() {
      const source = ruleSet.sources.get(rule.id)
      const last = stats.lastExecutedAt === undefined ? null : DateTime.toDateUtc(stats.lastExecutedAt)
      if (source === "automation_rules") {
        yield* storage.update(AutomationRules, rule.id, {
          execution_count: stats.executionCount,
          success_rate: stats.successRate === undefined ? null : round(stats.successRate, 2),
          last_executed_at: last
        })
      } else if (source === "ai_automation_rules") {
        yield* storage.update(AiAutomationRules, rule.id, {
          execution_count: stats.executionCount,
          success_rate: stats.successRate === undefined ? null : round(stats.successRate * 100, 2),
          last_execution_at: last
        })
      } else {
        yield* Ref.update(ruleSet.memoryStats, (map) => new Map([...map, [rule.id, stats]]))
      }
    })

  const fireRule = (ruleSet: RuleSet, rule: Rule.Rule, facts: Compiler.Facts, runId: string, shadow: boolean | undefined) =>
    storage.transaction(Effect.gen(function*() {
      const records: Array<ExecutionRecord> = []
      const errors: Array<{ action: string; message: string }> = []
      for (const [index, step] of rule.actions.entries()) {
        const parameters = bindParameters(step, facts)
        if (Result.isFailure(parameters)) {
          errors.push({ action: step.action, message: parameters.failure })
          continue
        }
        const baseline = baselineOf(step, facts)
        const request = new ActionRequest({
          requestId: `${runId}:${rule.id}:${index}`,
          action: step.action,
          parameters: parameters.success,
          requester: new Action.RuleRequester({ ruleId: rule.id }),
          runId,
          limits: rule.safetyLimits,
          ...(baseline === undefined ? {} : { baseline }),
          ...(shadow === undefined ? {} : { shadow })
        })
        const outcome = yield* storage.transaction(
          envelope.submit(request).pipe(
            Effect.flatMap((record) => (record.status === "failed" ? Effect.fail(new ActionRolledBack(record)) : Effect.succeed(record)))
          )
        ).pipe(
          Effect.map(Option.some),
          Effect.catch((error) => {
            if (error instanceof ActionRolledBack) return Effect.succeed(Option.some(error.record))
            if (error._tag === "UnknownAction" || error._tag === "InvalidActionParameters") {
              errors.push({ action: step.action, message: error.message })
              return Effect.succeed(Option.none<ExecutionRecord>())
            }
            return Effect.fail(error)
          })
        )
        if (Option.isSome(outcome)) records.push(outcome.value)
      }
      const stats = afterFiring(yield* currentStats(ruleSet, rule), records, errors.length > 0)
      yield* saveStats(ruleSet, rule, stats)
      return { rule, records, errors, stats } satisfies Firing
    }))

  const fireWhere = (
    ruleSet: RuleSet,
    facts: Compiler.Facts,
    select: (rule: Rule.Rule) => boolean,
    runId: string | undefined,
    shadow: boolean | undefined
  ) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const id = runId ?? `run-${now}-${(runs += 1)}`
      const fired = ruleSet.compiled.evaluate(facts, { now }).filter((rule) => rule.enabled && select(rule))
      const firings: Array<Firing> = []
      for (const rule of fired) firings.push(yield* fireRule(ruleSet, rule, facts, id, shadow))
      return firings
    })

  const fire: Shape["fire"] = (ruleSet, facts, options = {}) =>
    fireWhere(
      ruleSet,
      facts,
      (rule) => options.factType === undefined || (rule.trigger._tag === "Fact" && rule.trigger.factType === options.factType),
      options.runId,
      options.shadow
    )

  const runScheduled: Shape["runScheduled"] = (ruleSet, gather, options) => {
    const jobs = ruleSet.rules.flatMap((rule) => {
      const job = Rule.scheduledJob(rule)
      return job === undefined ? [] : [[job, rule] as const]
    })
    const byId = new Map(jobs.map(([job, rule]) => [job.id, rule]))
    return Scheduler.runAll(
      jobs.map(([job]) => job),
      (run) => {
        const rule = byId.get(run.jobId)!
        return gather(rule, run).pipe(
          Effect.flatMap((facts) =>
            fireWhere(ruleSet, facts, (candidate) => candidate.id === rule.id, `${rule.id}@${DateTime.formatIso(run.scheduledAt)}`, undefined)
          ),
          Effect.flatMap((firings) => Effect.forEach(firings, (firing) => options?.onFiring?.(firing, run) ?? Effect.void, { discard: true })),
          Effect.catchCause((cause) => Effect.logError(`scheduled rule ${rule.id} (${rule.name}) failed`, cause)),
          Effect.annotateLogs({ rule: rule.id, scheduledAt: DateTime.formatIso(run.scheduledAt) })
        )
      },
      options
    )
  }

  return { compile, loadStored, fire, runScheduled } satisfies Shape
})

/**
 * The rule engine.
 *
 * @since 0.1.0
 * @category services
 */
export class RuleEngine extends Context.Service<RuleEngine, Shape>()("ringmaster/rules/RuleEngine") {
  /**
   * The engine over the `ActionRegistry`, `SafetyEnvelope` and `Storage` in context.
   *
   * @since 0.1.0
   */
  static readonly layer = Layer.effect(RuleEngine, make)
}
