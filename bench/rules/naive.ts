/**
 * The naive baseline: one closure per rule, compiled the obvious way
 * (a closure per condition, `every` / `some` over the children).
 */
import type { BenchRule, Leaf, Node, Snapshot } from "./workload.ts"

type Pred = (facts: Snapshot) => boolean

const leaf = (c: Leaf): Pred => {
  const { fact, value } = c
  switch (c.operator) {
    case "greaterThan":
      return (f) => (f[fact] as number) > (value as number)
    case "greaterThanInclusive":
      return (f) => (f[fact] as number) >= (value as number)
    case "lessThan":
      return (f) => (f[fact] as number) < (value as number)
    case "lessThanInclusive":
      return (f) => (f[fact] as number) <= (value as number)
    case "equal":
      return (f) => f[fact] === value
    case "in":
      return (f) => (value as ReadonlyArray<string>).includes(f[fact] as string)
  }
}

const node = (n: Node): Pred => {
  if ("any" in n) {
    const children = n.any.map(leaf)
    return (f) => children.some((c) => c(f))
  }
  return leaf(n)
}

export const compileNaive = (rules: ReadonlyArray<BenchRule>) => {
  const ordered = rules.map((r, i) => ({ r, i })).sort((a, b) => b.r.priority - a.r.priority || a.i - b.i).map((x) => x.r)
  const compiled = ordered.map((rule) => {
    const children = rule.conditions.all.map(node)
    return { rule, test: (f: Snapshot) => children.every((c) => c(f)) }
  })
  return (facts: Snapshot): Array<BenchRule> => {
    const fired: Array<BenchRule> = []
    for (const { rule, test } of compiled) if (test(facts)) fired.push(rule)
    return fired
  }
}
