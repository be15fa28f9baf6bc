/**
 * The error a malformed rule fails with at load (never at fire time).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A rule, condition or imported json-rules-engine rule could not be loaded.
 * `path` locates the bad node (for example `conditions.all[2].any[0].operator`)
 * and `expected` says what was expected there.
 *
 * @since 0.1.0
 * @category errors
 */
export class RuleLoadError extends Schema.TaggedError<RuleLoadError>()("RuleLoadError", {
  ruleId: Schema.String,
  path: Schema.String,
  expected: Schema.String,
  actual: Schema.optionalKey(Schema.String)
}) {
  override get message(): string {
    const where = this.ruleId === "" ? this.path : `rule ${JSON.stringify(this.ruleId)} at ${this.path}`
    return `${where}: expected ${this.expected}${this.actual === undefined ? "" : `, got ${this.actual}`}`
  }
}

/**
 * A stored rule that was left out of a loaded rule set, and why: its id, the
 * table it is stored in, where in its row the problem is (for example
 * `trigger_conditions.conditions.all[2].operator` or
 * `action_parameters.actions[0].action`), and a message. `RuleEngine.loadStored`
 * loads every other rule and reports these in `RuleSet.rejected`.
 *
 * @since 0.1.0
 * @category models
 */
export class RejectedRule extends Schema.Class<RejectedRule>("ringmaster/rules/RejectedRule")({
  ruleId: Schema.String,
  table: Schema.String,
  path: Schema.String,
  message: Schema.String
}) {}
