/**
 * An action: a name, a parameter Schema, a handler that is an Effect, and
 * optionally an inverse that undoes it (rollback).
 *
 * An action that changes a number (a budget, a bid, a capacity) declares a
 * `target`: which entity it changes, the value its parameters ask for, how to
 * read the entity's current value, and how to rewrite the parameters with
 * another value. The safety envelope uses it to protect entities and to clamp
 * the change. An action that acts on an entity without changing a number
 * (pausing a campaign, emailing an attendee) declares `entity`.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import { Schema, SchemaIssue } from "effect"
import type { EntityRef } from "./SafetyLimits.ts"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId = "~ringmaster/rules/Action" as const

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * A rule asked for the action.
 *
 * @since 0.1.0
 * @category models
 */
export class RuleRequester extends Schema.TaggedClass<RuleRequester>()("Rule", {
  ruleId: Schema.NonEmptyString
}) {}

/**
 * An agent asked for the action.
 *
 * @since 0.1.0
 * @category models
 */
export class AgentRequester extends Schema.TaggedClass<AgentRequester>()("Agent", {
  agentId: Schema.NonEmptyString
}) {}

/**
 * A person asked for the action.
 *
 * @since 0.1.0
 * @category models
 */
export class PersonRequester extends Schema.TaggedClass<PersonRequester>()("Person", {
  userId: Schema.NonEmptyString
}) {}

/**
 * Who asked for an action: a rule, an agent or a person.
 *
 * @since 0.1.0
 * @category models
 */
export const Requester = Schema.Union([RuleRequester, AgentRequester, PersonRequester])

/**
 * @since 0.1.0
 * @category models
 */
export type Requester = typeof Requester.Type

/**
 * A stable string key for a requester (`rule:<id>`, `agent:<id>`,
 * `person:<id>`): the key the envelope counts executions under.
 *
 * @since 0.1.0
 * @category getters
 */
export const requesterKey = (requester: Requester): string => {
  switch (requester._tag) {
    case "Rule":
      return `rule:${requester.ruleId}`
    case "Agent":
      return `agent:${requester.agentId}`
    case "Person":
      return `person:${requester.userId}`
  }
}

/**
 * What a handler is told about the invocation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Invocation {
  readonly requestId: string
  readonly requester: Requester
  readonly runId: string | undefined
}

/**
 * How an action changes a number on an entity.
 *
 * The envelope never trusts a requester's word for the current value: it
 * calls `current` itself, inside the action's transaction, and measures the
 * step and the day's movement from what it returns.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target<P, E = never, R = never> {
  /** The entity the parameters change. */
  readonly entity: (params: P) => EntityRef
  /** The value the parameters ask for (the `to` of the change). */
  readonly value: (params: P) => number
  /** The parameters with another value (used when the envelope clamps). */
  readonly withValue: (params: P, value: number) => P
  /** Reads the entity's current value (the `from` of the change). */
  readonly current: (params: P) => Effect.Effect<number, E, R>
}

/**
 * An action definition.
 *
 * @since 0.1.0
 * @category models
 */
export interface Action<in out P, in out A = void, out E = never, out R = never> {
  readonly [TypeId]: TypeId
  readonly name: string
  readonly description: string
  readonly parameters: Schema.Codec<P, unknown>
  readonly success: Schema.Codec<A, unknown>
  readonly target: Target<P, E, R> | undefined
  /**
   * The entity an action without a numeric target acts on (`undefined` from
   * the function: this invocation acts on none). An action with neither
   * `entity` nor `target` has not declared what it touches, and is blocked
   * wherever limits protect entities.
   */
  readonly entity: ((params: P) => EntityRef | undefined) | undefined
  readonly handler: (params: P, invocation: Invocation) => Effect.Effect<A, E, R>
  readonly inverse: ((params: P, result: A, invocation: Invocation) => Effect.Effect<void, E, R>) | undefined
}

/**
 * Defines an action. `success` (default: unchecked pass-through) is the
 * Schema of the handler's result, used to store it for rollback; give one
 * when the action has an `inverse` that needs the result.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <P, PE, A = void, AE = A, E = never, R = never>(options: {
  readonly name: string
  readonly description?: string | undefined
  readonly parameters: Schema.Codec<P, PE>
  readonly success?: Schema.Codec<A, AE> | undefined
  readonly target?: Target<NoInfer<P>, E, R> | undefined
  readonly entity?: ((params: NoInfer<P>) => EntityRef | undefined) | undefined
  readonly handler: (params: P, invocation: Invocation) => Effect.Effect<A, E, R>
  readonly inverse?: ((params: P, result: A, invocation: Invocation) => Effect.Effect<void, E, R>) | undefined
}): Action<P, A, E, R> => ({
  [TypeId]: TypeId,
  name: options.name,
  description: options.description ?? "",
  parameters: options.parameters,
  // Without a success schema the result is kept as it is (not checked).
  success: options.success ?? (Schema.Unknown as Schema.Codec<unknown> as Schema.Codec<A, unknown>),
  target: options.target,
  entity: options.entity,
  handler: options.handler,
  inverse: options.inverse
})

/**
 * Whether a value is an action.
 *
 * @since 0.1.0
 * @category guards
 */
export const isAction = (u: unknown): u is Action<unknown, unknown, unknown, unknown> =>
  typeof u === "object" && u !== null && TypeId in u

/**
 * One problem found while decoding: where (`path`, keys and indexes from the
 * root of the decoded value) and what.
 *
 * @since 0.1.0
 * @category models
 */
export class Issue extends Schema.Class<Issue>("ringmaster/actions/Issue")({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
}) {}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The issues of a `SchemaError`, flattened with their paths.
 *
 * @since 0.1.0
 * @category utils
 */
export const issuesOf = (error: Schema.SchemaError): ReadonlyArray<Issue> =>
  formatter(error.issue).issues.map((issue) =>
    new Issue({
      path: (issue.path ?? []).map((segment) => {
        const key = typeof segment === "object" && segment !== null ? segment.key : segment
        return typeof key === "number" ? key : String(key)
      }),
      message: issue.message
    })
  )

/**
 * Renders a path as `a.b[0].c` (`$` for the root).
 *
 * @since 0.1.0
 * @category utils
 */
export const formatPath = (path: ReadonlyArray<string | number>): string =>
  path.length === 0 ?
    "$" :
    path.map((segment, i) => typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`).join(
      ""
    )
