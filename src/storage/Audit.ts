/**
 * The tamper-evident audit trail: every mutation through the storage port
 * appends to `ai_audit_trail` inside the mutation's own transaction (actor,
 * action, table, row id, before and after, time), as a hash chain per
 * account.
 *
 * - **Chains.** A row's chain is its account: the `accounts` row's own id,
 *   else the row's `account_id` column (NULL: the system chain), else, for a
 *   table with no account column (children reached through a parent, such as
 *   `sessions`), the acting user's or service's account, else the system
 *   chain. `options.accountOf` replaces this rule.
 * - **Hashes.** Entry `seq` n holds `previous_hash` = the hash of entry n-1
 *   (NULL for n = 1) and `row_hash` = SHA-256 of the canonical JSON (keys
 *   sorted) of every field but `row_hash`, so changing, removing or
 *   reordering an entry breaks the chain at that entry.
 * - **No forks.** Appends take the chain's advisory lock
 *   (`ringmaster.audit_lock_heads`) and read the head after it, inside the
 *   mutation's transaction; `(account_id, seq)` is unique as well.
 * - **Append-only.** A trigger refuses UPDATE, DELETE and TRUNCATE of
 *   `ai_audit_trail`; only `ringmaster.audit_prune` (retention) deletes, and
 *   only a chain's prefix, after which {@link AuditShape.prune} appends a
 *   checkpoint entry (`audit.prune`, with the last pruned seq and hash) that
 *   the verifier anchors the shortened chain to.
 * - Mutations of `ai_audit_trail` itself are not audited; with auditing on,
 *   inserting into it through the port is refused (use `record`), so every
 *   row the library writes there is chained.
 *
 * Auditing is opt-in: provide {@link layer} next to the storage layer.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { randomUUID } from "node:crypto"
import * as Actor from "./Actor.ts"
import { Uuid } from "./Column.ts"
import {
  type ChainEntry,
  type Checkpoint,
  hashEntry,
  isCheckpoint,
  makeWalker,
  pruneAction,
  type StoredEntry,
  timestampText,
  toJsonValue
} from "./internal/auditChain.ts"
import { fromSqlError } from "./internal/sqlError.ts"
import { AiAuditTrail } from "./schema/marketingAi/AiAuditTrail.ts"
import { type Mutation, MutationObserver, type MutationObserverShape, Storage } from "./Storage.ts"
import { type StorageError, ValidationError } from "./StorageError.ts"
import type * as Table from "./Table.ts"

/**
 * A chain verified end to end: how many entries, where it starts (after a
 * retention checkpoint when `firstSeq > 1`) and its head, which a host may
 * publish elsewhere to make truncating the newest entries detectable too.
 * `unchained` counts rows of the account written outside the chain (before
 * auditing was on, or by another writer); they carry no hash.
 *
 * @since 0.1.0
 * @category models
 */
export class Verified extends Schema.TaggedClass<Verified>()("Verified", {
  account: Schema.NullOr(Schema.String),
  entries: Schema.Number,
  firstSeq: Schema.NullOr(Schema.Number),
  headSeq: Schema.NullOr(Schema.Number),
  headHash: Schema.NullOr(Schema.String),
  unchained: Schema.Number
}) {}

/**
 * The first broken entry of a chain: `hash_mismatch` (its content changed),
 * `link_mismatch` (its previous hash is not its predecessor's: reordered or
 * replaced), `sequence_gap` (entries are missing before it), or
 * `missing_anchor` (the chain's start was removed without a retention
 * checkpoint that accounts for it).
 *
 * @since 0.1.0
 * @category models
 */
export class Broken extends Schema.TaggedClass<Broken>()("Broken", {
  account: Schema.NullOr(Schema.String),
  seq: Schema.Number,
  entryId: Schema.String,
  reason: Schema.Literals(["hash_mismatch", "link_mismatch", "sequence_gap", "missing_anchor"]),
  detail: Schema.String,
  /** entries found intact before this one */
  checked: Schema.Number
}) {}

/**
 * The result of verifying one chain.
 *
 * @since 0.1.0
 * @category models
 */
export type Verification = Verified | Broken

