/**
 * The synchronous kernels of the matcher: compile the input, generate
 * candidate pairs through inverted indexes, the greedy b-matching, local
 * improvement, and the output.
 *
 * @internal
 */
import type { Options } from "../Matcher.ts"
import type { Input, Match } from "../Model.ts"
import { complement } from "../Model.ts"
import { defaultWeights } from "../Score.ts"
import type { Profile, Weights } from "./profile.ts"
import * as P from "./profile.ts"

/** @internal */
export interface Settings {
  readonly maxMatches: number
  readonly candidatesPerPerson: number
  readonly postingScanLimit: number
  readonly minScore: number
  readonly weights: Weights
  readonly improve: boolean
  readonly maxPasses: number
}

/** the options with their defaults (documented on `Matcher.Options`) */
export const settings = (o: Options): Settings => ({
  maxMatches: o.maxMatches ?? 3,
  candidatesPerPerson: o.candidatesPerPerson ?? 30,
  postingScanLimit: o.postingScanLimit ?? 200,
  minScore: o.minScore ?? 0,
  weights: o.weights ?? defaultWeights,
  improve: o.improve ?? true,
  maxPasses: o.maxPasses ?? 3
})

/** @internal */
export interface Compiled {
  /** eligible attendees only (not opted out, cap > 0), sorted by id */
  readonly ids: ReadonlyArray<string>
  readonly profiles: ReadonlyArray<Profile>
  readonly cap: Int32Array
  /** interests interned as sorted integer ids, for fast overlaps */
  readonly interestIds: ReadonlyArray<Int32Array>
  /** declined pairs among eligible attendees, key lo * n + hi */
  readonly declined: ReadonlySet<number>
}

/** @internal */
export interface Pair {
  readonly i: number
  readonly j: number
  readonly w: number
}

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

/** @internal */
export const duplicateId = (input: Input): string | undefined => {
  const seen = new Set<string>()
  for (const a of input.attendees) {
    if (seen.has(a.id)) return a.id
    seen.add(a.id)
  }
  return undefined
}

/** @internal */
export const pairKey = (n: number, i: number, j: number): number => (i < j ? i * n + j : j * n + i)

/** @internal */
export const compile = (input: Input, s: Settings): Compiled => {
  const eligible = input.attendees
    .filter((a) => a.optedOut !== true && (a.maxMatches ?? s.maxMatches) > 0)
    .slice()
    .sort((x, y) => cmp(x.id, y.id))
  const n = eligible.length
  const index = new Map<string, number>()
  eligible.forEach((a, i) => index.set(a.id, i))
  const declined = new Set<number>()
  for (const d of input.declined) {
    const i = index.get(d.a)
    const j = index.get(d.b)
    if (i === undefined || j === undefined || i === j) continue
    declined.add(pairKey(n, i, j))
  }
  const cap = new Int32Array(n)
  eligible.forEach((a, i) => (cap[i] = a.maxMatches ?? s.maxMatches))
  const profiles = eligible.map(P.profile)
  const dict = new Map<string, number>()
  const interestIds = profiles.map((p) =>
    Int32Array.from(p.interests, (t) => {
      let id = dict.get(t)
      if (id === undefined) {
        id = dict.size
        dict.set(t, id)
      }
      return id
    }).sort()
  )
  return { ids: eligible.map((a) => a.id), profiles, interestIds, cap, declined }
}

/** the pair score of eligible attendees i and j: equal to `P.score` on their profiles */
const pairScore = (c: Compiled, s: Settings, i: number, j: number): number =>
  P.combine(s.weights.interest === 0 ? 0 : P.jaccardIds(c.interestIds[i]!, c.interestIds[j]!), c.profiles[i]!, c.profiles[j]!, s.weights)

const push = (m: Map<string, Array<number>>, k: string, i: number) => {
  const l = m.get(k)
  if (l === undefined) m.set(k, [i])
  else l.push(i)
}

/**
 * Candidate pairs through inverted indexes: for each person, the holders of a
 * complementary intent (by role and topic) and the sharers of each interest,
 * scanning at most `postingScanLimit` entries of each posting list (from an
 * offset that depends on the person, so popular lists are spread), scoring
 * those exactly, and keeping the `candidatesPerPerson` best. The pair set is
 * the union over persons; declined pairs and pairs scoring at most `minScore`
 * are never generated. Work is O(n · features · postingScanLimit), not O(n²).
 *
 * @internal
 */
