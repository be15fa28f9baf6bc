/**
 * `ringmaster keys`: create, list and revoke the HTTP API's keys.
 *
 * - `keys create --account ID [--user ID] [--name N] [--scope read] [--scope write,approve]`
 *   prints the key once (it cannot be shown again: only its SHA-256 is stored);
 * - `keys list [--account ID]` prints id, prefix, account, user, scopes,
 *   created, last used and revoked;
 * - `keys revoke ID` revokes a key (at once: its next request answers 401).
 *
 * The command line (`src/cli/Cli.ts`) mounts {@link make} with its database
 * flags.
 *
 * @since 0.1.0
 */
import { Console, Effect, Layer, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import type { Storage } from "../storage/Storage.ts"
import { ApiKeys, type ApiKeyRow } from "./ApiKeys.ts"

/**
 * What the keys command needs from the command line: its database flags and
 * the storage layer they select.
 *
 * @since 0.1.0
 * @category models
 */
export interface Database<E> {
  readonly dataDir: Flag.Flag<string>
  readonly databaseUrl: Flag.Flag<Option.Option<string>>
  readonly storage: (databaseUrl: Option.Option<string>, dataDir: string) => Layer.Layer<Storage, E>
}

const iso = (date: Date | null) => date === null ? "-" : date.toISOString()

/**
 * One line describing a key (never its secret).
 *
 * @since 0.1.0
 * @category formatting
 */
export const describe = (key: ApiKeyRow): string =>
  [
    key.id,
    `rm_${key.prefix}_…`,
    `account ${key.account_id}`,
    key.user_id === null ? "service" : `user ${key.user_id}`,
    `scopes ${key.scopes.join(",")}`,
    `name ${JSON.stringify(key.name)}`,
    `created ${iso(key.created_at)}`,
    `last used ${iso(key.last_used_at)}`,
    key.revoked_at === null ? "live" : `revoked ${iso(key.revoked_at)}`
  ].join("  ")

/**
 * The `keys` command with its subcommands.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = <E>(database: Database<E>) => {
  const provide = (url: Option.Option<string>, dir: string) =>
    Effect.provide(ApiKeys.layer.pipe(Layer.provide(database.storage(url, dir))))

  const create = Command.make(
    "create",
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      account: Flag.String("account").pipe(Flag.withDescription("the account the key belongs to (an account id)")),
      user: Flag.String("user").pipe(
        Flag.withDescription("the user the key acts for (a member of the account); without it the key is a service key"),
        Flag.optional
      ),
      name: Flag.String("name").pipe(Flag.withDescription("a name to recognise the key by"), Flag.withDefault("api key")),
      scope: Flag.String("scope").pipe(
        Flag.withDescription("read, write or approve; repeat or separate with commas (default read)"),
        Flag.atLeast(0)
      )
    },
    Effect.fn(function*({ dataDir, databaseUrl, account, user, name, scope }) {
      const scopes = scope.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "")
      const created = yield* ApiKeys.use((keys) =>
        keys.create({
          accountId: account,
          name,
          scopes: scopes.length === 0 ? ["read"] : scopes,
          userId: Option.getOrUndefined(user)
        })
      ).pipe(provide(databaseUrl, dataDir))
      yield* Console.log(describe(created.key))
      yield* Console.log("Key (shown once; store it now):")
      yield* Console.log(created.secret)
    })
  ).pipe(Command.withDescription("Create an API key and print it once"))

  const list = Command.make(
    "list",
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      account: Flag.String("account").pipe(Flag.withDescription("only this account's keys"), Flag.optional)
    },
    Effect.fn(function*({ dataDir, databaseUrl, account }) {
      const keys = yield* ApiKeys.use((keys) => keys.list(Option.getOrUndefined(account))).pipe(provide(databaseUrl, dataDir))
      if (keys.length === 0) yield* Console.log("No API keys.")
      for (const key of keys) yield* Console.log(describe(key))
    })
  ).pipe(Command.withDescription("List API keys (never their secrets)"))

  const revoke = Command.make(
    "revoke",
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      id: Argument.String("id").pipe(Argument.withDescription("the key's id (see keys list)"))
    },
    Effect.fn(function*({ dataDir, databaseUrl, id }) {
      const key = yield* ApiKeys.use((keys) => keys.revoke(id)).pipe(provide(databaseUrl, dataDir))
      yield* Console.log(describe(key))
    })
  ).pipe(Command.withDescription("Revoke an API key: its next request answers 401"))

  return Command.make("keys").pipe(
    Command.withDescription("API keys of the HTTP API"),
    Command.withSubcommands([create, list, revoke])
  )
}
