/**
 * Migration 0011: tenancy and row-level security.
 *
 * - Roles: `ringmaster_owner` owns every table (migrations run as the
 *   connecting, migrating role and hand the tables to it);
 *   `ringmaster_app` is the ordinary role the library's queries run as
 *   (each transaction switches to it with `set_config('role', …, true)`).
 *   Both are `NOLOGIN`; neither is a superuser or has `BYPASSRLS`.
 * - `auth.uid()` as in Supabase (created only when the host has none):
 *   the `request.jwt.claim.sub` setting of the current transaction, `NULL`
 *   when unset or empty, so nothing leaks between transactions on a pooled
 *   connection.
 * - Helpers in schema `ringmaster` (`SECURITY DEFINER`, owned by the
 *   migrating role, `search_path` pinned): `actor_kind()`, `is_system()`,
 *   `member_accounts()`, `admin_accounts()`, `owner_accounts()`,
 *   `member_events()`. A user's accounts are their `account_users` rows; a
 *   service actor's is the one account it acts for; the system actor sees
 *   every row (it exists for migrations and jobs).
 * - Six event-side tables that had no path to an account gain `account_id`
 *   (and the six safety-envelope tables too), defaulting to the acting
 *   account (`ringmaster.account_id` setting); a row written by the system
 *   actor without one belongs to no account and only the system sees it.
 * - Every table of both seeds, the core tables and Ringmaster's own gets
 *   `ENABLE` and `FORCE ROW LEVEL SECURITY` with one policy per command,
 *   written as `(select …)` over indexed columns so the planner evaluates
 *   each helper once per statement. The chain each table follows is listed
 *   in {@link tenancy} and documented in `docs/schema.md`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "tenancy: auth.uid(), roles, account_id where missing, row-level security on every table"

/**
 * Who may write a table's rows, beside the system actor: any member of the
 * row's account, or its admins and owners only.
 *
 * @since 0.1.0
 * @category models
 */
export type Writers = "member" | "admin"

/**
 * How a table's rows belong to an account.
 *
 * - `account`: its own `account_id` column.
 * - `event`: its `event_id`, through `events.account_id`.
 * - `parent`: a not-null foreign key to another table, whose policy applies.
 * - `user`: rows of one user (visible to that user, to the service actors of
 *   the row's account, and to the system), as seed 000 says of
 *   recommendations, communications and preferences.
 * - `global`: a catalogue every actor may read and only the system writes.
 * - `custom`: accounts, users, memberships, the audit trail and API keys.
 *
 * @since 0.1.0
 * @category models
 */
export type Chain =
  | { readonly kind: "account"; readonly writers: Writers; readonly sharedWhenNull?: boolean }
  | { readonly kind: "event"; readonly writers: Writers }
  | { readonly kind: "parent"; readonly column: string; readonly parent: string }
  | { readonly kind: "user"; readonly column: string }
  | { readonly kind: "global" }
  | { readonly kind: "custom"; readonly chain: string }

/**
 * One table's tenancy: its qualified name, its chain, and the four
 * policies' expressions (`USING` for select, update and delete; `WITH CHECK`
 * for insert and update).
 *
 * @since 0.1.0
 * @category models
 */
export interface Tenancy {
  readonly table: string
  readonly chain: Chain
  readonly select: string
  readonly insert: string
  readonly update: string
  readonly delete: string
}

const system = "(SELECT ringmaster.is_system())"
const uid = "(SELECT auth.uid())"
const isService = "(SELECT ringmaster.actor_kind()) = 'service'"
const members = (column = "account_id") => `${column} = ANY ((SELECT ringmaster.member_accounts())::uuid[])`
const admins = (column = "account_id") => `${column} = ANY ((SELECT ringmaster.admin_accounts())::uuid[])`
const owners = (column = "account_id") => `${column} = ANY ((SELECT ringmaster.owner_accounts())::uuid[])`
const events = (column = "event_id") => `${column} = ANY ((SELECT ringmaster.member_events())::uuid[])`
const or = (...parts: ReadonlyArray<string>) => parts.join(" OR ")

const same = (table: string, chain: Chain, read: string, write: string): Tenancy => ({
  table,
  chain,
  select: read,
  insert: write,
  update: write,
  delete: write
})

