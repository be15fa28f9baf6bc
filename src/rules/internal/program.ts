/**
 * The compiled form of a rule set: a flat table of unique condition nodes
 * evaluated by one small interpreter, with no Effect and no allocation on the
 * hot path.
 *
 * - Every distinct `(fact, path)` is read once per evaluation.
 * - Identical conditions (and identical sub-trees) are stored once; shared
 *   expensive nodes are memoised for the duration of one evaluation. A
 *   shared condition's body (one object in the resolved DAG, see `load.ts`)
 *   is built once however many references reach it.
 * - Numeric comparisons of one `(fact, path)` against number literals are
 *   indexed: the thresholds are sorted once at compile time, one binary
 *   search per evaluation ranks the fact among them, and each
 *   `greaterThan x` / `lessThanInclusive y` ... condition is then a single
 *   integer comparison against its threshold's rank.
 * - `equal` / `notEqual` against primitive literals are indexed the same way
 *   with one `Map` lookup per `(fact, path)`.
 * - Everything else compiles to a plain closure.
 *
 * @internal
 */
import * as FactPath from "../FactPath.ts"
import { compileCodegen } from "./codegen.ts"
import type { Node, Operand } from "./load.ts"
import { forEachLeaf, isNumericThreshold as isIndexedThreshold, primitive, isPrimitiveEquality as isIndexedEq } from "./leaves.ts"
import { literalKey } from "./literalKey.ts"
import * as Ops from "./operators.ts"

const K_ALL = 0
const K_ANY = 1
const K_NOT = 2
const K_CNT_GT = 3 // true when cnt[a] > b
const K_CNT_LE = 4 // true when cnt[a] <= b
const K_EQ = 5
const K_NEQ = 6
const K_FN = 7
const K_NUM = 8 // a direct numeric comparison: op in b, literal in lits
const K_LIT_EQ = 9 // a direct (in)equality: b is 1 for notEqual, literal in lits

/** below this many distinct thresholds (or literals) on one fact, compare directly instead of indexing */
const INDEX_MIN = 6

type LeafFn = (get: (accessor: number) => unknown, now: number) => boolean

/** @internal */
export interface Program {
  /** Evaluates, writing the indices (into the input order) of fired rules into `out`; returns how many. */
  readonly run: (facts: object, now: number, out: Int32Array) => number
  readonly ruleCount: number
  readonly usesNow: boolean
  readonly stats: {
    /** unique condition nodes compiled */
    readonly nodes: number
    readonly accessors: number
    readonly indexedLeaves: number
    /** characters of generated source (0 for the interpreter) */
    readonly sourceLength: number
    /** shared nodes generated once as their own function (0 for the interpreter) */
    readonly hoisted: number
  }
}


/**
 * Compiles a rule set: generated code (see `codegen.ts`) when the runtime
 * allows `new Function`, the interpreter below otherwise.
 *
 * @internal
 */
export const compile = (roots: ReadonlyArray<Node>, order: ReadonlyArray<number>): Program => {
  try {
    return compileCodegen(roots, order)
  } catch {
    return compileInterpreter(roots, order)
  }
}

/**
 * The interpreter: a flat node table evaluated by one small loop. The
 * fallback when code generation is unavailable, and the reference the
 * generated code is tested against.
 *
 * @internal
 */
