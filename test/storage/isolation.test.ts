/**
 * Tenant isolation (issue 7): on PGlite and, when DATABASE_URL is set, on a
 * server. The conformance fixtures give account A (fixture account 0) rows in
 * every table; account B (fixture account 1) attacks them as a member, an
 * owner and a service actor. The tables come from the catalog, not from a
 * list, so a table added later without row-level security or policies fails
 * here.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Access from "../../src/storage/Access.ts"
import * as Actor from "../../src/storage/Actor.ts"
import { insertFixtures } from "../../src/storage/conformance/index.ts"
import { fromSqlError } from "../../src/storage/internal/sqlError.ts"
import * as M0011 from "../../src/storage/migrations/0011_tenancy.ts"
import * as Schema from "../../src/storage/schema/index.ts"
import { Accounts } from "../../src/storage/schema/core/Accounts.ts"
import { Users } from "../../src/storage/schema/core/Users.ts"
import { AiAgents } from "../../src/storage/schema/eventsAi/AiAgents.ts"
import { Storage } from "../../src/storage/Storage.ts"
import type { StorageError } from "../../src/storage/StorageError.ts"
import type * as Table from "../../src/storage/Table.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const schemas = ["public", "ringmaster", "events_ai", "marketing_ai"]
const ids = {
  memberA: "a0000000-0000-4000-8000-00000000000a",
  memberB: "b0000000-0000-4000-8000-00000000000b",
  ownerB: "b0000000-0000-4000-8000-0000000000b0",
  attendee: "c0000000-0000-4000-8000-00000000000c"
}

interface World {
  readonly accountA: string
  readonly accountB: string
  readonly ownerA: string
}

const tenancyOf = new Map(M0011.tenancy.map((t) => [t.table, t]))
const isGlobal = (table: string) => tenancyOf.get(table)?.chain.kind === "global"

/** Runs raw SQL in one port transaction as `actor` (so the role and the actor's settings apply). */
const asActor = <A extends object>(actor: Actor.Actor, text: string, params: ReadonlyArray<unknown> = []) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const sql = yield* SqlClient.SqlClient
    return yield* storage.transaction(
      sql.unsafe<A>(text, params as Array<string>).pipe(Effect.mapError((e) => fromSqlError(e, "isolation probe")))
    ).pipe(Actor.withActor(actor))
  })

/** Inserts the fixtures, gives system rows an account, and adds the users the attacks run as. */
const setUp = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stored = yield* insertFixtures()
  const accounts = stored.get(Accounts)!
  const users = stored.get(Users)!
  const accountA = accounts[0]!
  const accountB = accounts[1]!
  // rows written by the system actor without an account belong to no one; give them to A
  for (const table of [...M0011.accountColumnsAdded, "public.ai_agents", "public.ai_system_health"]) {
    yield* sql.unsafe(`update ${table} set account_id = $1 where account_id is null`, [accountA])
  }
  // one benchmark row of A's own (the rest are shared: no account)
  yield* sql.unsafe(`update public.ai_performance_benchmarks set account_id = $1 where id = (select id from public.ai_performance_benchmarks order by id limit 1)`, [accountA])
  for (const [id, email] of [[ids.memberA, "member.a"], [ids.memberB, "member.b"], [ids.ownerB, "owner.b"], [ids.attendee, "attendee"]] as const) {
    yield* sql.unsafe(`insert into public.users (id, email) values ($1, $2)`, [id, `${email}@example.com`])
  }
  yield* sql.unsafe(
    `insert into public.account_users (account_id, user_id, role) values ($1, $2, 'member'), ($3, $4, 'member'), ($3, $5, 'owner')`,
    [accountA, ids.memberA, accountB, ids.memberB, ids.ownerB]
  )
  return { accountA, accountB, ownerA: users[0]! } satisfies World
})

interface CatalogTable {
  readonly name: string
  readonly rls: boolean
  readonly forced: boolean
  readonly commands: ReadonlyArray<string>
  readonly firstColumn: string
}

const catalog = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return yield* sql.unsafe<CatalogTable>(
    `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
       coalesce((select array_agg(distinct p.cmd) from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname), '{}') as commands,
       (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum limit 1) as "firstColumn"
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname = any($1::text[])
     order by 1`,
    [`{${schemas.join(",")}}`]
  )
})

