/**
 * The rule model, and codecs between it and the rows of the two seed tables:
 * `automation_rules` (event seed, 000) and `ai_automation_rules` (marketing
 * seed, 003).
 *
 * JSON shapes of the JSONB columns (the model's JSON is camelCase; column
 * names stay snake_case as in the seeds):
 *
 * `trigger_conditions` (both tables):
 * ```json
 * {
 *   "trigger": { "_tag": "Cron", "expression": "0 6 * * *" },
 *   "priority": 10,
 *   "conditions": { "all": [{ "fact": "roas", "operator": "lessThan", "value": 1.5 }] }
 * }
 * ```
 * `trigger` is required in `automation_rules`. In `ai_automation_rules` it may
 * be left out: the trigger is then the `execution_frequency` column
 * (`continuous`, `hourly`, `daily`; `hourly` when null, as the column's
 * default). `priority` defaults to 0 (higher runs first).
 *
 * `action_definitions` (000) and `action_parameters` (003):
 * ```json
 * {
 *   "actions": [{ "action": "set_budget", "parameters": { "campaignId": "c1", "budget": 120 } }],
 *   "safetyLimits": { "maxChangePerStep": { "relative": 0.2 } }
 * }
 * ```
 * `safetyLimits` (see `SafetyLimits.ts`) is where `automation_rules` keeps
 * its limits (it has no `safety_limits` column); `ai_automation_rules` keeps
 * them in its `safety_limits` column (null = no limits).
 *
 * Counters: `success_rate` is a fraction in `automation_rules`
 * (DECIMAL(3,2)) and a percentage in `ai_automation_rules` (DECIMAL(5,2)); the
 * model holds a fraction in [0, 1], rounded to the column's precision on
 * encoding. `created_at` and `updated_at` are not part of the model.
 *
 * @since 0.1.0
 */
import { Effect, Schema, SchemaGetter, SchemaIssue } from "effect"
import * as Action from "../actions/Action.ts"
import * as Condition from "./Condition.ts"
import { ActionRegistry } from "../actions/ActionRegistry.ts"
import type { InvalidActionParameters, UnknownAction } from "../actions/ActionRegistry.ts"
import type { ExecutionRecord } from "../actions/SafetyEnvelope.ts"
import { SafetyLimits } from "../actions/SafetyLimits.ts"
import type { ScheduledJob } from "./Scheduler.ts"
import * as Trigger from "./Trigger.ts"

/**
 * The Schema of a rule's conditions: the condition language of
 * `Condition.ts` (all/any/not, operators, fact paths, fact-to-fact
 * comparisons, shared condition references, parameters).
 *
 * @since 0.1.0
 * @category models
 */
export const Conditions: Schema.Codec<Condition.Condition> = Condition.Condition

/**
 * A reference to a value in the facts: a top-level fact and an optional
 * JSONPath into it (`{ "fact": "campaign", "path": "$.daily_budget" }`).
 *
 * @since 0.1.0
 * @category models
 */
export const FactReference = Schema.Struct({
  fact: Schema.NonEmptyString,
  path: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type FactReference = typeof FactReference.Type

/**
 * One step of a rule's action sequence: an action name and its parameters
 * (JSON, decoded by the action's Schema when the rule loads).
 *
 * - `bind` fills parameters from the facts when the rule fires
 *   (`{ "campaignId": { "fact": "campaign", "path": "$.id" } }`); bound
 *   parameters override static ones, and the merged parameters are decoded by
 *   the action's Schema at that point.
 * - `confidence` (a fraction in [0, 1], or a fact reference to one) is how
 *   sure the rule is of this action; the safety envelope compares it with
 *   the rule's `minConfidence` (without one, the action waits for approval
 *   under that limit). There is no way to state the current value of what
 *   the action changes: the action reads it itself.
 *
 * @since 0.1.0
 * @category models
 */
export class RuleAction extends Schema.Class<RuleAction>("ringmaster/rules/RuleAction")({
  action: Schema.NonEmptyString,
  parameters: Schema.Json,
  bind: Schema.optionalKey(Schema.Record(Schema.String, FactReference)),
  confidence: Schema.optionalKey(
    Schema.Union([Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })), FactReference])
  )
}) {}

/**
 * Execution counters kept with a rule.
 *
 * @since 0.1.0
 * @category models
 */
