/**
 * The code-generating backend of the rule compiler: a rule set becomes one
 * straight-line JavaScript function (or, for large sets, a few, called in
 * turn), built once with `new Function`.
 *
 * - Every distinct `(fact, path)` is read once per evaluation into a local,
 *   with `FactPath.reader`'s semantics (plain reads are generated, anything
 *   else calls the reader).
 * - A `(fact, path)` compared with number literals gets one numeric key per
 *   evaluation (`typeof v === "number" ? v : Ops.numericKey(v)`, exactly the
 *   value the interpreter's threshold index ranks), and each
 *   `greaterThan x` ... is then a single inline comparison.
 * - `equal` / `notEqual` against primitive literals are inline `===`; a
 *   `(fact, path)` with many such literals gets one `Map` lookup instead.
 *   `in` / `notIn` against small literal arrays are inline `===` chains.
 * - Identical conditions are generated once; shared sub-trees that cost
 *   something are memoised for one evaluation, so nothing changes the
 *   short-circuit order or the result (leaves are pure).
 * - A shared condition is built once (the resolved rules are a DAG, see
 *   `load.ts`), and a shared node whose expression would be large is
 *   generated once as its own function, called through its memo slot: the
 *   source stays linear in the rule set's size however often (and however
 *   deeply) conditions reference each other.
 * - Facts are read once, up front, inside a `try`: if any read throws (a
 *   getter, a proxy trap), every fact is read again through a reader that
 *   turns a throwing read into `undefined`. Operator functions never throw
 *   (`operators.ts`), so neither does the generated function.
 * - Everything else calls the operator function from `operators.ts`.
 *
 * SECURITY: no rule content is ever written into the generated source. Fact
 * names, paths, literals, thresholds, regular expressions and functions are
 * passed in one array and referred to by index (`x12`); the source contains
 * only identifiers and integers chosen here.
 *
 * @internal
 */
import * as FactPath from "../FactPath.ts"
import type { Node, Operand } from "./load.ts"
import { forEachLeaf, isNumericThreshold as isThreshold, primitive, isPrimitiveEquality as isLiteralEq } from "./leaves.ts"
import { literalKey } from "./literalKey.ts"
import * as Ops from "./operators.ts"
import type { Program } from "./program.ts"

/**
 * Tuning of the code generator (tests use it to force the multi-function
 * layout on small rule sets).
 *
 * @internal
 */
export interface CodegenOptions {
  /** Rules per generated function; a larger rule set is split into several functions. */
  readonly chunkRules?: number
  /** Distinct equality literals on one `(fact, path)` from which a `Map` lookup replaces inline `===`. */
  readonly eqIndexMin?: number
  /**
   * Evaluate sub-trees of inline comparisons without branches (`&`, `|`). Default false:
   * faster at ~1,000 rules on RB1, but boolean operands of `&` deoptimise at 10,000.
   */
  readonly branchless?: boolean
}

const DEFAULT_CHUNK_RULES = 100
const DEFAULT_EQ_INDEX_MIN = 12
/** `in` / `notIn` arrays up to this many distinct primitives become an inline `===` chain */
const INLINE_IN_MAX = 8
/** a shared node is memoised when evaluating it costs at least this much */
const MEMO_COST = 8
/** a node referenced more than once whose inlined expression would exceed this many leaves gets its own function */
const HOIST_SIZE = 24


type Kind = "All" | "Any" | "Not" | "Leaf"

interface Unique {
  readonly kind: Kind
  readonly children: ReadonlyArray<number>
  readonly expr: string
  readonly cost: number
  /** an inline comparison (or a tree of them): cannot throw, cheap to evaluate eagerly */
  readonly inline: boolean
  /** the `===` tests of an inline `in` / `notIn`, for the branch-free form */
  readonly tests?: ReadonlyArray<string>
  readonly negated?: boolean
}

/**
 * Compiles a rule set to generated JavaScript. Throws when code generation
 * is unavailable (e.g. `--disallow-code-generation-from-strings`) or the
 * generated source is rejected; the caller falls back to the interpreter.
 *
 * @internal
 */
