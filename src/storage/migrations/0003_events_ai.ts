/**
 * Migration 0003: every table of seed 000 (AI event management), with the
 * seed's columns, types, defaults, nullability, CHECKs, foreign keys, indexes
 * and business-logic constraints, plus `ai_schema_versions` and its first row.
 *
 * The two tables seed 003 also defines (`ai_recommendations`,
 * `ai_model_versions`) live in the `events_ai` schema; the rest in `public`.
 *
 * Deviations from the seed (see docs/schema-events.md):
 * - `ai_agents.type`: the seed's `CHECK (type IN (...20 types...))` is a foreign
 *   key to the `ai_agent_types` lookup table, seeded here with exactly those 20
 *   types; plugins register more by inserting rows.
 * - `ai_agents.account_id` (nullable; NULL = platform agent) gives agents an
 *   owning account, which the seed's RLS policy needs.
 * - `updated_at` columns are kept current by `ringmaster_touch_updated_at()`.
 * - Indexes on foreign-key columns the seed leaves unindexed (`idx_fk_…`).
 * - Retention "policies" and RLS policies are not here (retention is a job;
 *   RLS comes with the tenancy migration).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "events_ai: the 17 tables of seed 000 (AI event management), ai_agent_types"

/**
 * The 20 agent types of seed 000's `ai_agents.type` CHECK, in the seed's order,
 * with the description the `ai_agent_types` row gets.
 *
 * @since 0.1.0
 * @category constants
 */
