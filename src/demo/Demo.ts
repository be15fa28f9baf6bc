/**
 * The main job's first version: load the demo data set through the storage
 * port, in one transaction, replacing any earlier copy, and summarise what
 * the database holds.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Option } from "effect"
import * as Core from "../storage/schema/core/index.ts"
import * as Events from "../storage/schema/events/index.ts"
import * as Marketing from "../storage/schema/marketing/index.ts"
import { Storage } from "../storage/Storage.ts"
import type * as Table from "../storage/Table.ts"
import * as Audit from "../storage/Audit.ts"
import * as DemoAgents from "./DemoAgents.ts"
import * as DemoCycles from "./DemoCycles.ts"
import * as DemoData from "./DemoData.ts"
import * as DemoRules from "./DemoRules.ts"

/**
 * What the demo loaded, and how long it took.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly today: string
  readonly event: string
  readonly account: string
  readonly counts: ReadonlyArray<readonly [table: string, rows: number]>
  readonly ticketRevenue: number
  readonly registrations: number
  readonly campaignTotals: { readonly spend: number; readonly revenue: number; readonly clicks: number; readonly conversions: number }
  readonly loadMillis: number
  /** what the budget rules and the safety envelope did (see `DemoRules`) */
  readonly rules: DemoRules.RulesSummary | undefined
  readonly rulesMillis: number
  /** what the built-in agents produced (see `DemoAgents`) */
  readonly agents: DemoAgents.AgentsSummary | undefined
  /** what 30 simulated days of decision cycles did, against the same account left alone (see `DemoCycles`) */
  readonly cycles: DemoCycles.CyclesSummary | undefined
  /** when the run is audited (an `Audit` layer is provided): entries, chains, and whether every chain verified */
  readonly audit: { readonly entries: number; readonly chains: number; readonly broken: ReadonlyArray<string> } | undefined
  readonly totalMillis: number
}

const ids = (rows: ReadonlyArray<{ readonly id: string }>) => rows.map((row) => row.id)

/**
 * Loads the demo data set (replacing an earlier copy: the demo account, its
 * users and everything that cascades from them) in one transaction.
 *
 * @since 0.1.0
 * @category loading
 */
