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
 * Failure isolation: the envelope runs each handler in its own savepoint. An
 * action whose handler fails (or throws, or dies) has its writes rolled back,
 * is recorded as failed (feeding the circuit breaker and the success rate),
 * and the rule's remaining actions still run. Parameters bound from facts (`RuleAction.bind`) are decoded when
 * the rule fires; a mismatch is reported in the firing's `errors` and counts
 * as a failed execution.
 *
 * Counters are updated by one atomic SQL `UPDATE` per firing
 * (`Storage.increment`), in the firing's transaction: processes firing the
 * same rule concurrently never lose a count.
 *
 * @since 0.1.0
 */
import { Clock, Context, DateTime, Effect, Layer, Option, Ref, Result } from "effect"
import { AiAutomationRules } from "../storage/schema/marketingAi/AiAutomationRules.ts"
import { AiErrorLogs } from "../storage/schema/eventsAi/AiErrorLogs.ts"
import { AutomationRules } from "../storage/schema/eventsAi/AutomationRules.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import * as Action from "../actions/Action.ts"
import { ActionRegistry, type InvalidActionParameters, type UnknownAction } from "../actions/ActionRegistry.ts"
import * as Compiler from "./Compiler.ts"
import * as FactPath from "./FactPath.ts"
import * as Rule from "./Rule.ts"
import * as Scheduler from "./Scheduler.ts"
import { RejectedRule, type RuleLoadError } from "./RuleLoadError.ts"
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
  /**
   * Stored rules that `loadStored` left out (a row that does not decode, an
   * unknown action or bad parameters, conditions that do not compile, a
   * repeated id), each with its table, the path in its row and a message.
   * Each is also logged as a warning and recorded in `ai_error_logs`.
   * Empty on rule sets built by `compile`, which fails on a bad rule instead.
   */
  readonly rejected: ReadonlyArray<RejectedRule>
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
 * A fired rule's bound action requests, not yet submitted (see
 * {@link Shape.plan}).
 *
 * @since 0.1.0
 * @category models
 */
