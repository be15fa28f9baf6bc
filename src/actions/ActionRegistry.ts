/**
 * The registry of actions. Built-in and plugin actions register here; rules
 * and the safety envelope look actions up by name and decode their
 * parameters with the action's Schema.
 *
 * @since 0.1.0
 */
import { Cause, Context, Effect, Layer, Schema } from "effect"
import * as Action from "./Action.ts"
import type { EntityRef } from "./SafetyLimits.ts"

/**
 * No action is registered under this name.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownAction extends Schema.TaggedError<UnknownAction>()("UnknownAction", {
  action: Schema.String,
  known: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/**
 * An action with this name is already registered.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateAction extends Schema.TaggedError<DuplicateAction>()("DuplicateAction", {
  action: Schema.String,
  message: Schema.String
}) {}

/**
 * Parameters that the action's Schema rejects. `field` is the path of the
 * first problem (`$` for the root); `issues` lists all of them.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidActionParameters extends Schema.TaggedError<InvalidActionParameters>()(
  "InvalidActionParameters",
  {
    action: Schema.String,
    field: Schema.String,
    issues: Schema.Array(Action.Issue),
    message: Schema.String
  }
) {}

/**
 * The action's handler (or inverse) failed or died.
 *
 * @since 0.1.0
 * @category errors
 */
export class ActionFailed extends Schema.TaggedError<ActionFailed>()("ActionFailed", {
  action: Schema.String,
  message: Schema.String
}) {}

/**
 * The action has no inverse, or its result could not be read back.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotReversible extends Schema.TaggedError<NotReversible>()("NotReversible", {
  action: Schema.String,
  message: Schema.String
}) {}

/**
 * What the registry tells about a registered action.
 *
 * @since 0.1.0
 * @category models
 */
export interface Description {
  readonly name: string
  readonly description: string
  readonly parameters: Schema.Top
  readonly reversible: boolean
  readonly adjustable: boolean
}

/**
 * A request for an action, decoded and ready to run. `parameters` is the
 * encoded (JSON) form of the decoded parameters; `target` is the entity and
 * value the parameters ask for, when the action declares one; `entity` is the
 * entity the action acts on (its target's, or the one it declares).
 *
 * @since 0.1.0
 * @category models
 */
export interface Prepared {
  readonly action: string
  readonly parameters: unknown
  readonly target: {
    readonly entity: EntityRef
    readonly value: number
    /** Reads the entity's current value through the action. */
    readonly current: Effect.Effect<number, ActionFailed>
  } | undefined
  /** The entity acted on, when the action declares one. */
  readonly entity: EntityRef | undefined
  /** Whether the action declares what it acts on (a `target` or an `entity`). */
  readonly declaresEntity: boolean
  readonly reversible: boolean
  /** The same request with its target value replaced (after clamping). */
  readonly withValue: (value: number) => Effect.Effect<Prepared, InvalidActionParameters | ActionFailed>
  /** Runs the handler; succeeds with the encoded result. A handler that throws or dies fails with `ActionFailed`. */
  readonly run: (invocation: Action.Invocation) => Effect.Effect<unknown, ActionFailed>
}

/**
 * The registry's interface.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Registers an action; the handler runs with the services present at registration. */
  readonly register: <P, A, E, R>(action: Action.Action<P, A, E, R>) => Effect.Effect<void, DuplicateAction, R>
  readonly describe: (name: string) => Effect.Effect<Description, UnknownAction>
  readonly names: Effect.Effect<ReadonlyArray<string>>
  /** Decodes encoded parameters with the action's Schema. */
  readonly prepare: (
    name: string,
    parameters: unknown
  ) => Effect.Effect<Prepared, UnknownAction | InvalidActionParameters | ActionFailed>
  /** Checks that the action exists and accepts the parameters (used when loading rules). */
  readonly validate: (name: string, parameters: unknown) => Effect.Effect<void, UnknownAction | InvalidActionParameters>
  /** Runs the inverse of an executed action from its stored parameters and result. */
  readonly rollback: (
    name: string,
    parameters: unknown,
    result: unknown,
    invocation: Action.Invocation
  ) => Effect.Effect<void, UnknownAction | InvalidActionParameters | NotReversible | ActionFailed>
}

