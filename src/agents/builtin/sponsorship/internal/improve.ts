/**
 * Local improvement of a bipartite b-matching whose one side (sponsors) has
 * large capacities and the other (attendees) small ones. The networking
 * engine's improvement considers dropping every match of a full node, which
 * costs O(capacity) bestAt scans per candidate pair: fine for people with
 * three matches, far too slow for a sponsor with 800 leads. Here a move looks
 * only at the lightest match of each full end (cached per node):
 *
 * for an untaken pair (s, a) of weight w, at each full end drop its lightest
 * match, take (s, a), and give each freed partner its best untaken pair to a
 * node with room (other than s and a). The move's gain is evaluated exactly
 * before it is applied (the two freed partners never take more than the one
 * slot each was given back), and the move is made only when the total rises
 * by more than 1e-9: most candidate pairs cost a few adjacency reads, nothing
 * is applied and undone. A refill looks at the freed partner's 64 best pairs
 * only (a sponsor can have thousands, most to attendees already full): a
 * refill missed there only makes the evaluated gain smaller, never wrong. Freed capacity is refilled greedily
 * after each pass; at most `maxPasses` passes, fewer when one finds nothing.
 * The total only grows, so the greedy's 1/2 guarantee is kept. Returns the
 * number of moves kept.
 *
 * @internal
 */
import type * as NK from "../../networking/internal/kernel.ts"

const EPS = 1e-9

/** how far down a freed partner's adjacency list (best first) a refill looks */
const SCAN_LIMIT = 64

/** @internal */
export const improve = (cap: Int32Array, pairs: ReadonlyArray<NK.Pair>, m: NK.Matching, maxPasses: number): number => {
  const nodes = cap.length
  const adj: Array<Array<number>> = Array.from({ length: nodes }, () => [])
  // pairs are sorted best first, so each adjacency list is too
  pairs.forEach((p, q) => {
    adj[p.i]!.push(q)
    adj[p.j]!.push(q)
  })
  const lightest = new Int32Array(nodes).fill(-2) // -2: unknown; -1: no match
  const free = (x: number): boolean => m.at[x]!.length < cap[x]!
  const other = (q: number, x: number): number => (pairs[q]!.i === x ? pairs[q]!.j : pairs[q]!.i)
  const lightestOf = (x: number): number => {
    if (lightest[x] === -2) {
      let best = -1
      for (const q of m.at[x]!) if (best === -1 || pairs[q]!.w < pairs[best]!.w || (pairs[q]!.w === pairs[best]!.w && q > best)) best = q
      lightest[x] = best
    }
    return lightest[x]!
  }
  const add = (q: number) => {
    const p = pairs[q]!
    m.chosen[q] = 1
    m.at[p.i]!.push(q)
    m.at[p.j]!.push(q)
    m.total += p.w
    lightest[p.i] = -2
    lightest[p.j] = -2
  }
  const remove = (q: number) => {
    const p = pairs[q]!
    m.chosen[q] = 0
    const ai = m.at[p.i]!
    ai.splice(ai.indexOf(q), 1)
    const aj = m.at[p.j]!
    aj.splice(aj.indexOf(q), 1)
    m.total -= p.w
    lightest[p.i] = -2
    lightest[p.j] = -2
  }
  const fill = () => {
    for (let q = 0; q < pairs.length; q++) {
      if (m.chosen[q] === 0 && free(pairs[q]!.i) && free(pairs[q]!.j)) add(q)
    }
  }
  const weight = (q: number): number => (q === -1 ? 0 : pairs[q]!.w)
  let moves = 0
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false
    for (let q = 0; q < pairs.length; q++) {
      if (m.chosen[q] === 1) continue
      const { i: u, j: v, w } = pairs[q]!
      if (cap[u]! === 0 || cap[v]! === 0) continue
      const du = free(u) ? -1 : lightestOf(u)
      const dv = free(v) ? -1 : lightestOf(v)
      if (du === -1 && dv === -1) {
        add(q)
        changed = true
        continue
      }
      // an upper bound of the gain: a freed partner regains at most its best pair's weight
      const loss = (d: number, end: number) => (d === -1 ? 0 : pairs[d]!.w - pairs[adj[other(d, end)]![0]!]!.w)
      if (w - loss(du, u) - loss(dv, v) <= EPS) continue
      // the move's exact gain, evaluated before applying it: the partners freed by the drops
      // (xu, xv) regain room, and each takes its best untaken pair to a node with room, other than u and v
      const xu = du === -1 ? -1 : other(du, u)
      const xv = dv === -1 ? -1 : other(dv, v)
      const roomAfter = (y: number): boolean => free(y) || y === xu || y === xv
      const refill = (x: number): number => {
        if (x === -1) return -1
        const list = adj[x]!
        for (let k = 0, n = Math.min(list.length, SCAN_LIMIT); k < n; k++) {
          const r = list[k]!
          if (m.chosen[r] === 1) continue
          const y = other(r, x)
          if (y !== u && y !== v && roomAfter(y)) return r
        }
        return -1
      }
      let ru = refill(xu)
      let rv = refill(xv)
      // one freed slot each: when a refill lands on the other freed partner, keep the heavier of the two refills
      if (ru !== -1 && rv !== -1 && (ru === rv || other(ru, xu) === xv || other(rv, xv) === xu)) {
        if (weight(ru) >= weight(rv)) rv = -1
        else ru = -1
      }
      const gain = w - weight(du) - weight(dv) + weight(ru) + weight(rv)
      if (gain <= EPS) continue
      for (const d of [du, dv]) if (d !== -1) remove(d)
      for (const a of [q, ru, rv]) if (a !== -1) add(a)
      moves++
      changed = true
    }
    fill()
    if (!changed) break
  }
  return moves
}