export interface PlannedFiring {
  readonly rule: Rule.Rule
  readonly requests: ReadonlyArray<ActionRequest>
  /** actions whose parameters, bound from facts, could not be built */
  readonly errors: ReadonlyArray<{ readonly action: string; readonly message: string }>
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
   * The first half of `fire`: evaluates the facts and binds each fired rule's
   * action requests, without submitting anything. A caller that must do
   * something before the actions run (a decision cycle commits a write-ahead
   * intent for each platform change) plans, does it, then `execute`s.
   */
  readonly plan: (ruleSet: RuleSet, facts: Compiler.Facts, options?: FireOptions) => Effect.Effect<ReadonlyArray<PlannedFiring>>
  /**
   * The second half of `fire`: in one transaction, submits a planned firing's
   * requests (through `options.submit`, the envelope's `submit` by default;
   * a caller may wrap it to write its own records in the same transaction)
   * and adds the firing to the rule's counters.
   */
  readonly execute: (
    ruleSet: RuleSet,
    planned: PlannedFiring,
    options?: {
      readonly submit?: ((request: ActionRequest) => Effect.Effect<ExecutionRecord, UnknownAction | InvalidActionParameters | StorageError>) | undefined
    }
  ) => Effect.Effect<Firing, StorageError>
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

/** The action's confidence: a literal, or read from the facts (absent when the fact is not a fraction). */
const confidenceOf = (step: Rule.RuleAction, facts: Compiler.Facts): number | undefined => {
  if (step.confidence === undefined) return undefined
  if (typeof step.confidence === "number") return step.confidence
  const value = readFact(facts, step.confidence)
  if (Result.isFailure(value)) return undefined
  const n = typeof value.success === "string" ? Number(value.success) : value.success
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined
}

/**
 * What one firing adds to a rule's counters: nothing when no action ran and
 * none failed to be requested; else one execution, successful when every
 * action that ran succeeded and none failed to be requested.
 */
const firingOutcome = (
  records: ReadonlyArray<ExecutionRecord>,
  failedToRequest: boolean
): { readonly success: boolean; readonly startedAt: DateTime.Utc | undefined } | undefined => {
  const ran = records.filter((r) => r.status !== "not_run")
  if (ran.length === 0 && !failedToRequest) return undefined
  const failed = failedToRequest || ran.length === 0 || ran.some((r) => r.status === "failed")
  return { success: !failed, startedAt: ran[0]?.startedAt ?? ran[0]?.decision.decidedAt }
}

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
    // `fire` always evaluates with the Clock's now, so rules may use `within`
    const compiled = yield* Compiler.compileRuleSet(rules, { ...options, providesNow: true })
    return {
      rules,
      compiled,
      sources: options?.sources ?? new Map(),
      rejected: [],
      memoryStats: yield* Ref.make<ReadonlyMap<string, Rule.RuleStats>>(new Map(rules.map((r) => [r.id, r.stats])))
    }
  }, (effect) => Effect.provideService(effect, ActionRegistry, registry))

  /**
   * Loads every active stored rule that can be loaded. A bad rule is left
   * out, not fatal: it is reported in `RuleSet.rejected` (id, table, path in
   * the row, message), logged as a warning, and recorded in `ai_error_logs`
   * (`error_type` "rule_load_error", `error_context` { source, ruleId, table,
   * path }, severity "high"; once per rule and message while unresolved, and
   * resolved when the rule loads again or fails differently). Only reading
   * the tables can fail the load.
   */
  const loadStored: Shape["loadStored"] = Effect.fnUntraced(function*(options) {
    const rules: Array<Rule.Rule> = []
    const sources = new Map<string, Rule.Table>()
    const rejected: Array<RejectedRule> = []
    const actionsColumn = { automation_rules: "action_definitions", ai_automation_rules: "action_parameters" } as const
    const reject = (ruleId: string, table: Rule.Table, path: string, problem: string) =>
      rejected.push(new RejectedRule({ ruleId, table, path, message: `${table} ${ruleId}: ${path}: ${problem}` }))
    const admit = (table: Rule.Table, row: { readonly id: string }) =>
      Effect.gen(function*() {
        const decoded = yield* Effect.result(Rule.decodeRow(table, row))
        if (Result.isFailure(decoded)) {
          const error = decoded.failure
          rejected.push(new RejectedRule({ ruleId: row.id, table, path: error.path, message: error.message }))
          return
        }
        const rule = decoded.success
        const previous = sources.get(rule.id)
        if (previous !== undefined) return reject(rule.id, table, "id", `expected an id not used by another rule (${previous} has it)`)
        const actions = yield* Effect.result(Effect.provideService(Rule.validateActions(rule), ActionRegistry, registry))
        if (Result.isFailure(actions)) {
          const error = actions.failure
          const at = `${actionsColumn[table]}.actions[${Math.max(0, rule.actions.findIndex((step) => step.action === error.action))}]`
          const field = error._tag === "UnknownAction" ? "" : error.field
          const suffix = field === "" || field === "$" ? "" : field.startsWith("[") ? field : `.${field}`
          const path = error._tag === "UnknownAction" ? `${at}.action` : `${at}.parameters${suffix}`
          return reject(rule.id, table, path, error.message)
        }
        rules.push(rule)
        sources.set(rule.id, table)
      }).pipe(
        // a row that makes decoding die is a bug, but it is still one row: report it, load the others
        Effect.catchDefect((defect) => Effect.sync(() => reject(row.id, table, "(row)", `could not be loaded: ${String(defect)}`)))
      )
    const events = yield* storage.find(AutomationRules, { where: { is_active: true }, orderBy: [{ column: "created_at" }] })
    for (const row of events.items) yield* admit("automation_rules", row)
    const marketing = yield* storage.find(AiAutomationRules, { where: { is_active: true }, orderBy: [{ column: "created_at" }] })
    for (const row of marketing.items) yield* admit("ai_automation_rules", row)
    // `fire` always evaluates with the Clock's now, so rules may use `within`
    const compileOptions: Compiler.CompileOptions = { ...options, providesNow: true }
    const bad = new Set<string>()
    for (const error of yield* Compiler.checkRules(rules, compileOptions)) {
      const table = sources.get(error.ruleId)
      if (table === undefined) continue
      bad.add(error.ruleId)
      sources.delete(error.ruleId)
      const path = error.path === "priority" || error.path.startsWith("conditions") ? `trigger_conditions.${error.path}` : error.path
      reject(error.ruleId, table, path, `expected ${error.expected}${error.actual === undefined ? "" : `, got ${error.actual}`}`)
    }
    const good = rules.filter((rule) => !bad.has(rule.id))
    for (const r of rejected) {
      yield* Effect.logWarning(`stored rule not loaded: ${r.message}`).pipe(
        Effect.annotateLogs({ rule: r.ruleId, table: r.table, path: r.path })
      )
    }
    yield* Effect.gen(function*() {
      const source = "ringmaster/rules"
      const open = (yield* storage.find(AiErrorLogs, { where: { error_type: "rule_load_error", is_resolved: false } })).items
      const contextOf = (row: (typeof open)[number]) => {
        const c = row.error_context ?? {}
        return { source: c.source, ruleId: c.ruleId, table: c.table }
      }
      for (const r of rejected) {
        const recorded = open.some((row) => {
          const c = contextOf(row)
          return c.source === source && c.ruleId === r.ruleId && c.table === r.table && row.error_message === r.message
        })
        if (recorded) continue
        yield* storage.insert(AiErrorLogs, {
          error_type: "rule_load_error",
          error_message: r.message,
          error_context: { source, ruleId: r.ruleId, table: r.table, path: r.path },
          severity: "high"
        })
      }
      const loaded = new Set(good.map((rule) => rule.id))
      const now = new Date(yield* Clock.currentTimeMillis)
      for (const row of open) {
        const c = contextOf(row)
        if (c.source !== source || typeof c.ruleId !== "string") continue
        const current = rejected.find((r) => r.ruleId === c.ruleId && r.table === c.table)
        const fixed = loaded.has(c.ruleId) && sources.get(c.ruleId) === c.table
        if (fixed || (current !== undefined && current.message !== row.error_message)) {
          yield* storage.update(AiErrorLogs, row.id, { is_resolved: true, resolved_at: now })
        }
      }
    }).pipe(Effect.catch((error) => Effect.logWarning("could not record rejected rules in ai_error_logs", error)))
    const ruleSet = yield* compile(good, { ...compileOptions, sources })
    return { ...ruleSet, rejected }
  })

  /** The counters as stored in a rule's row. */
  const statsOfRow = (
    row: { readonly execution_count: number | null; readonly success_rate: number | null },
    last: Date | null,
    scale: number
  ) =>
    new Rule.RuleStats({
      executionCount: row.execution_count ?? 0,
      ...(row.success_rate === null ? {} : { successRate: Math.min(1, Math.max(0, row.success_rate / scale)) }),
      ...(last === null ? {} : { lastExecutedAt: DateTime.fromDateUnsafe(last) })
    })

  /**
   * Adds one firing to the rule's counters. Stored rules are updated by one
   * atomic `UPDATE` (`Storage.increment`: the count, the running success rate
   * and the last execution in SQL, never read-modify-write), so concurrent
   * processes firing the same rule never lose a count.
   */
  const recordFiring = (
    ruleSet: RuleSet,
    rule: Rule.Rule,
    outcome: { readonly success: boolean; readonly startedAt: DateTime.Utc | undefined } | undefined
  ) =>
    Effect.gen(function*() {
      const source = ruleSet.sources.get(rule.id)
      const last = outcome?.startedAt === undefined ? undefined : DateTime.toDateUtc(outcome.startedAt)
      if (source === "automation_rules") {
        const row = outcome === undefined ?
          yield* storage.get(AutomationRules, rule.id) :
          yield* storage.increment(AutomationRules, rule.id, {
            add: { execution_count: 1 },
            mean: { success_rate: { value: outcome.success ? 1 : 0, count: "execution_count" } },
            ...(last === undefined ? {} : { set: { last_executed_at: last } })
          })
        return statsOfRow(row, row.last_executed_at, 1)
      }
      if (source === "ai_automation_rules") {
        const row = outcome === undefined ?
          yield* storage.get(AiAutomationRules, rule.id) :
          yield* storage.increment(AiAutomationRules, rule.id, {
            add: { execution_count: 1 },
            mean: { success_rate: { value: outcome.success ? 100 : 0, count: "execution_count" } },
            ...(last === undefined ? {} : { set: { last_execution_at: last } })
          })
        return statsOfRow(row, row.last_execution_at, 100)
      }
      return yield* Ref.modify(ruleSet.memoryStats, (map) => {
        const current = map.get(rule.id) ?? rule.stats
        if (outcome === undefined) return [current, map] as const
        const count = current.executionCount + 1
        const successRate = ((current.successRate ?? 0) * current.executionCount + (outcome.success ? 1 : 0)) / count
        const next = new Rule.RuleStats({
          executionCount: count,
          successRate: Math.min(1, Math.max(0, successRate)),
          ...(outcome.startedAt === undefined ?
            (current.lastExecutedAt === undefined ? {} : { lastExecutedAt: current.lastExecutedAt }) :
            { lastExecutedAt: outcome.startedAt })
        })
        return [next, new Map([...map, [rule.id, next]])] as const
      })
    })

  const planRule = (rule: Rule.Rule, facts: Compiler.Facts, runId: string, shadow: boolean | undefined): PlannedFiring => {
    const requests: Array<ActionRequest> = []
    const errors: Array<{ action: string; message: string }> = []
    for (const [index, step] of rule.actions.entries()) {
      const parameters = bindParameters(step, facts)
      if (Result.isFailure(parameters)) {
        errors.push({ action: step.action, message: parameters.failure })
        continue
      }
      const confidence = confidenceOf(step, facts)
      requests.push(
        new ActionRequest({
          requestId: `${runId}:${rule.id}:${index}`,
          action: step.action,
          parameters: parameters.success,
          requester: new Action.RuleRequester({ ruleId: rule.id }),
          runId,
          limits: rule.safetyLimits,
          ...(confidence === undefined ? {} : { confidence }),
          ...(shadow === undefined ? {} : { shadow })
        })
      )
    }
    return { rule, requests, errors }
  }

  const execute: Shape["execute"] = (ruleSet, planned, options = {}) =>
    storage.transaction(Effect.gen(function*() {
      const submit = options.submit ?? envelope.submit
      const records: Array<ExecutionRecord> = []
      const errors: Array<{ action: string; message: string }> = [...planned.errors]
      for (const request of planned.requests) {
        // The envelope runs the handler in its own savepoint and records a failure; it never fails for one.
        const outcome = yield* submit(request).pipe(
          Effect.map(Option.some),
          Effect.catch((error) => {
            if (error._tag === "UnknownAction" || error._tag === "InvalidActionParameters") {
              errors.push({ action: request.action, message: error.message })
              return Effect.succeed(Option.none<ExecutionRecord>())
            }
            return Effect.fail(error)
          })
        )
        if (Option.isSome(outcome)) records.push(outcome.value)
      }
      const stats = yield* recordFiring(ruleSet, planned.rule, firingOutcome(records, errors.length > 0))
      return { rule: planned.rule, records, errors, stats } satisfies Firing
    }))

  const planWhere = (
    ruleSet: RuleSet,
    facts: Compiler.Facts,
    select: (rule: Rule.Rule) => boolean,
    runId: string | undefined,
    shadow: boolean | undefined
  ) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const id = runId ?? `run-${now}-${(runs += 1)}`
      return ruleSet.compiled.evaluate(facts, { now })
        .filter((rule) => rule.enabled && select(rule))
        .map((rule) => planRule(rule, facts, id, shadow))
    })

  const fireWhere = (
    ruleSet: RuleSet,
    facts: Compiler.Facts,
    select: (rule: Rule.Rule) => boolean,
    runId: string | undefined,
    shadow: boolean | undefined
  ) =>
    Effect.gen(function*() {
      const planned = yield* planWhere(ruleSet, facts, select, runId, shadow)
      const firings: Array<Firing> = []
      for (const p of planned) firings.push(yield* execute(ruleSet, p))
      return firings
    })

  const plan: Shape["plan"] = (ruleSet, facts, options = {}) =>
    planWhere(
      ruleSet,
      facts,
      (rule) => options.factType === undefined || (rule.trigger._tag === "Fact" && rule.trigger.factType === options.factType),
      options.runId,
      options.shadow
    )

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

  return { compile, loadStored, fire, plan, execute, runScheduled } satisfies Shape
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