export class RuleStats extends Schema.Class<RuleStats>("ringmaster/rules/RuleStats")({
  executionCount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** A fraction in [0, 1]; absent when the column is null. */
  successRate: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
  lastExecutedAt: Schema.optionalKey(Schema.DateTimeUtcFromString)
}) {}

/**
 * A rule: id, name, type (the seeds' `rule_type`), priority, trigger,
 * conditions, a sequence of actions, whether it is enabled, its safety
 * limits, and its execution counters.
 *
 * @since 0.1.0
 * @category models
 */
export class Rule extends Schema.Class<Rule>("ringmaster/rules/Rule")({
  id: Schema.String,
  name: Schema.String,
  ruleType: Schema.String,
  priority: Schema.Int,
  trigger: Trigger.Trigger,
  conditions: Conditions,
  actions: Schema.Array(RuleAction),
  enabled: Schema.Boolean,
  safetyLimits: SafetyLimits,
  stats: RuleStats
}) {}

// ---------------------------------------------------------------------------
// JSONB columns
// ---------------------------------------------------------------------------

/**
 * The JSON in `trigger_conditions`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const TriggerConditionsJson = Schema.Struct({
  trigger: Schema.optionalKey(Trigger.Trigger),
  priority: Schema.optionalKey(Schema.Int),
  conditions: Conditions
})

/**
 * The JSON in `action_definitions` / `action_parameters`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const ActionsJson = Schema.Struct({
  actions: Schema.Array(RuleAction),
  safetyLimits: Schema.optionalKey(SafetyLimits)
})

const NullableCount = Schema.NullOr(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
const Timestamp = Schema.NullOr(Schema.DateTimeUtcFromDate)
/** DECIMAL columns may arrive as strings from Postgres drivers. */
const Decimal = Schema.NullOr(Schema.Union([Schema.Finite, Schema.FiniteFromString]))

/**
 * A row of `automation_rules` (event seed), as read from the database.
 *
 * @since 0.1.0
 * @category codecs
 */
export const AutomationRuleRow = Schema.Struct({
  id: Schema.String,
  rule_name: Schema.String,
  rule_type: Schema.Literals(["trigger", "condition", "action", "sequence"]),
  trigger_conditions: TriggerConditionsJson,
  action_definitions: ActionsJson,
  is_active: Schema.NullOr(Schema.Boolean),
  execution_count: NullableCount,
  success_rate: Decimal,
  last_executed_at: Timestamp
})

/**
 * A row of `ai_automation_rules` (marketing seed), as read from the database.
 *
 * @since 0.1.0
 * @category codecs
 */
export const AiAutomationRuleRow = Schema.Struct({
  id: Schema.String,
  rule_name: Schema.String,
  rule_type: Schema.String,
  trigger_conditions: TriggerConditionsJson,
  action_parameters: ActionsJson,
  safety_limits: Schema.NullOr(SafetyLimits),
  is_active: Schema.NullOr(Schema.Boolean),
  execution_frequency: Schema.NullOr(Trigger.Frequency),
  last_execution_at: Timestamp,
  execution_count: NullableCount,
  success_rate: Decimal
})

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

const stats = (count: number | null, rate: number | undefined, last: Rule["stats"]["lastExecutedAt"] | null) =>
  new RuleStats({
    executionCount: count ?? 0,
    ...(rate === undefined ? {} : { successRate: rate }),
    ...(last === null || last === undefined ? {} : { lastExecutedAt: last })
  })

/**
 * `automation_rules` row ⇄ rule.
 *
 * @since 0.1.0
 * @category codecs
 */
