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

/** Calls `f` on every leaf under `node`, depth first. @internal */
export const forEachLeaf = (node: Node, f: (leaf: Leaf) => void): void => {
  switch (node._tag) {
    case "All":
    case "Any":
      for (const child of node.children) forEachLeaf(child, f)
      return
    case "Not":
      forEachLeaf(node.child, f)
      return
    case "Leaf":
      f(node)
  }
}