export const load = Effect.fnUntraced(function*(data: DemoData.DemoData) {
  const storage = yield* Storage
  yield* storage.transaction(Effect.gen(function*() {
    yield* DemoCycles.clear(data.account.slug)
    yield* storage.deleteMany(Core.Accounts, { slug: data.account.slug })
    yield* storage.deleteMany(Core.Users, { email: { like: "%@demo.ringmaster.dev" } })

    const account = yield* storage.insert(Core.Accounts, { name: data.account.name, slug: data.account.slug, billing_email: "billing@demo.ringmaster.dev" })
    const users = ids(yield* storage.insertMany(Core.Users, data.users.map((u) => ({ email: u.email, full_name: u.full_name }))))
    yield* storage.insertMany(Core.AccountUsers, data.organisers.map((o) => ({ account_id: account.id, user_id: users[o.user_index]!, role: o.role })))
    const venue = yield* storage.insert(Events.Venues, { account_id: account.id, ...data.venue })
    const event = yield* storage.insert(Events.Events, {
      account_id: account.id,
      venue_id: venue.id,
      ...data.event,
      status: "published",
      currency: "EUR",
      timezone: "Europe/Lisbon",
      tags: ["ai", "marketing", "events"],
      created_by: users[0]!
    })
    const rooms = ids(yield* storage.insertMany(Events.Rooms, data.rooms.map((room) => ({ event_id: event.id, ...room }))))
    const tracks = ids(yield* storage.insertMany(Events.Tracks, data.tracks.map(({ topic: _, ...track }) => ({ event_id: event.id, ...track }))))
    const speakers = ids(yield* storage.insertMany(Events.Speakers, data.speakers.map((s) => ({ event_id: event.id, ...s, topics: [...s.topics] }))))
    const sessions = ids(yield* storage.insertMany(Events.Sessions, data.sessions.map((s) => ({
      event_id: event.id,
      track_id: tracks[s.track_index]!,
      room_id: rooms[s.room_index]!,
      title: s.title,
      session_type: s.session_type,
      status: "scheduled" as const,
      level: s.level,
      starts_at: s.starts_at,
      ends_at: s.ends_at,
      capacity: s.capacity,
      tags: [...s.tags]
    }))))
    yield* storage.insertMany(Events.SessionSpeakers, data.sessions.flatMap((s, i) =>
      s.speaker_indexes.map((speaker, position) => ({
        session_id: sessions[i]!,
        speaker_id: speakers[speaker]!,
        role: s.session_type === "panel" && position === 0 ? "moderator" as const : "speaker" as const,
        position: position + 1
      }))))
    const tickets = yield* storage.insertMany(Events.Tickets, data.tickets.map((t, i) => ({ event_id: event.id, ...t, currency: "EUR", position: i + 1 })))
    const attendees = ids(yield* storage.insertMany(Events.Attendees, data.attendees.map((a) => ({
      event_id: event.id,
      user_id: a.user_index === null ? null : users[a.user_index]!,
      full_name: a.full_name,
      email: a.email,
      company: a.company,
      job_title: a.job_title,
      status: "confirmed" as const,
      interests: [...a.interests],
      answers: { networking: { intents: a.networking.intents.map((intent) => ({ ...intent })) } }
    }))))
    const orders = yield* storage.insertMany(Events.Orders, data.attendees.map((a, i) => {
      const price = tickets[a.ticket_index]!.price
      const tax = Math.round(price * 0.23 * 100) / 100
      return {
        event_id: event.id,
        attendee_id: attendees[i]!,
        order_number: `RS26-${String(i + 1).padStart(5, "0")}`,
        email: a.email,
        status: "paid" as const,
        currency: "EUR",
        subtotal_amount: price,
        tax_amount: tax,
        total_amount: price + tax,
        payment_provider: price === 0 ? null : "stripe",
        paid_at: new Date(data.event.starts_at.getTime() - (60 - (i % 50)) * 86_400_000)
      }
    }))
    yield* storage.insertMany(Events.OrderItems, data.attendees.map((a, i) => ({
      order_id: orders[i]!.id,
      ticket_id: tickets[a.ticket_index]!.id,
      attendee_id: attendees[i]!,
      quantity: 1,
      unit_price: tickets[a.ticket_index]!.price,
      line_total: tickets[a.ticket_index]!.price
    })))
    yield* storage.insertMany(Events.SessionAttendees, data.registrations.map((reg) => ({
      session_id: sessions[reg.session_index]!,
      attendee_id: attendees[reg.attendee_index]!,
      status: "registered" as const
    })))
    const packages = ids(yield* storage.insertMany(Events.SponsorshipPackages, data.packages.map((p) => ({ event_id: event.id, ...p, benefits: [...p.benefits], currency: "EUR" }))))
    yield* storage.insertMany(Events.Sponsors, data.sponsors.map((s) => ({
      event_id: event.id,
      package_id: packages[s.package_index]!,
      name: s.name,
      contact_email: s.contact_email,
      status: "confirmed" as const,
      contract_amount: s.contract_amount,
      currency: "EUR",
      metadata: { topics: [...s.topics] }
    })))

    for (const c of data.campaigns) {
      const campaign = yield* storage.insert(Marketing.Campaigns, {
        account_id: account.id,
        name: c.name,
        platform: c.platform,
        objective: c.objective,
        status: "active",
        daily_budget: c.daily_budget,
        currency: "EUR",
        start_date: c.metrics[0]!.metric_date,
        bid_strategy: "maximize_conversions"
      })
      for (const group of c.adGroups) {
        const adGroup = yield* storage.insert(Marketing.AdGroups, { account_id: account.id, campaign_id: campaign.id, name: group.name })
        yield* storage.insertMany(Marketing.Keywords, group.keywords.map((k) => ({ account_id: account.id, ad_group_id: adGroup.id, ...k })))
      }
      yield* storage.insertMany(Marketing.CampaignDailyMetrics, c.metrics.map((m) => ({ account_id: account.id, campaign_id: campaign.id, ...m, is_final: true })))
    }
    yield* storage.insertMany(Marketing.Audiences, data.audiences.map((a) => ({ account_id: account.id, ...a })))
  }))
})

const summarised: ReadonlyArray<Table.Any> = [...Core.tables, ...Events.tables, ...Marketing.tables]

/**
 * Generates and loads the demo data set, then summarises the database.
 *
 * @since 0.1.0
 * @category loading
 */
