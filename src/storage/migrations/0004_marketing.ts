/**
 * Migration 0004: the ad platform's core tables that seed 003 refers to but
 * does not define: campaigns, ad_groups, keywords, audiences and
 * campaign_daily_metrics.
 *
 * Every table carries `account_id NOT NULL` (the tenant, for row-level
 * security over an indexed column). A child's account is the parent's: the
 * child references the parent by `(id, account_id)`, so a keyword can never
 * belong to another account's ad group.
 *
 * Money is `numeric(12,2)` in the campaign's `currency`. Derived values (CTR,
 * CPC, CPA, ROAS) are not stored: they are computed from the daily metrics.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "marketing: campaigns, ad_groups, keywords, audiences, campaign_daily_metrics"

const touch = (table: string) =>
  `CREATE TRIGGER ${table.replace(/^.*\./, "")}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE TABLE public.campaigns (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL CONSTRAINT campaigns_name_check CHECK (length(name) > 0),
    platform TEXT NOT NULL CONSTRAINT campaigns_platform_check CHECK (platform ~ '^[a-z][a-z0-9_]*$'),
    external_id TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'active', 'paused', 'completed', 'archived')),
    objective TEXT CONSTRAINT campaigns_objective_check CHECK (objective IN ('awareness', 'traffic', 'engagement', 'leads', 'app_promotion', 'sales')),
    channel TEXT CONSTRAINT campaigns_channel_check CHECK (channel IN ('search', 'display', 'video', 'shopping', 'social', 'app', 'multi_channel')),
    daily_budget NUMERIC(12,2) CONSTRAINT campaigns_daily_budget_check CHECK (daily_budget >= 0),
    lifetime_budget NUMERIC(12,2) CONSTRAINT campaigns_lifetime_budget_check CHECK (lifetime_budget >= 0),
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT campaigns_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    start_date DATE,
    end_date DATE,
    bid_strategy TEXT CONSTRAINT campaigns_bid_strategy_check CHECK (bid_strategy IN ('manual_cpc', 'enhanced_cpc', 'maximize_clicks', 'maximize_conversions', 'maximize_conversion_value', 'target_cpa', 'target_roas', 'target_impression_share', 'lowest_cost', 'cost_cap', 'bid_cap')),
    target_cpa NUMERIC(12,2) CONSTRAINT campaigns_target_cpa_check CHECK (target_cpa > 0),
    target_roas NUMERIC(8,2) CONSTRAINT campaigns_target_roas_check CHECK (target_roas > 0),
    settings JSONB NOT NULL DEFAULT '{}',
    last_synced_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT campaigns_id_account_key UNIQUE (id, account_id),
    CONSTRAINT campaigns_schedule_check CHECK (end_date >= start_date)
)`,
  `CREATE INDEX idx_campaigns_account_status ON public.campaigns (account_id, status)`,
  `CREATE UNIQUE INDEX campaigns_platform_external_id_key ON public.campaigns (account_id, platform, external_id) WHERE external_id IS NOT NULL`,
  touch("public.campaigns"),

  `CREATE TABLE public.ad_groups (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    campaign_id UUID NOT NULL,
    name TEXT NOT NULL CONSTRAINT ad_groups_name_check CHECK (length(name) > 0),
    external_id TEXT,
    status TEXT NOT NULL DEFAULT 'active' CONSTRAINT ad_groups_status_check CHECK (status IN ('active', 'paused', 'archived')),
    default_max_cpc NUMERIC(12,2) CONSTRAINT ad_groups_default_max_cpc_check CHECK (default_max_cpc >= 0),
    targeting JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ad_groups_campaign_fkey FOREIGN KEY (campaign_id, account_id) REFERENCES public.campaigns (id, account_id) ON DELETE CASCADE,
    CONSTRAINT ad_groups_id_account_key UNIQUE (id, account_id)
)`,
  `CREATE INDEX idx_ad_groups_account_id ON public.ad_groups (account_id)`,
  `CREATE INDEX idx_ad_groups_campaign_account ON public.ad_groups (campaign_id, account_id)`,
  touch("public.ad_groups"),

  `CREATE TABLE public.keywords (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    ad_group_id UUID NOT NULL,
    text TEXT NOT NULL CONSTRAINT keywords_text_check CHECK (length(text) BETWEEN 1 AND 80),
    match_type TEXT NOT NULL CONSTRAINT keywords_match_type_check CHECK (match_type IN ('exact', 'phrase', 'broad')),
    is_negative BOOLEAN NOT NULL DEFAULT false,
    max_cpc NUMERIC(12,2) CONSTRAINT keywords_max_cpc_check CHECK (max_cpc >= 0),
    status TEXT NOT NULL DEFAULT 'active' CONSTRAINT keywords_status_check CHECK (status IN ('active', 'paused', 'archived')),
    quality_score INTEGER CONSTRAINT keywords_quality_score_check CHECK (quality_score BETWEEN 1 AND 10),
    external_id TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT keywords_ad_group_fkey FOREIGN KEY (ad_group_id, account_id) REFERENCES public.ad_groups (id, account_id) ON DELETE CASCADE
)`,
  `CREATE INDEX idx_keywords_account_id ON public.keywords (account_id)`,
  // also serves the (ad_group_id, account_id) foreign key's lookups by ad_group_id
  `CREATE UNIQUE INDEX keywords_ad_group_text_match_key ON public.keywords (ad_group_id, lower(text), match_type, is_negative)`,
  touch("public.keywords"),

  `CREATE TABLE public.audiences (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL CONSTRAINT audiences_name_check CHECK (length(name) > 0),
    audience_type TEXT NOT NULL DEFAULT 'custom' CONSTRAINT audiences_audience_type_check CHECK (audience_type IN ('custom', 'lookalike', 'remarketing', 'customer_list', 'interest', 'demographic')),
    platform TEXT CONSTRAINT audiences_platform_check CHECK (platform ~ '^[a-z][a-z0-9_]*$'),
    external_id TEXT,
    description TEXT,
    definition JSONB NOT NULL DEFAULT '{}',
    size_estimate INTEGER CONSTRAINT audiences_size_estimate_check CHECK (size_estimate >= 0),
    size_estimated_at TIMESTAMPTZ,
    status TEXT NOT NULL DEFAULT 'active' CONSTRAINT audiences_status_check CHECK (status IN ('building', 'active', 'too_small', 'archived')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_audiences_account_id ON public.audiences (account_id)`,
  touch("public.audiences"),

  `CREATE TABLE public.campaign_daily_metrics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    campaign_id UUID NOT NULL,
    metric_date DATE NOT NULL,
    impressions INTEGER NOT NULL DEFAULT 0 CONSTRAINT campaign_daily_metrics_impressions_check CHECK (impressions >= 0),
    clicks INTEGER NOT NULL DEFAULT 0 CONSTRAINT campaign_daily_metrics_clicks_check CHECK (clicks >= 0),
    conversions NUMERIC(12,2) NOT NULL DEFAULT 0 CONSTRAINT campaign_daily_metrics_conversions_check CHECK (conversions >= 0),
    spend NUMERIC(12,2) NOT NULL DEFAULT 0 CONSTRAINT campaign_daily_metrics_spend_check CHECK (spend >= 0),
    revenue NUMERIC(12,2) NOT NULL DEFAULT 0 CONSTRAINT campaign_daily_metrics_revenue_check CHECK (revenue >= 0),
    reach INTEGER CONSTRAINT campaign_daily_metrics_reach_check CHECK (reach >= 0),
    video_views INTEGER CONSTRAINT campaign_daily_metrics_video_views_check CHECK (video_views >= 0),
    view_through_conversions NUMERIC(12,2) CONSTRAINT campaign_daily_metrics_view_through_conversions_check CHECK (view_through_conversions >= 0),
    search_impression_share NUMERIC(5,2) CONSTRAINT campaign_daily_metrics_search_impression_share_check CHECK (search_impression_share BETWEEN 0 AND 100),
    is_final BOOLEAN NOT NULL DEFAULT false,
    synced_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT campaign_daily_metrics_campaign_fkey FOREIGN KEY (campaign_id, account_id) REFERENCES public.campaigns (id, account_id) ON DELETE CASCADE,
    CONSTRAINT campaign_daily_metrics_campaign_id_metric_date_key UNIQUE (campaign_id, metric_date)
)`,
  `CREATE INDEX idx_campaign_daily_metrics_account_date ON public.campaign_daily_metrics (account_id, metric_date DESC)`,
  touch("public.campaign_daily_metrics")
]