const byAccount = (table: string, writers: Writers, sharedWhenNull = false): Tenancy => {
  const read = sharedWhenNull ? or(system, "account_id IS NULL", members()) : or(system, members())
  return same(table, { kind: "account", writers, ...(sharedWhenNull ? { sharedWhenNull } : {}) }, read, or(system, writers === "admin" ? admins() : members()))
}

const byEvent = (table: string): Tenancy => same(table, { kind: "event", writers: "member" }, or(system, events()), or(system, events()))

const byParent = (table: string, column: string, parent: string): Tenancy => {
  const visible = or(system, `EXISTS (SELECT 1 FROM ${parent} p WHERE p.id = ${table.split(".")[1]}.${column})`)
  return same(table, { kind: "parent", column, parent }, visible, visible)
}

const global = (table: string): Tenancy => same(table, { kind: "global" }, "true", system)

/**
 * The tenancy of every table, in the order the policies are created.
 *
 * @since 0.1.0
 * @category tenancy
 */
export const tenancy: ReadonlyArray<Tenancy> = [
  // --- core ------------------------------------------------------------------
  {
    table: "public.accounts",
    chain: { kind: "custom", chain: "itself: members read it, admins and owners change it, owners delete it, the system creates it" },
    select: or(system, members("id")),
    insert: system,
    update: or(system, admins("id")),
    delete: or(system, owners("id"))
  },
  {
    table: "public.account_users",
    chain: { kind: "custom", chain: "account_id: members see the account's memberships (and everyone their own), admins and owners change them" },
    select: or(system, `user_id = ${uid}`, members()),
    insert: or(system, admins()),
    update: or(system, admins()),
    delete: or(system, admins())
  },
  {
    table: "public.users",
    chain: {
      kind: "custom",
      chain: "a user sees themselves, the members of their accounts and the attendees of their accounts' events; the system creates users"
    },
    select: or(
      system,
      `id = ${uid}`,
      "EXISTS (SELECT 1 FROM public.account_users au WHERE au.user_id = users.id)",
      "EXISTS (SELECT 1 FROM public.attendees a WHERE a.user_id = users.id)"
    ),
    insert: system,
    update: or(system, `id = ${uid}`),
    delete: system
  },
  // --- the event platform ------------------------------------------------------
  byAccount("public.venues", "member"),
  byAccount("public.events", "member"),
  byEvent("public.tracks"),
  byEvent("public.rooms"),
  byEvent("public.sessions"),
  byEvent("public.speakers"),
  byParent("public.session_speakers", "session_id", "public.sessions"),
  byEvent("public.attendees"),
  byParent("public.session_attendees", "session_id", "public.sessions"),
  byEvent("public.tickets"),
  byEvent("public.orders"),
  byParent("public.order_items", "order_id", "public.orders"),
  byEvent("public.sponsorship_packages"),
  byEvent("public.sponsors"),
  // --- seed 000: AI event management -------------------------------------------
  global("public.ai_agent_types"),
  global("public.ai_schema_versions"),
  byAccount("public.ai_agents", "admin"),
  byAccount("public.ai_workflows", "admin"),
  byEvent("public.ai_workflow_executions"),
  {
    table: "events_ai.ai_recommendations",
    chain: { kind: "user", column: "user_id" },
    select: or(system, `user_id = ${uid}`, `(${isService} AND ${events()})`),
    insert: or(system, `(${isService} AND ${events()})`),
    update: or(system, `user_id = ${uid}`, `(${isService} AND ${events()})`),
    delete: or(system, `(${isService} AND ${events()})`)
  },
  byEvent("public.ai_insights"),
  byEvent("public.ai_predictions"),
  byAccount("public.ai_generated_content", "member"),
  {
    table: "public.ai_communications",
    chain: { kind: "user", column: "recipient_id" },
    select: or(system, `recipient_id = ${uid}`, `(${isService} AND ${members()})`),
    insert: or(system, `(${isService} AND ${members()})`),
    update: or(system, `(${isService} AND ${members()})`),
    delete: or(system, `(${isService} AND ${members()})`)
  },
  byParent("public.ai_agent_performance", "agent_id", "public.ai_agents"),
  byParent("public.ai_performance_metrics", "agent_id", "public.ai_agents"),
  byParent("public.ai_training_data", "agent_id", "public.ai_agents"),
  byParent("events_ai.ai_model_versions", "agent_id", "public.ai_agents"),
  byAccount("public.ai_error_logs", "member"),
  {
    table: "public.user_preferences",
    chain: { kind: "user", column: "user_id" },
    select: or(system, `user_id = ${uid}`, `(${isService} AND EXISTS (SELECT 1 FROM public.attendees a WHERE a.user_id = user_preferences.user_id))`),
    insert: or(system, `user_id = ${uid}`, `(${isService} AND EXISTS (SELECT 1 FROM public.attendees a WHERE a.user_id = user_preferences.user_id))`),
    update: or(system, `user_id = ${uid}`, `(${isService} AND EXISTS (SELECT 1 FROM public.attendees a WHERE a.user_id = user_preferences.user_id))`),
    delete: or(system, `user_id = ${uid}`, `(${isService} AND EXISTS (SELECT 1 FROM public.attendees a WHERE a.user_id = user_preferences.user_id))`)
  },
  byAccount("public.automation_rules", "admin"),
  byAccount("public.content_templates", "member"),
  // --- the ad platform ---------------------------------------------------------
  byAccount("public.campaigns", "member"),
  byAccount("public.ad_groups", "member"),
  byAccount("public.keywords", "member"),
  byAccount("public.audiences", "member"),
  byAccount("public.campaign_daily_metrics", "member"),
  // --- seed 003: autonomous AI marketing ---------------------------------------
  byAccount("public.master_ai_cycles", "member"),
  byAccount("public.ai_decision_logs", "member"),
  byAccount("public.ai_integration_logs", "member"),
  byAccount("public.ai_workflow_states", "member"),
  byAccount("public.ai_learning_feedback", "member"),
  byAccount("public.ai_optimization_history", "member"),
  byAccount("public.ai_performance_scores", "member"),
  byAccount("public.ai_performance_benchmarks", "admin", true),
  byAccount("public.ai_smart_alerts", "member"),
  byAccount("public.ai_campaign_forecasts", "member"),
  byAccount("public.ai_automation_rules", "admin"),
  byAccount("public.ai_budget_management", "admin"),
  byAccount("public.ai_testing_experiments", "member"),
  byAccount("public.ai_risk_management", "member"),
  byAccount("public.ai_system_health", "member"),
  byAccount("public.ai_competitive_intelligence", "member"),
  byAccount("marketing_ai.ai_recommendations", "member"),
  byAccount("marketing_ai.ai_model_versions", "member"),
  {
    table: "public.ai_user_preferences",
    chain: { kind: "custom", chain: "account_id and user_id: a member's own row, and every row to the account's admins and services" },
    select: or(system, admins(), `(user_id = ${uid} AND ${members()})`),
    insert: or(system, admins(), `(user_id = ${uid} AND ${members()})`),
    update: or(system, admins(), `(user_id = ${uid} AND ${members()})`),
    delete: or(system, admins(), `(user_id = ${uid} AND ${members()})`)
  },
  {
    table: "public.ai_audit_trail",
    chain: {
      kind: "custom",
      chain: "account_id (no foreign key, so a deleted account's chain stays): members read it; every actor appends through ringmaster.audit_append, only the system inserts directly; only retention (as the system) prunes; nobody updates"
    },
    select: or(system, members()),
    insert: system,
    update: "false",
    delete: system
  },
  // --- Ringmaster's own bookkeeping ----------------------------------------------
  global("public.ringmaster_migrations"),
  byAccount("ringmaster.safety_requesters", "member"),
  byAccount("ringmaster.safety_entities", "member"),
  byAccount("ringmaster.safety_cooldowns", "member"),
  byAccount("ringmaster.safety_runs", "member"),
  byAccount("ringmaster.safety_outcomes", "member"),
  byAccount("ringmaster.safety_decisions", "member"),
  byAccount("ringmaster.platform_changes", "member"),
  {
    table: "ringmaster.api_keys",
    chain: { kind: "custom", chain: "account_id: the account's admins and owners (and a key's own user) see keys; admins and owners manage them" },
    select: or(system, admins(), `user_id = ${uid}`),
    insert: or(system, admins()),
    update: or(system, admins()),
    delete: or(system, admins())
  }
]

