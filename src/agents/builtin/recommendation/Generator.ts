/**
 * A seeded generator of events with a planted truth, to evaluate rankers.
 *
 * Each session has one known topic; its title, abstract and tags are drawn
 * mostly from that topic's vocabulary, with generic words and some words of
 * other topics as noise. Tracks follow topics loosely. Sessions run in
 * parallel time slots. Each attendee has one or more true interests (topics);
 * explicit preferences are a noisy, partial view of them (some interests
 * unstated, some stated preferences off-topic, some attendees with none);
 * inferred preferences are weaker and noisier; registrations are drawn from
 * the sessions of the true interests, with some drawn by popularity alone,
 * and never clash. The held-out truth per attendee is every session of a
 * true interest that the attendee did not register for and that does not
 * clash with a registration: what a perfect ranker would put first.
 *
 * The same options give the same event (a mulberry32 PRNG; no clock).
 *
 * @since 0.1.0
 */
import type { Attendee, Preference, RecommendationInput, Session } from "./Model.ts"
import { overlaps } from "./internal/programme.ts"
import * as Prng from "../internal/prng.ts"

const vocabularies: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["ai", ["neural", "learning", "model", "inference", "training", "embedding", "transformer", "dataset", "gradient", "llm", "vision", "agents"]],
  ["security", ["encryption", "threat", "vulnerability", "authentication", "firewall", "malware", "zerotrust", "phishing", "compliance", "audit", "identity", "pentest"]],
  ["cloud", ["kubernetes", "container", "serverless", "cluster", "terraform", "deployment", "scaling", "microservices", "docker", "autoscaling", "infrastructure", "observability"]],
  ["frontend", ["react", "css", "browser", "accessibility", "typescript", "components", "design", "animation", "rendering", "javascript", "responsive", "ux"]],
  ["data", ["warehouse", "sql", "pipeline", "analytics", "streaming", "etl", "lakehouse", "dashboard", "postgres", "query", "schema", "batch"]],
  ["leadership", ["management", "hiring", "culture", "mentoring", "teams", "strategy", "roadmap", "feedback", "career", "coaching", "remote", "burnout"]],
  ["sustainability", ["carbon", "energy", "green", "emissions", "climate", "efficiency", "recycling", "renewable", "footprint", "circular", "waste", "solar"]],
  ["mobile", ["ios", "android", "swift", "kotlin", "flutter", "app", "offline", "push", "tablet", "gestures", "wearables", "native"]]
]

const generic = [
  "introduction", "practical", "future", "lessons", "building", "modern", "scale", "deep", "dive", "journey", "best",
  "practices", "real", "world", "production", "beyond", "guide", "patterns", "hands", "workshop", "case", "study",
  "trends", "experience"
]

/**
 * The generator's knobs; every field is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly seed?: number
  /** number of topics, 1 to 8 (default 8) */
  readonly topics?: number
  /** number of tracks (default 4); topic t goes to track t mod tracks, mostly */
  readonly tracks?: number
  /** time slots (default 12) */
  readonly slots?: number
  /** sessions in parallel per slot (default 5) */
  readonly parallel?: number
  readonly attendees?: number
  /** registrations attempted per attendee (default 4) */
  readonly registrationsPerAttendee?: number
  /** probability that a registration follows a true interest rather than popularity (default 0.8) */
  readonly interestRegistrationRate?: number
  /** probability that an interest is stated as an explicit preference (default 0.7) */
  readonly explicitCoverage?: number
  /** probability of one off-topic explicit preference (default 0.3) */
  readonly explicitNoise?: number
  /** probability that an attendee states no preference at all (default 0.15) */
  readonly coldStartRate?: number
  /** when the first slot starts (default 2026-06-01T09:00:00Z) */
  readonly start?: Date
  /** slot length in minutes (default 45) */
  readonly slotMinutes?: number
}

/**
 * The planted truth of a generated event.
 *
 * @since 0.1.0
 * @category models
 */
export interface Truth {
  /** each topic's vocabulary (titles, abstracts, tags and preferences draw from it) */
  readonly topicWords: ReadonlyMap<string, ReadonlyArray<string>>
  readonly sessionTopics: ReadonlyMap<string, string>
  readonly interests: ReadonlyMap<string, ReadonlyArray<string>>
  /** per attendee: the unregistered, non-clashing sessions of a true interest */
  readonly relevant: ReadonlyMap<string, ReadonlySet<string>>
}

