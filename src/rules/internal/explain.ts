/**
 * The explaining evaluator: walks the resolved tree without short-circuiting
 * and records the value and outcome of every condition. Slow on purpose; it
 * uses the same comparison functions as the compiled program.
 *
 * A shared condition's body is explained once per evaluation (per parameter
 * scope) and the explanation object is shared by every reference to it, so
 * the cost stays linear in the rule set's size.
 *
 * @internal
 */
import type { ConditionExplanation } from "../Compiler.ts"
import * as FactPath from "../FactPath.ts"
import type { Node, Operand } from "./load.ts"
import * as Ops from "./operators.ts"

const read = (facts: object, fact: string, path: FactPath.FactPath): unknown => FactPath.reader(fact, path)(facts)

const operandValue = (facts: object, operand: Operand): unknown =>
  operand._tag === "Literal" ? operand.value : read(facts, operand.fact, operand.path)


/**
 * Explains one rule's conditions. Pass the same `memo` for every rule of one
 * evaluation so that shared conditions are explained once.
 *
 * @internal
 */
export const explain = (
  node: Node,
  facts: object,
  now: number,
  memo: Map<Node, ConditionExplanation> = new Map()
): ConditionExplanation => {
  switch (node._tag) {
    case "Ref": {
      let condition = memo.get(node.target)
      if (condition === undefined) {
        condition = explain(node.target, facts, now, memo)
        memo.set(node.target, condition)
      }
      return { _tag: "Condition", path: node.source, name: node.name, outcome: condition.outcome, condition }
    }
    case "All":
    case "Any": {
      const conditions = node.children.map((c) => explain(c, facts, now, memo))
      const outcome = node._tag === "All"
        ? conditions.every((c) => c.outcome)
        : conditions.length === 0 || conditions.some((c) => c.outcome)
      return { _tag: node._tag, path: node.source, outcome, conditions }
    }
    case "Not": {
      const condition = explain(node.child, facts, now, memo)
      return { _tag: "Not", path: node.source, outcome: !condition.outcome, condition }
    }
    case "Leaf": {
      const factValue = read(facts, node.fact, node.path)
      const spec = node.spec
      let value: unknown
      let outcome: boolean
      switch (spec._tag) {
        case "Binary":
          value = operandValue(facts, spec.operand)
          outcome = Ops.binaryOperators[spec.operator]!(factValue, value)
          break
        case "Between": {
          const low = operandValue(facts, spec.low)
          const high = operandValue(facts, spec.high)
          value = [low, high]
          outcome = Ops.between(factValue, low, high)
          break
        }
        case "Exists":
          value = spec.expected
          outcome = Ops.exists(factValue, spec.expected)
          break
        case "Matches":
          value = spec.regex.toString()
          outcome = Ops.matches(factValue, spec.regex)
          break
        case "Within":
          value = { from: now - spec.last, to: now + spec.next }
          outcome = Ops.within(factValue, now, spec.last, spec.next)
          break
      }
      return {
        _tag: "Fact",
        path: node.source,
        fact: node.fact,
        ...(node.path.length > 0 ? { factPath: FactPath.format(node.path) } : {}),
        operator: node.operator,
        factValue,
        value,
        outcome
      }
    }
  }
}
