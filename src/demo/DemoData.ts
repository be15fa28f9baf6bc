/**
 * The demo data set: one account that runs a two-day conference (venue, rooms,
 * tracks, speakers, sessions, tickets, attendees, orders, sponsors) and
 * advertises it (campaigns, ad groups, keywords, audiences and 30 days of
 * daily metrics). Generated from a seed, relative to a given "today", so the
 * same seed and day always give the same data.
 *
 * @since 0.1.0
 */
import * as Random from "../internal/random.ts"
import type { JsonObject } from "../storage/Column.ts"

const DAY = 86_400_000

const firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis", "Radia", "Tim", "Shafi", "Leslie", "Katherine", "Linus", "Sophie", "John", "Hedy", "Niklaus", "Anita", "Guido", "Yukihiro", "Bjarne", "Mary", "James", "Joan", "Vint", "Lynn", "Whitfield"]
const lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Goldwasser", "Lamport", "Johnson", "Torvalds", "Wilson", "McCarthy", "Lamarr", "Wirth", "Borg", "van Rossum", "Matsumoto", "Stroustrup", "Shaw", "Gosling", "Clarke", "Cerf", "Conway", "Diffie"]
const companies = ["Northwind Labs", "Contoso", "Globex", "Initech", "Umbrella Analytics", "Hooli", "Stark Data", "Wayne Systems", "Acme Cloud", "Tyrell AI", "Cyberdyne", "Soylent Media"]
const titles = ["Engineering Manager", "Staff Engineer", "Data Scientist", "Product Manager", "CTO", "Marketing Lead", "Developer Advocate", "ML Engineer", "Head of Growth", "Event Producer"]
const topics = ["ai", "data", "marketing", "devops", "security", "product", "design", "events", "analytics", "automation"]
const trackDefs = [
  ["AI & Agents", "#6D28D9", "ai"],
  ["Data & Analytics", "#0E7490", "data"],
  ["Growth Marketing", "#B45309", "marketing"],
  ["Platform Engineering", "#15803D", "devops"],
  ["Product & Design", "#BE123C", "product"]
] as const
const sessionTopics = [
  "Rules engines that explain themselves", "Forecasting attendance with small data", "Budget pacing without surprises",
  "Keyword bidding under uncertainty", "Matching people who should meet", "Personalised agendas at scale",
  "A/B tests that end on time", "Guardrails for autonomous marketing", "From clickstream to cohort",
  "Retention curves for events", "Sponsor ROI you can defend", "Designing for check-in day",
  "Postgres as the AI's memory", "Shadow mode before go-live", "When to roll a change back",
  "Sentiment in session feedback", "Schedules that respect capacity", "Writing with a language model in the loop",
  "Incident response for data pipelines", "Attribution after cookies"
]

/**
 * The generated data, as insert rows keyed by table, before ids exist. Rows
 * refer to each other by index into their parent's array (`*_index`), which
 * the loader resolves to ids.
 *
 * @since 0.1.0
 * @category models
 */