export const compileInterpreter = (
  roots: ReadonlyArray<Node>,
  order: ReadonlyArray<number>
): Program => {
  // ---- accessors -------------------------------------------------------
  const accessorIndex = new Map<string, number>()
  const readers: Array<(facts: object) => unknown> = []
  const accessor = (fact: string, path: FactPath.FactPath): number => {
    const key = JSON.stringify([fact, path])
    let i = accessorIndex.get(key)
    if (i === undefined) {
      i = readers.length
      accessorIndex.set(key, i)
      readers.push(FactPath.reader(fact, path))
    }
    return i
  }

  // ---- first pass: thresholds and equality literals per accessor ----------
  const thresholds = new Map<number, Set<number>>()
  const eqLiterals = new Map<number, Map<unknown, number>>()
  forEachLeaf(roots, (node) => {
    const a = accessor(node.fact, node.path)
    if (isIndexedThreshold(node)) {
      const v = (node.spec as { operand: { value: number } }).operand.value
      let set = thresholds.get(a)
      if (set === undefined) thresholds.set(a, set = new Set())
      set.add(v === 0 ? 0 : v)
    } else if (isIndexedEq(node)) {
      const v = (node.spec as { operand: { value: unknown } }).operand.value
      let map = eqLiterals.get(a)
      if (map === undefined) eqLiterals.set(a, map = new Map())
      if (!map.has(v)) map.set(v, map.size)
    }
  })
  const sortedThresholds = new Map<number, Float64Array>()
  for (const [a, set] of thresholds) if (set.size >= INDEX_MIN) sortedThresholds.set(a, Float64Array.from(set).sort())
  for (const [a, map] of eqLiterals) if (map.size < INDEX_MIN) eqLiterals.delete(a)
  const rankOf = (a: number, v: number): number => {
    const t = sortedThresholds.get(a)!
    const k = v === 0 ? 0 : v
    let lo = 0
    let hi = t.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (t[mid]! < k) lo = mid + 1
      else if (t[mid]! > k) hi = mid - 1
      else return mid
    }
    throw new Error("threshold not indexed")
  }

  // ---- second pass: unique nodes ---------------------------------------
  const kinds: Array<number> = []
  const as: Array<number> = []
  const bs: Array<number> = []
  const fns: Array<LeafFn | undefined> = []
  const literals: Array<unknown> = []
  const childList: Array<number> = []
  const refs: Array<number> = []
  const weight: Array<number> = []
  const byKey = new Map<string, number>()
  let usesNow = false
  let indexedLeaves = 0

  const add = (
    key: string,
    kind: number,
    a: number,
    b: number,
    fn: LeafFn | undefined,
    w: number,
    literal?: unknown
  ): number => {
    const existing = byKey.get(key)
    if (existing !== undefined) {
      refs[existing]!++
      return existing
    }
    const id = kinds.length
    byKey.set(key, id)
    kinds.push(kind)
    as.push(a)
    bs.push(b)
    fns.push(fn)
    literals.push(literal)
    refs.push(1)
    weight.push(w)
    return id
  }

  const operandReader = (
    operand: Operand
  ): ((get: (accessor: number) => unknown) => unknown) | { readonly literal: unknown } => {
    if (operand._tag === "Literal") return { literal: operand.value }
    const i = accessor(operand.fact, operand.path)
    return (get) => get(i)
  }
  let unshared = 0
  const operandKey = (operand: Operand): string =>
    operand._tag === "Literal" ? `L${literalKey(operand.value) ?? `#${unshared++}`}` : `F${accessor(operand.fact, operand.path)}`


  const leafFn = (node: Node & { _tag: "Leaf" }, a: number): LeafFn => {
    const spec = node.spec
    switch (spec._tag) {
      case "Exists": {
        const expected = spec.expected
        return (get) => Ops.exists(get(a), expected)
      }
      case "Matches": {
        const re = spec.regex
        return (get) => Ops.matches(get(a), re)
      }
      case "Within": {
        usesNow = true
        const last = spec.last
        const next = spec.next
        return (get, now) => Ops.within(get(a), now, last, next)
      }
      case "Between": {
        const low = operandReader(spec.low)
        const high = operandReader(spec.high)
        if (typeof low !== "function" && typeof high !== "function") {
          const lo = low.literal
          const hi = high.literal
          return (get) => Ops.between(get(a), lo, hi)
        }
        const readLow = typeof low === "function" ? low : () => low.literal
        const readHigh = typeof high === "function" ? high : () => high.literal
        return (get) => Ops.between(get(a), readLow(get), readHigh(get))
      }
      case "Binary": {
        const op = spec.operator
        const operand = operandReader(spec.operand)
        if (typeof operand === "function") {
          const f = Ops.binaryOperators[op]!
          return (get) => f(get(a), operand(get))
        }
        const b = operand.literal
        if ((op === "in" || op === "notIn") && Array.isArray(b)) {
          const set = new Set(b.filter(primitive))
          return op === "in" ? (get) => set.has(get(a)) : (get) => !set.has(get(a))
        }
        if (op === "before" || op === "after") {
          const t = Ops.toEpoch(b)
          return op === "before"
            ? (get) => Ops.toEpoch(get(a)) < t
            : (get) => Ops.toEpoch(get(a)) > t
        }
        const f = Ops.binaryOperators[op]!
        return (get) => f(get(a), b)
      }
    }
  }

  // a shared condition's body is built once, whatever the number of references to it
  const built = new Map<Node, number>()
  const build = (node: Node): number => {
    switch (node._tag) {
      case "Ref": {
        const existing = built.get(node.target)
        if (existing !== undefined) {
          refs[existing]!++
          return existing
        }
        const id = build(node.target)
        built.set(node.target, id)
        return id
      }
      case "All":
      case "Any": {
        const children = node.children.map(build)
        const kind = node._tag === "All" ? K_ALL : K_ANY
        const key = `${node._tag}(${children.join(",")})`
        const existing = byKey.get(key)
        if (existing !== undefined) {
          refs[existing]!++
          return existing
        }
        const start = childList.length
        childList.push(...children)
        return add(key, kind, start, children.length, undefined, children.reduce((s, c) => s + weight[c]!, 0))
      }
      case "Not": {
        const child = build(node.child)
        return add(`Not(${child})`, K_NOT, child, 0, undefined, weight[child]!)
      }
      case "Leaf": {
        const a = accessor(node.fact, node.path)
        const spec = node.spec
        if (isIndexedThreshold(node) && !sortedThresholds.has(a)) {
          const v = (spec as { operand: { value: number } }).operand.value
          const op = node.operator === "greaterThan" ? 0 : node.operator === "greaterThanInclusive" ? 1 :
            node.operator === "lessThan" ? 2 : 3
          return add(`N${a}:${op}:${v}`, K_NUM, a, op, undefined, 0, v)
        }
        if (isIndexedEq(node) && !eqLiterals.has(a)) {
          const v = (spec as { operand: { value: unknown } }).operand.value
          const ne = node.operator === "notEqual" ? 1 : 0
          return add(`Q${a}:${ne}:${literalKey(v) ?? `#${unshared++}`}`, K_LIT_EQ, a, ne, undefined, 0, v)
        }
        if (isIndexedThreshold(node)) {
          indexedLeaves++
          const v = (spec as { operand: { value: number } }).operand.value
          const rank = rankOf(a, v)
          switch (node.operator) {
            case "greaterThan":
              return add(`GT${a}:${rank}`, K_CNT_GT, a * 4, rank, undefined, 0)
            case "greaterThanInclusive":
              return add(`GE${a}:${rank}`, K_CNT_GT, a * 4 + 1, rank, undefined, 0)
            case "lessThan":
              return add(`LT${a}:${rank}`, K_CNT_LE, a * 4 + 2, rank, undefined, 0)
            default:
              return add(`LE${a}:${rank}`, K_CNT_LE, a * 4 + 3, rank, undefined, 0)
          }
        }
        if (isIndexedEq(node)) {
          indexedLeaves++
          const v = (spec as { operand: { value: unknown } }).operand.value
          const id = eqLiterals.get(a)!.get(v)!
          return node.operator === "equal"
            ? add(`EQ${a}:${id}`, K_EQ, a, id, undefined, 0)
            : add(`NE${a}:${id}`, K_NEQ, a, id, undefined, 0)
        }
        let key: string
        switch (spec._tag) {
          case "Binary":
            key = `${node.operator}${a}:${operandKey(spec.operand)}`
            break
          case "Between":
            key = `between${a}:${operandKey(spec.low)}:${operandKey(spec.high)}`
            break
          case "Exists":
            key = `exists${a}:${spec.expected}`
            break
          case "Matches":
            key = `matches${a}:${spec.regex.flags}:${spec.regex.source}`
            break
          case "Within":
            key = `within${a}:${spec.last}:${spec.next}`
            break
        }
        const existing = byKey.get(key)
        if (existing !== undefined) {
          refs[existing]!++
          return existing
        }
        return add(key, K_FN, 0, 0, leafFn(node, a), 1)
      }
    }
  }

  const rootIds = Int32Array.from(roots.map(build))
  const ordered = Int32Array.from(order)
  const orderedRoots = Int32Array.from(order, (i) => rootIds[i]!)

  // ---- runtime tables ----------------------------------------------------
  const nodeCount = kinds.length
  const kind = Uint8Array.from(kinds)
  const A = Int32Array.from(as)
  const B = Int32Array.from(bs)
  const children = Int32Array.from(childList)
  const fn = fns
  const lits = literals
  const numLits = Float64Array.from(literals, (l) => (typeof l === "number" ? l : 0))
  // memoise a node when it is shared and costs something to evaluate
  const memo = Uint8Array.from(kinds, (_, i) => (refs[i]! > 1 && weight[i]! > 0 ? 1 : 0))
  const stamp = new Int32Array(nodeCount)
  const memoValue = new Uint8Array(nodeCount)
  const accessorCount = readers.length
  const values: Array<unknown> = new Array(accessorCount).fill(undefined)
  const valueStamp = new Int32Array(accessorCount)
  const rankStamp = new Int32Array(accessorCount)
  const eqStamp = new Int32Array(accessorCount)
  const cnt = new Int32Array(accessorCount * 4)
  const eqIds = new Int32Array(accessorCount)
  const thresholdTables: Array<Float64Array> = new Array(accessorCount)
  for (const [a, t] of sortedThresholds) thresholdTables[a] = t
  const eqTables: Array<Map<unknown, number>> = new Array(accessorCount)
  for (const [a, m] of eqLiterals) eqTables[a] = m
  let epoch = 0
  let now = 0
  let facts: object = {}

  const load = (a: number): unknown => {
    const v = readers[a]!(facts)
    values[a] = v
    valueStamp[a] = epoch
    return v
  }
  const get = (a: number): unknown => (valueStamp[a] === epoch ? values[a] : load(a))

  const computeRank = (a: number): void => {
    rankStamp[a] = epoch
    const t = thresholdTables[a]!
    const key = Ops.numericKey(get(a))
    const base = a * 4
    if (key !== key) {
      cnt[base] = 0
      cnt[base + 1] = 0
      cnt[base + 2] = t.length
      cnt[base + 3] = t.length
      return
    }
    // lower bound: count of thresholds < key; upper bound: count of thresholds <= key
    let lo = 0
    let hi = t.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (t[mid]! < key) lo = mid + 1
      else hi = mid
    }
    const lower = lo
    hi = t.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (t[mid]! <= key) lo = mid + 1
      else hi = mid
    }
    cnt[base] = lower
    cnt[base + 1] = lo
    cnt[base + 2] = lo
    cnt[base + 3] = lower
  }

  const computeEq = (a: number): void => {
    eqStamp[a] = epoch
    eqIds[a] = eqTables[a]!.get(get(a)) ?? -1
  }

  const evalNode = (n: number): boolean => {
    switch (kind[n]) {
      case K_CNT_GT: {
        const c = A[n]!
        if (rankStamp[c >> 2] !== epoch) computeRank(c >> 2)
        return cnt[c]! > B[n]!
      }
      case K_CNT_LE: {
        const c = A[n]!
        if (rankStamp[c >> 2] !== epoch) computeRank(c >> 2)
        return cnt[c]! <= B[n]!
      }
      case K_NUM: {
        const v = get(A[n]!)
        const t = numLits[n]!
        if (typeof v === "number") {
          switch (B[n]) {
            case 0:
              return v > t
            case 1:
              return v >= t
            case 2:
              return v < t
            default:
              return v <= t
          }
        }
        switch (B[n]) {
          case 0:
            return Ops.greaterThan(v, t)
          case 1:
            return Ops.greaterThanInclusive(v, t)
          case 2:
            return Ops.lessThan(v, t)
          default:
            return Ops.lessThanInclusive(v, t)
        }
      }
      case K_LIT_EQ:
        return (get(A[n]!) === lits[n]) !== (B[n] === 1)
      case K_EQ: {
        const a = A[n]!
        if (eqStamp[a] !== epoch) computeEq(a)
        return eqIds[a] === B[n]
      }
      case K_NEQ: {
        const a = A[n]!
        if (eqStamp[a] !== epoch) computeEq(a)
        return eqIds[a] !== B[n]
      }
      default:
        if (memo[n] === 1) {
          if (stamp[n] === epoch) return memoValue[n] === 1
          const r = evalSlow(n)
          stamp[n] = epoch
          memoValue[n] = r ? 1 : 0
          return r
        }
        return evalSlow(n)
    }
  }

  const evalSlow = (n: number): boolean => {
    switch (kind[n]) {
      case K_ALL: {
        for (let i = A[n]!, end = i + B[n]!; i < end; i++) if (!evalNode(children[i]!)) return false
        return true
      }
      case K_ANY: {
        const count = B[n]!
        if (count === 0) return true
        for (let i = A[n]!, end = i + count; i < end; i++) if (evalNode(children[i]!)) return true
        return false
      }
      case K_NOT:
        return !evalNode(A[n]!)
      default:
        return fn[n]!(get, now)
    }
  }

  let busy = false
  const run = (input: object, currentNow: number, out: Int32Array): number => {
    if (busy) return compileInterpreter(roots, order).run(input, currentNow, out)
    busy = true
    try {
      facts = input
      now = currentNow
      epoch = (epoch + 1) | 0
      if (epoch === 0) {
        stamp.fill(-1)
        valueStamp.fill(-1)
        rankStamp.fill(-1)
        eqStamp.fill(-1)
        epoch = 1
      }
      let fired = 0
      for (let r = 0; r < orderedRoots.length; r++) {
        if (evalNode(orderedRoots[r]!)) out[fired++] = ordered[r]!
      }
      return fired
    } finally {
      facts = {}
      busy = false
    }
  }

  return {
    run,
    ruleCount: roots.length,
    usesNow,
    stats: { nodes: nodeCount, accessors: accessorCount, indexedLeaves, sourceLength: 0, hoisted: 0 }
  }
}
