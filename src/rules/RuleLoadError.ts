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