/**
 * An entry a caller appends with {@link AuditShape.record}: what happened, to
 * what, in which chain (`account`: an account id, or `null` for the system
 * chain). The actor is the fiber's, the time the `Clock`'s.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntryInput {
  readonly account: string | null
  readonly action: string
  readonly entityType: string
  readonly entityId?: string | undefined
  readonly before?: unknown
  readonly after?: unknown
  readonly reason?: string | undefined
  readonly correlationId?: string | undefined
  readonly metadata?: { readonly [key: string]: unknown } | undefined
}

/**
 * A chained entry as stored.
 *
 * @since 0.1.0
 * @category models
 */
export type Entry = StoredEntry

/**
 * Verification found broken chains: how many, and the first as
 * {@link format} describes it.
 *
 * @since 0.1.0
 * @category errors
 */
export class ChainBroken extends Schema.TaggedError<ChainBroken>()("ChainBroken", {
  broken: Schema.Number,
  first: Schema.String
}) {
  override get message() {
    return `audit trail broken: ${this.broken} chain(s); first: ${this.first}`
  }
}

/**
 * What a prune did: the chain, the last seq removed (none when nothing was
 * old enough), how many entries went, and the checkpoint entry it appended.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pruned {
  readonly account: string | null
  readonly throughSeq: number | null
  readonly deleted: number
  readonly checkpoint: Entry | null
}

/**
 * What the audit trail offers besides observing mutations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuditShape {
  /** The observer that appends an entry per mutated row (installed by {@link layer}). */
  readonly observer: MutationObserverShape
  /** Appends one entry to a chain, in the current transaction or a new one. */
  readonly record: (entry: EntryInput) => Effect.Effect<Entry, StorageError>
  /** Walks a chain (`null`: the system chain) and returns it verified or its first broken entry. */
  readonly verify: (account: string | null) => Effect.Effect<Verification, StorageError>
  /** Verifies every chain in the trail. */
  readonly verifyAll: Effect.Effect<ReadonlyArray<Verification>, StorageError>
  /** Every chain holding chained entries (`null`: the system chain); with `olderThan`, only those with an entry before it. */
  readonly chains: (olderThan?: Date) => Effect.Effect<ReadonlyArray<string | null>, StorageError>
  /**
   * Removes at most `limit` of a chain's oldest entries, all written before
   * `olderThan` (a prefix of the chain: it stops at the first younger entry),
   * and appends a checkpoint entry, in one transaction under the chain's lock.
   */
  readonly prune: (account: string | null, olderThan: Date, limit: number) => Effect.Effect<Pruned, StorageError>
}

/**
 * The audit trail.
 *
 * @since 0.1.0
 * @category services
 */
export class Audit extends Context.Service<Audit, AuditShape>()("ringmaster/storage/Audit") {}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The chain of a mutated row (`null`: the system chain); the default rule is described above. */
  readonly accountOf?: ((table: Table.Any, row: { readonly [column: string]: unknown }, actor: Actor.Actor) => string | null) | undefined
}

type Row = { readonly [column: string]: unknown }

const auditTable = AiAuditTrail.sqlName
const auditName = "ai_audit_trail"
/** Entries per INSERT statement (one JSON document each). */
const insertBatch = 1_000
/** Entries read per page while verifying. */
const verifyPage = 2_000

const entityType = (table: Table.Any) => (table.schema === "public" ? table.name : `${table.schema}.${table.name}`)

const isAccounts = (table: Table.Any) => table.schema === "public" && table.name === "accounts"

/**
 * The default chain of a row: see the module's documentation.
 *
 * @since 0.1.0
 * @category utils
 */
export const defaultAccountOf = (table: Table.Any, row: Row, actor: Actor.Actor): string | null => {
  if (isAccounts(table)) return typeof row.id === "string" ? row.id : null
  if (Object.hasOwn(table.columns, "account_id")) return typeof row.account_id === "string" ? row.account_id : null
  return actor._tag === "System" ? null : actor.accountId ?? null
}

const actorFields = (actor: Actor.Actor): Pick<ChainEntry, "actor_type" | "actor_id"> => {
  switch (actor._tag) {
    case "User":
      return { actor_type: "user", actor_id: actor.id }
    case "Service":
      return { actor_type: "service", actor_id: actor.name }
    case "System":
      return { actor_type: "system", actor_id: null }
  }
}

type Draft = Omit<ChainEntry, "id" | "seq" | "occurred_at" | "previous_hash">

interface Head {
  readonly seq: number
  readonly hash: string
}

const chainKey = (account: string | null) => account ?? ""

const isUuid = Schema.is(Uuid)