/**
 * The tables that gain an `account_id` here, with the index that serves
 * their policies.
 *
 * @since 0.1.0
 * @category tenancy
 */
export const accountColumnsAdded: ReadonlyArray<string> = [
  "public.ai_workflows",
  "public.automation_rules",
  "public.content_templates",
  "public.ai_generated_content",
  "public.ai_communications",
  "public.ai_error_logs",
  "ringmaster.safety_requesters",
  "ringmaster.safety_entities",
  "ringmaster.safety_cooldowns",
  "ringmaster.safety_runs",
  "ringmaster.safety_outcomes",
  "ringmaster.safety_decisions"
]

/**
 * The default of those columns: the acting account.
 *
 * @since 0.1.0
 * @category tenancy
 */
export const actingAccount = "nullif(current_setting('ringmaster.account_id', true), '')::uuid"

const indexName = (table: string) => `${table.split(".")[1]}_account_id_idx`

const definer = (name: string, returns: string, body: string) =>
  `CREATE FUNCTION ringmaster.${name}() RETURNS ${returns} LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ ${body} $$`

/**
 * A helper returning the accounts the actor holds a role in: a user's
 * `account_users` rows (filtered by `roleFilter`), a service's own account
 * when `services` hold that role, none otherwise.
 */
const accountsOf = (name: string, roleFilter: string, services: boolean) =>
  definer(
    name,
    "uuid[]",
    `SELECT CASE coalesce(current_setting('ringmaster.actor_kind', true), '')
      WHEN 'user' THEN coalesce((SELECT array_agg(au.account_id) FROM public.account_users au
        WHERE au.user_id = nullif(current_setting('request.jwt.claim.sub', true), '')::uuid${roleFilter}), '{}')
      ${services ? `WHEN 'service' THEN coalesce(array_remove(ARRAY[${actingAccount}], NULL), '{}')` : ""}
      ELSE '{}'::uuid[] END`
  )

