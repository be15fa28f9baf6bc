/**
 * Workload RB1: rules of 2–5 conditions (some with a nested `any`) over a
 * dozen campaign-metric fields — thresholds, membership, equality — and
 * campaign snapshots, all generated from a fixed seed.
 */

/** mulberry32: a small seeded PRNG. */
export const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface NumericField {
  readonly name: string
  readonly min: number
  readonly max: number
  /** thresholds are multiples of this step (so rules share them) */
  readonly step: number
}

export const numericFields: ReadonlyArray<NumericField> = [
  { name: "ctr", min: 0, max: 0.08, step: 0.002 },
  { name: "cpc", min: 0.1, max: 5, step: 0.1 },
  { name: "cpa", min: 1, max: 120, step: 1 },
  { name: "spend", min: 0, max: 20_000, step: 250 },
  { name: "budgetUtilisation", min: 0, max: 1.2, step: 0.05 },
  { name: "impressions", min: 0, max: 1_000_000, step: 10_000 },
  { name: "conversions", min: 0, max: 2_000, step: 25 },
  { name: "roas", min: 0, max: 8, step: 0.25 },
  { name: "frequency", min: 1, max: 12, step: 0.5 }
]

export const categoricalFields: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<string> }> = [
  { name: "status", values: ["live", "paused", "draft", "ended", "scheduled"] },
  { name: "channel", values: ["email", "social", "search", "display", "video", "sms"] },
  { name: "region", values: ["eu", "us", "apac", "latam", "mena"] }
]

export type Leaf = {
  readonly fact: string
  readonly operator: "greaterThan" | "greaterThanInclusive" | "lessThan" | "lessThanInclusive" | "equal" | "in"
  readonly value: number | string | ReadonlyArray<string>
}
export type Node = Leaf | { readonly any: ReadonlyArray<Leaf> }
export interface BenchRule {
  readonly id: string
  readonly priority: number
  readonly conditions: { readonly all: ReadonlyArray<Node> }
}

export type Snapshot = Record<string, number | string>

const numericOps = ["greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive"] as const

export const generate = (ruleCount: number, snapshotCount: number, seed: number) => {
  const random = prng(seed)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
  const threshold = (f: NumericField) => {
    const steps = Math.round((f.max - f.min) / f.step)
    return Number((f.min + Math.floor(random() * (steps + 1)) * f.step).toFixed(6))
  }
  const leaf = (): Leaf => {
    const r = random()
    if (r < 0.6) {
      const f = pick(numericFields)
      return { fact: f.name, operator: pick(numericOps), value: threshold(f) }
    }
    const c = pick(categoricalFields)
    if (r < 0.8) {
      const subset = c.values.filter(() => random() < 0.5)
      return { fact: c.name, operator: "in", value: subset.length === 0 ? [c.values[0]!] : subset }
    }
    return { fact: c.name, operator: "equal", value: pick(c.values) }
  }
  const rules: Array<BenchRule> = []
  for (let i = 0; i < ruleCount; i++) {
    const size = 2 + Math.floor(random() * 4)
    const all: Array<Node> = []
    for (let j = 0; j < size; j++) {
      if (j === size - 1 && random() < 0.3) {
        const n = 2 + Math.floor(random() * 2)
        all.push({ any: Array.from({ length: n }, leaf) })
      } else {
        all.push(leaf())
      }
    }
    rules.push({ id: `rule-${i}`, priority: 1 + Math.floor(random() * 10), conditions: { all } })
  }
  const snapshots: Array<Snapshot> = []
  for (let i = 0; i < snapshotCount; i++) {
    const s: Snapshot = {}
    for (const f of numericFields) s[f.name] = Number((f.min + random() * (f.max - f.min)).toFixed(4))
    for (const c of categoricalFields) s[c.name] = pick(c.values)
    snapshots.push(s)
  }
  return { rules, snapshots }
}