export const FromAutomationRuleRow = AutomationRuleRow.pipe(
  Schema.decodeTo(Schema.toType(Rule), {
    decode: SchemaGetter.transformEffect((row) => {
      const trigger = row.trigger_conditions.trigger
      if (trigger === undefined) {
        return Effect.fail(
          new SchemaIssue.Pointer(["trigger_conditions", "trigger"], new SchemaIssue.MissingKey(undefined))
        )
      }
      return Effect.succeed(
        new Rule({
          id: row.id,
          name: row.rule_name,
          ruleType: row.rule_type,
          priority: row.trigger_conditions.priority ?? 0,
          trigger,
          conditions: row.trigger_conditions.conditions,
          actions: row.action_definitions.actions,
          enabled: row.is_active ?? true,
          safetyLimits: row.action_definitions.safetyLimits ?? new SafetyLimits({}),
          stats: stats(
            row.execution_count,
            row.success_rate === null ? undefined : round(row.success_rate, 2),
            row.last_executed_at
          )
        })
      )
    }),
    encode: SchemaGetter.transformEffect((rule) => {
      const ruleType = rule.ruleType
      if (ruleType !== "trigger" && ruleType !== "condition" && ruleType !== "action" && ruleType !== "sequence") {
        return Effect.fail(
          new SchemaIssue.Pointer(
            ["ruleType"],
            new SchemaIssue.InvalidValue({
              message: `automation_rules.rule_type must be trigger, condition, action or sequence, got ${
                JSON.stringify(ruleType)
              }`
            }, ruleType)
          )
        )
      }
      return Effect.succeed({
        id: rule.id,
        rule_name: rule.name,
        rule_type: ruleType,
        trigger_conditions: { trigger: rule.trigger, priority: rule.priority, conditions: rule.conditions },
        action_definitions: { actions: rule.actions, safetyLimits: rule.safetyLimits },
        is_active: rule.enabled,
        execution_count: rule.stats.executionCount,
        success_rate: rule.stats.successRate === undefined ? null : round(rule.stats.successRate, 2),
        last_executed_at: rule.stats.lastExecutedAt ?? null
      })
    })
  })
)

/**
 * `ai_automation_rules` row ⇄ rule.
 *
 * @since 0.1.0
 * @category codecs
 */
export const FromAiAutomationRuleRow = AiAutomationRuleRow.pipe(
  Schema.decodeTo(Schema.toType(Rule), {
    decode: SchemaGetter.transform((row) =>
      new Rule({
        id: row.id,
        name: row.rule_name,
        ruleType: row.rule_type,
        priority: row.trigger_conditions.priority ?? 0,
        trigger: row.trigger_conditions.trigger ?? Trigger.every(row.execution_frequency ?? "hourly"),
        conditions: row.trigger_conditions.conditions,
        actions: row.action_parameters.actions,
        enabled: row.is_active ?? true,
        safetyLimits: row.safety_limits ?? new SafetyLimits({}),
        stats: stats(
          row.execution_count,
          row.success_rate === null ? undefined : Math.round(row.success_rate * 100) / 10000,
          row.last_execution_at
        )
      })
    ),
    encode: SchemaGetter.transform((rule) => {
      const trigger = rule.trigger
      // A plain frequency lives in its column; anything else in the JSON.
      const inColumn = trigger._tag === "Frequency" && trigger.missedRuns === undefined
      return {
        id: rule.id,
        rule_name: rule.name,
        rule_type: rule.ruleType,
        trigger_conditions: {
          ...(inColumn ? {} : { trigger }),
          priority: rule.priority,
          conditions: rule.conditions
        },
        action_parameters: { actions: rule.actions },
        safety_limits: rule.safetyLimits,
        is_active: rule.enabled,
        execution_frequency: trigger._tag === "Frequency" ? trigger.frequency : null,
        last_execution_at: rule.stats.lastExecutedAt ?? null,
        execution_count: rule.stats.executionCount,
        success_rate: rule.stats.successRate === undefined ? null : round(rule.stats.successRate * 100, 2)
      }
    })
  })
)

// ---------------------------------------------------------------------------
// loading
// ---------------------------------------------------------------------------

/**
 * A row whose columns do not decode into a rule. `path` locates the first
 * problem from the row (for example `trigger_conditions.trigger.expression`).
 *
 * @since 0.1.0
 * @category errors
 */
export class RuleDecodeError extends Schema.TaggedError<RuleDecodeError>()("RuleDecodeError", {
  table: Schema.String,
  ruleId: Schema.optionalKey(Schema.String),
  path: Schema.String,
  issues: Schema.Array(Action.Issue),
  message: Schema.String
}) {}

/**
 * The tables rules are read from.
 *
 * @since 0.1.0
 * @category models
 */
export type Table = "automation_rules" | "ai_automation_rules"

const codecs = {
  automation_rules: FromAutomationRuleRow,
  ai_automation_rules: FromAiAutomationRuleRow
} as const

