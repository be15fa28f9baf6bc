/**
 * A tiny seeded PRNG (mulberry32): the same seed gives the same sequence on
 * every platform.
 *
 * @internal
 */
export interface Prng {
  /** uniform in [0, 1) */
  readonly next: () => number
  /** uniform integer in [0, n) */
  readonly int: (n: number) => number
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
  return { next, int: (n) => Math.floor(next() * n) }
}