const modelOf = (qualified: string): Table.Any | undefined =>
  Schema.all.find((t) => `${t.schema}.${t.name}` === qualified)

const ctids = (rows: ReadonlyArray<{ ctid: string }>) => new Set(rows.map((r) => r.ctid))

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`tenant isolation: ${name}`, () => {
    layer(database, { timeout: "240 seconds" })((it) => {
      it.effect("every table has row-level security, forced, with a policy for each command; account B reaches none of A's rows", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const world = yield* setUp
          const tables = yield* catalog
          const serviceA = new Actor.Service({ name: "agent-a", accountId: world.accountA })
          const stray = new Actor.Service({ name: "stray" })
          const attackers: ReadonlyArray<readonly [string, Actor.Actor]> = [
            ["a member of B", new Actor.User({ id: ids.memberB, accountId: world.accountB })],
            ["an owner of B", new Actor.User({ id: ids.ownerB, accountId: world.accountB })],
            ["B's service", new Actor.Service({ name: "agent-b", accountId: world.accountB })],
            ["a service of no account", stray]
          ]
          const problems: Array<string> = []
          assert.isAtLeast(tables.length, Schema.all.length, "the catalog lists every table")
          for (const table of tables) {
            if (!table.rls || !table.forced) problems.push(`${table.name}: row-level security ${table.rls ? "not forced" : "not enabled"}`)
            const commands = new Set(table.commands)
            for (const command of ["SELECT", "INSERT", "UPDATE", "DELETE"]) {
              if (!commands.has(command) && !commands.has("ALL")) problems.push(`${table.name}: no ${command} policy`)
            }
            if (!tenancyOf.has(table.name)) problems.push(`${table.name}: not in migration 0011's tenancy (no chain to an account documented)`)
            if (isGlobal(table.name)) continue

            // rows every actor may read (shared benchmarks) are nobody's to leak
            const shared = ctids(yield* asActor<{ ctid: string }>(stray, `select ctid::text as ctid from ${table.name}`))
            const ownedByA = new Set(
              [...ctids(yield* asActor<{ ctid: string }>(serviceA, `select ctid::text as ctid from ${table.name}`))].filter((c) => !shared.has(c))
            )
            if (ownedByA.size === 0) {
              problems.push(`${table.name}: the fixtures give account A no row, so nothing could be attacked`)
              continue
            }
            const targets = `{${[...ownedByA].map((c) => `"${c}"`).join(",")}}`
            for (const [who, attacker] of attackers) {
              const seen = yield* asActor<{ ctid: string }>(attacker, `select ctid::text as ctid from ${table.name}`)
              const leaked = seen.filter((r) => ownedByA.has(r.ctid)).length
              if (leaked > 0) problems.push(`${table.name}: ${who} selects ${leaked} of A's rows`)
              const updated = yield* asActor<{ n: number }>(
                attacker,
                `with changed as (update ${table.name} set "${table.firstColumn}" = "${table.firstColumn}" where ctid = any($1::tid[]) returning 1) select count(*)::int as n from changed`,
                [targets]
              ).pipe(Effect.map((rows) => rows[0]!.n), Effect.catch((e: StorageError) => Effect.succeed(e._tag === "AccessDenied" ? 0 : -1)))
              if (updated !== 0) problems.push(`${table.name}: ${who} updates ${updated} of A's rows`)
              const deleted = yield* asActor<{ n: number }>(
                attacker,
                `with gone as (delete from ${table.name} where ctid = any($1::tid[]) returning 1) select count(*)::int as n from gone`,
                [targets]
              ).pipe(Effect.map((rows) => rows[0]!.n), Effect.catch((e: StorageError) => Effect.succeed(e._tag === "AccessDenied" ? 0 : -1)))
              if (deleted !== 0) problems.push(`${table.name}: ${who} deletes ${deleted} of A's rows`)
            }
            // A's rows are all still there, unchanged in number
            const after = yield* asActor<{ ctid: string }>(serviceA, `select ctid::text as ctid from ${table.name}`)
            if (after.length !== ownedByA.size + shared.size) problems.push(`${table.name}: A had ${ownedByA.size + shared.size} rows, now ${after.length}`)

            // an insert naming A's account (a copy of one of A's rows) is refused with a typed error
            const model = modelOf(table.name)
            if (model !== undefined && table.name !== "public.ai_audit_trail") {
              const key = (yield* asActor<{ key: string }>(
                serviceA,
                `select "${model.primaryKey}"::text as key from ${table.name} where ctid = $1::tid`,
                [[...ownedByA][0]!]
              ))[0]!.key
              const row = yield* storage.get(model, key as never)
              for (const [who, attacker] of attackers) {
                const refused = yield* Effect.flip(storage.insert(model, row as never).pipe(Actor.withActor(attacker)))
                if (refused._tag !== "AccessDenied") problems.push(`${table.name}: ${who} inserting A's row fails as ${refused._tag}, not AccessDenied (${refused.message})`)
              }
            }
          }
          assert.deepStrictEqual(problems, [])
        }))

      it.effect("an insert naming another account is refused with AccessDenied naming the table; a member's own account is accepted", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const accountA = (yield* storage.insert(Accounts, { name: "Iso A", slug: "iso-a" })).id
          const accountB = (yield* storage.insert(Accounts, { name: "Iso B", slug: "iso-b" })).id
          const sql = yield* SqlClient.SqlClient
          const admin = (yield* storage.insert(Users, { email: "iso-admin@example.com" })).id
          yield* sql.unsafe(`insert into public.account_users (account_id, user_id, role) values ($1, $2, 'admin')`, [accountA, admin])
          const asAdmin = Actor.withActor(new Actor.User({ id: admin, accountId: accountA }))
          const refused = yield* Effect.flip(storage.insert(AiAgents, { name: "stolen", type: "content", version: "1", account_id: accountB }).pipe(asAdmin))
          assert.strictEqual(refused._tag, "AccessDenied")
          assert.match(refused.message, /ai_agents/)
          const own = yield* storage.insert(AiAgents, { name: "mine", type: "content", version: "1", account_id: accountA }).pipe(asAdmin)
          assert.strictEqual(own.account_id, accountA)
          // nothing of B's is visible, and B's account row itself is not
          assert.strictEqual(yield* storage.count(Accounts).pipe(asAdmin), 1)
        }))

      it.effect("membership roles: members read, only admins and owners change agents, rules, budgets and members", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sql = yield* SqlClient.SqlClient
          const account = (yield* storage.insert(Accounts, { name: "Roles Co", slug: "roles-co" })).id
          const member = (yield* storage.insert(Users, { email: "roles-member@example.com" })).id
          const admin = (yield* storage.insert(Users, { email: "roles-admin@example.com" })).id
          yield* sql.unsafe(`insert into public.account_users (account_id, user_id, role) values ($1, $2, 'member'), ($1, $3, 'admin')`, [account, member, admin])
          const asMember = Actor.withActor(new Actor.User({ id: member, accountId: account }))
          const asAdmin = Actor.withActor(new Actor.User({ id: admin, accountId: account }))
          const agent = yield* storage.insert(AiAgents, { name: "by admin", type: "content", version: "1", account_id: account }).pipe(asAdmin)
          // a member reads it...
          assert.strictEqual((yield* storage.get(AiAgents, agent.id).pipe(asMember)).name, "by admin")
          // ...but may neither create, change nor delete one
          assert.strictEqual((yield* Effect.flip(storage.insert(AiAgents, { name: "by member", type: "content", version: "1", account_id: account }).pipe(asMember)))._tag, "AccessDenied")
          const changed = yield* Effect.flip(storage.update(AiAgents, agent.id, { version: "2" }).pipe(asMember))
          assert.strictEqual(changed._tag, "NotFound", "an update policy hides the row from a member: it is not theirs to change")
          for (const table of ["public.ai_automation_rules", "public.ai_budget_management", "public.automation_rules", "public.ai_agents", "public.account_users"]) {
            assert.strictEqual(tenancyOf.get(table)!.insert.includes("admin_accounts"), true, `${table} is written by admins only`)
          }
          const promoted = yield* asActor<{ n: number }>(
            new Actor.User({ id: member, accountId: account }),
            `with changed as (update public.account_users set role = 'owner' where user_id = $1 returning 1) select count(*)::int as n from changed`,
            [member]
          )
          assert.strictEqual(promoted[0]!.n, 0, "a member cannot promote themselves")
          assert.strictEqual((yield* storage.update(AiAgents, agent.id, { version: "2" }).pipe(asAdmin)).version, "2")
        }))

      it.effect("recommendations and communications are visible only to their user (and the account's services)", () =>
        Effect.gen(function*() {
          // the first test loaded the fixtures into this database
          const sql = yield* SqlClient.SqlClient
          const [row] = yield* sql.unsafe<{ user_id: string; account_id: string; n: number }>(
            `select r.user_id::text as user_id, e.account_id::text as account_id, count(*) over (partition by r.user_id)::int as n
             from events_ai.ai_recommendations r join public.events e on e.id = r.event_id limit 1`
          )
          assert.isDefined(row, "the fixtures hold a recommendation")
          const [colleague] = yield* sql.unsafe<{ user_id: string }>(
            `select user_id::text as user_id from public.account_users where account_id = $1 and user_id <> $2 limit 1`,
            [row!.account_id, row!.user_id]
          )
          const mine = yield* asActor<{ n: number }>(new Actor.User({ id: row!.user_id }), `select count(*)::int as n from events_ai.ai_recommendations where user_id = $1`, [row!.user_id])
          assert.strictEqual(mine[0]!.n, row!.n, "the user sees their own recommendations")
          const theirs = yield* asActor<{ n: number }>(
            new Actor.User({ id: colleague!.user_id, accountId: row!.account_id }),
            `select count(*)::int as n from events_ai.ai_recommendations where user_id = $1`,
            [row!.user_id]
          )
          assert.strictEqual(theirs[0]!.n, 0, "a colleague in the same account does not")
          const service = yield* asActor<{ n: number }>(
            new Actor.Service({ name: "recommender", accountId: row!.account_id }),
            `select count(*)::int as n from events_ai.ai_recommendations where user_id = $1`,
            [row!.user_id]
          )
          assert.strictEqual(service[0]!.n, row!.n, "the account's recommendation agent does")
        }))

      it.effect("auth.uid() is the acting user's id for one transaction only, and NULL otherwise", () =>
        Effect.gen(function*() {
          const user = new Actor.User({ id: ids.attendee })
          const inside = yield* asActor<{ uid: string | null }>(user, `select auth.uid()::text as uid`)
          assert.strictEqual(inside[0]!.uid, ids.attendee)
          const next = yield* asActor<{ uid: string | null; role: string }>(Actor.system, `select auth.uid()::text as uid, current_user::text as role`)
          assert.strictEqual(next[0]!.uid, null)
          assert.strictEqual(next[0]!.role, Access.applicationRole, "the port's queries run as the application role")
          const service = yield* asActor<{ uid: string | null }>(new Actor.Service({ name: "svc" }), `select auth.uid()::text as uid`)
          assert.strictEqual(service[0]!.uid, null)
        }))
    })
  })

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("PostgreSQL server", server(serverUrl))

// Changing a role is cluster-wide on a server (other suites share it), so the
// refusal is shown on PGlite, whose roles are its own.
describe("the application role is checked at start (PGlite)", () => {
  layer(pglite(), { timeout: "120 seconds" })((it) => {
    it.effect("refuses a role that bypasses row-level security, naming it and why; admin mode is explicit", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* Access.verify
        yield* sql.unsafe(`alter role ${Access.applicationRole} bypassrls`)
        const refused = yield* Effect.flip(Access.verify)
        yield* sql.unsafe(`alter role ${Access.applicationRole} nobypassrls`)
        assert.strictEqual(refused._tag, "UnsafeDatabaseRole")
        assert.strictEqual(refused.role, Access.applicationRole)
        assert.match(refused.message, /BYPASSRLS/)
        yield* sql.unsafe(`grant ${Access.ownerRole} to ${Access.applicationRole}`)
        const owner = yield* Effect.flip(Access.verify)
        yield* sql.unsafe(`revoke ${Access.ownerRole} from ${Access.applicationRole}`)
        assert.match(owner.message, /owns the tables/)
        yield* Access.verify
      }))
  })
})
