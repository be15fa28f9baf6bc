/**
 * The ad platform's core tables seed 003 refers to: campaigns, ad groups,
 * keywords, audiences and daily campaign metrics.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { AdGroups } from "./AdGroups.ts"
import { Audiences } from "./Audiences.ts"
import { CampaignDailyMetrics } from "./CampaignDailyMetrics.ts"
import { Campaigns } from "./Campaigns.ts"
import { Keywords } from "./Keywords.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  AdGroups,
  /**
   * @since 0.1.0
   * @category tables
   */
  Audiences,
  /**
   * @since 0.1.0
   * @category tables
   */
  CampaignDailyMetrics,
  /**
   * @since 0.1.0
   * @category tables
   */
  Campaigns,
  /**
   * @since 0.1.0
   * @category tables
   */
  Keywords
}

/**
 * The core marketing tables in foreign-key order (parents before children).
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [Campaigns, AdGroups, Keywords, Audiences, CampaignDailyMetrics]