export interface DemoData {
  readonly today: string
  readonly account: { readonly name: string; readonly slug: string }
  readonly users: ReadonlyArray<{ readonly email: string; readonly full_name: string }>
  readonly organisers: ReadonlyArray<{ readonly user_index: number; readonly role: "owner" | "admin" | "member" }>
  readonly venue: { readonly name: string; readonly city: string; readonly country_code: string; readonly capacity: number }
  readonly event: { readonly name: string; readonly slug: string; readonly starts_at: Date; readonly ends_at: Date; readonly capacity: number; readonly description: string }
  readonly rooms: ReadonlyArray<{ readonly name: string; readonly capacity: number; readonly position: number }>
  readonly tracks: ReadonlyArray<{ readonly name: string; readonly color: string; readonly position: number; readonly topic: string }>
  readonly speakers: ReadonlyArray<{ readonly full_name: string; readonly email: string; readonly company: string; readonly headline: string; readonly topics: ReadonlyArray<string> }>
  readonly sessions: ReadonlyArray<{
    readonly title: string
    readonly track_index: number
    readonly room_index: number
    readonly speaker_indexes: ReadonlyArray<number>
    readonly session_type: "keynote" | "talk" | "panel" | "workshop"
    readonly level: "beginner" | "intermediate" | "advanced"
    readonly starts_at: Date
    readonly ends_at: Date
    readonly capacity: number
    readonly tags: ReadonlyArray<string>
  }>
  readonly tickets: ReadonlyArray<{ readonly name: string; readonly ticket_type: "paid" | "free"; readonly price: number; readonly quantity: number }>
  readonly attendees: ReadonlyArray<{
    readonly full_name: string
    readonly email: string
    readonly company: string
    readonly job_title: string
    readonly interests: ReadonlyArray<string>
    /** what the attendee wants from networking (the `answers.networking` the matchmaker reads) */
    readonly networking: { readonly intents: ReadonlyArray<{ readonly role: string; readonly topic: string }> }
    readonly user_index: number | null
    readonly ticket_index: number
    readonly checked_in: boolean
  }>
  readonly registrations: ReadonlyArray<{ readonly session_index: number; readonly attendee_index: number; readonly rating: number | null }>
  readonly packages: ReadonlyArray<{ readonly name: string; readonly tier_rank: number; readonly price: number; readonly max_sponsors: number; readonly benefits: ReadonlyArray<string> }>
  /** `topics`: what the sponsor offers (its `metadata.topics`, matched against attendee interests) */
  readonly sponsors: ReadonlyArray<{ readonly name: string; readonly package_index: number; readonly contract_amount: number; readonly contact_email: string; readonly topics: ReadonlyArray<string> }>
  readonly campaigns: ReadonlyArray<{
    readonly name: string
    readonly platform: string
    readonly objective: "awareness" | "traffic" | "engagement" | "leads" | "sales"
    readonly daily_budget: number
    readonly adGroups: ReadonlyArray<{ readonly name: string; readonly keywords: ReadonlyArray<{ readonly text: string; readonly match_type: "exact" | "phrase" | "broad"; readonly max_cpc: number }> }>
    readonly metrics: ReadonlyArray<{ readonly metric_date: string; readonly impressions: number; readonly clicks: number; readonly conversions: number; readonly spend: number; readonly revenue: number }>
  }>
  readonly audiences: ReadonlyArray<{ readonly name: string; readonly size_estimate: number; readonly definition: typeof JsonObject.Type }>
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Generates the demo data from a seed, relative to `now` (epoch millis).
 *
 * @since 0.1.0
 * @category constructors
 */
export const generate = (seed: number, now: number): DemoData => {
  const r = Random.make(seed)
  const todayMs = Math.floor(now / DAY) * DAY
  const person = (i: number) => {
    const first = firstNames[i % firstNames.length]!
    const last = lastNames[Math.floor(i / firstNames.length + i * 7) % lastNames.length]!
    return { first, last, full: `${first} ${last}` }
  }
  const emailOf = (first: string, last: string, i: number, domain: string) =>
    `${first}.${last}.${i}`.toLowerCase().replaceAll(/[^a-z0-9.]/g, "") + `@${domain}`

  const users = Array.from({ length: 240 }, (_, i) => {
    const p = person(i + 3)
    return { email: emailOf(p.first, p.last, i, "demo.ringmaster.dev"), full_name: p.full }
  })
  const eventStart = todayMs + 45 * DAY + 9 * 3_600_000
  const rooms = [
    { name: "Main Hall", capacity: 800, position: 1 },
    { name: "Workshop A", capacity: 60, position: 2 },
    { name: "Workshop B", capacity: 60, position: 3 },
    { name: "Room Turing", capacity: 180, position: 4 },
    { name: "Room Hopper", capacity: 180, position: 5 },
    { name: "Room Lovelace", capacity: 120, position: 6 }
  ]
  const tracks = trackDefs.map(([name, color, topic], i) => ({ name, color, position: i + 1, topic }))
  const speakers = Array.from({ length: 36 }, (_, i) => {
    const p = person(i * 5 + 1)
    const company = r.pick(companies)
    return {
      full_name: p.full,
      email: emailOf(p.first, p.last, i, "speakers.demo.ringmaster.dev"),
      company,
      headline: `${r.pick(titles)} at ${company}`,
      topics: r.sample(topics, r.int(1, 3))
    }
  })
  // two days, 6 slots a day, 5 parallel rooms (the Main Hall hosts keynotes)
  const sessions: Array<DemoData["sessions"][number]> = []
  for (let day = 0; day < 2; day++) {
    for (let slot = 0; slot < 6; slot++) {
      const starts = eventStart + day * DAY + slot * 75 * 60_000
      const keynote = slot === 0
      const parallel = keynote ? [0] : [1, 2, 3, 4, 5]
      for (const room of parallel) {
        const track = keynote ? 0 : (room - 1 + slot) % tracks.length
        const workshop = room === 1 || room === 2
        const type = keynote ? "keynote" : workshop ? "workshop" : r.chance(0.15) ? "panel" : "talk"
        const title = `${sessionTopics[(sessions.length * 7 + day) % sessionTopics.length]}${sessions.length >= sessionTopics.length ? ` (part ${Math.floor(sessions.length / sessionTopics.length) + 1})` : ""}`
        sessions.push({
          title,
          track_index: track,
          room_index: room,
          speaker_indexes: r.sample(speakers.map((_, i) => i), type === "panel" ? 3 : 1),
          session_type: type,
          level: r.pick(["beginner", "intermediate", "advanced"] as const),
          starts_at: new Date(starts),
          ends_at: new Date(starts + (workshop ? 70 : 45) * 60_000),
          capacity: rooms[room]!.capacity,
          tags: [tracks[track]!.topic, ...r.sample(topics, 1)]
        })
      }
    }
  }
  const tickets = [
    { name: "Early Bird", ticket_type: "paid" as const, price: 299, quantity: 150 },
    { name: "Standard", ticket_type: "paid" as const, price: 449, quantity: 500 },
    { name: "Workshop Pass", ticket_type: "paid" as const, price: 649, quantity: 80 },
    { name: "Community (free)", ticket_type: "free" as const, price: 0, quantity: 100 }
  ]
  // every third attendee states a networking intent on their first interest (no draws from r: the rest of the data stays as it was)
  const intentRoles = ["buyer", "seller", "hiring", "seeking", "investing", "raising", "mentor", "mentee"] as const
  const attendees = Array.from({ length: 420 }, (_, i) => {
    const p = person(i * 3 + 11)
    const ticket = r.next() < 0.25 ? 0 : r.next() < 0.75 ? 1 : r.next() < 0.6 ? 2 : 3
    const company = r.pick(companies)
    const job_title = r.pick(titles)
    const interests = r.sample(topics, r.int(2, 4))
    return {
      full_name: p.full,
      email: emailOf(p.first, p.last, i, "attendees.demo.ringmaster.dev"),
      company,
      job_title,
      interests,
      networking: { intents: i % 3 === 0 ? [{ role: intentRoles[(i / 3) % 8]!, topic: interests[0]! }] : [] },
      user_index: i < users.length && r.chance(0.5) ? i : null,
      ticket_index: ticket,
      checked_in: false
    }
  })
  const registrations: Array<DemoData["registrations"][number]> = []
  attendees.forEach((a, attendee) => {
    const liked = sessions
      .map((s, i) => ({ i, score: s.tags.filter((t) => a.interests.includes(t)).length + r.next() }))
      .sort((x, y) => y.score - x.score)
      .slice(0, r.int(3, 8))
    for (const { i } of liked) registrations.push({ session_index: i, attendee_index: attendee, rating: null })
  })
  const packages: DemoData["packages"] = [
    { name: "Platinum", tier_rank: 1, price: 40000, max_sponsors: 2, benefits: ["premium booth", "keynote mention", "10 passes", "logo on stage, badge and site", "60 leads"] },
    { name: "Gold", tier_rank: 2, price: 18000, max_sponsors: 5, benefits: ["standard booth", "5 passes", "logo on badge and site", "25 leads"] },
    { name: "Community", tier_rank: 3, price: 2500, max_sponsors: 20, benefits: ["2 passes", "logo on site", "8 leads"] }
  ]
  const sponsors = companies.slice(0, 9).map((name, i) => {
    const pkg = i < 2 ? 0 : i < 5 ? 1 : 2
    // two topics each, spread over the vocabulary without drawing from the generator (so the rest of the data is unchanged)
    const offered = [topics[(i * 3) % topics.length]!, topics[(i * 3 + 1) % topics.length]!]
    return { name, package_index: pkg, contract_amount: packages[pkg]!.price, contact_email: `partners@${name.toLowerCase().replaceAll(/[^a-z]/g, "")}.example`, topics: offered }
  })
  const campaignDefs = [
    ["Summit 2026 — Search Brand", "google_ads", "sales", 250],
    ["Summit 2026 — Search Generic", "google_ads", "sales", 400],
    ["Summit 2026 — Retargeting", "meta", "sales", 150],
    ["Summit 2026 — Lookalikes", "meta", "traffic", 200],
    ["Summit 2026 — Decision Makers", "linkedin", "leads", 300],
    ["Summit 2026 — Awareness Video", "tiktok", "awareness", 120]
  ] as const
  const campaigns = campaignDefs.map(([name, platform, objective, budget], c) => {
    const quality = 0.6 + r.next() * 0.8
    const metrics = Array.from({ length: 30 }, (_, d) => {
      const date = todayMs - (30 - d) * DAY
      const weekday = new Date(date).getUTCDay()
      const seasonal = weekday === 0 || weekday === 6 ? 0.7 : 1
      const trend = 1 + d * 0.01
      const impressions = Math.round(budget * 40 * seasonal * trend * (0.85 + r.next() * 0.3))
      const clicks = Math.round(impressions * 0.025 * quality * (0.8 + r.next() * 0.4))
      const conversions = Math.round(clicks * 0.006 * quality * (0.7 + r.next() * 0.6))
      const spend = Math.min(budget, Math.round(clicks * (0.9 + r.next() * 0.8) * 100) / 100)
      return { metric_date: isoDate(date), impressions, clicks, conversions, spend, revenue: Math.round(conversions * 449 * 100) / 100 }
    })
    return {
      name,
      platform,
      objective,
      daily_budget: budget,
      adGroups: Array.from({ length: 3 }, (_, g) => ({
        name: `${["Core", "Competitor", "Topic"][g]} terms ${c + 1}`,
        keywords: Array.from({ length: 5 }, (_, k) => ({
          text: `${["ai", "marketing", "event", "data", "automation"][k]} ${["conference", "summit", "tickets"][g]} 2026`,
          match_type: (["exact", "phrase", "broad"] as const)[(k + g) % 3]!,
          max_cpc: Math.round((0.5 + r.next() * 3) * 100) / 100
        }))
      })),
      metrics
    }
  })
  const audiences: DemoData["audiences"] = [
    { name: "Past attendees", size_estimate: 12000, definition: { source: "crm", lists: ["summit-2025"], exclude: ["unsubscribed"] } },
    { name: "Site visitors 30d", size_estimate: 48000, definition: { source: "pixel", window_days: 30, events: ["page_view"] } },
    { name: "Data leaders", size_estimate: 230000, definition: { source: "platform", titles: ["CTO", "VP Data"], seniority: ["director", "vp"] } },
    { name: "Lookalike 1%", size_estimate: 1_900_000, definition: { source: "lookalike", seed: "Past attendees", ratio: 0.01 } }
  ]
  return {
    today: isoDate(todayMs),
    account: { name: "Ringmaster Demo Events", slug: "ringmaster-demo" },
    users,
    organisers: [{ user_index: 0, role: "owner" }, { user_index: 1, role: "admin" }, { user_index: 2, role: "member" }],
    venue: { name: "Harbour Convention Centre", city: "Lisbon", country_code: "PT", capacity: 1200 },
    event: {
      name: "Ringmaster Summit 2026",
      slug: "summit-2026",
      starts_at: new Date(eventStart),
      ends_at: new Date(eventStart + DAY + 8 * 3_600_000),
      capacity: 800,
      description: "Two days on AI agents, rules and marketing automation for event teams."
    },
    rooms,
    tracks,
    speakers,
    sessions,
    tickets,
    attendees,
    registrations,
    packages,
    sponsors,
    campaigns,
    audiences
  }
}