/**
 * Builds the audit trail on the `SqlClient` and `Storage` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const storage = yield* Storage
    const accountOf = options.accountOf ?? defaultAccountOf

    const run = <A extends object = Row>(operation: string, text: string, params: ReadonlyArray<string | null> = []) =>
      sql.unsafe<A>(text, params as Array<string | null>).pipe(
        Effect.mapError((e: SqlError) => fromSqlError(e, operation, auditName))
      )

    const checkAccount = (account: string | null) =>
      account === null || isUuid(account)
        ? Effect.void
        : Effect.fail(new ValidationError({ table: auditName, field: "account", rule: "expected an account id (a UUID) or null for the system chain", value: account }))

    /** Takes the chains' locks (in a fixed order) and reads their heads. */
    const lockHeads = (accounts: ReadonlyArray<string | null>) =>
      Effect.gen(function*() {
        const rows = yield* run<{ chain_account: string | null; head_seq: number; head_hash: string }>(
          "audit lock",
          `select chain_account::text as chain_account, head_seq, head_hash from ringmaster.audit_lock_heads(array(select jsonb_array_elements_text($1::jsonb))::uuid[])`,
          [JSON.stringify(accounts)]
        )
        const heads = new Map<string, Head>()
        for (const row of rows) heads.set(chainKey(row.chain_account), { seq: Number(row.head_seq), hash: row.head_hash })
        return heads
      })

    /** Chains drafts after the given heads and inserts them; must run inside a transaction holding the chains' locks. */
    const insertAfter = (drafts: ReadonlyArray<Draft>, heads: Map<string, Head>) =>
      Effect.gen(function*() {
        const micros = BigInt(yield* Clock.currentTimeMillis) * 1000n
        const occurred_at = timestampText(micros)
        const entries: Array<StoredEntry> = []
        for (const draft of drafts) {
          const key = chainKey(draft.account_id)
          const head = heads.get(key)
          const entry: ChainEntry = {
            ...draft,
            id: randomUUID(),
            seq: head === undefined ? 1 : head.seq + 1,
            occurred_at,
            previous_hash: head === undefined ? null : head.hash
          }
          const row_hash = hashEntry(entry)
          heads.set(key, { seq: entry.seq, hash: row_hash })
          entries.push({ ...entry, row_hash })
        }
        // ringmaster.audit_append (migration 0011) inserts them and checks each continues its chain
        for (let start = 0; start < entries.length; start += insertBatch) {
          yield* run(
            "audit append",
            `select ringmaster.audit_append($1::jsonb)`,
            [JSON.stringify(entries.slice(start, start + insertBatch))]
          )
        }
        return entries
      })

    const append = (drafts: ReadonlyArray<Draft>) =>
      Effect.gen(function*() {
        if (drafts.length === 0) return []
        const accounts = [...new Set(drafts.map((d) => d.account_id))]
        const heads = yield* lockHeads(accounts)
        return yield* insertAfter(drafts, heads)
      })

    const observe = (mutation: Mutation): Effect.Effect<void, StorageError> =>
      Effect.gen(function*() {
        const { table, operation, actor } = mutation
        if (table.sqlName === auditTable) {
          if (operation !== "insert") return
          return yield* new ValidationError({
            table: auditName,
            field: "(table)",
            rule: "ai_audit_trail is written by the audit trail only (Audit.record), so that every entry is chained"
          })
        }
        const who = actorFields(actor)
        const pk = table.primaryKey
        const before = new Map<string, Row>()
        for (const row of mutation.before) before.set(String(row[pk]), row)
        const rows = operation === "delete" ? mutation.before : mutation.after
        const drafts: Array<Draft> = rows.map((row) => {
          const id = String(row[pk])
          const previous = operation === "update" ? before.get(id) : operation === "delete" ? row : undefined
          return {
            account_id: accountOf(table, row, actor),
            ...who,
            action: operation,
            entity_type: entityType(table),
            entity_id: id,
            before_state: previous === undefined ? null : toJsonValue(previous),
            after_state: operation === "delete" ? null : toJsonValue(row),
            reason: null,
            correlation_id: null,
            metadata: {}
          }
        })
        yield* append(drafts)
      })

    const record = (input: EntryInput): Effect.Effect<Entry, StorageError> =>
      Effect.gen(function*() {
        yield* checkAccount(input.account)
        for (const [field, value] of [["action", input.action], ["entityType", input.entityType]] as const) {
          if (typeof value !== "string" || value.length === 0) {
            return yield* new ValidationError({ table: auditName, field, rule: "expected a non-empty string", value })
          }
        }
        const actor = yield* Actor.CurrentActor
        const [entry] = yield* storage.transaction(append([{
          account_id: input.account,
          ...actorFields(actor),
          action: input.action,
          entity_type: input.entityType,
          entity_id: input.entityId ?? null,
          before_state: input.before === undefined ? null : toJsonValue(input.before),
          after_state: input.after === undefined ? null : toJsonValue(input.after),
          reason: input.reason ?? null,
          correlation_id: input.correlationId ?? null,
          metadata: toJsonValue(input.metadata ?? {})
        }]))
        return entry!
      })

    const chainCondition = (account: string | null, first = 1) =>
      account === null ? "account_id is null" : `account_id = $${first}::uuid`

    const verify = (account: string | null): Effect.Effect<Verification, StorageError> =>
      Effect.gen(function*() {
        yield* checkAccount(account)
        const params = account === null ? [] : [account]
        const where = chainCondition(account)
        return yield* storage.transaction(Effect.gen(function*() {
          const [unchained] = yield* run<{ n: number }>("audit verify", `select count(*)::int4 as n from ${auditTable} where ${where} and seq is null`, params)
          const [anchorRow] = yield* run<{ after: string | null }>(
            "audit verify",
            `select after_state::text as after from ${auditTable} where ${where} and seq is not null and action = '${pruneAction}' order by seq desc limit 1`,
            params
          )
          const anchorValue: unknown = anchorRow?.after == null ? undefined : JSON.parse(anchorRow.after)
          const anchor: Checkpoint | undefined = isCheckpoint(anchorValue) ? anchorValue : undefined
          const step = makeWalker(anchor)
          let checked = 0
          let first: number | null = null
          let last: StoredEntry | undefined
          let after = 0
          while (true) {
            const page = yield* run<StoredRow>(
              "audit verify",
              `select id::text as id, account_id::text as account_id, seq,
                      (extract(epoch from occurred_at) * 1000000)::int8::text as micros,
                      actor_type, actor_id, action, entity_type, entity_id,
                      before_state::text as before_state, after_state::text as after_state,
                      reason, correlation_id, metadata::text as metadata, previous_hash, row_hash
               from ${auditTable} where ${where} and seq is not null and seq > $${params.length + 1}::int4
               order by seq limit ${verifyPage}`,
              [...params, String(after)]
            )
            for (const row of page) {
              const entry = fromStored(row)
              const broken = step(entry)
              if (broken !== undefined) return new Broken({ account, ...broken, checked })
              first ??= entry.seq
              checked++
              last = entry
            }
            if (page.length < verifyPage) break
            after = last!.seq
          }
          return new Verified({
            account,
            entries: checked,
            firstSeq: first,
            headSeq: last?.seq ?? null,
            headHash: last?.row_hash ?? null,
            unchained: Number(unchained?.n ?? 0)
          })
        }))
      })

    const chains = (olderThan?: Date) =>
      Effect.gen(function*() {
        const rows = yield* run<{ account: string | null }>(
          "audit chains",
          olderThan === undefined
            ? `select distinct account_id::text as account from ${auditTable} where seq is not null`
            : `select distinct account_id::text as account from ${auditTable} where seq is not null and occurred_at < $1::timestamptz`,
          olderThan === undefined ? [] : [olderThan.toISOString()]
        )
        return rows.map((r) => r.account).sort((a, b) => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0))
      })

    const prune = (account: string | null, olderThan: Date, limit: number): Effect.Effect<Pruned, StorageError> =>
      Effect.gen(function*() {
        yield* checkAccount(account)
        if (!Number.isSafeInteger(limit) || limit < 1) {
          return yield* new ValidationError({ table: auditName, field: "limit", rule: "expected a positive integer", value: limit })
        }
        if (Number.isNaN(olderThan.getTime())) {
          return yield* new ValidationError({ table: auditName, field: "olderThan", rule: "expected a valid date" })
        }
        return yield* storage.transaction(Effect.gen(function*() {
          const heads = yield* lockHeads([account])
          const params = account === null ? [] : [account]
          const rows = yield* run<{ seq: number; row_hash: string; old: boolean }>(
            "audit prune",
            `select seq, row_hash, occurred_at < $${params.length + 1}::timestamptz as old from ${auditTable}
             where ${chainCondition(account)} and seq is not null order by seq limit ${limit}`,
            [...params, olderThan.toISOString()]
          )
          let through: { seq: number; row_hash: string } | undefined
          for (const row of rows) {
            if (!row.old) break
            through = row
          }
          if (through === undefined) return { account, throughSeq: null, deleted: 0, checkpoint: null }
          const [done] = yield* run<{ n: number }>(
            "audit prune",
            `select ringmaster.audit_prune(${account === null ? "null" : "$1"}::uuid, $${params.length + 1}::int4) as n`,
            [...params, String(through.seq)]
          )
          const deleted = Number(done?.n ?? 0)
          const actor = yield* Actor.CurrentActor
          const checkpoint: Checkpoint = { through_seq: Number(through.seq), through_hash: through.row_hash, deleted }
          const [entry] = yield* insertAfter([{
            account_id: account,
            ...actorFields(actor),
            action: pruneAction,
            entity_type: auditName,
            entity_id: null,
            before_state: null,
            after_state: checkpoint,
            reason: `retention: entries before ${olderThan.toISOString()}`,
            correlation_id: null,
            metadata: {}
          }], heads)
          return { account, throughSeq: checkpoint.through_seq, deleted, checkpoint: entry! }
        }))
      })

    const verifyAll = Effect.flatMap(chains(), (accounts) => Effect.forEach(accounts, verify))

    const shape: AuditShape = { observer: { observe }, record, verify, verifyAll, chains, prune }
    return shape
  })

