/**
 * Migration 0007: what the agent registry needs the database to enforce.
 *
 * - Exactly one active model version per agent: a partial unique index on
 *   `events_ai.ai_model_versions (agent_id) WHERE is_active`. Activating a
 *   version deactivates the others in the same transaction; two concurrent
 *   activations cannot both commit.
 * - Tracking queries read an agent's runs by time: an index on
 *   `ai_agent_performance (agent_id, measurement_date)` and
 *   `ai_performance_metrics (agent_id, measurement_timestamp)`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "agents: one active model version per agent; tracking indexes"

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE UNIQUE INDEX ai_model_versions_one_active_per_agent ON events_ai.ai_model_versions (agent_id) WHERE is_active`,
  `CREATE INDEX ai_agent_performance_agent_time_idx ON public.ai_agent_performance (agent_id, measurement_date)`,
  `CREATE INDEX ai_performance_metrics_agent_time_idx ON public.ai_performance_metrics (agent_id, measurement_timestamp)`
]
