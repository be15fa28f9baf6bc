/**
 * Normalised attendee profiles and the pair score on them (the one place the
 * score is computed; `Score.ts` documents it).
 *
 * @internal
 */
import type { Attendee, Reason, Role } from "../Model.ts"
import { complement, kindOf } from "../Model.ts"

/** @internal */
export interface NIntent {
  readonly role: Role
  /** "" when the intent names no topic */
  readonly topic: string
}

/** @internal */
export interface Profile {
  /** sorted, unique, lower case, trimmed, non-empty */
  readonly interests: ReadonlyArray<string>
  /** unique (role, topic) pairs, sorted */
  readonly intents: ReadonlyArray<NIntent>
}

/** @internal */
export interface Weights {
  readonly interest: number
  readonly intent: number
}

/** @internal */
export const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, " ")

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

/** @internal */
export const profile = (a: Attendee): Profile => {
  const interests = [...new Set(a.interests.map(norm).filter((s) => s.length > 0))].sort(cmp)
  const seen = new Set<string>()
  const intents: Array<NIntent> = []
  for (const i of a.intents) {
    const topic = i.topic === undefined ? "" : norm(i.topic)
    const key = `${i.role}|${topic}`
    if (seen.has(key)) continue
    seen.add(key)
    intents.push({ role: i.role, topic })
  }
  intents.sort((x, y) => cmp(x.role, y.role) || cmp(x.topic, y.topic))
  return { interests, intents }
}

/** size of the intersection of two sorted unique arrays */
const intersection = (x: ReadonlyArray<string>, y: ReadonlyArray<string>): number => {
  let i = 0
  let j = 0
  let n = 0
  while (i < x.length && j < y.length) {
    const c = cmp(x[i]!, y[j]!)
    if (c === 0) {
      n++
      i++
      j++
    } else if (c < 0) i++
    else j++
  }
  return n
}

/** @internal */
export const jaccard = (x: ReadonlyArray<string>, y: ReadonlyArray<string>): number => {
  if (x.length === 0 || y.length === 0) return 0
  const inter = intersection(x, y)
  return inter / (x.length + y.length - inter)
}

/** @internal */
export const complementary = (x: NIntent, y: NIntent): boolean =>
  complement[x.role] === y.role && (x.topic === "" || y.topic === "" || x.topic === y.topic)

/** The distinct complementary couplings, keyed by (a's role, b's role, topic). */
const couplings = (a: Profile, b: Profile): Map<string, { readonly x: NIntent; readonly y: NIntent }> => {
  const out = new Map<string, { readonly x: NIntent; readonly y: NIntent }>()
  for (const x of a.intents) {
    for (const y of b.intents) {
      if (!complementary(x, y)) continue
      const topic = x.topic !== "" ? x.topic : y.topic
      // a's role, b's role, topic: swapping sides maps these keys one to one
      const key = `${x.role}|${y.role}|${topic}`
      if (!out.has(key)) out.set(key, { x, y })
    }
  }
  return out
}

/** the number of distinct couplings, without allocating in the common cases (0 or 1) */
const couplingCount = (a: Profile, b: Profile): number => {
  if (a.intents.length === 0 || b.intents.length === 0) return 0
  let first: string | undefined
  let more: Array<string> | undefined
  for (const x of a.intents) {
    for (const y of b.intents) {
      if (!complementary(x, y)) continue
      const topic = x.topic !== "" ? x.topic : y.topic
      const key = `${x.role}|${y.role}|${topic}`
      if (first === undefined) first = key
      else if (key !== first && (more === undefined || !more.includes(key))) (more ??= []).push(key)
    }
  }
  return first === undefined ? 0 : 1 + (more?.length ?? 0)
}

/** @internal */
export const score = (a: Profile, b: Profile, w: Weights): number =>
  combine(w.interest === 0 ? 0 : jaccard(a.interests, b.interests), a, b, w)

/** the score from a Jaccard index already computed (the one formula of the score) */
export const combine = (j: number, a: Profile, b: Profile, w: Weights): number =>
  w.interest * j + (w.intent === 0 ? 0 : w.intent * couplingCount(a, b))

/** Jaccard index of two sorted unique integer arrays (interned interests): same value as {@link jaccard} */
export const jaccardIds = (x: Int32Array, y: Int32Array): number => {
  if (x.length === 0 || y.length === 0) return 0
  let i = 0
  let j = 0
  let n = 0
  while (i < x.length && j < y.length) {
    const a = x[i]!
    const b = y[j]!
    if (a === b) {
      n++
      i++
      j++
    } else if (a < b) i++
    else j++
  }
  return n / (x.length + y.length - n)
}

/** @internal */
export const reasons = (a: Profile, b: Profile): Array<Reason> => {
  const out: Array<Reason> = []
  const shared: Array<string> = []
  let i = 0
  let j = 0
  while (i < a.interests.length && j < b.interests.length) {
    const c = cmp(a.interests[i]!, b.interests[j]!)
    if (c === 0) {
      shared.push(a.interests[i]!)
      i++
      j++
    } else if (c < 0) i++
    else j++
  }
  if (shared.length > 0) {
    out.push({ _tag: "SharedInterests", interests: shared, jaccard: jaccard(a.interests, b.interests) })
  }
  const cs = [...couplings(a, b).entries()].sort((p, q) => cmp(p[0], q[0]))
  for (const [, { x, y }] of cs) {
    const topic = x.topic !== "" ? x.topic : y.topic
    out.push(
      topic === ""
        ? { _tag: "ComplementaryIntent", kind: kindOf[x.role], roleOfA: x.role, roleOfB: y.role }
        : { _tag: "ComplementaryIntent", kind: kindOf[x.role], roleOfA: x.role, roleOfB: y.role, topic }
    )
  }
  return out
}
