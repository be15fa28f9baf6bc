/**
 * `ringmaster keys` (the command of `src/http/KeysCommand.ts`, run in
 * process with its output captured, on PGlite): create prints the secret
 * once and stores only its hash, list never prints a secret, revoke makes
 * the key fail verification; bad scopes and a user outside the account are
 * refused, naming what was wrong.
 */
import { NodeServices } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { Console, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { TestClock } from "effect/testing"
import { ApiKeys } from "../../src/http/ApiKeys.ts"
import * as KeysCommand from "../../src/http/KeysCommand.ts"
import { AccountUsers } from "../../src/storage/schema/core/AccountUsers.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Users } from "../../src/storage/schema/core/Users.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite } from "../support/databases.ts"

/** Runs `keys ...args` on the storage in context; answers what it printed, or its failure's message. */
const keys = (...args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const command = KeysCommand.make({
      dataDir: Flag.String("data-dir").pipe(Flag.withDefault("unused")),
      databaseUrl: Flag.String("database-url").pipe(Flag.optional),
      storage: (_url: Option.Option<string>, _dir: string) => Layer.succeed(Storage, storage)
    })
    const out: Array<string> = []
    const capture: Console.Console = { ...globalThis.console, log: (...parts) => void out.push(parts.join(" ")) }
    const exit = yield* Effect.exit(
      Command.runWith(command, { version: "0.1.0" })(args).pipe(
        Effect.provideService(Console.Console, capture),
        Effect.provide(NodeServices.layer)
      )
    )
    return { ok: exit._tag === "Success", stdout: out.join("\n"), error: exit._tag === "Failure" ? String(exit.cause) : "" }
  })

describe("ringmaster keys", () => {
  layer(ApiKeys.layer.pipe(Layer.provideMerge(pglite())), { timeout: "120 seconds" })((it) => {
    it.effect("create prints the key once, list never shows it, revoke ends it", () =>
      TestClock.withLive(Effect.gen(function*() {
        const storage = yield* Storage
        const service = yield* ApiKeys
        const account = yield* storage.insert(Accounts, { name: "Keys", slug: "keys" })
        const user = yield* storage.insert(Users, { email: "admin@example.com", full_name: "Admin" })
        const outsider = yield* storage.insert(Users, { email: "outsider@example.com", full_name: "Outsider" })
        yield* storage.insert(AccountUsers, { account_id: account.id, user_id: user.id, role: "admin" })

        const created = yield* keys("create", "--account", account.id, "--user", user.id, "--name", "ci", "--scope", "read,write", "--scope", "approve")
        assert.isTrue(created.ok, created.error)
        const secret = created.stdout.trim().split("\n").at(-1)!
        assert.match(secret, /^rm_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/)
        assert.match(created.stdout, /scopes read,write,approve/)
        assert.match(created.stdout, /shown once/)
        const verified = yield* service.verify(secret)
        assert.strictEqual(verified.user_id, user.id)
        assert.strictEqual(verified.hash.length, 64)
        assert.notInclude(JSON.stringify(verified), secret.slice(16), "only the hash is stored")

        const listed = yield* keys("list", "--account", account.id)
        assert.isTrue(listed.ok, listed.error)
        assert.notInclude(listed.stdout, secret.slice(16))
        assert.match(listed.stdout, new RegExp(`^${verified.id} .* live$`))

        const revoked = yield* keys("revoke", verified.id)
        assert.isTrue(revoked.ok, revoked.error)
        assert.match(revoked.stdout, /revoked \d{4}-/)
        const refused = yield* Effect.flip(service.verify(secret))
        assert.match(refused.message, /revoked/)

        const badScope = yield* keys("create", "--account", account.id, "--scope", "admin")
        assert.isFalse(badScope.ok)
        assert.match(badScope.error, /unknown scope\(s\) admin/)
        const notMember = yield* keys("create", "--account", account.id, "--user", outsider.id)
        assert.isFalse(notMember.ok)
        assert.match(notMember.error, new RegExp(`user ${outsider.id} is not a member of account ${account.id}`))
        assert.strictEqual((yield* service.list(account.id)).length, 1, "nothing was created by the refused commands")
      })))
  })
})
