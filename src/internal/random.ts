/**
 * A small seeded pseudo-random generator (mulberry32): deterministic data for
 * demos, benchmarks and tests. Not for anything secret.
 *
 * @internal
 */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** @internal */
export interface Random {
  /** a float in [0, 1) */
  readonly next: () => number
  /** an integer in [min, max] */
  readonly int: (min: number, max: number) => number
  /** one element */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** `k` distinct elements */
  readonly sample: <A>(items: ReadonlyArray<A>, k: number) => Array<A>
  /** true with probability p */
  readonly chance: (p: number) => boolean
}

/** @internal */
export const make = (seed: number): Random => {
  const next = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    sample: (items, k) => {
      const copy = [...items]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      }
      return copy.slice(0, Math.min(k, copy.length))
    },
    chance: (p) => next() < p
  }
}