/**
 * A generated event: the ranker's input and the truth to score it against.
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedEvent {
  readonly input: RecommendationInput
  readonly truth: Truth
}

/**
 * Generates an event with a planted truth.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): GeneratedEvent => {
  const rng = Prng.make(options.seed ?? 1)
  const topicCount = Math.max(1, Math.min(vocabularies.length, options.topics ?? 8))
  const topics = vocabularies.slice(0, topicCount)
  const trackCount = Math.max(1, options.tracks ?? 4)
  const slots = Math.max(1, options.slots ?? 12)
  const parallel = Math.max(1, options.parallel ?? 5)
  const attendeeCount = Math.max(0, options.attendees ?? 150)
  const start = (options.start ?? new Date("2026-06-01T09:00:00Z")).getTime()
  const slotMs = (options.slotMinutes ?? 45) * 60_000
  const gapMs = 15 * 60_000

  const words = (topic: number, n: number, onTopic: number): Array<string> =>
    Array.from({ length: n }, () => {
      const u = rng.next()
      if (u < onTopic) return rng.pick(topics[topic]![1])
      if (u < onTopic + 0.1) return rng.pick(topics[rng.int(topicCount)]![1])
      return rng.pick(generic)
    })

  // sessions: one topic each, slots of `parallel` sessions
  const sessions: Array<Session> = []
  const sessionTopics = new Map<string, string>()
  const topicOf = new Map<string, number>()
  const popularity = new Map<string, number>()
  for (let slot = 0; slot < slots; slot++) {
    for (let room = 0; room < parallel; room++) {
      const id = `s${String(sessions.length + 1).padStart(3, "0")}`
      const topic = rng.int(topicCount)
      const vocab = topics[topic]![1]
      const [w1, w2] = rng.sample(vocab, 2)
      const title = `${rng.pick(generic)} ${w1} and ${w2}`
      const abstract = words(topic, 14, 0.45).join(" ")
      const tags = rng.sample(vocab, 2)
      if (rng.chance(0.2)) tags.push(rng.pick(topics[rng.int(topicCount)]![1]))
      const track = rng.chance(0.8) ? topic % trackCount : rng.int(trackCount)
      const begins = start + slot * (slotMs + gapMs)
      sessions.push({
        id,
        title,
        abstract,
        tags: [...new Set(tags)],
        trackId: `t${track + 1}`,
        startsAt: new Date(begins),
        endsAt: new Date(begins + slotMs)
      })
      sessionTopics.set(id, topics[topic]![0])
      topicOf.set(id, topic)
      // log-normal latent popularity
      const u1 = Math.max(rng.next(), 1e-9)
      const u2 = rng.next()
      popularity.set(id, Math.exp(0.8 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)))
    }
  }

  const weightedPick = (pool: ReadonlyArray<Session>): Session | undefined => {
    const total = pool.reduce((acc, s) => acc + popularity.get(s.id)!, 0)
    if (pool.length === 0 || total <= 0) return undefined
    let u = rng.next() * total
    for (const s of pool) {
      u -= popularity.get(s.id)!
      if (u <= 0) return s
    }
    return pool[pool.length - 1]
  }

  const attendees: Array<Attendee> = []
  const interests = new Map<string, ReadonlyArray<string>>()
  const relevant = new Map<string, ReadonlySet<string>>()
  for (let a = 0; a < attendeeCount; a++) {
    const id = `a${String(a + 1).padStart(4, "0")}`
    const interestCount = topicCount > 1 && rng.chance(0.4) ? 2 : 1
    const mine = rng.sample(topics.map((_, i) => i), interestCount)
    const mineSet = new Set(mine)

    const preferences: Array<Preference> = []
    if (!rng.chance(options.coldStartRate ?? 0.15)) {
      for (const t of mine) {
        if (!rng.chance(options.explicitCoverage ?? 0.7)) continue
        for (const w of rng.sample(topics[t]![1], 1 + rng.int(2))) {
          preferences.push({ type: "topic", value: w, source: "explicit", confidence: 0.5 + 0.5 * rng.next() })
        }
      }
      if (topicCount > 1 && rng.chance(options.explicitNoise ?? 0.3)) {
        const others = topics.map((_, i) => i).filter((i) => !mineSet.has(i))
        if (others.length > 0) {
          preferences.push({
            type: "topic",
            value: rng.pick(topics[rng.pick(others)]![1]),
            source: "explicit",
            confidence: 0.2 + 0.5 * rng.next()
          })
        }
      }
    }
    if (rng.chance(0.5)) {
      const t = rng.chance(0.7) ? rng.pick(mine) : rng.int(topicCount)
      preferences.push({
        type: "tag",
        value: rng.pick(topics[t]![1]),
        source: "inferred",
        confidence: 0.3 + 0.3 * rng.next()
      })
    }

    const registered: Array<Session> = []
    const wanted = options.registrationsPerAttendee ?? 4
    for (let tries = 0; registered.length < wanted && tries < wanted * 5; tries++) {
      const open = sessions.filter((s) => !registered.includes(s) && !registered.some((r) => overlaps(r, s)))
      const pool = rng.chance(options.interestRegistrationRate ?? 0.8)
        ? open.filter((s) => mineSet.has(topicOf.get(s.id)!))
        : open
      const s = weightedPick(pool)
      if (s !== undefined) registered.push(s)
    }
    attendees.push({ id, preferences, registrations: registered.map((s) => s.id) })
    interests.set(id, mine.map((t) => topics[t]![0]))
    relevant.set(
      id,
      new Set(
        sessions
          .filter((s) => mineSet.has(topicOf.get(s.id)!))
          .filter((s) => !registered.includes(s) && !registered.some((r) => overlaps(r, s)))
          .map((s) => s.id)
      )
    )
  }

  return {
    input: { sessions, attendees },
    truth: { topicWords: new Map(topics.map(([name, vocab]) => [name, vocab])), sessionTopics, interests, relevant }
  }
}