export const builtinAgentTypes: ReadonlyArray<readonly [name: string, description: string]> = [
  ["content", "Generates event descriptions, session titles, speaker bios, emails and social posts"],
  ["recommendation", "Recommends sessions, people, sponsors, content and activities to attendees"],
  ["networking", "Matches attendees for meetings and suggests introductions"],
  ["analytics", "Analyses attendance, engagement and revenue data"],
  ["support", "Answers attendee and organiser questions"],
  ["marketing", "Plans and personalises event promotion"],
  ["onsite", "Coordinates real-time on-site operations (check-in, queues, rooms)"],
  ["sponsorship", "Manages sponsor packages, leads and sponsor value reporting"],
  ["feedback", "Collects and analyses session and event feedback"],
  ["scheduling", "Builds and adjusts the session schedule"],
  ["sales", "Drives ticket and sponsorship sales"],
  ["procurement", "Sources vendors and services for the event"],
  ["insights", "Turns event data into actionable insights"],
  ["engagement", "Keeps attendees engaged before, during and after the event"],
  ["voice", "Voice assistant for attendees and staff"],
  ["behavior", "Models attendee behaviour and predicts churn and engagement"],
  ["reporting", "Produces reports for organisers and sponsors"],
  ["hybrid", "Bridges in-person and virtual attendance"],
  ["emotion", "Reads sentiment and emotion in feedback and interactions"],
  ["sustainability", "Tracks and reduces the event's environmental footprint"]
]

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`

const touch = (qualifiedTable: string, name: string) =>
  `CREATE TRIGGER ${name}_touch_updated_at BEFORE UPDATE ON ${qualifiedTable} FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE SCHEMA IF NOT EXISTS events_ai`,

  // ---- Ringmaster: the agent-type registry that replaces the seed's CHECK on ai_agents.type
  `CREATE TABLE public.ai_agent_types (
    name TEXT PRIMARY KEY CHECK (length(name) > 0),
    description TEXT,
    origin TEXT NOT NULL DEFAULT 'builtin',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `INSERT INTO public.ai_agent_types (name, description) VALUES\n${
    builtinAgentTypes.map(([name, text]) => `    (${sqlString(name)}, ${sqlString(text)})`).join(",\n")
  }\nON CONFLICT (name) DO NOTHING`,

  // ---- 1. AI Agent Management
  `CREATE TABLE public.ai_agents (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (length(type) > 0) REFERENCES public.ai_agent_types(name) ON UPDATE CASCADE,
    status TEXT DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'training', 'maintenance')),
    version TEXT NOT NULL,
    configuration JSONB NOT NULL DEFAULT '{}',
    performance_metrics JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now(),
    account_id UUID REFERENCES public.accounts(id) ON DELETE CASCADE
)`,

  `CREATE TABLE public.ai_agent_performance (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID NOT NULL REFERENCES public.ai_agents(id) ON DELETE CASCADE,
    metric_name TEXT NOT NULL,
    metric_value DECIMAL(10,4) NOT NULL,
    measurement_date TIMESTAMPTZ NOT NULL,
    context JSONB DEFAULT '{}',
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 2. AI Workflow Management
  `CREATE TABLE public.ai_workflows (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL,
    description TEXT,
    workflow_type TEXT NOT NULL CHECK (workflow_type IN (
        'content_generation', 'attendee_personalization', 'sponsor_management',
        'real_time_operations', 'analytics_insights', 'predictive_maintenance'
    )),
    status TEXT DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
    configuration JSONB NOT NULL DEFAULT '{}',
    steps JSONB NOT NULL DEFAULT '[]',
    triggers JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE public.ai_workflow_executions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID NOT NULL REFERENCES public.ai_workflows(id) ON DELETE CASCADE,
    event_id UUID REFERENCES public.events(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    started_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ,
    input_data JSONB DEFAULT '{}',
    output_data JSONB DEFAULT '{}',
    error_log JSONB DEFAULT '{}',
    performance_metrics JSONB DEFAULT '{}',
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 3. AI Learning & Training Data
  `CREATE TABLE public.ai_training_data (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID NOT NULL REFERENCES public.ai_agents(id) ON DELETE CASCADE,
    data_type TEXT NOT NULL CHECK (data_type IN (
        'content', 'behavior', 'feedback', 'performance', 'interaction'
    )),
    source_event_id UUID REFERENCES public.events(id) ON DELETE SET NULL,
    source_user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    raw_data JSONB NOT NULL,
    processed_data JSONB,
    quality_score DECIMAL(3,2) CHECK (quality_score >= 0 AND quality_score <= 1),
    is_verified BOOLEAN DEFAULT false,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE events_ai.ai_model_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID NOT NULL REFERENCES public.ai_agents(id) ON DELETE CASCADE,
    version_number TEXT NOT NULL,
    model_path TEXT NOT NULL,
    training_data_size INTEGER NOT NULL,
    performance_metrics JSONB NOT NULL DEFAULT '{}',
    hyperparameters JSONB DEFAULT '{}',
    is_active BOOLEAN DEFAULT false,
    deployed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 4. AI Recommendations & Personalization
  `CREATE TABLE events_ai.ai_recommendations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    recommendation_type TEXT NOT NULL CHECK (recommendation_type IN (
        'session', 'networking', 'sponsor', 'content', 'activity'
    )),
    recommended_item_id UUID NOT NULL,
    recommended_item_type TEXT NOT NULL,
    confidence_score DECIMAL(3,2) NOT NULL CHECK (confidence_score >= 0 AND confidence_score <= 1),
    reasoning JSONB DEFAULT '{}',
    is_accepted BOOLEAN,
    feedback_score INTEGER CHECK (feedback_score >= 1 AND feedback_score <= 5),
    created_at TIMESTAMPTZ DEFAULT now(),
    expires_at TIMESTAMPTZ
)`,

  `CREATE TABLE public.user_preferences (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
    preference_type TEXT NOT NULL,
    preference_value JSONB NOT NULL,
    confidence_level DECIMAL(3,2) DEFAULT 0.5,
    source TEXT DEFAULT 'explicit' CHECK (source IN ('explicit', 'inferred', 'behavioral')),
    last_updated TIMESTAMPTZ DEFAULT now(),
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 5. AI Analytics & Insights
  `CREATE TABLE public.ai_insights (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    insight_type TEXT NOT NULL CHECK (insight_type IN (
        'attendee_behavior', 'sponsor_performance', 'content_engagement',
        'networking_success', 'revenue_optimization', 'operational_efficiency'
    )),
    insight_title TEXT NOT NULL,
    insight_description TEXT NOT NULL,
    insight_data JSONB NOT NULL,
    confidence_score DECIMAL(3,2) NOT NULL,
    impact_score DECIMAL(3,2) NOT NULL,
    actionable_items JSONB DEFAULT '[]',
    generated_by_agent_id UUID REFERENCES public.ai_agents(id) ON DELETE SET NULL,
    is_implemented BOOLEAN DEFAULT false,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE public.ai_predictions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID REFERENCES public.events(id) ON DELETE CASCADE,
    prediction_type TEXT NOT NULL CHECK (prediction_type IN (
        'attendance', 'engagement', 'revenue', 'churn', 'satisfaction'
    )),
    predicted_value DECIMAL(10,4) NOT NULL,
    confidence_interval JSONB NOT NULL,
    prediction_horizon INTEGER NOT NULL, -- days ahead
    model_version TEXT NOT NULL,
    input_features JSONB NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
)`,

  // ---- 6. AI Content Management
  `CREATE TABLE public.ai_generated_content (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    content_type TEXT NOT NULL CHECK (content_type IN (
        'event_description', 'session_title', 'speaker_bio', 'email_template',
        'social_post', 'proposal', 'report', 'presentation'
    )),
    source_event_id UUID REFERENCES public.events(id) ON DELETE SET NULL,
    source_user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    metadata JSONB DEFAULT '{}',
    quality_score DECIMAL(3,2),
    is_approved BOOLEAN DEFAULT false,
    approved_by UUID REFERENCES public.users(id) ON DELETE SET NULL,
    approved_at TIMESTAMPTZ,
    generated_by_agent_id UUID REFERENCES public.ai_agents(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE public.content_templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    template_name TEXT NOT NULL,
    template_type TEXT NOT NULL,
    template_content TEXT NOT NULL,
    variables JSONB DEFAULT '[]',
    brand_guidelines JSONB DEFAULT '{}',
    usage_count INTEGER DEFAULT 0,
    success_rate DECIMAL(3,2) DEFAULT 0.0,
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 7. AI Communication & Automation
  `CREATE TABLE public.ai_communications (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    communication_type TEXT NOT NULL CHECK (communication_type IN (
        'email', 'sms', 'push_notification', 'in_app_message'
    )),
    recipient_id UUID NOT NULL,
    recipient_type TEXT NOT NULL CHECK (recipient_type IN ('user', 'attendee', 'sponsor')),
    subject TEXT,
    content TEXT NOT NULL,
    personalization_data JSONB DEFAULT '{}',
    send_scheduled_at TIMESTAMPTZ,
    sent_at TIMESTAMPTZ,
    delivery_status TEXT DEFAULT 'pending' CHECK (delivery_status IN (
        'pending', 'sent', 'delivered', 'opened', 'clicked', 'failed'
    )),
    engagement_metrics JSONB DEFAULT '{}',
    generated_by_agent_id UUID REFERENCES public.ai_agents(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE public.automation_rules (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    rule_name TEXT NOT NULL,
    rule_type TEXT NOT NULL CHECK (rule_type IN (
        'trigger', 'condition', 'action', 'sequence'
    )),
    trigger_conditions JSONB NOT NULL,
    action_definitions JSONB NOT NULL,
    is_active BOOLEAN DEFAULT true,
    execution_count INTEGER DEFAULT 0,
    success_rate DECIMAL(3,2) DEFAULT 0.0,
    last_executed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- 8. AI Performance & Monitoring
  `CREATE TABLE public.ai_performance_metrics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID NOT NULL REFERENCES public.ai_agents(id) ON DELETE CASCADE,
    metric_category TEXT NOT NULL CHECK (metric_category IN (
        'accuracy', 'precision', 'recall', 'latency', 'throughput', 'cost'
    )),
    metric_name TEXT NOT NULL,
    metric_value DECIMAL(10,4) NOT NULL,
    measurement_context JSONB DEFAULT '{}',
    measurement_timestamp TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  `CREATE TABLE public.ai_error_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID REFERENCES public.ai_agents(id) ON DELETE SET NULL,
    workflow_id UUID REFERENCES public.ai_workflows(id) ON DELETE SET NULL,
    error_type TEXT NOT NULL,
    error_message TEXT NOT NULL,
    error_context JSONB DEFAULT '{}',
    stack_trace TEXT,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    is_resolved BOOLEAN DEFAULT false,
    resolved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT now()
)`,

  // ---- Data Migration & Versioning
  `CREATE TABLE public.ai_schema_versions (
    version TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ DEFAULT now(),
    description TEXT,
    migration_script TEXT
)`,

  // ---- Performance Optimization Indexes (seed 000, names as in the seed)
  `CREATE INDEX idx_ai_agent_performance_agent_date ON public.ai_agent_performance(agent_id, measurement_date)`,
  `CREATE INDEX idx_ai_agent_performance_metric ON public.ai_agent_performance(metric_name, measurement_date)`,
  `CREATE INDEX idx_ai_recommendations_user_event ON events_ai.ai_recommendations(user_id, event_id)`,
  `CREATE INDEX idx_ai_recommendations_type_confidence ON events_ai.ai_recommendations(recommendation_type, confidence_score)`,
  `CREATE INDEX idx_ai_recommendations_expires ON events_ai.ai_recommendations(expires_at) WHERE expires_at IS NOT NULL`,
  `CREATE INDEX idx_ai_insights_event_type ON public.ai_insights(event_id, insight_type)`,
  `CREATE INDEX idx_ai_insights_confidence_impact ON public.ai_insights(confidence_score, impact_score)`,
  `CREATE INDEX idx_ai_insights_created ON public.ai_insights(created_at DESC)`,
  `CREATE INDEX idx_ai_predictions_event_type ON public.ai_predictions(event_id, prediction_type)`,
  `CREATE INDEX idx_ai_predictions_horizon ON public.ai_predictions(prediction_horizon)`,
  `CREATE INDEX idx_ai_predictions_expires ON public.ai_predictions(expires_at)`,
  `CREATE INDEX idx_ai_communications_recipient ON public.ai_communications(recipient_id, recipient_type)`,
  `CREATE INDEX idx_ai_communications_status ON public.ai_communications(delivery_status)`,
  `CREATE INDEX idx_ai_communications_scheduled ON public.ai_communications(send_scheduled_at) WHERE send_scheduled_at IS NOT NULL`,
  `CREATE INDEX idx_ai_performance_agent_category ON public.ai_performance_metrics(agent_id, metric_category)`,
  `CREATE INDEX idx_ai_performance_timestamp ON public.ai_performance_metrics(measurement_timestamp DESC)`,

  // ---- Business Logic Constraints (seed 000, names as in the seed; some repeat an inline CHECK, as in the seed)
  `ALTER TABLE events_ai.ai_recommendations ADD CONSTRAINT check_confidence_score
CHECK (confidence_score >= 0.0 AND confidence_score <= 1.0)`,
  `ALTER TABLE public.ai_predictions ADD CONSTRAINT check_prediction_horizon
CHECK (prediction_horizon > 0)`,
  `ALTER TABLE public.ai_training_data ADD CONSTRAINT check_quality_score
CHECK (quality_score >= 0.0 AND quality_score <= 1.0)`,
  `ALTER TABLE events_ai.ai_recommendations ADD CONSTRAINT check_feedback_score
CHECK (feedback_score IS NULL OR (feedback_score >= 1 AND feedback_score <= 5))`,

  // ---- Ringmaster: indexes on foreign-key columns the seed leaves unindexed
  // (cascading deletes and joins on them would otherwise scan the whole child table)
  `CREATE INDEX idx_fk_ai_agents_type ON public.ai_agents(type)`,
  `CREATE INDEX idx_fk_ai_agents_account_id ON public.ai_agents(account_id)`,
  `CREATE INDEX idx_fk_ai_workflow_executions_workflow_id ON public.ai_workflow_executions(workflow_id)`,
  `CREATE INDEX idx_fk_ai_workflow_executions_event_id ON public.ai_workflow_executions(event_id)`,
  `CREATE INDEX idx_fk_ai_training_data_agent_id ON public.ai_training_data(agent_id)`,
  `CREATE INDEX idx_fk_ai_training_data_source_event_id ON public.ai_training_data(source_event_id)`,
  `CREATE INDEX idx_fk_ai_training_data_source_user_id ON public.ai_training_data(source_user_id)`,
  `CREATE INDEX idx_fk_ai_model_versions_agent_id ON events_ai.ai_model_versions(agent_id)`,
  `CREATE INDEX idx_fk_ai_recommendations_event_id ON events_ai.ai_recommendations(event_id)`,
  `CREATE INDEX idx_fk_user_preferences_user_id ON public.user_preferences(user_id)`,
  `CREATE INDEX idx_fk_ai_insights_generated_by_agent_id ON public.ai_insights(generated_by_agent_id)`,
  `CREATE INDEX idx_fk_ai_generated_content_source_event_id ON public.ai_generated_content(source_event_id)`,
  `CREATE INDEX idx_fk_ai_generated_content_source_user_id ON public.ai_generated_content(source_user_id)`,
  `CREATE INDEX idx_fk_ai_generated_content_approved_by ON public.ai_generated_content(approved_by)`,
  `CREATE INDEX idx_fk_ai_generated_content_generated_by_agent_id ON public.ai_generated_content(generated_by_agent_id)`,
  `CREATE INDEX idx_fk_ai_communications_generated_by_agent_id ON public.ai_communications(generated_by_agent_id)`,
  `CREATE INDEX idx_fk_ai_error_logs_agent_id ON public.ai_error_logs(agent_id)`,
  `CREATE INDEX idx_fk_ai_error_logs_workflow_id ON public.ai_error_logs(workflow_id)`,

  // ---- Ringmaster: keep updated_at current
  touch("public.ai_agent_types", "ai_agent_types"),
  touch("public.ai_agents", "ai_agents"),
  touch("public.ai_workflows", "ai_workflows"),
  touch("public.content_templates", "content_templates"),
  touch("public.automation_rules", "automation_rules"),

  // ---- Insert current version (seed 000)
  `INSERT INTO public.ai_schema_versions (version, description)
VALUES ('1.0.0', 'Initial AI data schema implementation')
ON CONFLICT DO NOTHING`
]
