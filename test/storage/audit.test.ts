/**
 * The audit trail (src/storage/Audit.ts): every mutation through the port is
 * a chained entry in its own transaction; tampering with, deleting or
 * reordering an entry (done as a superuser would: the append-only trigger
 * disabled, raw SQL) is detected at that entry; an account's deletion is its
 * chain's last entry and the chain stays verifiable; pruning keeps it
 * verifiable through a checkpoint; concurrent writers leave one valid chain
 * (PGlite, and the server when DATABASE_URL is set).
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Actor from "../../src/storage/Actor.ts"
import * as Audit from "../../src/storage/Audit.ts"
import { canonicalJson, hashEntry } from "../../src/storage/internal/auditChain.ts"
import { Accounts } from "../../src/storage/schema/core/index.ts"
import { Campaigns } from "../../src/storage/schema/marketing/Campaigns.ts"
import { AiAuditTrail } from "../../src/storage/schema/marketingAi/AiAuditTrail.ts"
import { Storage } from "../../src/storage/Storage.ts"
import { pglite, server, serverUrl } from "../support/databases.ts"

const auditor = "00000000-0000-4000-8000-0000000000aa"

const newAccount = (slug: string) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const account = yield* storage.insert(Accounts, { name: `Audit ${slug}`, slug: `${slug}-${crypto.randomUUID().slice(0, 8)}` })
    // row-level security: the user `activity` writes as is a member of every account
    // (written as the superuser, so the chains under test hold only the activity)
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`insert into public.users (id, email) values ($1, 'auditor@example.com') on conflict do nothing`, [auditor])
    yield* sql.unsafe(`insert into public.account_users (account_id, user_id, role) values ($1, $2, 'member')`, [account.id, auditor])
    return account.id
  })

/** Writes through the port as a user of the account: n campaigns, each updated once. */
const activity = (accountId: string, n: number) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    for (let i = 0; i < n; i++) {
      const campaign = yield* storage.insert(Campaigns, { account_id: accountId, name: `C${i}`, platform: "simulated" })
      yield* storage.update(Campaigns, campaign.id, { status: "paused" })
    }
  }).pipe(Actor.withActor(new Actor.User({ id: auditor, accountId })))

/** Runs raw SQL on the trail as a superuser would: with the append-only trigger off. */
const tamper = (statements: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql.unsafe("alter table public.ai_audit_trail disable trigger ai_audit_trail_append_only")
      for (const s of statements) yield* sql.unsafe(s)
      yield* sql.unsafe("alter table public.ai_audit_trail enable trigger ai_audit_trail_append_only")
    }))
  })

const broken = (v: Audit.Verification) => {
  assert.strictEqual(v._tag, "Broken", Audit.format(v))
  return v as Audit.Broken
}

