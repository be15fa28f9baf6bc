/**
 * API keys for the HTTP API: created for an account (optionally acting for
 * one of its users) with scopes, shown once, stored as a SHA-256 hash,
 * verified on every request, revocable.
 *
 * A key reads `rm_<prefix>_<secret>`: the 12-character prefix is public and
 * finds the row (`ringmaster.api_keys.prefix`, unique); the whole string's
 * SHA-256 is compared in constant time with the stored hash. The secret
 * carries 256 random bits, so a fast hash is enough (no password stretching
 * is needed for a random secret of that size).
 *
 * Keys are looked up as the system actor: the request is not authenticated
 * yet, so no account can scope the lookup.
 *
 * @since 0.1.0
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { Clock, Context, Effect, Layer, Schema } from "effect"
import * as Actor from "../storage/Actor.ts"
import { AccountUsers } from "../storage/schema/core/AccountUsers.ts"
import { ApiKeys as ApiKeysTable, type Scope, scopes as allScopes } from "../storage/schema/http/ApiKeys.ts"
import { Storage } from "../storage/Storage.ts"
import type { StorageError } from "../storage/StorageError.ts"
import type * as Table from "../storage/Table.ts"

/**
 * A stored API key.
 *
 * @since 0.1.0
 * @category models
 */
export type ApiKeyRow = Table.Row<typeof ApiKeysTable>

/**
 * A key presented with a request that is not a valid, live key: malformed,
 * unknown, wrong secret, or revoked. The reason is for logs and the 401 body;
 * it never says whether the prefix exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class ApiKeyRejected extends Schema.TaggedError<ApiKeyRejected>()("ApiKeyRejected", {
  reason: Schema.String
}) {
  override get message() {
    return `API key rejected: ${this.reason}`
  }
}

/**
 * A scope that is not one of `read`, `write`, `approve`, or an empty list.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidScopes extends Schema.TaggedError<InvalidScopes>()("InvalidScopes", {
  scopes: Schema.Array(Schema.String),
  rule: Schema.String
}) {
  override get message() {
    return `invalid scopes ${JSON.stringify(this.scopes)}: ${this.rule}`
  }
}

/**
 * The user a key would act for is not a member of the key's account
 * (`account_users`), so the key could never act.
 *
 * @since 0.1.0
 * @category errors
 */
export class UserNotMember extends Schema.TaggedError<UserNotMember>()("UserNotMember", {
  accountId: Schema.String,
  userId: Schema.String
}) {
  override get message() {
    return `user ${this.userId} is not a member of account ${this.accountId} (account_users)`
  }
}

/**
 * A member's role in an account (`account_users.role`).
 *
 * @since 0.1.0
 * @category models
 */
export type Role = "owner" | "admin" | "member"

/**
 * What `create` answers: the stored row and the secret, which is shown once
 * and cannot be recovered.
 *
 * @since 0.1.0
 * @category models
 */
export interface Created {
  readonly key: ApiKeyRow
  readonly secret: string
}

/**
 * Options of `create`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateOptions {
  readonly accountId: string
  readonly name: string
  /** defaults to `["read"]` */
  readonly scopes?: ReadonlyArray<string> | undefined
  /** the user the key acts for; its requests then run as that user */
  readonly userId?: string | undefined
}

/**
 * The API key service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  /** Creates a key; the secret is in the answer and nowhere else. */
  readonly create: (options: CreateOptions) => Effect.Effect<Created, InvalidScopes | UserNotMember | StorageError>
  /** The live key a presented secret belongs to. */
  readonly verify: (secret: string) => Effect.Effect<ApiKeyRow, ApiKeyRejected | StorageError>
  /** Revokes a key (idempotent: revoking a revoked key keeps its first `revoked_at`). */
  readonly revoke: (id: string) => Effect.Effect<ApiKeyRow, StorageError>
  /** Records that a key was used now. */
  readonly touch: (id: string) => Effect.Effect<void, StorageError>
  /** The role in the key's account of the user a key acts for (`undefined`: no longer a member). */
  readonly role: (key: ApiKeyRow & { readonly user_id: string }) => Effect.Effect<Role | undefined, StorageError>
  /** The keys, of one account or all, newest first (hashes included; never the secret). */
  readonly list: (accountId?: string | undefined) => Effect.Effect<ReadonlyArray<ApiKeyRow>, StorageError>
}

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
const keyPattern = /^rm_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/