interface StoredRow {
  readonly id: string
  readonly account_id: string | null
  readonly seq: number
  readonly micros: string
  readonly actor_type: ChainEntry["actor_type"]
  readonly actor_id: string | null
  readonly action: string
  readonly entity_type: string
  readonly entity_id: string | null
  readonly before_state: string | null
  readonly after_state: string | null
  readonly reason: string | null
  readonly correlation_id: string | null
  readonly metadata: string
  readonly previous_hash: string | null
  readonly row_hash: string
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

const fromStored = (row: StoredRow): StoredEntry => ({
  id: row.id,
  account_id: row.account_id,
  seq: Number(row.seq),
  occurred_at: timestampText(BigInt(row.micros)),
  actor_type: row.actor_type,
  actor_id: row.actor_id,
  action: row.action,
  entity_type: row.entity_type,
  entity_id: row.entity_id,
  before_state: parseJson(row.before_state),
  after_state: parseJson(row.after_state),
  reason: row.reason,
  correlation_id: row.correlation_id,
  metadata: parseJson(row.metadata),
  previous_hash: row.previous_hash,
  row_hash: row.row_hash
})

/**
 * The audit trail and the mutation observer that feeds it: provide it next to
 * a storage layer (`Audit.layer.pipe(Layer.provideMerge(SqlStorage.layerPglite()))`)
 * and every mutation through the port is audited.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Options = {}): Layer.Layer<Audit, never, SqlClient.SqlClient | Storage> =>
  Layer.effectContext(Effect.map(make(options), (shape) => Context.make(Audit, shape).pipe(Context.add(MutationObserver, shape.observer))))

/**
 * {@link layerWith} with the default chain rule.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Audit, never, SqlClient.SqlClient | Storage> = layerWith()

/**
 * The audit trail's reader and writer without the observer: `verify`,
 * `record`, `prune` on a database whose mutations are not audited by this
 * process (a CLI, a verifier).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerVerifier: Layer.Layer<Audit, never, SqlClient.SqlClient | Storage> = Layer.effect(Audit, make())

/**
 * Whether a verification found its chain intact.
 *
 * @since 0.1.0
 * @category guards
 */
export const isVerified = (v: Verification): v is Verified => v._tag === "Verified"

/**
 * One line describing a verification, as the CLI prints it.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (v: Verification): string => {
  const chain = v.account === null ? "system chain" : `account ${v.account}`
  if (v._tag === "Broken") return `${chain}: BROKEN at seq ${v.seq} (entry ${v.entryId}): ${v.reason}: ${v.detail} (${v.checked} entries intact before it)`
  const span = v.entries === 0 ? "no entries" : `${v.entries} entries, seq ${v.firstSeq}..${v.headSeq}, head ${v.headHash}`
  return `${chain}: ok (${span}${v.unchained > 0 ? `; ${v.unchained} unchained row(s) written outside the trail` : ""})`
}
