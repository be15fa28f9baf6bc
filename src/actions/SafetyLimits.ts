/**
 * The limits the safety envelope enforces on an action, as data (the
 * `safety_limits` JSONB column of `ai_automation_rules`).
 *
 * JSON shape (every key optional; an absent key means "no limit"):
 *
 * ```json
 * {
 *   "maxExecutionsPerRun": 5,
 *   "maxExecutionsPerDay": 20,
 *   "cooldownSeconds": 3600,
 *   "maxChangePerStep": { "relative": 0.2, "absolute": 500 },
 *   "maxDailyMovement": { "relative": 0.5 },
 *   "protectedEntities": [{ "type": "campaign", "id": "brand-search" }],
 *   "minConfidence": 0.8,
 *   "circuitBreaker": { "windowSeconds": 3600, "errorRateThreshold": 0.5, "minSamples": 4, "pauseSeconds": 1800 },
 *   "shadowMode": false
 * }
 * ```
 *
 * Units:
 * - A change is numeric: a value moving from `from` to `to` (a budget from
 *   100 to 130 moves by 30, that is a relative change of 0.3).
 * - `relative` is a fraction of a reference value (0.2 = 20%), `absolute` is in
 *   the value's own unit. When both are given the stricter (smaller) applies.
 * - `maxChangePerStep.relative` is relative to the step's `from` value.
 *   `maxDailyMovement.relative` is relative to the entity's opening value of the
 *   UTC day (its `from` value at its first change of the day); movement is the
 *   sum of absolute changes applied to the entity that day, by anyone.
 * - `minConfidence` is a fraction in [0, 1].
 * - Days are UTC days from `Clock`, made monotonic: the envelope never uses a
 *   time earlier than one it already used for the same requester or entity,
 *   so moving a clock back cannot reopen a day's caps.
 * - `maxExecutionsPerRun` needs the request's `runId`; a request without one
 *   is blocked (`run_id_missing`) rather than left uncounted.
 * - `protectedEntities` applies to the entity the action itself declares; an
 *   action that declares no entity is blocked (`entity_undeclared`) while any
 *   entity is protected.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const Fraction = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))

/**
 * A thing an action changes: a type (for example `campaign`, `ad_group`,
 * `event`) and an id.
 *
 * @since 0.1.0
 * @category models
 */
export class EntityRef extends Schema.Class<EntityRef>("ringmaster/actions/EntityRef")({
  type: Schema.NonEmptyString,
  id: Schema.NonEmptyString
}) {}

/**
 * A stable string key for an entity (`type:id`).
 *
 * @since 0.1.0
 * @category getters
 */
export const entityKey = (entity: EntityRef): string => `${entity.type}:${entity.id}`

/**
 * A bound on a numeric change: a fraction of a reference value and/or an
 * absolute amount; the stricter applies. With neither, nothing is bounded.
 *
 * @since 0.1.0
 * @category models
 */
export class ChangeLimit extends Schema.Class<ChangeLimit>("ringmaster/actions/ChangeLimit")({
  relative: Schema.optionalKey(NonNegative),
  absolute: Schema.optionalKey(NonNegative)
}) {}

/**
 * The bound a change limit puts on the size of a change, given the reference
 * value `relative` is a fraction of (`Infinity` when unbounded).
 *
 * @since 0.1.0
 * @category getters
 */
export const bound = (limit: ChangeLimit, reference: number): number =>
  Math.min(
    limit.relative === undefined ? Infinity : limit.relative * Math.abs(reference),
    limit.absolute === undefined ? Infinity : limit.absolute
  )

/**
 * Pauses a requester (a rule, an agent, a person) whose error rate over the
 * last `windowSeconds` reaches `errorRateThreshold`, once at least
 * `minSamples` outcomes were recorded in that window. The pause lasts
 * `pauseSeconds` (default: `windowSeconds`); afterwards the window starts
 * afresh.
 *
 * @since 0.1.0
 * @category models
 */
export class CircuitBreaker extends Schema.Class<CircuitBreaker>("ringmaster/actions/CircuitBreaker")({
  windowSeconds: Schema.Finite.check(Schema.isGreaterThan(0)),
  errorRateThreshold: Fraction,
  minSamples: PositiveInt,
  pauseSeconds: Schema.optionalKey(NonNegative)
}) {}

/**
 * The limits on one requester's actions. See the module documentation for
 * units and the JSON shape.
 *
 * @since 0.1.0
 * @category models
 */