const suite = (name: string, database: Layer.Layer<Storage | SqlClient.SqlClient, unknown>) =>
  describe(`audit trail: ${name}`, () => {
    layer(Audit.layer.pipe(Layer.provideMerge(database)), { timeout: "120 seconds" })((it) => {
      it.effect("every mutation through the port is a chained entry: actor, action, table, row id, before, after", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const storage = yield* Storage
          const account = yield* newAccount("basic")
          yield* activity(account, 3)
          const campaigns = yield* storage.find(Campaigns, { where: { account_id: account } })
          yield* storage.delete(Campaigns, campaigns.items[0]!.id).pipe(Actor.withActor(new Actor.Service({ name: "janitor", accountId: account })))
          const entries = (yield* storage.find(AiAuditTrail, { where: { account_id: account }, orderBy: [{ column: "seq" }] })).items
          // the account's own insert, 3 inserts + 3 updates, 1 delete
          assert.deepStrictEqual(entries.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8])
          assert.deepStrictEqual(entries.map((e) => `${e.entity_type}:${e.action}`), [
            "accounts:insert",
            ...Array.from({ length: 3 }, () => ["campaigns:insert", "campaigns:update"]).flat(),
            "campaigns:delete"
          ])
          const update = entries[2]!
          assert.strictEqual(update.actor_type, "user")
          assert.strictEqual(update.actor_id, "00000000-0000-4000-8000-0000000000aa")
          assert.strictEqual((update.before_state as { status: string }).status, "draft")
          assert.strictEqual((update.after_state as { status: string }).status, "paused")
          assert.strictEqual(update.entity_id, (update.after_state as { id: string }).id)
          const gone = entries[7]!
          assert.strictEqual(gone.actor_type, "service")
          assert.strictEqual(gone.actor_id, "janitor")
          assert.isNull(gone.after_state)
          assert.strictEqual(gone.entity_id, campaigns.items[0]!.id)
          for (let i = 1; i < entries.length; i++) assert.strictEqual(entries[i]!.previous_hash, entries[i - 1]!.row_hash)
          const v = yield* audit.verify(account)
          assert.strictEqual(v._tag, "Verified", Audit.format(v))
          assert.strictEqual((v as Audit.Verified).entries, 8)
          assert.strictEqual((v as Audit.Verified).headHash, entries[7]!.row_hash)
        }))

      it.effect("a mutation that rolls back leaves no entry", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const audit = yield* Audit.Audit
          const account = yield* newAccount("rollback")
          const failed = yield* storage.transaction(Effect.gen(function*() {
            yield* storage.insert(Campaigns, { account_id: account, name: "kept?", platform: "simulated" })
            return yield* Effect.fail("boom" as const)
          })).pipe(Effect.flip)
          assert.strictEqual(failed, "boom")
          assert.strictEqual(yield* storage.count(AiAuditTrail, { account_id: account }), 1)
          assert.strictEqual((yield* audit.verify(account))._tag, "Verified")
        }))

      it.effect("the trail is append-only: UPDATE, DELETE and TRUNCATE are refused by the database; the port refuses unchained inserts", () =>
        Effect.gen(function*() {
          const storage = yield* Storage
          const sql = yield* SqlClient.SqlClient
          const account = yield* newAccount("appendonly")
          const [entry] = (yield* storage.find(AiAuditTrail, { where: { account_id: account } })).items
          for (const statement of [
            `update public.ai_audit_trail set reason = 'x' where id = '${entry!.id}'`,
            `delete from public.ai_audit_trail where id = '${entry!.id}'`,
            `truncate public.ai_audit_trail`
          ]) {
            const error = yield* Effect.flip(sql.unsafe(statement))
            assert.match(String(error.reason.cause instanceof Error ? error.reason.cause.message : error.message), /append-only/, statement)
          }
          const refused = yield* Effect.flip(storage.update(AiAuditTrail, entry!.id, { reason: "x" }))
          // the application role holds no UPDATE on the trail (migration 0011)
          assert.strictEqual(refused._tag, "AccessDenied")
          const direct = yield* Effect.flip(storage.insert(AiAuditTrail, { account_id: account, actor_type: "system", action: "x", entity_type: "y" }))
          assert.strictEqual(direct._tag, "ValidationError")
          assert.strictEqual((yield* Audit.Audit.use((a) => a.verify(account)))._tag, "Verified")
        }))

      it.effect("tampering with an entry's content is detected at that entry", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const account = yield* newAccount("tamper")
          yield* activity(account, 3)
          yield* tamper([`update public.ai_audit_trail set after_state = jsonb_set(after_state, '{name}', '"forged"') where account_id = '${account}' and seq = 4`])
          const v = broken(yield* audit.verify(account))
          assert.strictEqual(v.seq, 4)
          assert.strictEqual(v.reason, "hash_mismatch")
          assert.strictEqual(v.checked, 3)
        }))

      it.effect("a tampered entry whose hash was recomputed breaks the link of the next one", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const storage = yield* Storage
          const account = yield* newAccount("rehash")
          yield* activity(account, 2)
          const entry = (yield* storage.find(AiAuditTrail, { where: { account_id: account, seq: 2 } })).items[0]!
          // recompute entry 2's hash after changing its reason, as a forger who knows the scheme would
          const occurred = entry.occurred_at.toISOString().replace("Z", "000Z")
          const forged = hashEntry({
            id: entry.id, account_id: account, seq: 2, occurred_at: occurred, actor_type: entry.actor_type, actor_id: entry.actor_id ?? null,
            action: entry.action, entity_type: entry.entity_type, entity_id: entry.entity_id ?? null, before_state: entry.before_state ?? null,
            after_state: entry.after_state ?? null, reason: "forged", correlation_id: null, metadata: entry.metadata, previous_hash: entry.previous_hash ?? null
          })
          yield* tamper([`update public.ai_audit_trail set reason = 'forged', row_hash = '${forged}' where id = '${entry.id}'`])
          const v = broken(yield* audit.verify(account))
          assert.strictEqual(v.seq, 3)
          assert.strictEqual(v.reason, "link_mismatch")
        }))

      it.effect("deleting an entry is detected: a gap in the middle, a missing anchor at the start", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const middle = yield* newAccount("gap")
          yield* activity(middle, 3)
          yield* tamper([`delete from public.ai_audit_trail where account_id = '${middle}' and seq = 3`])
          const gap = broken(yield* audit.verify(middle))
          assert.strictEqual(gap.seq, 4)
          assert.strictEqual(gap.reason, "sequence_gap")
          const start = yield* newAccount("head")
          yield* activity(start, 1)
          yield* tamper([`delete from public.ai_audit_trail where account_id = '${start}' and seq = 1`])
          const anchor = broken(yield* audit.verify(start))
          assert.strictEqual(anchor.seq, 2)
          assert.strictEqual(anchor.reason, "missing_anchor")
        }))

      it.effect("reordering entries is detected at the first moved entry", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const account = yield* newAccount("reorder")
          yield* activity(account, 3)
          const chain = `account_id = '${account}'`
          yield* tamper([
            `update public.ai_audit_trail set seq = 1000 where ${chain} and seq = 3`,
            `update public.ai_audit_trail set seq = 3 where ${chain} and seq = 4`,
            `update public.ai_audit_trail set seq = 4 where ${chain} and seq = 1000`
          ])
          const v = broken(yield* audit.verify(account))
          assert.strictEqual(v.seq, 3)
          assert.strictEqual(v.reason, "link_mismatch")
        }))

      it.effect("deleting an account is audited, its cascade leaves the chain alone, and the chain verifies afterwards", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const storage = yield* Storage
          const account = yield* newAccount("deleted")
          yield* activity(account, 2)
          yield* storage.delete(Accounts, account)
          assert.strictEqual(yield* storage.count(Campaigns, { account_id: account }), 0, "campaigns cascaded away")
          const entries = (yield* storage.find(AiAuditTrail, { where: { account_id: account }, orderBy: [{ column: "seq" }] })).items
          const last = entries[entries.length - 1]!
          assert.strictEqual(entries.length, 6)
          assert.strictEqual(`${last.entity_type}:${last.action}:${last.entity_id}`, `accounts:delete:${account}`)
          assert.strictEqual((last.before_state as { id: string }).id, account)
          const v = yield* audit.verify(account)
          assert.strictEqual(v._tag, "Verified", Audit.format(v))
          assert.include((yield* audit.chains()), account)
        }))

      it.effect("pruning a chain's old prefix leaves a checkpoint the verifier anchors to; removing more without one is detected", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const storage = yield* Storage
          const account = yield* newAccount("prune")
          yield* activity(account, 3) // seq 1..7
          const entries = (yield* storage.find(AiAuditTrail, { where: { account_id: account }, orderBy: [{ column: "seq" }] })).items
          // entries 1..7 all share a clock-given time; everything before "now + 1 ms" is old, limit 4 keeps 5..7
          const cutoff = new Date(entries[6]!.occurred_at.getTime() + 1)
          const pruned = yield* audit.prune(account, cutoff, 4)
          assert.strictEqual(pruned.deleted, 4)
          assert.strictEqual(pruned.throughSeq, 4)
          assert.strictEqual(pruned.checkpoint?.seq, 8)
          const v = yield* audit.verify(account)
          assert.strictEqual(v._tag, "Verified", Audit.format(v))
          assert.deepStrictEqual([(v as Audit.Verified).firstSeq, (v as Audit.Verified).headSeq], [5, 8])
          // a young cutoff removes nothing
          assert.strictEqual((yield* audit.prune(account, new Date(0), 10)).deleted, 0)
          // an entry removed past the checkpoint, as a superuser would, is detected
          yield* tamper([`delete from public.ai_audit_trail where account_id = '${account}' and seq = 5`])
          const v2 = broken(yield* audit.verify(account))
          assert.strictEqual(v2.reason, "missing_anchor")
          assert.strictEqual(v2.seq, 6)
        }))

      it.effect("rows without an account go to the system chain; explicit records are chained too", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const before = yield* audit.verify(null)
          const entry = yield* audit.record({ account: null, action: "retention.purge", entityType: "ai_error_logs", metadata: { deleted_rows: 3 } })
          assert.isNull(entry.account_id)
          const after = yield* audit.verify(null)
          assert.strictEqual(after._tag, "Verified", Audit.format(after))
          assert.strictEqual((after as Audit.Verified).headSeq, entry.seq)
          assert.strictEqual(entry.seq, ((before as Audit.Verified).headSeq ?? 0) + 1)
          const refused = yield* Effect.flip(audit.verify("not-a-uuid"))
          assert.strictEqual(refused._tag, "ValidationError")
        }))

      it.effect("8 concurrent writers on one account leave one valid chain", () =>
        Effect.gen(function*() {
          const audit = yield* Audit.Audit
          const account = yield* newAccount("concurrent")
          yield* Effect.forEach(Array.from({ length: 8 }, (_, i) => i), () => activity(account, 3), { concurrency: "unbounded", discard: true })
          const v = yield* audit.verify(account)
          assert.strictEqual(v._tag, "Verified", Audit.format(v))
          assert.strictEqual((v as Audit.Verified).entries, 1 + 8 * 3 * 2)
        }))
    })
  })

describe("the entry hash", () => {
  it("is SHA-256 over canonical JSON (sorted keys, no whitespace)", () => {
    assert.strictEqual(canonicalJson({ b: [2, { d: 1, c: null }], a: "x", u: undefined }), `{"a":"x","b":[2,{"c":null,"d":1}]}`)
    // reference: python3 hashlib.sha256(json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())
    // over the same entry (Python 3, standard library json and hashlib)
    assert.strictEqual(
      hashEntry({
        id: "00000000-0000-4000-8000-000000000001", account_id: null, seq: 1, occurred_at: "2026-01-02T03:04:05.678000Z",
        actor_type: "system", actor_id: null, action: "insert", entity_type: "ai_agents", entity_id: "a", before_state: null,
        after_state: { name: "Matcher", n: 1.5, tags: ["b", "a"] }, reason: null, correlation_id: null, metadata: {}, previous_hash: null
      }),
      "6da77b20445ef05a9da959fa91a9d5c9d2a4e242b53bf425031b1df0075225f7"
    )
  })
})

suite("PGlite", pglite())
if (serverUrl !== undefined) suite("server", server(serverUrl))