/**
 * Decodes a row of `table` into a rule.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeRow = (table: Table, row: unknown): Effect.Effect<Rule, RuleDecodeError> => {
  const id = typeof row === "object" && row !== null && "id" in row && typeof row.id === "string" ? row.id : undefined
  const decodeAll = Effect.mapError(Schema.decodeUnknownEffect(codecs[table])(row), (error) => {
    const issues = Action.issuesOf(error)
    const path = Action.formatPath(issues[0]?.path ?? [])
    return new RuleDecodeError({
      table,
      ...(id === undefined ? {} : { ruleId: id }),
      path,
      issues,
      message: `${table}${id === undefined ? "" : ` ${id}`}: ${path}: ${issues[0]?.message ?? error.message}`
    })
  })
  // The condition language's own decoder names the exact bad node (a union's
  // generic error would name the wrong branch), so conditions go first.
  const triggerConditions = typeof row === "object" && row !== null && "trigger_conditions" in row ? row.trigger_conditions : undefined
  const conditions = typeof triggerConditions === "object" && triggerConditions !== null && "conditions" in triggerConditions
    ? triggerConditions.conditions
    : undefined
  if (conditions === undefined) return decodeAll
  return Condition.decode(conditions, { ruleId: id ?? "", path: "trigger_conditions.conditions" }).pipe(
    Effect.mapError((error) =>
      new RuleDecodeError({
        table,
        ...(id === undefined ? {} : { ruleId: id }),
        path: error.path,
        issues: [new Action.Issue({ path: error.path.split("."), message: `expected ${error.expected}${error.actual === undefined ? "" : `, got ${error.actual}`}` })],
        message: `${table}${id === undefined ? "" : ` ${id}`}: ${error.path}: expected ${error.expected}${error.actual === undefined ? "" : `, got ${error.actual}`}`
      })
    ),
    Effect.andThen(decodeAll)
  )
}

/**
 * Encodes a rule into a row of `table`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeRow = (table: Table, rule: Rule): Effect.Effect<unknown, Schema.SchemaError> =>
  Schema.encodeEffect(codecs[table])(rule)

/**
 * Checks every action of a rule against the registry: each must exist and
 * accept its parameters.
 *
 * @since 0.1.0
 * @category decoding
 */
export const validateActions = (
  rule: Rule
): Effect.Effect<void, UnknownAction | InvalidActionParameters, ActionRegistry> =>
  ActionRegistry.use((registry) =>
    Effect.forEach(
      rule.actions,
      (step) =>
        step.bind === undefined || Object.keys(step.bind).length === 0
          ? registry.validate(step.action, step.parameters)
          : Effect.asVoid(registry.describe(step.action)),
      { discard: true }
    )
  )

/**
 * Decodes a row and checks its actions: a rule naming an unknown action, or
 * giving one bad parameters, fails to load.
 *
 * @since 0.1.0
 * @category decoding
 */
export const load = (
  table: Table,
  row: unknown
): Effect.Effect<Rule, RuleDecodeError | UnknownAction | InvalidActionParameters, ActionRegistry> =>
  Effect.tap(decodeRow(table, row), validateActions)

// ---------------------------------------------------------------------------
// execution bookkeeping and scheduling
// ---------------------------------------------------------------------------

/**
 * The counters after one execution record: executions that ran count (shadow,
 * blocked and pending ones do not); the success rate is the running fraction
 * of successful executions; `lastExecutedAt` is when the handler started.
 *
 * @since 0.1.0
 * @category combinators
 */
export const recordExecution = (current: RuleStats, record: ExecutionRecord): RuleStats => {
  if (record.status === "not_run") return current
  const count = current.executionCount + 1
  const previousSuccesses = (current.successRate ?? 0) * current.executionCount
  const successRate = (previousSuccesses + (record.status === "succeeded" ? 1 : 0)) / count
  const last = record.startedAt ?? record.decision.decidedAt
  return new RuleStats({ executionCount: count, successRate: Math.min(1, Math.max(0, successRate)), lastExecutedAt: last })
}

/**
 * The scheduler job for a rule with a scheduled trigger (none for fact
 * triggers or disabled rules).
 *
 * @since 0.1.0
 * @category scheduling
 */
export const scheduledJob = (rule: Rule): ScheduledJob | undefined =>
  rule.enabled && Trigger.isScheduled(rule.trigger) ?
    { id: rule.id, trigger: rule.trigger, lastRunAt: rule.stats.lastExecutedAt } :
    undefined

/**
 * Rules ordered for evaluation: higher priority first, then by id.
 *
 * @since 0.1.0
 * @category combinators
 */
export const byPriority = (rules: Iterable<Rule>): ReadonlyArray<Rule> =>
  [...rules].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