export class SafetyLimits extends Schema.Class<SafetyLimits>("ringmaster/actions/SafetyLimits")({
  maxExecutionsPerRun: Schema.optionalKey(NonNegativeInt),
  maxExecutionsPerDay: Schema.optionalKey(NonNegativeInt),
  cooldownSeconds: Schema.optionalKey(NonNegative),
  maxChangePerStep: Schema.optionalKey(ChangeLimit),
  maxDailyMovement: Schema.optionalKey(ChangeLimit),
  protectedEntities: Schema.optionalKey(Schema.Array(EntityRef)),
  minConfidence: Schema.optionalKey(Fraction),
  circuitBreaker: Schema.optionalKey(CircuitBreaker),
  shadowMode: Schema.optionalKey(Schema.Boolean)
}) {}

/**
 * No limits at all.
 *
 * @since 0.1.0
 * @category constants
 */
export const none: SafetyLimits = new SafetyLimits({})

/**
 * The JSON form of the limits (the `safety_limits` column), from a JSON string.
 *
 * @since 0.1.0
 * @category codecs
 */
export const SafetyLimitsFromJsonString = Schema.fromJsonString(SafetyLimits)

const minOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b)
const maxOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b)

const combineChange = (a: ChangeLimit | undefined, b: ChangeLimit | undefined): ChangeLimit | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const relative = minOf(a.relative, b.relative)
  const absolute = minOf(a.absolute, b.absolute)
  return new ChangeLimit({
    ...(relative === undefined ? {} : { relative }),
    ...(absolute === undefined ? {} : { absolute })
  })
}

const combineBreaker = (a: CircuitBreaker | undefined, b: CircuitBreaker | undefined): CircuitBreaker | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const pause = maxOf(a.pauseSeconds ?? a.windowSeconds, b.pauseSeconds ?? b.windowSeconds)!
  return new CircuitBreaker({
    windowSeconds: Math.max(a.windowSeconds, b.windowSeconds),
    errorRateThreshold: Math.min(a.errorRateThreshold, b.errorRateThreshold),
    minSamples: Math.min(a.minSamples, b.minSamples),
    pauseSeconds: pause
  })
}

/**
 * The stricter of two sets of limits: the smaller caps and change bounds, the
 * longer cooldown, the higher minimum confidence, the union of protected
 * entities, shadow mode if either asks for it, and the stricter circuit
 * breaker, field by field (the lower error-rate threshold and minimum sample
 * count, the longer window and pause): a rule's breaker can tighten an
 * organisation's, never loosen it.
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: SafetyLimits, that: SafetyLimits): SafetyLimits => {
  const fields: {
    -readonly [K in keyof typeof SafetyLimits.Type]?: (typeof SafetyLimits.Type)[K]
  } = {}
  const perRun = minOf(self.maxExecutionsPerRun, that.maxExecutionsPerRun)
  if (perRun !== undefined) fields.maxExecutionsPerRun = perRun
  const perDay = minOf(self.maxExecutionsPerDay, that.maxExecutionsPerDay)
  if (perDay !== undefined) fields.maxExecutionsPerDay = perDay
  const cooldown = maxOf(self.cooldownSeconds, that.cooldownSeconds)
  if (cooldown !== undefined) fields.cooldownSeconds = cooldown
  const step = combineChange(self.maxChangePerStep, that.maxChangePerStep)
  if (step !== undefined) fields.maxChangePerStep = step
  const daily = combineChange(self.maxDailyMovement, that.maxDailyMovement)
  if (daily !== undefined) fields.maxDailyMovement = daily
  if (self.protectedEntities !== undefined || that.protectedEntities !== undefined) {
    const seen = new Map<string, EntityRef>()
    for (const entity of [...(self.protectedEntities ?? []), ...(that.protectedEntities ?? [])]) {
      seen.set(entityKey(entity), entity)
    }
    fields.protectedEntities = [...seen.values()]
  }
  const confidence = maxOf(self.minConfidence, that.minConfidence)
  if (confidence !== undefined) fields.minConfidence = confidence
  const breaker = combineBreaker(self.circuitBreaker, that.circuitBreaker)
  if (breaker !== undefined) fields.circuitBreaker = breaker
  if (self.shadowMode !== undefined || that.shadowMode !== undefined) {
    fields.shadowMode = (self.shadowMode ?? false) || (that.shadowMode ?? false)
  }
  return new SafetyLimits(fields)
}
