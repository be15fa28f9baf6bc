/**
 * The audit trail's hash chain as plain data: an entry's canonical JSON, its
 * SHA-256, and the walk that checks a chain. No database here: `Audit.ts`
 * reads and writes, these functions decide.
 */
import { createHash } from "node:crypto"

/** One chained entry, every field the hash covers, as JSON values. */
export interface ChainEntry {
  readonly id: string
  readonly account_id: string | null
  readonly seq: number
  /** ISO 8601 in UTC with microseconds: `2026-11-23T12:30:14.484000Z` */
  readonly occurred_at: string
  readonly actor_type: "user" | "service" | "system"
  readonly actor_id: string | null
  readonly action: string
  readonly entity_type: string
  readonly entity_id: string | null
  readonly before_state: unknown
  readonly after_state: unknown
  readonly reason: string | null
  readonly correlation_id: string | null
  readonly metadata: unknown
  readonly previous_hash: string | null
}

/** A stored entry: the hashed fields and the hash the database holds. */
export interface StoredEntry extends ChainEntry {
  readonly row_hash: string
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as
 * `Array.prototype.sort` does), no whitespace, arrays in order, `undefined`
 * object members left out (as `JSON.stringify` does).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value)
    return text === undefined ? "null" : text
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`
}

/** The SHA-256 (hex) of an entry's canonical JSON; the entry includes its previous hash. */
export const hashEntry = (entry: ChainEntry): string =>
  createHash("sha256").update(canonicalJson({
    id: entry.id,
    account_id: entry.account_id,
    seq: entry.seq,
    occurred_at: entry.occurred_at,
    actor_type: entry.actor_type,
    actor_id: entry.actor_id,
    action: entry.action,
    entity_type: entry.entity_type,
    entity_id: entry.entity_id,
    before_state: entry.before_state,
    after_state: entry.after_state,
    reason: entry.reason,
    correlation_id: entry.correlation_id,
    metadata: entry.metadata,
    previous_hash: entry.previous_hash
  }), "utf8").digest("hex")

/**
 * A value as JSON will hold it: dates as ISO strings, bigints as decimal
 * strings, `undefined` members dropped; so the value hashed when writing is
 * the value read back from `jsonb`.
 */
export const toJsonValue = (value: unknown): unknown =>
  value === undefined
    ? null
    : JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as unknown

/** Microseconds since the epoch as the canonical timestamp text. */
export const timestampText = (micros: bigint): string => {
  const millis = micros / 1000n
  const rest = micros % 1000n
  const iso = new Date(Number(millis - (rest < 0n ? 1n : 0n))).toISOString()
  const sub = (rest < 0n ? rest + 1000n : rest).toString().padStart(3, "0")
  return `${iso.slice(0, -1)}${sub}Z`
}

/** The action of the checkpoint entry retention appends when it prunes a chain's prefix. */
export const pruneAction = "audit.prune"

/** What a checkpoint entry's `after_state` holds. */
export interface Checkpoint {
  readonly through_seq: number
  readonly through_hash: string
  readonly deleted: number
}

export const isCheckpoint = (u: unknown): u is Checkpoint =>
  typeof u === "object" && u !== null &&
  typeof (u as Checkpoint).through_seq === "number" && typeof (u as Checkpoint).through_hash === "string"

/** Why a chain is broken at an entry. */
export type BreakReason =
  | "hash_mismatch"
  | "link_mismatch"
  | "sequence_gap"
  | "missing_anchor"

/** The first problem found in a chain, if any. */
export interface ChainBreak {
  readonly seq: number
  readonly entryId: string
  readonly reason: BreakReason
  readonly detail: string
}

/**
 * Walks a chain in `seq` order, page by page: `step` takes the next entry and
 * returns the first break, if any. `anchor` is the newest checkpoint in the
 * chain (or undefined): a chain whose first entry is not `seq` 1 must start
 * right after the checkpoint's `through_seq`, linked to its `through_hash`.
 */
export const makeWalker = (anchor: Checkpoint | undefined) => {
  let previous: StoredEntry | undefined
  return (entry: StoredEntry): ChainBreak | undefined => {
    const at = (reason: BreakReason, detail: string): ChainBreak => ({ seq: entry.seq, entryId: entry.id, reason, detail })
    if (previous === undefined) {
      if (entry.seq === 1) {
        if (entry.previous_hash !== null) return at("link_mismatch", "the first entry of a chain has no previous hash")
      } else if (anchor === undefined) {
        return at("missing_anchor", `the chain starts at seq ${entry.seq} and no retention checkpoint accounts for seq 1..${entry.seq - 1}`)
      } else if (anchor.through_seq !== entry.seq - 1 || anchor.through_hash !== entry.previous_hash) {
        return at(
          "missing_anchor",
          `the chain starts at seq ${entry.seq} but the newest retention checkpoint pruned through seq ${anchor.through_seq}` +
            (anchor.through_seq === entry.seq - 1 ? " with another hash" : "")
        )
      }
    } else {
      if (entry.seq !== previous.seq + 1) return at("sequence_gap", `expected seq ${previous.seq + 1} after ${previous.seq}, found ${entry.seq}`)
      if (entry.previous_hash !== previous.row_hash) return at("link_mismatch", `previous_hash does not match the hash of seq ${previous.seq}`)
    }
    if (hashEntry(entry) !== entry.row_hash) return at("hash_mismatch", "the entry's content does not match its hash")
    previous = entry
    return undefined
  }
}
