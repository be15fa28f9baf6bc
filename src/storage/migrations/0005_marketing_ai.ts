/**
 * Migration 0005: seed 003, the autonomous AI marketing platform. The seed's
 * 15 tables with their columns, types, defaults and nullability unchanged,
 * plus the five tables it only names (`ai_workflow_states`,
 * `ai_integration_logs`, `ai_user_preferences`, `ai_audit_trail`,
 * `ai_performance_benchmarks`) designed in the seed's style.
 *
 * What this migration adds to the seed (see docs/schema-marketing.md):
 * - the value sets and scales the seed writes as comments become CHECKs named
 *   `<table>_<column>_check`; open vocabularies of kinds stay TEXT with a
 *   non-empty check;
 * - an `account_id` tenant column on every table (nullable, so the seed's own
 *   inserts still work; ON DELETE CASCADE), indexed;
 * - `ai_campaign_forecasts.campaign_id` references `campaigns(id)` ON DELETE SET NULL;
 * - the seed's two foreign keys keep the seed's NO ACTION, now spelled out;
 * - `ai_recommendations` and `ai_model_versions` live in the `marketing_ai`
 *   schema (seed 000 has tables of the same names in `events_ai`).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string =
  "marketing_ai: seed 003's 15 AI tables and the 5 it names, with CHECKs from its comments and account_id tenancy"

const touch = (table: string) =>
  `CREATE TRIGGER ${table.replace(/^.*\./, "")}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS marketing_ai`,

  // ---------------------------------------------------------------- AI core system
  // 1. Central AI decision cycle tracking
  `CREATE TABLE public.master_ai_cycles (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    cycle_name TEXT NOT NULL,
    cycle_type TEXT NOT NULL CONSTRAINT master_ai_cycles_cycle_type_check CHECK (cycle_type IN ('optimization', 'analysis', 'decision', 'automation')),
    status TEXT NOT NULL DEFAULT 'pending' CONSTRAINT master_ai_cycles_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    priority INTEGER DEFAULT 5 CONSTRAINT master_ai_cycles_priority_check CHECK (priority BETWEEN 1 AND 10),
    trigger_event TEXT,
    start_time TIMESTAMP WITH TIME ZONE DEFAULT now(),
    end_time TIMESTAMP WITH TIME ZONE,
    duration_seconds INTEGER CONSTRAINT master_ai_cycles_duration_seconds_check CHECK (duration_seconds >= 0),
    metadata JSONB DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_master_ai_cycles_account_id ON public.master_ai_cycles (account_id)`,
  `CREATE INDEX idx_master_ai_cycles_status ON public.master_ai_cycles (status)`,
  `CREATE INDEX idx_master_ai_cycles_created_at ON public.master_ai_cycles (created_at DESC)`,
  touch("public.master_ai_cycles"),

  // 2. All AI autonomous decisions tracked
  `CREATE TABLE public.ai_decision_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    cycle_id UUID REFERENCES public.master_ai_cycles(id) ON DELETE NO ACTION,
    decision_type TEXT NOT NULL CONSTRAINT ai_decision_logs_decision_type_check CHECK (length(decision_type) > 0),
    context_data JSONB NOT NULL DEFAULT '{}',
    decision_rationale TEXT,
    confidence_score DECIMAL(5,2) CONSTRAINT ai_decision_logs_confidence_score_check CHECK (confidence_score BETWEEN 0 AND 100),
    action_taken TEXT,
    impact_prediction JSONB,
    actual_impact JSONB,
    validation_status TEXT DEFAULT 'pending' CONSTRAINT ai_decision_logs_validation_status_check CHECK (validation_status IN ('pending', 'validated', 'incorrect')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_decision_logs_account_id ON public.ai_decision_logs (account_id)`,
  `CREATE INDEX idx_ai_decision_logs_cycle_id ON public.ai_decision_logs (cycle_id)`,
  `CREATE INDEX idx_ai_decision_logs_validation_status ON public.ai_decision_logs (validation_status)`,
  `CREATE INDEX idx_ai_decision_logs_created_at ON public.ai_decision_logs (created_at DESC)`,

  // 3. AI system performance tracking
  `CREATE TABLE public.ai_performance_scores (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    metric_type TEXT NOT NULL CONSTRAINT ai_performance_scores_metric_type_check CHECK (length(metric_type) > 0),
    score_value DECIMAL(5,2) NOT NULL,
    measurement_period TEXT CONSTRAINT ai_performance_scores_measurement_period_check CHECK (measurement_period IN ('hourly', 'daily', 'weekly')),
    context_filters JSONB DEFAULT '{}',
    benchmark_comparison DECIMAL(5,2),
    trend_direction TEXT CONSTRAINT ai_performance_scores_trend_direction_check CHECK (trend_direction IN ('improving', 'declining', 'stable')),
    calculated_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_performance_scores_account_id ON public.ai_performance_scores (account_id)`,
  `CREATE INDEX idx_ai_performance_scores_metric_calculated ON public.ai_performance_scores (metric_type, calculated_at DESC)`,

  // 4. Intelligent alert system
  `CREATE TABLE public.ai_smart_alerts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    alert_type TEXT NOT NULL CONSTRAINT ai_smart_alerts_alert_type_check CHECK (length(alert_type) > 0),
    severity TEXT NOT NULL DEFAULT 'medium' CONSTRAINT ai_smart_alerts_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    title TEXT NOT NULL,
    description TEXT,
    affected_entity_type TEXT CONSTRAINT ai_smart_alerts_affected_entity_type_check CHECK (length(affected_entity_type) > 0),
    affected_entity_id UUID,
    recommended_actions JSONB,
    auto_action_taken BOOLEAN DEFAULT false,
    status TEXT DEFAULT 'active' CONSTRAINT ai_smart_alerts_status_check CHECK (status IN ('active', 'acknowledged', 'resolved', 'dismissed')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    resolved_at TIMESTAMP WITH TIME ZONE
)`,
  `CREATE INDEX idx_ai_smart_alerts_account_id ON public.ai_smart_alerts (account_id)`,
  `CREATE INDEX idx_ai_smart_alerts_status_severity ON public.ai_smart_alerts (status, severity)`,
  `CREATE INDEX idx_ai_smart_alerts_affected_entity ON public.ai_smart_alerts (affected_entity_type, affected_entity_id)`,
  `CREATE INDEX idx_ai_smart_alerts_created_at ON public.ai_smart_alerts (created_at DESC)`,

  // 5. AI-generated optimization recommendations (marketing_ai: seed 000 has its own ai_recommendations)
  `CREATE TABLE marketing_ai.ai_recommendations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    recommendation_type TEXT NOT NULL CONSTRAINT ai_recommendations_recommendation_type_check CHECK (length(recommendation_type) > 0),
    target_entity_type TEXT NOT NULL CONSTRAINT ai_recommendations_target_entity_type_check CHECK (length(target_entity_type) > 0),
    target_entity_id UUID,
    current_state JSONB,
    recommended_changes JSONB NOT NULL,
    expected_impact JSONB,
    confidence_level DECIMAL(3,1) CONSTRAINT ai_recommendations_confidence_level_check CHECK (confidence_level BETWEEN 0 AND 10),
    priority_score INTEGER DEFAULT 5 CONSTRAINT ai_recommendations_priority_score_check CHECK (priority_score BETWEEN 1 AND 10),
    implementation_complexity TEXT DEFAULT 'medium' CONSTRAINT ai_recommendations_implementation_complexity_check CHECK (implementation_complexity IN ('low', 'medium', 'high')),
    status TEXT DEFAULT 'pending' CONSTRAINT ai_recommendations_status_check CHECK (status IN ('pending', 'approved', 'implemented', 'rejected')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    implemented_at TIMESTAMP WITH TIME ZONE
)`,
  `CREATE INDEX idx_ai_recommendations_account_id ON marketing_ai.ai_recommendations (account_id)`,
  `CREATE INDEX idx_ai_recommendations_status ON marketing_ai.ai_recommendations (status)`,
  `CREATE INDEX idx_ai_recommendations_target_entity ON marketing_ai.ai_recommendations (target_entity_type, target_entity_id)`,
  `CREATE INDEX idx_ai_recommendations_created_at ON marketing_ai.ai_recommendations (created_at DESC)`,

  // ---------------------------------------------------------------- AI analytics & learning
  // 6. Machine learning feedback loop
  `CREATE TABLE public.ai_learning_feedback (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    decision_id UUID REFERENCES public.ai_decision_logs(id) ON DELETE NO ACTION,
    feedback_type TEXT NOT NULL CONSTRAINT ai_learning_feedback_feedback_type_check CHECK (length(feedback_type) > 0),
    feedback_value JSONB NOT NULL,
    learning_weight DECIMAL(3,2) DEFAULT 1.0 CONSTRAINT ai_learning_feedback_learning_weight_check CHECK (learning_weight >= 0),
    integration_status TEXT DEFAULT 'pending' CONSTRAINT ai_learning_feedback_integration_status_check CHECK (integration_status IN ('pending', 'integrated', 'rejected')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_learning_feedback_account_id ON public.ai_learning_feedback (account_id)`,
  `CREATE INDEX idx_ai_learning_feedback_decision_id ON public.ai_learning_feedback (decision_id)`,
  `CREATE INDEX idx_ai_learning_feedback_integration_status ON public.ai_learning_feedback (integration_status)`,

  // 7. AI model versioning and performance (marketing_ai: seed 000 has its own ai_model_versions)
  `CREATE TABLE marketing_ai.ai_model_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    model_name TEXT NOT NULL,
    version TEXT NOT NULL,
    model_type TEXT NOT NULL CONSTRAINT ai_model_versions_model_type_check CHECK (length(model_type) > 0),
    training_data_period JSONB,
    performance_metrics JSONB,
    deployment_status TEXT DEFAULT 'testing' CONSTRAINT ai_model_versions_deployment_status_check CHECK (deployment_status IN ('development', 'testing', 'production', 'deprecated')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    deployed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ai_model_versions_model_name_version_key UNIQUE (model_name, version)
)`,
  `CREATE INDEX idx_ai_model_versions_account_id ON marketing_ai.ai_model_versions (account_id)`,
  `CREATE INDEX idx_ai_model_versions_deployment_status ON marketing_ai.ai_model_versions (deployment_status)`,

  // 8. AI-powered performance forecasting
  `CREATE TABLE public.ai_campaign_forecasts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    campaign_id UUID REFERENCES public.campaigns(id) ON DELETE SET NULL,
    forecast_type TEXT NOT NULL CONSTRAINT ai_campaign_forecasts_forecast_type_check CHECK (length(forecast_type) > 0),
    forecast_period_start DATE,
    forecast_period_end DATE,
    predicted_metrics JSONB NOT NULL,
    confidence_intervals JSONB,
    model_used TEXT,
    actual_metrics JSONB,
    accuracy_score DECIMAL(5,2),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    CONSTRAINT ai_campaign_forecasts_period_check CHECK (forecast_period_end >= forecast_period_start)
)`,
  `CREATE INDEX idx_ai_campaign_forecasts_account_id ON public.ai_campaign_forecasts (account_id)`,
  `CREATE INDEX idx_ai_campaign_forecasts_campaign_id ON public.ai_campaign_forecasts (campaign_id)`,
  `CREATE INDEX idx_ai_campaign_forecasts_period_end ON public.ai_campaign_forecasts (forecast_period_end)`,

  // 9. Track AI optimization actions and results
  `CREATE TABLE public.ai_optimization_history (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    target_entity_type TEXT NOT NULL CONSTRAINT ai_optimization_history_target_entity_type_check CHECK (length(target_entity_type) > 0),
    target_entity_id UUID,
    optimization_type TEXT NOT NULL CONSTRAINT ai_optimization_history_optimization_type_check CHECK (length(optimization_type) > 0),
    before_state JSONB NOT NULL,
    after_state JSONB NOT NULL,
    expected_improvement JSONB,
    actual_improvement JSONB,
    success_metrics JSONB,
    rollback_data JSONB,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_optimization_history_account_id ON public.ai_optimization_history (account_id)`,
  `CREATE INDEX idx_ai_optimization_history_target_entity ON public.ai_optimization_history (target_entity_type, target_entity_id)`,
  `CREATE INDEX idx_ai_optimization_history_created_at ON public.ai_optimization_history (created_at DESC)`,

  // 10. AI-powered competitive analysis
  `CREATE TABLE public.ai_competitive_intelligence (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    competitor_identifier TEXT,
    intelligence_type TEXT NOT NULL CONSTRAINT ai_competitive_intelligence_intelligence_type_check CHECK (length(intelligence_type) > 0),
    data_source TEXT CONSTRAINT ai_competitive_intelligence_data_source_check CHECK (length(data_source) > 0),
    intelligence_data JSONB NOT NULL,
    confidence_score DECIMAL(3,1) CONSTRAINT ai_competitive_intelligence_confidence_score_check CHECK (confidence_score BETWEEN 0 AND 10),
    actionable_insights JSONB,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_competitive_intelligence_account_id ON public.ai_competitive_intelligence (account_id)`,
  `CREATE INDEX idx_ai_competitive_intelligence_competitor ON public.ai_competitive_intelligence (competitor_identifier, created_at DESC)`,

  // ---------------------------------------------------------------- AI automation & control
  // 11. Define AI automation parameters
  `CREATE TABLE public.ai_automation_rules (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    rule_name TEXT NOT NULL,
    rule_type TEXT NOT NULL CONSTRAINT ai_automation_rules_rule_type_check CHECK (length(rule_type) > 0),
    trigger_conditions JSONB NOT NULL,
    action_parameters JSONB NOT NULL,
    safety_limits JSONB,
    is_active BOOLEAN DEFAULT true,
    execution_frequency TEXT DEFAULT 'hourly' CONSTRAINT ai_automation_rules_execution_frequency_check CHECK (execution_frequency IN ('continuous', 'hourly', 'daily')),
    last_execution_at TIMESTAMP WITH TIME ZONE,
    execution_count INTEGER DEFAULT 0 CONSTRAINT ai_automation_rules_execution_count_check CHECK (execution_count >= 0),
    success_rate DECIMAL(5,2) CONSTRAINT ai_automation_rules_success_rate_check CHECK (success_rate BETWEEN 0 AND 100),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_automation_rules_account_id ON public.ai_automation_rules (account_id)`,
  `CREATE INDEX idx_ai_automation_rules_active_frequency ON public.ai_automation_rules (execution_frequency) WHERE is_active`,

  // 12. AI-controlled budget allocation
  `CREATE TABLE public.ai_budget_management (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    budget_pool_name TEXT NOT NULL,
    total_budget DECIMAL(12,2) NOT NULL CONSTRAINT ai_budget_management_total_budget_check CHECK (total_budget >= 0),
    allocated_budget DECIMAL(12,2) DEFAULT 0 CONSTRAINT ai_budget_management_allocated_budget_check CHECK (allocated_budget >= 0),
    remaining_budget DECIMAL(12,2),
    allocation_strategy TEXT CONSTRAINT ai_budget_management_allocation_strategy_check CHECK (allocation_strategy IN ('performance_based', 'equal_distribution', 'opportunity_weighted')),
    reallocation_frequency TEXT DEFAULT 'daily' CONSTRAINT ai_budget_management_reallocation_frequency_check CHECK (reallocation_frequency IN ('continuous', 'hourly', 'daily', 'weekly')),
    performance_thresholds JSONB,
    last_reallocation_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    CONSTRAINT ai_budget_management_allocation_check CHECK (allocated_budget <= total_budget)
)`,
  `CREATE INDEX idx_ai_budget_management_account_id ON public.ai_budget_management (account_id)`,

  // 13. AI risk assessment and mitigation
  `CREATE TABLE public.ai_risk_management (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    risk_type TEXT NOT NULL CONSTRAINT ai_risk_management_risk_type_check CHECK (length(risk_type) > 0),
    risk_level TEXT NOT NULL CONSTRAINT ai_risk_management_risk_level_check CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
    affected_entity_type TEXT CONSTRAINT ai_risk_management_affected_entity_type_check CHECK (length(affected_entity_type) > 0),
    affected_entity_id UUID,
    risk_indicators JSONB NOT NULL,
    probability_score DECIMAL(3,1) CONSTRAINT ai_risk_management_probability_score_check CHECK (probability_score BETWEEN 0 AND 10),
    impact_assessment JSONB,
    mitigation_actions JSONB,
    status TEXT DEFAULT 'active' CONSTRAINT ai_risk_management_status_check CHECK (status IN ('active', 'mitigated', 'resolved')),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_risk_management_account_id ON public.ai_risk_management (account_id)`,
  `CREATE INDEX idx_ai_risk_management_status_level ON public.ai_risk_management (status, risk_level)`,
  `CREATE INDEX idx_ai_risk_management_affected_entity ON public.ai_risk_management (affected_entity_type, affected_entity_id)`,
  `CREATE INDEX idx_ai_risk_management_created_at ON public.ai_risk_management (created_at DESC)`,

  // 14. AI-managed A/B testing and experiments
  `CREATE TABLE public.ai_testing_experiments (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    experiment_name TEXT NOT NULL,
    experiment_type TEXT NOT NULL CONSTRAINT ai_testing_experiments_experiment_type_check CHECK (length(experiment_type) > 0),
    hypothesis TEXT,
    test_configuration JSONB NOT NULL,
    control_group_config JSONB,
    variant_configs JSONB NOT NULL,
    sample_size_calculation JSONB,
    statistical_significance_threshold DECIMAL(3,2) DEFAULT 0.95 CONSTRAINT ai_testing_experiments_statistical_significance_threshold_check CHECK (statistical_significance_threshold BETWEEN 0 AND 1),
    status TEXT DEFAULT 'planning' CONSTRAINT ai_testing_experiments_status_check CHECK (status IN ('planning', 'running', 'analyzing', 'completed')),
    results JSONB,
    winner_variant TEXT,
    confidence_level DECIMAL(5,2) CONSTRAINT ai_testing_experiments_confidence_level_check CHECK (confidence_level BETWEEN 0 AND 100),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
    started_at TIMESTAMP WITH TIME ZONE,
    ended_at TIMESTAMP WITH TIME ZONE
)`,
  `CREATE INDEX idx_ai_testing_experiments_account_id ON public.ai_testing_experiments (account_id)`,
  `CREATE INDEX idx_ai_testing_experiments_status ON public.ai_testing_experiments (status)`,

  // 15. AI system monitoring and health checks
  `CREATE TABLE public.ai_system_health (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    component_name TEXT NOT NULL CONSTRAINT ai_system_health_component_name_check CHECK (length(component_name) > 0),
    health_status TEXT NOT NULL CONSTRAINT ai_system_health_health_status_check CHECK (health_status IN ('healthy', 'warning', 'critical', 'offline')),
    performance_metrics JSONB,
    error_logs JSONB,
    last_heartbeat TIMESTAMP WITH TIME ZONE DEFAULT now(),
    uptime_percentage DECIMAL(5,2) CONSTRAINT ai_system_health_uptime_percentage_check CHECK (uptime_percentage BETWEEN 0 AND 100),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
)`,
  `CREATE INDEX idx_ai_system_health_account_id ON public.ai_system_health (account_id)`,
  `CREATE INDEX idx_ai_system_health_component_created ON public.ai_system_health (component_name, created_at DESC)`,
  `CREATE INDEX idx_ai_system_health_health_status ON public.ai_system_health (health_status)`,

  // ---------------------------------------------------------------- AI workflow & integration (named only in the seed)
  // 16. Multi-step AI processes: one row per workflow instance, its current step and state
  `CREATE TABLE public.ai_workflow_states (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    cycle_id UUID REFERENCES public.master_ai_cycles(id) ON DELETE SET NULL,
    workflow_name TEXT NOT NULL CONSTRAINT ai_workflow_states_workflow_name_check CHECK (length(workflow_name) > 0),
    workflow_type TEXT NOT NULL CONSTRAINT ai_workflow_states_workflow_type_check CHECK (length(workflow_type) > 0),
    instance_key TEXT NOT NULL CONSTRAINT ai_workflow_states_instance_key_check CHECK (length(instance_key) > 0),
    current_step TEXT,
    step_index INTEGER NOT NULL DEFAULT 0 CONSTRAINT ai_workflow_states_step_index_check CHECK (step_index >= 0),
    total_steps INTEGER CONSTRAINT ai_workflow_states_total_steps_check CHECK (total_steps >= 1),
    state JSONB NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending' CONSTRAINT ai_workflow_states_status_check CHECK (status IN ('pending', 'running', 'waiting', 'completed', 'failed', 'cancelled')),
    attempt INTEGER NOT NULL DEFAULT 1 CONSTRAINT ai_workflow_states_attempt_check CHECK (attempt >= 1),
    error_message TEXT,
    error_details JSONB,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ai_workflow_states_workflow_instance_key UNIQUE (workflow_name, instance_key),
    CONSTRAINT ai_workflow_states_steps_check CHECK (step_index <= total_steps)
)`,
  `CREATE INDEX idx_ai_workflow_states_account_id ON public.ai_workflow_states (account_id)`,
  `CREATE INDEX idx_ai_workflow_states_cycle_id ON public.ai_workflow_states (cycle_id)`,
  `CREATE INDEX idx_ai_workflow_states_status ON public.ai_workflow_states (status, updated_at)`,
  touch("public.ai_workflow_states"),

  // 17. Every external API interaction (ad platforms, LLMs, webhooks), append-only
  `CREATE TABLE public.ai_integration_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    cycle_id UUID REFERENCES public.master_ai_cycles(id) ON DELETE SET NULL,
    integration_name TEXT NOT NULL CONSTRAINT ai_integration_logs_integration_name_check CHECK (length(integration_name) > 0),
    platform TEXT CONSTRAINT ai_integration_logs_platform_check CHECK (length(platform) > 0),
    direction TEXT NOT NULL DEFAULT 'outbound' CONSTRAINT ai_integration_logs_direction_check CHECK (direction IN ('outbound', 'inbound')),
    endpoint TEXT NOT NULL CONSTRAINT ai_integration_logs_endpoint_check CHECK (length(endpoint) > 0),
    method TEXT CONSTRAINT ai_integration_logs_method_check CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
    request_payload JSONB,
    response_payload JSONB,
    status_code INTEGER CONSTRAINT ai_integration_logs_status_code_check CHECK (status_code BETWEEN 100 AND 599),
    latency_ms INTEGER CONSTRAINT ai_integration_logs_latency_ms_check CHECK (latency_ms >= 0),
    success BOOLEAN NOT NULL,
    error_message TEXT,
    correlation_id TEXT,
    retry_attempt INTEGER NOT NULL DEFAULT 0 CONSTRAINT ai_integration_logs_retry_attempt_check CHECK (retry_attempt >= 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_ai_integration_logs_account_id ON public.ai_integration_logs (account_id)`,
  `CREATE INDEX idx_ai_integration_logs_cycle_id ON public.ai_integration_logs (cycle_id)`,
  `CREATE INDEX idx_ai_integration_logs_correlation_id ON public.ai_integration_logs (correlation_id)`,
  `CREATE INDEX idx_ai_integration_logs_integration_created ON public.ai_integration_logs (integration_name, created_at DESC)`,
  `CREATE INDEX idx_ai_integration_logs_created_at ON public.ai_integration_logs (created_at DESC)`,
  `CREATE INDEX idx_ai_integration_logs_failures ON public.ai_integration_logs (created_at DESC) WHERE NOT success`,

  // 18. A user's AI automation preferences, one row per user and preference key (scope)
  `CREATE TABLE public.ai_user_preferences (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
    preference_key TEXT NOT NULL CONSTRAINT ai_user_preferences_preference_key_check CHECK (length(preference_key) > 0),
    automation_level TEXT NOT NULL DEFAULT 'approval_required' CONSTRAINT ai_user_preferences_automation_level_check CHECK (automation_level IN ('manual', 'recommend_only', 'approval_required', 'autonomous')),
    min_confidence_for_auto_approval NUMERIC(5,2) CONSTRAINT ai_user_preferences_min_confidence_for_auto_approval_check CHECK (min_confidence_for_auto_approval BETWEEN 0 AND 100),
    max_auto_budget_change NUMERIC(12,2) CONSTRAINT ai_user_preferences_max_auto_budget_change_check CHECK (max_auto_budget_change >= 0),
    max_auto_change_percent NUMERIC(5,2) CONSTRAINT ai_user_preferences_max_auto_change_percent_check CHECK (max_auto_change_percent BETWEEN 0 AND 100),
    alert_min_severity TEXT NOT NULL DEFAULT 'medium' CONSTRAINT ai_user_preferences_alert_min_severity_check CHECK (alert_min_severity IN ('low', 'medium', 'high', 'critical')),
    notification_channels TEXT[] NOT NULL DEFAULT '{}',
    notification_preferences JSONB NOT NULL DEFAULT '{}',
    preference_value JSONB NOT NULL DEFAULT '{}',
    is_enabled BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ai_user_preferences_user_preference_key UNIQUE (user_id, preference_key)
)`,
  // user_id is served by ai_user_preferences_user_preference_key (its leading column).
  `CREATE INDEX idx_ai_user_preferences_account_id ON public.ai_user_preferences (account_id)`,
  touch("public.ai_user_preferences"),

  // 19. Append-only compliance audit log; previous_hash/row_hash are reserved for the hash chain
  `CREATE TABLE public.ai_audit_trail (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_type TEXT NOT NULL CONSTRAINT ai_audit_trail_actor_type_check CHECK (actor_type IN ('user', 'service', 'system')),
    actor_id TEXT,
    action TEXT NOT NULL CONSTRAINT ai_audit_trail_action_check CHECK (length(action) > 0),
    entity_type TEXT NOT NULL CONSTRAINT ai_audit_trail_entity_type_check CHECK (length(entity_type) > 0),
    entity_id TEXT,
    before_state JSONB,
    after_state JSONB,
    reason TEXT,
    correlation_id TEXT,
    metadata JSONB NOT NULL DEFAULT '{}',
    previous_hash TEXT,
    row_hash TEXT
)`,
  `CREATE INDEX idx_ai_audit_trail_account_occurred ON public.ai_audit_trail (account_id, occurred_at DESC)`,
  `CREATE INDEX idx_ai_audit_trail_entity ON public.ai_audit_trail (entity_type, entity_id)`,
  `CREATE INDEX idx_ai_audit_trail_occurred_at ON public.ai_audit_trail (occurred_at DESC)`,

  // 20. Industry benchmarking data: percentiles of a metric per industry, platform and period
  `CREATE TABLE public.ai_performance_benchmarks (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE,
    industry TEXT NOT NULL CONSTRAINT ai_performance_benchmarks_industry_check CHECK (length(industry) > 0),
    platform TEXT CONSTRAINT ai_performance_benchmarks_platform_check CHECK (length(platform) > 0),
    region TEXT,
    metric_name TEXT NOT NULL CONSTRAINT ai_performance_benchmarks_metric_name_check CHECK (length(metric_name) > 0),
    unit TEXT,
    p25 NUMERIC(14,4),
    p50 NUMERIC(14,4) NOT NULL,
    p75 NUMERIC(14,4),
    sample_size INTEGER CONSTRAINT ai_performance_benchmarks_sample_size_check CHECK (sample_size >= 0),
    period TEXT NOT NULL CONSTRAINT ai_performance_benchmarks_period_check CHECK (period IN ('monthly', 'quarterly', 'yearly')),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    source TEXT NOT NULL CONSTRAINT ai_performance_benchmarks_source_check CHECK (length(source) > 0),
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ai_performance_benchmarks_period_range_check CHECK (period_end >= period_start),
    CONSTRAINT ai_performance_benchmarks_percentiles_check CHECK (p25 <= p50 AND p50 <= p75)
)`,
  `CREATE INDEX idx_ai_performance_benchmarks_account_id ON public.ai_performance_benchmarks (account_id)`,
  `CREATE INDEX idx_ai_performance_benchmarks_lookup ON public.ai_performance_benchmarks (industry, metric_name, platform, period_start DESC)`,
  touch("public.ai_performance_benchmarks")
]