export const compileCodegen = (
  roots: ReadonlyArray<Node>,
  order: ReadonlyArray<number>,
  options?: CodegenOptions
): Program => {
  const chunkRules = Math.max(1, options?.chunkRules ?? DEFAULT_CHUNK_RULES)
  const eqIndexMin = options?.eqIndexMin ?? DEFAULT_EQ_INDEX_MIN
  const branchless = options?.branchless ?? false

  // ---- constants: everything that comes from rules goes through here ------
  const consts: Array<unknown> = []
  const constIndex = new Map<string, number>()
  let fresh = 0
  const constant = (u: unknown): number => {
    const key = literalKey(u) ?? `#${fresh++}`
    let i = constIndex.get(key)
    if (i === undefined) {
      i = consts.length
      constIndex.set(key, i)
      consts.push(u)
    }
    return i
  }
  const named = new Map<unknown, number>()
  const fnConst = (f: unknown): string => {
    let i = named.get(f)
    if (i === undefined) {
      i = consts.length
      named.set(f, i)
      consts.push(f)
    }
    return `x${i}`
  }
  const x = (u: unknown): string => `x${constant(u)}`

  // ---- accessors ---------------------------------------------------------
  const accessorIndex = new Map<string, number>()
  const accessors: Array<{ readonly fact: string; readonly path: FactPath.FactPath }> = []
  const accessor = (fact: string, path: FactPath.FactPath): number => {
    const key = JSON.stringify([fact, path])
    let i = accessorIndex.get(key)
    if (i === undefined) {
      i = accessors.length
      accessorIndex.set(key, i)
      accessors.push({ fact, path })
    }
    return i
  }
  const needsNumeric = new Set<number>()

  // ---- first pass: equality literals per accessor --------------------------
  const eqLiterals = new Map<number, Map<unknown, number>>()
  forEachLeaf(roots, (node) => {
    const a = accessor(node.fact, node.path)
    if (isLiteralEq(node)) {
      const v = (node.spec as { operand: { value: unknown } }).operand.value
      let map = eqLiterals.get(a)
      if (map === undefined) eqLiterals.set(a, map = new Map())
      if (!map.has(v)) map.set(v, map.size)
    }
  })
  for (const [a, map] of eqLiterals) if (map.size < eqIndexMin) eqLiterals.delete(a)

  // ---- leaves --------------------------------------------------------------
  let usesNow = false
  let indexedLeaves = 0
  const operand = (o: Operand): string => (o._tag === "Literal" ? x(o.value) : `v${accessor(o.fact, o.path)}`)
  const numericOps: Record<string, string> = {
    greaterThan: ">",
    greaterThanInclusive: ">=",
    lessThan: "<",
    lessThanInclusive: "<="
  }

  /** The key (equal keys mean equal conditions), the expression and its cost. */
  const leaf = (node: Node & { _tag: "Leaf" }): {
    key: string
    expr: string
    cost: number
    inline?: boolean
    tests?: ReadonlyArray<string>
    negated?: boolean
  } => {
    const a = accessor(node.fact, node.path)
    const v = `v${a}`
    const spec = node.spec
    switch (spec._tag) {
      case "Exists":
        return {
          key: `exists${a}:${spec.expected}`,
          expr: spec.expected ? `(${v} != null)` : `(${v} == null)`,
          cost: 1,
          inline: true
        }
      case "Matches": {
        const re = x(spec.regex)
        return { key: `matches${a}:${re}`, expr: `${fnConst(Ops.matches)}(${v}, ${re})`, cost: 10 }
      }
      case "Within": {
        usesNow = true
        const last = x(spec.last)
        const next = x(spec.next)
        return {
          key: `within${a}:${last}:${next}`,
          expr: `${fnConst(Ops.within)}(${v}, now, ${last}, ${next})`,
          cost: 6
        }
      }
      case "Between": {
        const low = operand(spec.low)
        const high = operand(spec.high)
        return {
          key: `between${a}:${low}:${high}`,
          expr: `${fnConst(Ops.between)}(${v}, ${low}, ${high})`,
          cost: 4
        }
      }
      case "Binary": {
        const op = spec.operator
        if (isThreshold(node)) {
          needsNumeric.add(a)
          const t = x((spec.operand as { value: number }).value)
          return { key: `${op}${a}:${t}`, expr: `(n${a} ${numericOps[op]} ${t})`, cost: 1, inline: true }
        }
        if (isLiteralEq(node)) {
          const value = (spec.operand as { value: unknown }).value
          const cmp = op === "equal" ? "===" : "!=="
          const ids = eqLiterals.get(a)
          if (ids !== undefined) {
            indexedLeaves++
            const id = ids.get(value)!
            return { key: `${op}${a}:#${id}`, expr: `(e${a} ${cmp} ${id})`, cost: 1, inline: true }
          }
          const l = x(value)
          return { key: `${op}${a}:${l}`, expr: `(${v} ${cmp} ${l})`, cost: 1, inline: true }
        }
        const rhs = operand(spec.operand)
        if (spec.operand._tag === "Literal") {
          const b = spec.operand.value
          if ((op === "in" || op === "notIn") && Array.isArray(b)) {
            const elements = [...new Set(b.filter(primitive))]
            if (elements.length > INLINE_IN_MAX) {
              const set = x(new Set(elements))
              const has = `${set}.has(${v})`
              return { key: `${op}${a}:${rhs}`, expr: op === "in" ? `(${has})` : `(!${has})`, cost: 3 }
            }
            const tests = elements.map((e) => (e !== e ? `${v} !== ${v}` : `${v} === ${x(e)}`))
            const chain = tests.length === 0 ? "false" : tests.join(" || ")
            return {
              key: `${op}${a}:${rhs}`,
              expr: op === "in" ? `(${chain})` : `!(${chain})`,
              cost: Math.max(1, tests.length),
              inline: true,
              tests,
              negated: op === "notIn"
            }
          }
          if (op === "before" || op === "after") {
            const t = x(Ops.toEpoch(b))
            return {
              key: `${op}${a}:${t}`,
              expr: `(${fnConst(Ops.toEpoch)}(${v}) ${op === "before" ? "<" : ">"} ${t})`,
              cost: 4
            }
          }
        }
        return { key: `${op}${a}:${rhs}`, expr: `${fnConst(Ops.binaryOperators[op])}(${v}, ${rhs})`, cost: 4 }
      }
    }
  }

  // ---- unique nodes ----------------------------------------------------------
  const nodes: Array<Unique> = []
  const byKey = new Map<string, number>()
  const intern = (key: string, make: () => Unique): number => {
    let id = byKey.get(key)
    if (id === undefined) {
      id = nodes.length
      nodes.push(make())
      byKey.set(key, id)
    }
    return id
  }
  // a shared condition's body is built once, whatever the number of references to it
  const built = new Map<Node, number>()
  const build = (node: Node): number => {
    switch (node._tag) {
      case "Ref": {
        let id = built.get(node.target)
        if (id === undefined) {
          id = build(node.target)
          built.set(node.target, id)
        }
        return id
      }
      case "All":
      case "Any": {
        const children = node.children.map(build)
        return intern(`${node._tag}(${children.join(",")})`, () => ({
          kind: node._tag,
          children,
          expr: "",
          cost: children.reduce((s, c) => s + nodes[c]!.cost, 0),
          inline: children.every((c) => nodes[c]!.inline)
        }))
      }
      case "Not": {
        const child = build(node.child)
        return intern(`Not(${child})`, () => ({
          kind: "Not",
          children: [child],
          expr: "",
          cost: nodes[child]!.cost,
          inline: nodes[child]!.inline
        }))
      }
      case "Leaf": {
        const { cost, expr, inline, key, negated, tests } = leaf(node)
        return intern(key, () => ({
          kind: "Leaf",
          children: [],
          expr,
          cost,
          inline: inline === true,
          ...(tests === undefined ? {} : { tests, negated: negated === true })
        }))
      }
    }
  }
  const rootIds = roots.map(build)
  const refs = new Int32Array(nodes.length)
  for (const n of nodes) for (const c of n.children) refs[c]!++
  for (const r of rootIds) refs[r]!++

  // Hoisting: children always have smaller ids than their parents, so one pass in id order
  // sees every child's inlined size before its parents. A hoisted node costs its parents one
  // call, so no expression is ever copied more than HOIST_SIZE leaves' worth per reference.
  const hoisted = new Uint8Array(nodes.length)
  const inlinedSize = new Float64Array(nodes.length)
  const inline = new Uint8Array(nodes.length)
  let hoistedCount = 0
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!
    let size = node.kind === "Leaf" ? 1 : 0
    for (const c of node.children) size += inlinedSize[c]!
    if (refs[n]! > 1 && size > HOIST_SIZE) {
      hoisted[n] = 1
      hoistedCount++
      inlinedSize[n] = 1
    } else {
      inlinedSize[n] = size
    }
    inline[n] = node.inline && hoisted[n] === 0 && node.children.every((c) => inline[c] === 1) ? 1 : 0
  }

  const chunked = roots.length > chunkRules || hoistedCount > 0
  const memoSlot = new Int32Array(nodes.length).fill(-1)
  let memoCount = 0
  for (let n = 0; n < nodes.length; n++) {
    if (hoisted[n] === 1 || (refs[n]! > 1 && nodes[n]!.cost >= MEMO_COST)) memoSlot[n] = memoCount++
  }
  const memoRef = (slot: number): string => (chunked ? `M[${slot}]` : `m${slot}`)

  /**
   * A tree of inline comparisons evaluated without branches: every leaf is computed (they
   * are pure and cannot throw, so only the cost changes, never the result) and combined
   * with `&` / `|` into 0 or 1. Avoids branch mispredictions when many rules are checked.
   */
  const flatOf = (n: number): string => {
    const node = nodes[n]!
    switch (node.kind) {
      case "Leaf":
        if (node.tests === undefined) return node.expr
        if (node.tests.length === 0) return node.negated ? "1" : "0"
        return `(${node.negated ? "1 ^ " : ""}(${node.tests.map((t) => `(${t})`).join(" | ")}))`
      case "Not":
        return `(1 ^ ${flatOf(node.children[0]!)})`
      default:
        return node.children.length === 0
          ? "1"
          : `(${node.children.map(flatOf).join(node.kind === "All" ? " & " : " | ")})`
    }
  }
  /** The expression of a node's own body (children inlined, or called when hoisted). */
  const bodyOf = (n: number): string => {
    const node = nodes[n]!
    if (branchless && inline[n] === 1 && node.kind !== "Leaf") return flatOf(n)
    switch (node.kind) {
      case "Leaf":
        return node.expr
      case "Not":
        return `!${exprOf(node.children[0]!)}`
      default:
        return node.children.length === 0
          ? "true"
          : `(${node.children.map(exprOf).join(node.kind === "All" ? " && " : " || ")})`
    }
  }
  const exprOf = (n: number): string => {
    if (branchless && inline[n] === 1 && nodes[n]!.kind !== "Leaf") return flatOf(n)
    const raw = hoisted[n] === 1 ? `h${n}()` : bodyOf(n)
    const slot = memoSlot[n]!
    if (slot < 0) return raw
    const m = memoRef(slot)
    return `(${m} === 0 ? (${m} = ${raw} ? 1 : 2) === 1 : ${m} === 1)`
  }

  // ---- source ------------------------------------------------------------------
  const hasOwn = fnConst(Object.hasOwn)
  const numericKey = fnConst(Ops.numericKey)
  // reads: fast and inline, inside a `try`; if any read throws, all are read again safely
  const reads: Array<string> = []
  const safeReads: Array<string> = []
  const derived: Array<string> = []
  for (let a = 0; a < accessors.length; a++) {
    const { fact, path } = accessors[a]!
    const direct = !(fact in Object.prototype)
    const safe = fnConst(FactPath.reader(fact, path))
    if (direct && path.length <= 1) {
      reads.push(`v${a} = facts[${x(fact)}];`)
      if (path.length === 1) {
        const key = x(path[0])
        reads.push(
          `if (v${a} !== null && typeof v${a} === "object") v${a} = ${hasOwn}(v${a}, ${key}) ? v${a}[${key}] : undefined;`
        )
      }
    } else {
      reads.push(`v${a} = ${safe}(facts);`)
    }
    safeReads.push(`v${a} = ${safe}(facts);`)
    if (needsNumeric.has(a)) {
      derived.push(`const n${a} = typeof v${a} === "number" ? v${a} : ${numericKey}(v${a});`)
    }
    const ids = eqLiterals.get(a)
    if (ids !== undefined) {
      const map = x(ids)
      derived.push(`let e${a} = ${map}.get(v${a}); if (e${a} === undefined) e${a} = -1;`)
    }
  }
  const prelude: Array<string> = accessors.length === 0 ? [] : [
    `let ${accessors.map((_, a) => `v${a}`).join(", ")};`,
    "try {",
    ...reads,
    "} catch (_) {",
    ...safeReads,
    "}",
    ...derived
  ]
  const locals = (a: number): Array<string> => {
    const names = [`v${a}`]
    if (needsNumeric.has(a)) names.push(`n${a}`)
    if (eqLiterals.has(a)) names.push(`e${a}`)
    return names
  }

  const ruleLines = (from: number, to: number): Array<string> => {
    const lines: Array<string> = []
    for (let r = from; r < to; r++) {
      const rule = order[r]!
      lines.push(`if (${exprOf(rootIds[rule]!)}) out[o++] = ${rule | 0};`)
    }
    return lines
  }

  // `consts` grows while the rules are generated: declare them last
  let source: string
  if (!chunked) {
    const lines = ruleLines(0, order.length)
    const memo = memoCount === 0 ? [] : [`let ${Array.from({ length: memoCount }, (_, i) => `m${i} = 0`).join(", ")};`]
    source = [
      "return function run(facts, now, out) {",
      ...prelude,
      ...memo,
      "let o = 0;",
      ...lines,
      "return o;",
      "};"
    ].join("\n")
  } else {
    const all = accessors.flatMap((_, a) => locals(a))
    const parts: Array<string> = [
      `let ${all.map((n) => `c${n}`).join(", ") || "c_"};`,
      "let cnow = 0;",
      `const M = new Uint8Array(${memoCount});`
    ]
    // the locals a piece of generated code uses, found in one scan of its text
    const localNames = /\b[vne]\d+\b/g
    const usedIn = (text: string): Array<string> => {
      const found = new Set(text.match(localNames) ?? [])
      return all.filter((n) => found.has(n))
    }
    for (let n = 0; n < nodes.length; n++) {
      if (hoisted[n] === 0) continue
      const body = `return ${bodyOf(n)};`
      const used = usedIn(body)
      parts.push(
        `function h${n}() {`,
        ...(used.length === 0 ? [] : [`const ${used.map((u) => `${u} = c${u}`).join(", ")};`]),
        ...(/\bnow\b/.test(body) ? ["const now = cnow;"] : []),
        body,
        "}"
      )
    }
    const calls: Array<string> = []
    for (let from = 0, c = 0; from < order.length; from += chunkRules, c++) {
      const lines = ruleLines(from, Math.min(order.length, from + chunkRules))
      const text = lines.join("\n")
      const used = usedIn(text)
      parts.push(
        `function chunk${c}(now, out, o) {`,
        ...(used.length === 0 ? [] : [`const ${used.map((n) => `${n} = c${n}`).join(", ")};`]),
        text,
        "return o;",
        "}"
      )
      calls.push(`o = chunk${c}(now, out, o);`)
    }
    source = [
      ...parts,
      "return function run(facts, now, out) {",
      ...prelude,
      ...all.map((n) => `c${n} = ${n};`),
      "cnow = now;",
      ...(memoCount === 0 ? [] : ["M.fill(0);"]),
      "let o = 0;",
      ...calls,
      ...all.map((n) => `c${n} = undefined;`),
      "return o;",
      "};"
    ].join("\n")
  }
  const declarations = consts.length === 0 ? "" : `const ${consts.map((_, i) => `x${i} = X[${i}]`).join(", ")};`
  const factory = new Function("X", `"use strict";\n${declarations}\n${source}`) as (
    constants: ReadonlyArray<unknown>
  ) => (facts: object, now: number, out: Int32Array) => number
  const generated = factory(consts)

  let run: Program["run"] = generated
  if (chunked) {
    // The chunks share state between them: a re-entrant evaluation (a fact getter evaluating
    // the same rule set) gets a fresh copy instead.
    let busy = false
    let spare: Program | undefined
    run = (facts, now, out) => {
      if (busy) return (spare ??= compileCodegen(roots, order, options)).run(facts, now, out)
      busy = true
      try {
        return generated(facts, now, out)
      } finally {
        busy = false
      }
    }
  }
  return {
    run,
    ruleCount: roots.length,
    usesNow,
    stats: {
      nodes: nodes.length,
      accessors: accessors.length,
      indexedLeaves,
      sourceLength: declarations.length + source.length,
      hoisted: hoistedCount
    }
  }
}
