/**
 * A tiny seeded PRNG (mulberry32): the same seed gives the same sequence on
 * every platform. One generator for every built-in engine, so their generated
 * instances and their searches replay alike.
 *
 * @internal
 */
export interface Prng {
  /** uniform in [0, 1) */
  readonly next: () => number
  /** uniform integer in [0, n) */
  readonly int: (n: number) => number
  /** true with probability p */
  readonly chance: (p: number) => boolean
  /** one element, uniformly */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** k distinct elements (k clamped to the length), in random order */
  readonly sample: <A>(items: ReadonlyArray<A>, k: number) => Array<A>
}

/** @internal */
export const make = (seed: number): Prng => {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  const sample = <A>(items: ReadonlyArray<A>, k: number): Array<A> => {
    const copy = [...items]
    const n = Math.min(k, copy.length)
    for (let i = 0; i < n; i++) {
      const j = i + int(copy.length - i)
      const tmp = copy[i]!
      copy[i] = copy[j]!
      copy[j] = tmp
    }
    return copy.slice(0, n)
  }
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)]!,
    sample
  }
}