const policies = (t: Tenancy): ReadonlyArray<string> => [
  `ALTER TABLE ${t.table} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE ${t.table} FORCE ROW LEVEL SECURITY`,
  `CREATE POLICY ringmaster_select ON ${t.table} FOR SELECT USING (${t.select})`,
  `CREATE POLICY ringmaster_insert ON ${t.table} FOR INSERT WITH CHECK (${t.insert})`,
  `CREATE POLICY ringmaster_update ON ${t.table} FOR UPDATE USING (${t.update}) WITH CHECK (${t.update})`,
  `CREATE POLICY ringmaster_delete ON ${t.table} FOR DELETE USING (${t.delete})`
]

const schemas = ["public", "ringmaster", "events_ai", "marketing_ai"] as const

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  // roles are per cluster: several databases of one server (or two concurrent
  // migrations) may race to create them
  `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringmaster_owner') THEN
    BEGIN CREATE ROLE ringmaster_owner NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringmaster_app') THEN
    BEGIN CREATE ROLE ringmaster_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  END IF;
END $$`,
  // the migrating role may switch to both (a superuser may anyway)
  `DO $$ BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT ringmaster_owner, ringmaster_app TO %I', current_user);
  END IF;
END $$`,

  `CREATE SCHEMA IF NOT EXISTS auth`,
  `DO $$ BEGIN
  IF to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
      AS 'SELECT nullif(current_setting(''request.jwt.claim.sub'', true), '''')::uuid';
  END IF;
END $$`,

  definer("actor_kind", "text", `SELECT coalesce(nullif(current_setting('ringmaster.actor_kind', true), ''), 'none')`),
  definer("is_system", "boolean", `SELECT coalesce(current_setting('ringmaster.actor_kind', true), '') = 'system'`),
  accountsOf("member_accounts", "", true),
  accountsOf("admin_accounts", " AND au.role IN ('owner', 'admin')", true),
  accountsOf("owner_accounts", " AND au.role = 'owner'", false),
  definer(
    "member_events",
    "uuid[]",
    `SELECT coalesce((SELECT array_agg(e.id) FROM public.events e WHERE e.account_id = ANY (ringmaster.member_accounts())), '{}')`
  ),

  // tables with no path to an account get one
  ...accountColumnsAdded.flatMap((table) => [
    `ALTER TABLE ${table} ADD COLUMN account_id UUID DEFAULT ${actingAccount} REFERENCES public.accounts(id) ON DELETE CASCADE`,
    `CREATE INDEX ${indexName(table)} ON ${table} (account_id)`
  ]),
  // the event seed's per-user rows are looked up by user
  `CREATE INDEX IF NOT EXISTS ai_communications_recipient_idx ON public.ai_communications (recipient_id)`,

  // the audit trail's helpers see every chain's head, and only retention prunes
  `ALTER FUNCTION ringmaster.audit_lock_heads(UUID[]) SECURITY DEFINER SET search_path = pg_catalog, public`,
  `CREATE OR REPLACE FUNCTION ringmaster.audit_prune(p_account UUID, p_through_seq INTEGER) RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  n INTEGER;
BEGIN
  IF NOT ringmaster.is_system() THEN
    RAISE EXCEPTION 'only the system actor prunes the audit trail' USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('ringmaster.audit_maintenance', 'prune', true);
  IF p_account IS NULL THEN
    DELETE FROM public.ai_audit_trail WHERE account_id IS NULL AND seq IS NOT NULL AND seq <= p_through_seq;
  ELSE
    DELETE FROM public.ai_audit_trail WHERE account_id = p_account AND seq IS NOT NULL AND seq <= p_through_seq;
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('ringmaster.audit_maintenance', '', true);
  RETURN n;
END
$$`,

  // the library appends through this function: only the system actor may
  // insert into the trail directly (the port's imports), and an entry must
  // continue its chain
  `CREATE FUNCTION ringmaster.audit_append(p_entries JSONB) RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  n INTEGER;
  broken TEXT;
BEGIN
  INSERT INTO public.ai_audit_trail (id, account_id, seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id,
      before_state, after_state, reason, correlation_id, metadata, previous_hash, row_hash)
    SELECT id, account_id, seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id,
      before_state, after_state, reason, correlation_id, metadata, previous_hash, row_hash
    FROM jsonb_populate_recordset(NULL::public.ai_audit_trail, p_entries);
  GET DIAGNOSTICS n = ROW_COUNT;
  SELECT format('%s seq %s', coalesce(e.account_id::text, 'system'), e.seq) INTO broken
    FROM jsonb_populate_recordset(NULL::public.ai_audit_trail, p_entries) e
    WHERE e.seq IS NULL OR (e.seq = 1 AND e.previous_hash IS NOT NULL) OR (e.seq > 1 AND NOT EXISTS (
      SELECT 1 FROM public.ai_audit_trail p
      WHERE p.account_id IS NOT DISTINCT FROM e.account_id AND p.seq = e.seq - 1 AND p.row_hash = e.previous_hash))
    LIMIT 1;
  IF broken IS NOT NULL THEN
    RAISE EXCEPTION 'audit entry % does not continue its chain', broken USING ERRCODE = 'check_violation';
  END IF;
  RETURN n;
END
$$`,

  ...tenancy.flatMap(policies),

  // ownership and grants
  ...tenancy.map((t) => `ALTER TABLE ${t.table} OWNER TO ringmaster_owner`),
  // the owner runs the foreign keys' cascades, so it needs the schemas too
  ...schemas.map((schema) => `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ringmaster_owner`),
  ...schemas.map((schema) => `GRANT USAGE ON SCHEMA ${schema} TO ringmaster_app`),
  `GRANT USAGE ON SCHEMA auth TO ringmaster_app`,
  ...schemas.map((schema) => `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ringmaster_app`),
  ...schemas.map((schema) => `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ringmaster_app`),
  `REVOKE UPDATE, DELETE ON public.ai_audit_trail FROM ringmaster_app`,
  `REVOKE INSERT, UPDATE, DELETE ON public.ringmaster_migrations FROM ringmaster_app`,
  ...schemas.map((schema) => `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ringmaster_app`)
]
