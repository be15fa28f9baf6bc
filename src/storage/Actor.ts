/**
 * Actors: who a storage call runs as. Every transaction carries its actor into
 * the database (`ringmaster.actor_kind`, `ringmaster.actor_id` and, for users,
 * Supabase's `request.jwt.claim.sub`, which `auth.uid()` reads), so row-level
 * security and the audit trail can see it.
 *
 * @since 0.1.0
 */
import { Context, Effect, Schema } from "effect"
import { dual } from "effect/Function"
import { Uuid } from "./Column.ts"

/**
 * A person, identified by their `users.id`.
 *
 * @since 0.1.0
 * @category models
 */
export class User extends Schema.TaggedClass<User>()("User", {
  id: Uuid,
  accountId: Schema.optional(Uuid)
}) {}

/**
 * A service (an agent, a rule, a plugin) acting on its own authority.
 *
 * @since 0.1.0
 * @category models
 */
export class Service extends Schema.TaggedClass<Service>()("Service", {
  name: Schema.String.check(Schema.isMinLength(1)),
  accountId: Schema.optional(Uuid)
}) {}

/**
 * Ringmaster itself (migrations, scheduled maintenance).
 *
 * @since 0.1.0
 * @category models
 */
export class System extends Schema.TaggedClass<System>()("System", {}) {}

/**
 * Any actor.
 *
 * @since 0.1.0
 * @category models
 */
export const Actor = Schema.Union([User, Service, System])

/**
 * Any actor.
 *
 * @since 0.1.0
 * @category models
 */
export type Actor = User | Service | System

/**
 * The system actor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const system: Actor = new System({})

/**
 * The actor of the current fiber; defaults to {@link system}.
 *
 * @since 0.1.0
 * @category references
 */
export const CurrentActor = Context.Reference<Actor>("ringmaster/storage/CurrentActor", {
  defaultValue: () => system
})

/**
 * Runs an effect as the given actor.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withActor: {
  (actor: Actor): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, actor: Actor): Effect.Effect<A, E, R>
} = dual(2, <A, E, R>(self: Effect.Effect<A, E, R>, actor: Actor): Effect.Effect<A, E, R> =>
  Effect.provideService(self, CurrentActor, actor))

/**
 * The settings a transaction carries for an actor: `[name, value]` pairs set
 * with `set_config(name, value, true)`.
 *
 * @since 0.1.0
 * @category utils
 */
export const settings = (actor: Actor): ReadonlyArray<readonly [string, string]> => {
  switch (actor._tag) {
    case "User":
      return [
        ["ringmaster.actor_kind", "user"],
        ["ringmaster.actor_id", actor.id],
        ["ringmaster.account_id", actor.accountId ?? ""],
        ["request.jwt.claim.sub", actor.id]
      ]
    case "Service":
      return [
        ["ringmaster.actor_kind", "service"],
        ["ringmaster.actor_id", actor.name],
        ["ringmaster.account_id", actor.accountId ?? ""],
        ["request.jwt.claim.sub", ""]
      ]
    case "System":
      return [
        ["ringmaster.actor_kind", "system"],
        ["ringmaster.actor_id", "system"],
        ["ringmaster.account_id", ""],
        ["request.jwt.claim.sub", ""]
      ]
  }
}
