/**
 * The nesting limit of the condition language, checked on the raw JSON
 * before anything recursive (Schema decoding, resolution, compilation,
 * import) looks at it. The walk is iterative and stops as soon as the limit
 * is crossed, so any input (10,000 levels, or a cyclic object built in
 * code) costs at most its size up to that point and never the stack.
 *
 * Counting (see `Condition.maxDepth`):
 *
 * - every condition node (`all`, `any`, `not`, a fact condition, a
 *   `{ condition }` reference) is one level; the array under `all` / `any`
 *   is not a level of its own;
 * - every array or object inside a condition (a `value`, `params`) is one
 *   level below the node that holds it;
 * - through a reference, the shared condition's root takes the reference's
 *   place: its depth is added to the depth above the reference.
 *
 * @internal
 */
import { showValue } from "./path.ts"

/** One step of a reported path: a key, an index, or the body of a shared condition. */
type Segment = string | number | { readonly ref: string }

/** A `{ condition: name }` node met by the walk. @internal */
export interface Reference {
  readonly name: string
  /** levels above the reference: the shared condition's root sits at `offset + 1` */
  readonly offset: number
  /** the walk entry of the reference node, for its path */
  readonly entry: number
}

/** What one walk found. @internal */
export interface Measure {
  /** the deepest level reached (at most `limit + 1`) */
  readonly depth: number
  /** the entry where the limit was first crossed */
  readonly exceeded: number | undefined
  readonly refs: ReadonlyArray<Reference>
  /** the path of an entry, from the walk's root */
  readonly path: (entry: number) => string
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

const render = (segment: Segment): string =>
  typeof segment === "number"
    ? `[${segment}]`
    : typeof segment === "object"
    ? `.condition<${segment.ref}>`
    : identifier.test(segment)
    ? `.${segment}`
    : `[${JSON.stringify(segment)}]`

const isContainer = (u: unknown): u is object => typeof u === "object" && u !== null

/**
 * Walks raw condition JSON iteratively, down to `limit` levels (the root at
 * level `start`), and collects the references it meets.
 *
 * @internal
 */
export const measure = (input: unknown, limit: number, start = 1): Measure => {
  const parent: Array<number> = [-1]
  const segments: Array<ReadonlyArray<Segment>> = [[]]
  const refs: Array<Reference> = []
  // parallel stacks: value, level, whether it stands where a condition is expected, entry
  const values: Array<unknown> = [input]
  const levels: Array<number> = [start]
  const conditions: Array<boolean> = [true]
  const entries: Array<number> = [0]
  // a container already walked from this level or a deeper one needs no second walk
  // (only objects built in code share parts, or are cyclic; JSON never is)
  const seen = new Map<object, number>()
  let depth = 0
  let exceeded: number | undefined

  const push = (value: unknown, from: number, steps: ReadonlyArray<Segment>, level: number, condition: boolean) => {
    const entry = parent.length
    parent.push(from)
    segments.push(steps)
    values.push(value)
    levels.push(level)
    conditions.push(condition)
    entries.push(entry)
  }

  while (values.length > 0) {
    const value = values.pop()
    const level = levels.pop()!
    const condition = conditions.pop()!
    const entry = entries.pop()!
    if (!isContainer(value)) continue
    if (level > limit) {
      depth = level
      exceeded = entry
      break
    }
    const before = seen.get(value)
    if (before !== undefined && before >= level) continue
    seen.set(value, level)
    if (level > depth) depth = level
    // children are pushed in reverse so that they are walked in document order
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i]
        if (isContainer(child)) push(child, entry, [i], level + 1, false)
      }
      continue
    }
    let keys: ReadonlyArray<string>
    try {
      keys = Object.keys(value)
    } catch {
      continue // a proxy that refuses to list its keys: decoding rejects it later
    }
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!
      let child: unknown
      try {
        child = (value as Record<string, unknown>)[key]
      } catch {
        continue
      }
      if (condition && (key === "all" || key === "any") && Array.isArray(child)) {
        const list: ReadonlyArray<unknown> = child
        for (let i = list.length - 1; i >= 0; i--) {
          if (isContainer(list[i])) push(list[i], entry, [key, i], level + 1, true)
        }
      } else if (condition && key === "not") {
        if (isContainer(child)) push(child, entry, [key], level + 1, true)
      } else if (condition && key === "condition" && typeof child === "string") {
        refs.push({ name: child, offset: level - 1, entry })
      } else if (isContainer(child)) {
        push(child, entry, [key], level + 1, false)
      }
    }
  }
  const path = (at: number): string => {
    const parts: Array<string> = []
    for (let e = at; e > 0; e = parent[e]!) {
      const steps = segments[e]!
      parts.push(steps.map(render).join(""))
    }
    return parts.reverse().join("")
  }
  return { depth, exceeded, refs, path }
}

/** A depth or cycle problem, located from the rule's root. @internal */
export interface DepthProblem {
  readonly path: string
  readonly expected: string
  readonly actual?: string
}

/** The sentence a depth problem states. @internal */
export const tooDeep = (limit: number): string =>
  `at most ${limit} levels of nesting (Condition.maxDepth; shared conditions count at the depth they are referenced from)`