export const run = Effect.fnUntraced(function*(options: {
  readonly seed: number
  /** simulated days of decision cycles (default 30; 0 skips them) */
  readonly cycleDays?: number | undefined
  /** hears each simulated day's end, for a progress bar */
  readonly onCycleDay?: ((done: number, total: number) => Effect.Effect<void>) | undefined
}) {
  const storage = yield* Storage
  const started = yield* Clock.currentTimeMillis
  const data = DemoData.generate(options.seed, started)
  yield* load(data)
  const loaded = yield* Clock.currentTimeMillis
  const counts: Array<readonly [string, number]> = []
  for (const table of summarised) counts.push([table.name, yield* storage.count(table)])
  const orders = (yield* storage.find(Events.Orders, { where: { status: "paid" } })).items
  const metrics = (yield* storage.find(Marketing.CampaignDailyMetrics)).items
  const registrations = yield* storage.count(Events.SessionAttendees, { status: "registered" })
  const summarisedAt = yield* Clock.currentTimeMillis
  const owner = data.organisers.find((o) => o.role === "owner")
  const rules = owner === undefined ?
    undefined :
    yield* DemoRules.run({ accountSlug: data.account.slug, ownerEmail: data.users[owner.user_index]!.email })
  const finished = yield* Clock.currentTimeMillis
  const agents = yield* DemoAgents.run({ accountSlug: data.account.slug })
  const cycleDays = options.cycleDays ?? 30
  const cycles = owner === undefined || cycleDays === 0 ?
    undefined :
    yield* DemoCycles.run({
      accountSlug: data.account.slug,
      ownerEmail: data.users[owner.user_index]!.email,
      seed: options.seed,
      days: cycleDays,
      onDay: options.onCycleDay
    })
  const auditService = Context.getOption(yield* Effect.context<never>(), Audit.Audit)
  const audit = Option.isNone(auditService) ? undefined : yield* Effect.gen(function*() {
    const verified = yield* auditService.value.verifyAll
    return {
      entries: verified.reduce((n, v) => n + (v._tag === "Verified" ? v.entries : v.checked), 0),
      chains: verified.length,
      broken: verified.filter((v) => !Audit.isVerified(v)).map(Audit.format)
    }
  })
  const sum = (key: "spend" | "revenue" | "clicks" | "conversions") =>
    Math.round(metrics.reduce((acc, m) => acc + (m[key] ?? 0), 0) * 100) / 100
  return {
    today: data.today,
    event: data.event.name,
    account: data.account.name,
    counts,
    ticketRevenue: Math.round(orders.reduce((acc, o) => acc + o.total_amount, 0) * 100) / 100,
    registrations,
    campaignTotals: { spend: sum("spend"), revenue: sum("revenue"), clicks: sum("clicks"), conversions: sum("conversions") },
    loadMillis: loaded - started,
    rules,
    rulesMillis: finished - summarisedAt,
    agents,
    cycles,
    audit,
    totalMillis: summarisedAt - started
  } satisfies Summary
})

const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * Renders a summary for the terminal.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (summary: Summary): string => {
  const width = Math.max(...summary.counts.map(([name]) => name.length))
  const lines = [
    "",
    `${summary.account}: ${summary.event} (data relative to ${summary.today})`,
    "",
    "Rows",
    ...summary.counts.map(([name, n]) => `  ${name.padEnd(width)}  ${String(n).padStart(6)}`),
    "",
    `Ticket revenue (paid orders, incl. tax): EUR ${money(summary.ticketRevenue)}`,
    `Session registrations: ${summary.registrations}`,
    `Campaigns, last 30 days: spend EUR ${money(summary.campaignTotals.spend)}, revenue EUR ${money(summary.campaignTotals.revenue)}, ` +
    `${summary.campaignTotals.clicks.toLocaleString("en-US")} clicks, ${summary.campaignTotals.conversions.toLocaleString("en-US")} conversions, ` +
    `ROAS ${(summary.campaignTotals.revenue / Math.max(summary.campaignTotals.spend, 0.01)).toFixed(2)}`,
    "",
    ...(summary.rules === undefined ? [] : [...DemoRules.format(summary.rules), ""]),
    ...(summary.agents === undefined ? [] : [...DemoAgents.format(summary.agents), ""]),
    ...(summary.cycles === undefined ? [] : [...DemoCycles.format(summary.cycles), ""]),
    ...(summary.audit === undefined ? [] : [
      summary.audit.broken.length === 0 ?
        `Audit trail: ${summary.audit.entries.toLocaleString("en-US")} entries in ${summary.audit.chains} hash chains (SHA-256, one per account), every chain verified` :
        `Audit trail: BROKEN: ${summary.audit.broken.join("; ")}`,
      ""
    ]),
    `Loaded in ${(summary.loadMillis / 1000).toFixed(2)} s; summarised in ${((summary.totalMillis - summary.loadMillis) / 1000).toFixed(2)} s; ` +
    `rules fired and recorded in ${(summary.rulesMillis / 1000).toFixed(2)} s.`
  ]
  return lines.join("\n")
}