export const candidates = (c: Compiled, s: Settings): Array<Pair> => {
  const n = c.ids.length
  const byInterest = new Map<string, Array<number>>()
  const byRoleTopic = new Map<string, Array<number>>()
  const byRoleNoTopic = new Map<string, Array<number>>()
  const byRole = new Map<string, Array<number>>()
  c.profiles.forEach((p, i) => {
    for (const t of p.interests) push(byInterest, t, i)
    const roles = new Set<string>()
    for (const it of p.intents) {
      if (!roles.has(it.role)) {
        roles.add(it.role)
        push(byRole, it.role, i)
      }
      if (it.topic === "") push(byRoleNoTopic, it.role, i)
      else push(byRoleTopic, `${it.role}|${it.topic}`, i)
    }
  })
  const stamp = new Int32Array(n).fill(-1)
  const pairs = new Map<number, number>()
  // a bounded min-heap of the person's best candidates, worst at the root:
  // (w, j) is worse than (w', j') when w < w', or w = w' and j > j'
  const K = s.candidatesPerPerson
  const hw = new Float64Array(Math.max(1, K))
  const hj = new Int32Array(Math.max(1, K))
  let size = 0
  const worse = (a: number, b: number): boolean => hw[a]! < hw[b]! || (hw[a]! === hw[b]! && hj[a]! > hj[b]!)
  const swap = (a: number, b: number) => {
    const w = hw[a]!
    hw[a] = hw[b]!
    hw[b] = w
    const j = hj[a]!
    hj[a] = hj[b]!
    hj[b] = j
  }
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1
      const r = l + 1
      let m = at
      if (l < size && worse(l, m)) m = l
      if (r < size && worse(r, m)) m = r
      if (m === at) return
      swap(at, m)
      at = m
    }
  }
  const offer = (j: number, w: number) => {
    if (K === 0) return
    if (size < K) {
      hw[size] = w
      hj[size] = j
      let at = size++
      while (at > 0) {
        const up = (at - 1) >> 1
        if (!worse(at, up)) break
        swap(at, up)
        at = up
      }
    } else if (w > hw[0]! || (w === hw[0]! && j < hj[0]!)) {
      hw[0] = w
      hj[0] = j
      siftDown(0)
    }
  }
  const scan = (i: number, list: ReadonlyArray<number> | undefined) => {
    if (list === undefined) return
    const len = list.length
    const limit = Math.min(len, s.postingScanLimit)
    const offset = len <= s.postingScanLimit ? 0 : (Math.imul(i + 1, 0x9e3779b1) >>> 0) % len
    for (let q = 0; q < limit; q++) {
      const j = list[(offset + q) % len]!
      if (j === i || stamp[j] === i) continue
      stamp[j] = i
      if (c.declined.has(pairKey(n, i, j))) continue
      const w = pairScore(c, s, i, j)
      if (w > s.minScore) offer(j, w)
    }
  }
  for (let i = 0; i < n; i++) {
    size = 0
    const p = c.profiles[i]!
    for (const it of p.intents) {
      const other = complement[it.role]
      if (it.topic === "") scan(i, byRole.get(other))
      else {
        scan(i, byRoleTopic.get(`${other}|${it.topic}`))
        scan(i, byRoleNoTopic.get(other))
      }
    }
    for (const t of p.interests) scan(i, byInterest.get(t))
    for (let q = 0; q < size; q++) pairs.set(pairKey(n, i, hj[q]!), hw[q]!)
  }
  const out: Array<Pair> = []
  for (const [k, w] of pairs) out.push({ i: Math.floor(k / n), j: k % n, w })
  return sortPairs(out)
}

/**
 * Every eligible, non-declined pair scoring above `minScore` (O(n²): for
 * small instances and the exact solver).
 *
 * @internal
 */
export const allPairs = (c: Compiled, s: Settings): Array<Pair> => {
  const n = c.ids.length
  const out: Array<Pair> = []
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (c.declined.has(i * n + j)) continue
      const w = pairScore(c, s, i, j)
      if (w > s.minScore) out.push({ i, j, w })
    }
  }
  return sortPairs(out)
}

/** best first, ties by (i, j): a total order, so the greedy is deterministic */
const sortPairs = (ps: Array<Pair>): Array<Pair> => ps.sort((x, y) => y.w - x.w || x.i - y.i || x.j - y.j)

/** @internal */
export interface Matching {
  /** for each person, the indexes into `pairs` of its matches */
  readonly at: Array<Array<number>>
  readonly chosen: Uint8Array
  total: number
}

/**
 * The greedy for weighted b-matching: pairs best first, each taken when both
 * people still have capacity. Its total is at least half the optimum of the
 * same pair set: an optimal pair e = (u, v) the greedy skipped found, say, u
 * full of cap(u) taken pairs, each at least as heavy as e (taken earlier);
 * u has at most cap(u) optimal pairs, so they can be charged one to one to
 * u's taken pairs. A taken pair g is charged at most once through each of its
 * two ends (or by itself, if optimal, in place of one of those), so
 * OPT ≤ 2 · GREEDY.
 *
 * @internal
 */
export const greedy = (c: Compiled, pairs: ReadonlyArray<Pair>): Matching => {
  const m: Matching = { at: c.ids.map(() => []), chosen: new Uint8Array(pairs.length), total: 0 }
  fill(c, pairs, m)
  return m
}

const fill = (c: Compiled, pairs: ReadonlyArray<Pair>, m: Matching) => {
  for (let q = 0; q < pairs.length; q++) {
    if (m.chosen[q] === 1) continue
    const p = pairs[q]!
    if (m.at[p.i]!.length < c.cap[p.i]! && m.at[p.j]!.length < c.cap[p.j]!) add(pairs, m, q)
  }
}