/**
 * Checks one value on its own (no shared conditions): the first place where
 * it is nested deeper than `limit`, if any.
 *
 * @internal
 */
export const checkLocal = (input: unknown, base: string, limit: number): DepthProblem | undefined => {
  const m = measure(input, limit)
  if (m.exceeded === undefined) return undefined
  return { path: base + m.path(m.exceeded), expected: tooDeep(limit), actual: `more than ${limit} levels` }
}

/**
 * The depth of the shared conditions of one rule set, measured once each
 * and combined along references; reports a reference cycle as it finds one.
 *
 * @internal
 */
export interface SharedDepths {
  /** Checks a rule's conditions with its references expanded. */
  readonly check: (conditions: unknown, base: string) => DepthProblem | undefined
}

/** @internal */
export const sharedDepths = (shared: Readonly<Record<string, unknown>>, limit: number): SharedDepths => {
  const measures = new Map<string, Measure>()
  /** the deepest level of a shared condition with its references expanded (its root at 1) */
  const effective = new Map<string, number>()
  const defined = (name: string) => Object.hasOwn(shared, name)
  const measureOf = (name: string): Measure => {
    let m = measures.get(name)
    if (m === undefined) {
      m = measure(shared[name], limit)
      measures.set(name, m)
    }
    return m
  }
  const combine = (m: Measure): number => {
    let d = m.depth
    for (const r of m.refs) {
      const e = effective.get(r.name)
      if (e !== undefined && r.offset + e > d) d = r.offset + e
    }
    return d
  }

  /**
   * Computes the effective depth of `start` and of everything it reaches,
   * iteratively. On a cycle, returns the walk's stack: the names from
   * `start`, the reference that led to each (`via[0]` is unused), and the
   * reference that closes the cycle.
   */
  const resolve = (start: string): {
    readonly names: ReadonlyArray<string>
    readonly via: ReadonlyArray<Reference | undefined>
    readonly closing: Reference
  } | undefined => {
    if (effective.has(start)) return undefined
    const names: Array<string> = [start]
    const next: Array<number> = [0]
    const via: Array<Reference | undefined> = [undefined]
    const onStack = new Set<string>([start])
    while (names.length > 0) {
      const top = names.length - 1
      const name = names[top]!
      const m = measureOf(name)
      if (m.exceeded === undefined && next[top]! < m.refs.length) {
        const r = m.refs[next[top]!++]!
        if (!defined(r.name) || effective.has(r.name)) continue
        if (onStack.has(r.name)) return { names, via, closing: r }
        names.push(r.name)
        next.push(0)
        via.push(r)
        onStack.add(r.name)
        continue
      }
      effective.set(name, m.exceeded === undefined ? combine(m) : limit + 1)
      onStack.delete(name)
      names.pop()
      next.pop()
      via.pop()
    }
    return undefined
  }

  /** Follows the deepest references from `name` (whose root sits at `budget` levels below the limit) to the crossing. */
  const crossing = (name: string, budget: number): string => {
    let path = ""
    let current = name
    let left = budget
    for (let guard = 0; guard <= limit + 1; guard++) {
      const m = measureOf(current)
      if (m.depth > left || m.exceeded !== undefined) {
        const local = measure(shared[current], left)
        return path + (local.exceeded === undefined ? "" : local.path(local.exceeded))
      }
      const deeper = m.refs.find((r) => defined(r.name) && r.offset + (effective.get(r.name) ?? 0) > left)
      if (deeper === undefined) return path
      path += m.path(deeper.entry) + render({ ref: deeper.name })
      left -= deeper.offset
      current = deeper.name
    }
    return path
  }

  const check = (conditions: unknown, base: string): DepthProblem | undefined => {
    const m = measure(conditions, limit)
    if (m.exceeded !== undefined) {
      return { path: base + m.path(m.exceeded), expected: tooDeep(limit), actual: `more than ${limit} levels` }
    }
    for (const r of m.refs) {
      if (!defined(r.name)) continue
      const cycle = findCycle(r, m, base)
      if (cycle !== undefined) return cycle
      const e = effective.get(r.name)!
      if (r.offset + e > limit) {
        return {
          path: base + m.path(r.entry) + render({ ref: r.name }) + crossing(r.name, limit - r.offset),
          expected: tooDeep(limit),
          actual: `more than ${limit} levels through shared condition ${showValue(r.name)}`
        }
      }
    }
    return undefined
  }

  const findCycle = (r: Reference, m: Measure, base: string): DepthProblem | undefined => {
    const cycle = resolve(r.name)
    if (cycle === undefined) return undefined
    const { closing, names, via } = cycle
    let path = base + m.path(r.entry) + render({ ref: names[0]! })
    for (let i = 1; i < names.length; i++) path += measureOf(names[i - 1]!).path(via[i]!.entry) + render({ ref: names[i]! })
    path += measureOf(names[names.length - 1]!).path(closing.entry)
    return {
      path: `${path}.condition`,
      expected: `no circular reference (${[...names, closing.name].join(" -> ")})`,
      actual: showValue(closing.name)
    }
  }

  return { check }
}
