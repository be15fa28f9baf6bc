/**
 * The typed errors of budget pools. Each names the pool (or the field) and
 * what was wrong.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A pool setting or an allocation input is out of range or malformed.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidBudgetPool extends Schema.TaggedError<InvalidBudgetPool>()("InvalidBudgetPool", {
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}, { httpApiStatus: 400 }) {
  override get message() {
    return `budget pool: ${this.field} = ${JSON.stringify(this.value)}: ${this.rule}`
  }
}

/**
 * No budget pool with this id exists.
 *
 * @since 0.1.0
 * @category errors
 */
export class BudgetPoolNotFound extends Schema.TaggedError<BudgetPoolNotFound>()("BudgetPoolNotFound", {
  poolId: Schema.String
}, { httpApiStatus: 404 }) {
  override get message() {
    return `budget pool ${this.poolId}: no such pool`
  }
}

/**
 * A campaign is already a member of another pool of the account (two pools
 * moving one campaign's budget would undo each other).
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignInAnotherPool extends Schema.TaggedError<CampaignInAnotherPool>()("CampaignInAnotherPool", {
  campaignId: Schema.String,
  poolId: Schema.String
}, { httpApiStatus: 409 }) {
  override get message() {
    return `campaign ${this.campaignId} already belongs to budget pool ${this.poolId}`
  }
}

/**
 * Every error the budget pool service can end with (storage and platform
 * read errors aside).
 *
 * @since 0.1.0
 * @category errors
 */
export type BudgetPoolError = InvalidBudgetPool | BudgetPoolNotFound | CampaignInAnotherPool
