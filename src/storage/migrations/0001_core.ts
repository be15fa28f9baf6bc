/**
 * Migration 0001: the core tenancy tables every domain hangs off (accounts,
 * users, account_users) and the `updated_at` trigger function every later
 * migration attaches to its tables.
 *
 * `users.id` is the identity `auth.uid()` returns (Supabase convention): the
 * row-level-security policies written later compare it with `account_users.user_id`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string = "core: accounts, users, account_users, ringmaster_touch_updated_at()"

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  // Keeps every `updated_at` column current: attached BEFORE UPDATE on each table that has one.
  `CREATE OR REPLACE FUNCTION public.ringmaster_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$`,

  `CREATE TABLE public.accounts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL CHECK (length(name) > 0),
    slug TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    billing_email TEXT CHECK (billing_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    default_currency TEXT NOT NULL DEFAULT 'USD' CHECK (default_currency ~ '^[A-Z]{3}$'),
    timezone TEXT NOT NULL DEFAULT 'UTC',
    settings JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT accounts_slug_key UNIQUE (slug)
)`,

  `CREATE TABLE public.users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email TEXT NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    full_name TEXT,
    avatar_url TEXT,
    locale TEXT NOT NULL DEFAULT 'en',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    last_seen_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE UNIQUE INDEX users_email_lower_key ON public.users (lower(email))`,

  `CREATE TABLE public.account_users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT account_users_account_user_key UNIQUE (account_id, user_id)
)`,
  // account_id is served by account_users_account_user_key (its leading column);
  // (user_id, account_id, role) serves the RLS lookups "is auth.uid() a member/admin of this account".
  `CREATE INDEX idx_account_users_user_account ON public.account_users (user_id, account_id, role)`,

  `CREATE TRIGGER accounts_touch_updated_at BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`,
  `CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`,
  `CREATE TRIGGER account_users_touch_updated_at BEFORE UPDATE ON public.account_users FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`
]