const randomPrefix = (): string => {
  const bytes = randomBytes(12)
  let out = ""
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

/**
 * The SHA-256 of a secret, in lower-case hex: what `api_keys.hash` holds.
 *
 * @since 0.1.0
 * @category utils
 */
export const hashSecret = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex")

/**
 * Checks a scope list: non-empty, each one of `read`, `write`, `approve`;
 * answers it without duplicates, in canonical order.
 *
 * @since 0.1.0
 * @category utils
 */
export const parseScopes = (scopes: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<Scope>, InvalidScopes> => {
  if (scopes.length === 0) return Effect.fail(new InvalidScopes({ scopes, rule: "at least one scope is required" }))
  const unknown = scopes.filter((s) => !(allScopes as ReadonlyArray<string>).includes(s))
  if (unknown.length > 0) {
    return Effect.fail(new InvalidScopes({ scopes, rule: `unknown scope(s) ${unknown.join(", ")}; expected ${allScopes.join(", ")}` }))
  }
  return Effect.succeed(allScopes.filter((s) => scopes.includes(s)))
}

/**
 * Makes the service over the storage port.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const storage = yield* Storage
  const asSystem = Actor.withActor(Actor.system)

  const create: Shape["create"] = (options) =>
    Effect.gen(function*() {
      const scopes = yield* parseScopes(options.scopes ?? ["read"])
      if (options.userId !== undefined) {
        const member = yield* storage.count(AccountUsers, { account_id: options.accountId, user_id: options.userId })
        if (member === 0) return yield* new UserNotMember({ accountId: options.accountId, userId: options.userId })
      }
      const prefix = randomPrefix()
      const secret = `rm_${prefix}_${randomBytes(32).toString("base64url")}`
      const at = yield* Clock.currentTimeMillis
      const key = yield* storage.insert(ApiKeysTable, {
        account_id: options.accountId,
        user_id: options.userId ?? null,
        name: options.name,
        prefix,
        hash: hashSecret(secret),
        scopes,
        created_at: new Date(at)
      })
      return { key, secret }
    })

  const verify: Shape["verify"] = (secret) =>
    Effect.gen(function*() {
      const match = keyPattern.exec(secret)
      if (match === null) return yield* new ApiKeyRejected({ reason: "not a Ringmaster API key (expected rm_<prefix>_<secret>)" })
      const found = (yield* storage.find(ApiKeysTable, { where: { prefix: match[1]! }, limit: 1 }).pipe(asSystem)).items[0]
      const presented = Buffer.from(hashSecret(secret), "hex")
      // compare even when the prefix is unknown, so timing does not tell whether it exists
      const stored = Buffer.from(found?.hash ?? "0".repeat(64), "hex")
      const same = timingSafeEqual(presented, stored)
      if (found === undefined || !same) return yield* new ApiKeyRejected({ reason: "unknown key or wrong secret" })
      if (found.revoked_at !== null) return yield* new ApiKeyRejected({ reason: "the key was revoked" })
      return found
    })

  const revoke: Shape["revoke"] = (id) =>
    Effect.gen(function*() {
      const key = yield* storage.get(ApiKeysTable, id)
      if (key.revoked_at !== null) return key
      const at = yield* Clock.currentTimeMillis
      return yield* storage.update(ApiKeysTable, id, { revoked_at: new Date(at) })
    })

  const touch: Shape["touch"] = (id) =>
    Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      yield* storage.update(ApiKeysTable, id, { last_used_at: new Date(at) }).pipe(asSystem)
    })

  const role: Shape["role"] = (key) =>
    storage.find(AccountUsers, { where: { account_id: key.account_id, user_id: key.user_id }, limit: 1 }).pipe(
      Effect.map((page) => page.items[0]?.role),
      asSystem
    )

  const list: Shape["list"] = (accountId) =>
    storage.find(ApiKeysTable, {
      ...(accountId === undefined ? {} : { where: { account_id: accountId } }),
      orderBy: [{ column: "created_at", direction: "desc" }]
    }).pipe(Effect.map((page) => page.items), asSystem)

  return { create, verify, revoke, touch, role, list } satisfies Shape
})

/**
 * The API key service.
 *
 * @since 0.1.0
 * @category services
 */
export class ApiKeys extends Context.Service<ApiKeys, Shape>()("ringmaster/http/ApiKeys") {
  /**
   * The service over the storage port.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<ApiKeys, never, Storage> = Layer.effect(ApiKeys, make)
}