const add = (pairs: ReadonlyArray<Pair>, m: Matching, q: number) => {
  const p = pairs[q]!
  m.chosen[q] = 1
  m.at[p.i]!.push(q)
  m.at[p.j]!.push(q)
  m.total += p.w
}

const remove = (pairs: ReadonlyArray<Pair>, m: Matching, q: number) => {
  const p = pairs[q]!
  m.chosen[q] = 0
  const ai = m.at[p.i]!
  ai.splice(ai.indexOf(q), 1)
  const aj = m.at[p.j]!
  aj.splice(aj.indexOf(q), 1)
  m.total -= p.w
}

const EPS = 1e-9

/**
 * Local improvement by short alternating paths: for a pair (u, v) not taken
 * that at least one end prefers (it has room, or a lighter match), take it; at each end that is full, drop one of its matches (e, x), chosen
 * to lose the least after re-matching the freed `x` to its best partner with
 * spare capacity. The move is applied, its exact change measured, and undone
 * unless the total rose by more than 1e-9. Freed capacity is refilled
 * greedily after each pass; at most `maxPasses` passes, fewer when a pass
 * finds nothing. The total only grows, so the greedy's 1/2 guarantee is
 * kept. Returns the number of moves kept.
 *
 * @internal
 */
export const improve = (c: Compiled, pairs: ReadonlyArray<Pair>, m: Matching, maxPasses: number): number => {
  const adj: Array<Array<number>> = c.ids.map(() => [])
  // pairs are sorted best first, so each adjacency list is too
  pairs.forEach((p, q) => {
    adj[p.i]!.push(q)
    adj[p.j]!.push(q)
  })
  const free = (x: number): boolean => m.at[x]!.length < c.cap[x]!
  const other = (q: number, x: number): number => (pairs[q]!.i === x ? pairs[q]!.j : pairs[q]!.i)
  /** the best untaken pair at x whose other end has spare capacity and is neither u nor v */
  const bestAt = (x: number, u: number, v: number): number => {
    for (const q of adj[x]!) {
      if (m.chosen[q] === 1) continue
      const y = other(q, x)
      if (y !== u && y !== v && free(y)) return q
    }
    return -1
  }
  /** the weight of e's lightest match when e is full, else -Infinity */
  const lightestWeight = (e: number): number => {
    if (free(e)) return -Infinity
    let l = Infinity
    for (const q of m.at[e]!) if (pairs[q]!.w < l) l = pairs[q]!.w
    return l
  }
  /** the match of e to drop: least loss after re-matching its partner; -1 when e is not full */
  const drop = (e: number, u: number, v: number): { d: number; loss: number } => {
    if (free(e)) return { d: -1, loss: 0 }
    let d = -1
    let loss = Infinity
    for (const q of m.at[e]!) {
      const x = other(q, e)
      const b = bestAt(x, u, v)
      const l = pairs[q]!.w - (b === -1 ? 0 : pairs[b]!.w)
      if (l < loss || (l === loss && q < d)) {
        loss = l
        d = q
      }
    }
    return { d, loss }
  }
  let moves = 0
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false
    for (let q = 0; q < pairs.length; q++) {
      if (m.chosen[q] === 1) continue
      const { i: u, j: v, w } = pairs[q]!
      if (c.cap[u]! === 0 || c.cap[v]! === 0) continue
      // only pairs one end would prefer (it has room, or its lightest match is lighter)
      if (w <= lightestWeight(u) && w <= lightestWeight(v)) continue
      const du = drop(u, u, v)
      const dv = drop(v, u, v)
      if (du.d !== -1 && du.d === dv.d) continue
      if (w - du.loss - dv.loss <= EPS) continue
      const before = m.total
      const removed: Array<number> = []
      const added: Array<number> = []
      for (const d of [du.d, dv.d]) {
        if (d !== -1) {
          remove(pairs, m, d)
          removed.push(d)
        }
      }
      add(pairs, m, q)
      added.push(q)
      for (const d of removed) {
        const x = other(d, d === du.d ? u : v)
        if (!free(x)) continue
        const b = bestAt(x, u, v)
        if (b !== -1) {
          add(pairs, m, b)
          added.push(b)
        }
      }
      if (m.total - before > EPS) {
        moves++
        changed = true
      } else {
        for (const a of added) remove(pairs, m, a)
        for (const d of removed) add(pairs, m, d)
        m.total = before
      }
    }
    fill(c, pairs, m)
    if (!changed) break
  }
  return moves
}

/**
 * The matches of a matching, best first, then by ids; `a < b` by id.
 *
 * @internal
 */
export const toMatches = (c: Compiled, pairs: ReadonlyArray<Pair>, m: Matching): Array<Match> => {
  const out: Array<Match> = []
  for (let q = 0; q < pairs.length; q++) {
    if (m.chosen[q] !== 1) continue
    const { i, j, w } = pairs[q]!
    // ids are sorted, i < j
    out.push({ a: c.ids[i]!, b: c.ids[j]!, score: w, reasons: P.reasons(c.profiles[i]!, c.profiles[j]!) })
  }
  return out
}