interface Entry {
  readonly description: Description
  readonly prepare: (parameters: unknown) => Effect.Effect<Prepared, InvalidActionParameters | ActionFailed>
  readonly rollback: (
    parameters: unknown,
    result: unknown,
    invocation: Action.Invocation
  ) => Effect.Effect<void, InvalidActionParameters | NotReversible | ActionFailed>
}

const describeCause = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.findErrorOption(cause)
  if (error._tag === "Some") {
    const e = error.value
    if (typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" && e.message !== "") {
      const tag = "_tag" in e && typeof e._tag === "string" ? `${e._tag}: ` : ""
      return `${tag}${e.message}`
    }
    if (typeof e === "object" && e !== null && "_tag" in e && typeof e._tag === "string") return e._tag
    return String(e)
  }
  return Cause.pretty(cause)
}

/** Runs user code (which may throw synchronously, fail or die) and turns any failure into `ActionFailed`. */
const guard = <A, E, R>(name: string, effect: () => Effect.Effect<A, E, R>): Effect.Effect<A, ActionFailed, R> =>
  Effect.catchCause(Effect.suspend(effect), (cause) =>
    Cause.hasInterruptsOnly(cause) ?
      Effect.failCause(cause as Cause.Cause<never>) :
      Effect.fail(new ActionFailed({ action: name, message: describeCause(cause) })))

const invalid = (name: string, error: Schema.SchemaError): InvalidActionParameters => {
  const issues = Action.issuesOf(error)
  const field = Action.formatPath(issues[0]?.path ?? [])
  return new InvalidActionParameters({
    action: name,
    field,
    issues,
    message: `invalid parameters for action "${name}" at ${field}: ${issues[0]?.message ?? error.message}`
  })
}

const makeEntry = <P, A, E>(action: Action.Action<P, A, E, never>): Entry => {
  const name = action.name
  const decode = Schema.decodeUnknownEffect(action.parameters)
  const encode = Schema.encodeEffect(action.parameters)
  const encodeResult = Schema.encodeEffect(action.success)
  const decodeResult = Schema.decodeUnknownEffect(action.success)
  const fromDecoded = (params: P): Effect.Effect<Prepared, InvalidActionParameters | ActionFailed> =>
    Effect.gen(function*() {
      const encoded = yield* Effect.mapError(encode(params), (error) => invalid(name, error))
      const target = action.target
      const declared = action.entity
      // The target's and entity's functions are the action author's code: a throw is a defect of the action.
      const targetNow = target === undefined ? undefined : yield* guard(name, () =>
        Effect.succeed({
          entity: target.entity(params),
          value: target.value(params),
          current: guard(name, () => target.current(params))
        }))
      const entity = targetNow?.entity ?? (declared === undefined ? undefined : yield* guard(name, () => Effect.succeed(declared(params))))
      const prepared: Prepared = {
        action: name,
        parameters: encoded,
        target: targetNow,
        entity,
        declaresEntity: target !== undefined || declared !== undefined,
        reversible: action.inverse !== undefined,
        withValue: (value) =>
          target === undefined ?
            Effect.fail(
              new InvalidActionParameters({
                action: name,
                field: "$",
                issues: [],
                message: `action "${name}" declares no target value to adjust`
              })
            ) :
            Effect.flatMap(
              Effect.flatMap(guard(name, () => Effect.succeed(target.withValue(params, value))), (next) =>
                Effect.mapError(
                  Effect.flatMap(encode(next), (e) => decode(e)),
                  (error) => invalid(name, error)
                )),
              fromDecoded
            ),
        run: (invocation) =>
          guard(name, () => Effect.flatMap(action.handler(params, invocation), (result) => encodeResult(result)))
      }
      return prepared
    })
  return {
    description: {
      name,
      description: action.description,
      parameters: action.parameters,
      reversible: action.inverse !== undefined,
      adjustable: action.target !== undefined
    },
    prepare: (parameters) =>
      Effect.flatMap(Effect.mapError(decode(parameters), (error) => invalid(name, error)), fromDecoded),
    rollback: (parameters, result, invocation) => {
      const inverse = action.inverse
      if (inverse === undefined) {
        return Effect.fail(new NotReversible({ action: name, message: `action "${name}" has no inverse` }))
      }
      return Effect.gen(function*() {
        const params = yield* Effect.mapError(decode(parameters), (error) => invalid(name, error))
        const decodedResult = yield* Effect.mapError(
          decodeResult(result),
          (error) =>
            new NotReversible({ action: name, message: `stored result of "${name}" does not decode: ${error.message}` })
        )
        yield* guard(name, () => inverse(params, decodedResult, invocation))
      })
    }
  }
}

