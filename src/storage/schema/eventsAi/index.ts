/**
 * Seed 000, AI event management: its 17 tables and the agent-type registry that replaces its CHECK on ai_agents.type. ai_recommendations and ai_model_versions are in the events_ai Postgres schema, the rest in public.
 *
 * @since 0.1.0
 */
import type * as Table from "../../Table.ts"
import { AiAgentTypes } from "./AiAgentTypes.ts"
import { AiAgents } from "./AiAgents.ts"
import { AiAgentPerformance } from "./AiAgentPerformance.ts"
import { AiWorkflows } from "./AiWorkflows.ts"
import { AiWorkflowExecutions } from "./AiWorkflowExecutions.ts"
import { AiTrainingData } from "./AiTrainingData.ts"
import { AiModelVersions } from "./AiModelVersions.ts"
import { AiRecommendations } from "./AiRecommendations.ts"
import { UserPreferences } from "./UserPreferences.ts"
import { AiInsights } from "./AiInsights.ts"
import { AiPredictions } from "./AiPredictions.ts"
import { AiGeneratedContent } from "./AiGeneratedContent.ts"
import { ContentTemplates } from "./ContentTemplates.ts"
import { AiCommunications } from "./AiCommunications.ts"
import { AutomationRules } from "./AutomationRules.ts"
import { AiPerformanceMetrics } from "./AiPerformanceMetrics.ts"
import { AiErrorLogs } from "./AiErrorLogs.ts"
import { AiSchemaVersions } from "./AiSchemaVersions.ts"

export {
  /**
   * @since 0.1.0
   * @category tables
   */
  AiAgentTypes,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiAgents,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiAgentPerformance,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiWorkflows,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiWorkflowExecutions,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiTrainingData,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiModelVersions,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiRecommendations,
  /**
   * @since 0.1.0
   * @category tables
   */
  UserPreferences,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiInsights,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiPredictions,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiGeneratedContent,
  /**
   * @since 0.1.0
   * @category tables
   */
  ContentTemplates,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiCommunications,
  /**
   * @since 0.1.0
   * @category tables
   */
  AutomationRules,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiPerformanceMetrics,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiErrorLogs,
  /**
   * @since 0.1.0
   * @category tables
   */
  AiSchemaVersions
}

/**
 * The tables of this domain in dependency (foreign-key) order.
 *
 * @since 0.1.0
 * @category tables
 */
export const tables: ReadonlyArray<Table.Any> = [
  AiAgentTypes,
  AiAgents,
  AiAgentPerformance,
  AiWorkflows,
  AiWorkflowExecutions,
  AiTrainingData,
  AiModelVersions,
  AiRecommendations,
  UserPreferences,
  AiInsights,
  AiPredictions,
  AiGeneratedContent,
  ContentTemplates,
  AiCommunications,
  AutomationRules,
  AiPerformanceMetrics,
  AiErrorLogs,
  AiSchemaVersions
]
