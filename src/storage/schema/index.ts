/**
 * Every table of Ringmaster's schema, grouped by domain, and `all` in
 * foreign-key order.
 *
 * @since 0.1.0
 */
import type * as Table from "../Table.ts"
import * as Core from "./core/index.ts"
import * as Cycles from "./cycles/index.ts"
import * as Events from "./events/index.ts"
import * as EventsAi from "./eventsAi/index.ts"
import * as Http from "./http/index.ts"
import * as Marketing from "./marketing/index.ts"
import * as MarketingAi from "./marketingAi/index.ts"
import * as Safety from "./safety/index.ts"

export {
  /**
   * accounts, users, account_users.
   *
   * @since 0.1.0
   * @category domains
   */
  Core,
  /**
   * Ringmaster's own bookkeeping for decision cycles: platform change intents.
   *
   * @since 0.1.0
   * @category domains
   */
  Cycles,
  /**
   * The event platform's core tables.
   *
   * @since 0.1.0
   * @category domains
   */
  Events,
  /**
   * Seed 000: AI event management.
   *
   * @since 0.1.0
   * @category domains
   */
  EventsAi,
  /**
   * The HTTP API's bookkeeping: API keys.
   *
   * @since 0.1.0
   * @category domains
   */
  Http,
  /**
   * The ad platform's core tables.
   *
   * @since 0.1.0
   * @category domains
   */
  Marketing,
  /**
   * Seed 003: autonomous AI marketing.
   *
   * @since 0.1.0
   * @category domains
   */
  MarketingAi,
  /**
   * Ringmaster's own bookkeeping: the safety envelope's durable state.
   *
   * @since 0.1.0
   * @category domains
   */
  Safety
}

/**
 * Every table, in foreign-key order (parents before children).
 *
 * @since 0.1.0
 * @category tables
 */
export const all: ReadonlyArray<Table.Any> = [
  ...Core.tables,
  ...Events.tables,
  ...EventsAi.tables,
  ...Marketing.tables,
  ...MarketingAi.tables,
  ...Safety.tables,
  ...Cycles.tables,
  ...Http.tables
]