/**
 * Creates an empty registry.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Shape> = Effect.sync(() => {
  const entries = new Map<string, Entry>()
  const lookup = (name: string): Effect.Effect<Entry, UnknownAction> => {
    const entry = entries.get(name)
    if (entry !== undefined) return Effect.succeed(entry)
    const known = [...entries.keys()].sort()
    return Effect.fail(
      new UnknownAction({
        action: name,
        known,
        message: `unknown action "${name}" (registered: ${known.length === 0 ? "none" : known.join(", ")})`
      })
    )
  }
  const shape: Shape = {
    register: <P, A, E, R>(action: Action.Action<P, A, E, R>) =>
      Effect.gen(function*() {
        const context = yield* Effect.context<R>()
        if (entries.has(action.name)) {
          return yield* new DuplicateAction({
            action: action.name,
            message: `action "${action.name}" is already registered`
          })
        }
        const inverse = action.inverse
        const target = action.target
        const provided: Action.Action<P, A, E, never> = {
          ...action,
          target: target === undefined ? undefined : {
            ...target,
            current: (params) => Effect.provideContext(target.current(params), context)
          },
          handler: (params, invocation) => Effect.provideContext(action.handler(params, invocation), context),
          inverse: inverse === undefined ?
            undefined :
            (params, result, invocation) => Effect.provideContext(inverse(params, result, invocation), context)
        }
        entries.set(action.name, makeEntry(provided))
      }),
    describe: (name) => Effect.map(lookup(name), (entry) => entry.description),
    names: Effect.sync(() => [...entries.keys()].sort()),
    prepare: (name, parameters) => Effect.flatMap(lookup(name), (entry) => entry.prepare(parameters)),
    validate: (name, parameters) =>
      Effect.asVoid(Effect.flatMap(lookup(name), (entry) =>
        Effect.catchTag(entry.prepare(parameters), "ActionFailed", (error) =>
          Effect.fail(
            new InvalidActionParameters({
              action: name,
              field: "$",
              issues: [],
              message: `action "${name}" failed on these parameters: ${error.message}`
            })
          )))),
    rollback: (name, parameters, result, invocation) =>
      Effect.flatMap(lookup(name), (entry) => entry.rollback(parameters, result, invocation))
  }
  return shape
})

/**
 * The action registry service.
 *
 * @since 0.1.0
 * @category services
 */
export class ActionRegistry extends Context.Service<ActionRegistry, Shape>()("ringmaster/actions/ActionRegistry") {
  /**
   * An empty registry.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<ActionRegistry> = Layer.effect(ActionRegistry, make)
}

/**
 * A layer that registers an action in the registry (how plugins add
 * actions). The action's handler runs with the services of `R` present when
 * the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const registering = <P, A, E, R>(
  action: Action.Action<P, A, E, R>
): Layer.Layer<never, DuplicateAction, ActionRegistry | R> =>
  Layer.effectDiscard(ActionRegistry.use((registry) => registry.register(action)))
