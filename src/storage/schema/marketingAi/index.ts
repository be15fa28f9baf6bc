/**
 * Seed 003, the autonomous AI marketing platform: its 15 tables and the five
 * it only names. `ai_recommendations` and `ai_model_versions` live in the
 * `marketing_ai` Postgres schema; the rest in `public`.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { AiAuditTrail } from "./AiAuditTrail.ts"
import { AiAutomationRules } from "./AiAutomationRules.ts"
import { AiBudgetManagement } from "./AiBudgetManagement.ts"
import { AiCampaignForecasts } from "./AiCampaignForecasts.ts"
import { AiCompetitiveIntelligence } from "./AiCompetitiveIntelligence.ts"
import { AiDecisionLogs } from "./AiDecisionLogs.ts"
import { AiIntegrationLogs } from "./AiIntegrationLogs.ts"
import { AiLearningFeedback } from "./AiLearningFeedback.ts"
import { AiModelVersions } from "./AiModelVersions.ts"
import { AiOptimizationHistory } from "./AiOptimizationHistory.ts"
import { AiPerformanceBenchmarks } from "./AiPerformanceBenchmarks.ts"
import { AiPerformanceScores } from "./AiPerformanceScores.ts"
import { AiRecommendations } from "./AiRecommendations.ts"
import { AiRiskManagement } from "./AiRiskManagement.ts"
import { AiSmartAlerts } from "./AiSmartAlerts.ts"
import { AiSystemHealth } from "./AiSystemHealth.ts"
import { AiTestingExperiments } from "./AiTestingExperiments.ts"
import { AiUserPreferences } from "./AiUserPreferences.ts"
import { AiWorkflowStates } from "./AiWorkflowStates.ts"
import { MasterAiCycles } from "./MasterAiCycles.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  AiAuditTrail,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiAutomationRules,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiBudgetManagement,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiCampaignForecasts,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiCompetitiveIntelligence,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiDecisionLogs,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiIntegrationLogs,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiLearningFeedback,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiModelVersions,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiOptimizationHistory,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiPerformanceBenchmarks,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiPerformanceScores,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiRecommendations,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiRiskManagement,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiSmartAlerts,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiSystemHealth,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiTestingExperiments,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiUserPreferences,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiWorkflowStates,
  /**
   * @since 0.1.0
   * @category tables
   */
  MasterAiCycles
}

/**
 * Seed 003's tables in foreign-key order (the order migration 0005 creates
 * them): parents before children. `ai_campaign_forecasts` also references
 * `campaigns` (migration 0004).
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [
  MasterAiCycles,
  AiDecisionLogs,
  AiPerformanceScores,
  AiSmartAlerts,
  AiRecommendations,
  AiLearningFeedback,
  AiModelVersions,
  AiCampaignForecasts,
  AiOptimizationHistory,
  AiCompetitiveIntelligence,
  AiAutomationRules,
  AiBudgetManagement,
  AiRiskManagement,
  AiTestingExperiments,
  AiSystemHealth,
  AiWorkflowStates,
  AiIntegrationLogs,
  AiUserPreferences,
  AiAuditTrail,
  AiPerformanceBenchmarks
]
