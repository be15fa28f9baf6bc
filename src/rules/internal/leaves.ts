/**
 * What both compiler backends need to know about the leaves of a resolved
 * rule tree: which comparisons can be indexed, and a walk over every leaf.
 *
 * @internal
 */
import type { Node } from "./load.ts"

/** A leaf of a resolved condition tree. @internal */
export type Leaf = Node & { readonly _tag: "Leaf" }

/** A JSON primitive (null, string, number, boolean). @internal */
export const primitive = (u: unknown): boolean =>
  u === null || typeof u === "string" || typeof u === "number" || typeof u === "boolean"

/** An ordering comparison against a number literal (indexable by ranking thresholds). @internal */
export const isNumericThreshold = (node: Leaf): boolean =>
  node.spec._tag === "Binary" &&
  (node.operator === "greaterThan" || node.operator === "greaterThanInclusive" ||
    node.operator === "lessThan" || node.operator === "lessThanInclusive") &&
  node.spec.operand._tag === "Literal" && typeof node.spec.operand.value === "number" &&
  !Number.isNaN(node.spec.operand.value)

/** `equal` / `notEqual` against a primitive literal other than NaN (indexable by a Map lookup). @internal */
export const isPrimitiveEquality = (node: Leaf): boolean =>
  node.spec._tag === "Binary" && (node.operator === "equal" || node.operator === "notEqual") &&
  node.spec.operand._tag === "Literal" && primitive(node.spec.operand.value) &&
  !(typeof node.spec.operand.value === "number" && Number.isNaN(node.spec.operand.value))

/**
 * Calls `f` on every leaf under the roots, depth first, visiting each shared
 * condition's body once however often it is referenced.
 *
 * @internal
 */
export const forEachLeaf = (roots: Node | ReadonlyArray<Node>, f: (leaf: Leaf) => void): void => {
  const visited = new Set<Node>()
  const walk = (node: Node): void => {
    switch (node._tag) {
      case "All":
      case "Any":
        for (const child of node.children) walk(child)
        return
      case "Not":
        walk(node.child)
        return
      case "Ref":
        if (!visited.has(node.target)) {
          visited.add(node.target)
          walk(node.target)
        }
        return
      case "Leaf":
        f(node)
    }
  }
  if (Array.isArray(roots)) for (const root of roots as ReadonlyArray<Node>) walk(root)
  else walk(roots as Node)
}

/**
 * The path (from `node`) of its first `within` leaf, if it has one. Shared
 * bodies are looked at once per `memo`.
 *
 * @internal
 */
export const withinPath = (node: Node, memo: Map<Node, string | null> = new Map()): string | undefined => {
  switch (node._tag) {
    case "All":
    case "Any":
      for (const child of node.children) {
        const p = withinPath(child, memo)
        if (p !== undefined) return p
      }
      return undefined
    case "Not":
      return withinPath(node.child, memo)
    case "Ref": {
      let inner = memo.get(node.target)
      if (inner === undefined) {
        inner = withinPath(node.target, memo) ?? null
        memo.set(node.target, inner)
      }
      // the body's sources are relative (`condition<name>...`)
      return inner === null ? undefined : `${node.source}.${inner}`
    }
    case "Leaf":
      return node.spec._tag === "Within" ? node.source : undefined
  }
}
