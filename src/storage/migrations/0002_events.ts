/**
 * Migration 0002: the event-platform tables seed 000 references without
 * defining them (events, sessions, attendees, sponsors, sponsorship_packages,
 * tickets, orders, order_items, session_attendees), plus what a real event
 * platform needs around them (venues, rooms, tracks, speakers,
 * session_speakers), modelled after pretix, pretalx and Open Event Server.
 *
 * Tenancy: `venues` and `events` carry `account_id`; every other table is
 * owned by an event (`event_id`) or by a row that is.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category migrations
 */
export const description: string =
  "events: venues, events, rooms, tracks, speakers, sessions, session_speakers, tickets, attendees, orders, order_items, session_attendees, sponsorship_packages, sponsors"

const touch = (table: string) =>
  `CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON public.${table} FOR EACH ROW EXECUTE FUNCTION public.ringmaster_touch_updated_at()`

/**
 * One SQL statement per element, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const statements: ReadonlyArray<string> = [
  `CREATE TABLE public.venues (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    address_line1 TEXT,
    address_line2 TEXT,
    city TEXT,
    region TEXT,
    postal_code TEXT,
    country_code TEXT CHECK (country_code ~ '^[A-Z]{2}$'),
    latitude NUMERIC(8,6) CHECK (latitude >= -90 AND latitude <= 90),
    longitude NUMERIC(9,6) CHECK (longitude >= -180 AND longitude <= 180),
    timezone TEXT,
    capacity INTEGER CHECK (capacity > 0),
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_venues_account_id ON public.venues (account_id)`,

  `CREATE TABLE public.events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id UUID NOT NULL REFERENCES public.accounts(id) ON DELETE CASCADE,
    venue_id UUID REFERENCES public.venues(id) ON DELETE SET NULL,
    name TEXT NOT NULL CHECK (length(name) > 0),
    slug TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    description TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'live', 'completed', 'cancelled', 'archived')),
    format TEXT NOT NULL DEFAULT 'in_person' CHECK (format IN ('in_person', 'virtual', 'hybrid')),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    capacity INTEGER CHECK (capacity > 0),
    currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    website_url TEXT,
    tags TEXT[] NOT NULL DEFAULT '{}',
    settings JSONB NOT NULL DEFAULT '{}',
    created_by UUID REFERENCES public.users(id) ON DELETE SET NULL,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT events_account_slug_key UNIQUE (account_id, slug),
    CONSTRAINT events_schedule_check CHECK (ends_at >= starts_at)
)`,
  `CREATE INDEX idx_events_venue_id ON public.events (venue_id)`,
  `CREATE INDEX idx_events_created_by ON public.events (created_by)`,
  `CREATE INDEX idx_events_status_starts ON public.events (status, starts_at)`,

  `CREATE TABLE public.rooms (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    capacity INTEGER CHECK (capacity > 0),
    location_note TEXT,
    is_virtual BOOLEAN NOT NULL DEFAULT false,
    stream_url TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT rooms_event_name_key UNIQUE (event_id, name)
)`,

  `CREATE TABLE public.tracks (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    color TEXT CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tracks_event_name_key UNIQUE (event_id, name)
)`,

  `CREATE TABLE public.speakers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    full_name TEXT NOT NULL CHECK (length(full_name) > 0),
    email TEXT CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    headline TEXT,
    company TEXT,
    bio TEXT,
    avatar_url TEXT,
    social_links JSONB NOT NULL DEFAULT '{}',
    topics TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_speakers_event_id ON public.speakers (event_id)`,
  `CREATE INDEX idx_speakers_user_id ON public.speakers (user_id)`,

  `CREATE TABLE public.sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    track_id UUID REFERENCES public.tracks(id) ON DELETE SET NULL,
    room_id UUID REFERENCES public.rooms(id) ON DELETE SET NULL,
    title TEXT NOT NULL CHECK (length(title) > 0),
    abstract TEXT,
    session_type TEXT NOT NULL DEFAULT 'talk' CHECK (session_type IN ('keynote', 'talk', 'panel', 'workshop', 'lightning_talk', 'roundtable', 'networking', 'break')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'scheduled', 'cancelled')),
    level TEXT CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    language TEXT,
    starts_at TIMESTAMPTZ,
    ends_at TIMESTAMPTZ,
    capacity INTEGER CHECK (capacity > 0),
    tags TEXT[] NOT NULL DEFAULT '{}',
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT sessions_schedule_check CHECK (
        (starts_at IS NULL AND ends_at IS NULL)
        OR (starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)
    )
)`,
  `CREATE INDEX idx_sessions_event_starts ON public.sessions (event_id, starts_at)`,
  `CREATE INDEX idx_sessions_track_id ON public.sessions (track_id)`,
  `CREATE INDEX idx_sessions_room_starts ON public.sessions (room_id, starts_at)`,

  `CREATE TABLE public.session_speakers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id UUID NOT NULL REFERENCES public.sessions(id) ON DELETE CASCADE,
    speaker_id UUID NOT NULL REFERENCES public.speakers(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'speaker' CHECK (role IN ('speaker', 'moderator', 'panelist', 'host')),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT session_speakers_session_speaker_key UNIQUE (session_id, speaker_id)
)`,
  `CREATE INDEX idx_session_speakers_speaker_id ON public.session_speakers (speaker_id)`,

  // Ticket types (Open Event Server's "tickets", pretix's "items"): what an order buys.
  `CREATE TABLE public.tickets (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    ticket_type TEXT NOT NULL DEFAULT 'paid' CHECK (ticket_type IN ('paid', 'free', 'donation')),
    price NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (price >= 0),
    currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    quantity INTEGER CHECK (quantity >= 0),
    min_per_order INTEGER NOT NULL DEFAULT 1 CHECK (min_per_order >= 1),
    max_per_order INTEGER CHECK (max_per_order >= 1),
    sales_start_at TIMESTAMPTZ,
    sales_end_at TIMESTAMPTZ,
    is_hidden BOOLEAN NOT NULL DEFAULT false,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tickets_order_limits_check CHECK (max_per_order IS NULL OR max_per_order >= min_per_order),
    CONSTRAINT tickets_sales_window_check CHECK (sales_start_at IS NULL OR sales_end_at IS NULL OR sales_end_at > sales_start_at),
    CONSTRAINT tickets_free_price_check CHECK (ticket_type <> 'free' OR price = 0)
)`,
  `CREATE INDEX idx_tickets_event_id ON public.tickets (event_id)`,

  `CREATE TABLE public.attendees (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    full_name TEXT NOT NULL CHECK (length(full_name) > 0),
    email TEXT NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    company TEXT,
    job_title TEXT,
    status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'confirmed', 'waitlisted', 'cancelled', 'no_show')),
    badge_name TEXT,
    interests TEXT[] NOT NULL DEFAULT '{}',
    answers JSONB NOT NULL DEFAULT '{}',
    checked_in_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_attendees_event_email ON public.attendees (event_id, email)`,
  `CREATE INDEX idx_attendees_user_id ON public.attendees (user_id)`,

  `CREATE TABLE public.orders (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    attendee_id UUID REFERENCES public.attendees(id) ON DELETE SET NULL,
    user_id UUID REFERENCES public.users(id) ON DELETE SET NULL,
    order_number TEXT NOT NULL CHECK (length(order_number) > 0),
    email TEXT NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded', 'partially_refunded', 'expired')),
    currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    subtotal_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (subtotal_amount >= 0),
    discount_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    tax_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    total_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    payment_provider TEXT,
    payment_reference TEXT,
    paid_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ,
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT orders_event_number_key UNIQUE (event_id, order_number),
    CONSTRAINT orders_total_consistent CHECK (total_amount = subtotal_amount - discount_amount + tax_amount)
)`,
  `CREATE INDEX idx_orders_attendee_id ON public.orders (attendee_id)`,
  `CREATE INDEX idx_orders_user_id ON public.orders (user_id)`,
  `CREATE INDEX idx_orders_event_status ON public.orders (event_id, status)`,

  // ticket_id has no ON DELETE (NO ACTION): a ticket type that has been sold cannot be deleted.
  // It is DEFERRABLE INITIALLY DEFERRED so that deleting the whole event (or account), which
  // cascades to both tickets and orders -> order_items, passes: an immediate check could fire
  // after the tickets are gone but before the cascade through orders has removed the lines.
  `CREATE TABLE public.order_items (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id UUID NOT NULL REFERENCES public.orders(id) ON DELETE CASCADE,
    ticket_id UUID NOT NULL REFERENCES public.tickets(id) DEFERRABLE INITIALLY DEFERRED,
    attendee_id UUID REFERENCES public.attendees(id) ON DELETE SET NULL,
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price NUMERIC(12,2) NOT NULL CHECK (unit_price >= 0),
    discount_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    line_total NUMERIC(12,2) NOT NULL CHECK (line_total >= 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT order_items_line_total_consistent CHECK (line_total = quantity * unit_price - discount_amount)
)`,
  `CREATE INDEX idx_order_items_order_id ON public.order_items (order_id)`,
  `CREATE INDEX idx_order_items_ticket_id ON public.order_items (ticket_id)`,
  `CREATE INDEX idx_order_items_attendee_id ON public.order_items (attendee_id)`,

  `CREATE TABLE public.session_attendees (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id UUID NOT NULL REFERENCES public.sessions(id) ON DELETE CASCADE,
    attendee_id UUID NOT NULL REFERENCES public.attendees(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'waitlisted', 'attended', 'cancelled', 'no_show')),
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    checked_in_at TIMESTAMPTZ,
    rating INTEGER CHECK (rating >= 1 AND rating <= 5),
    feedback TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT session_attendees_session_attendee_key UNIQUE (session_id, attendee_id)
)`,
  `CREATE INDEX idx_session_attendees_attendee_id ON public.session_attendees (attendee_id)`,

  // Sponsorship tiers an event offers (Gold, Silver, ...); a sponsor takes one.
  `CREATE TABLE public.sponsorship_packages (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    tier_rank INTEGER NOT NULL DEFAULT 0,
    price NUMERIC(12,2) NOT NULL CHECK (price >= 0),
    currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    max_sponsors INTEGER CHECK (max_sponsors > 0),
    benefits JSONB NOT NULL DEFAULT '[]',
    is_active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT sponsorship_packages_event_name_key UNIQUE (event_id, name)
)`,

  `CREATE TABLE public.sponsors (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    package_id UUID REFERENCES public.sponsorship_packages(id) ON DELETE SET NULL,
    name TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    website_url TEXT,
    logo_url TEXT,
    contact_name TEXT,
    contact_email TEXT CHECK (contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'negotiating', 'confirmed', 'cancelled')),
    contract_amount NUMERIC(12,2) CHECK (contract_amount >= 0),
    currency TEXT CHECK (currency ~ '^[A-Z]{3}$'),
    booth_location TEXT,
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE INDEX idx_sponsors_event_id ON public.sponsors (event_id)`,
  `CREATE INDEX idx_sponsors_package_id ON public.sponsors (package_id)`,

  touch("venues"),
  touch("events"),
  touch("rooms"),
  touch("tracks"),
  touch("speakers"),
  touch("sessions"),
  touch("session_speakers"),
  touch("tickets"),
  touch("attendees"),
  touch("orders"),
  touch("order_items"),
  touch("session_attendees"),
  touch("sponsorship_packages"),
  touch("sponsors")
]
