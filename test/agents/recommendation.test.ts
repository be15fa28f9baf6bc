import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import * as fc from "fast-check"
import * as Feedback from "../../src/agents/builtin/recommendation/Feedback.ts"
import * as Generator from "../../src/agents/builtin/recommendation/Generator.ts"
import type { Attendee, RecommendationInput, Session } from "../../src/agents/builtin/recommendation/Model.ts"
import * as Model from "../../src/agents/builtin/recommendation/Model.ts"
import * as Ranker from "../../src/agents/builtin/recommendation/Ranker.ts"
import * as RankerConfig from "../../src/agents/builtin/recommendation/RankerConfig.ts"

const base = new Date("2026-06-01T09:00:00Z").getTime()
const minutes = (m: number) => new Date(base + m * 60_000)

const overlaps = (a: Session, b: Session) =>
  a.startsAt !== undefined && a.endsAt !== undefined && b.startsAt !== undefined && b.endsAt !== undefined &&
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime()

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0)

const vocabulary = ["graph", "rust", "ml", "cloud", "privacy", "design", "data", "edge", "api", "ux"]

/** Random programmes: overlapping times, unscheduled sessions, shared tags, registrations that may clash. */
const instance: fc.Arbitrary<RecommendationInput> = fc
  .record({
    sessions: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 600 }),
        length: fc.integer({ min: 10, max: 120 }),
        scheduled: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
        titleWords: fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }),
        tags: fc.array(fc.constantFrom(...vocabulary), { maxLength: 3 }),
        track: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })
      }),
      { minLength: 1, maxLength: 25 }
    ),
    attendees: fc.array(
      fc.record({
        registrations: fc.array(fc.nat(), { maxLength: 5 }),
        preferences: fc.array(
          fc.record({
            value: fc.constantFrom(...vocabulary),
            source: fc.constantFrom("explicit" as const, "inferred" as const, "behavioral" as const),
            confidence: fc.double({ min: 0, max: 1, noNaN: true })
          }),
          { maxLength: 4 }
        )
      }),
      { minLength: 1, maxLength: 12 }
    )
  })
  .map(({ attendees, sessions }) => {
    const built: Array<Session> = sessions.map((s, i) => ({
      id: `s${i}`,
      title: s.titleWords.join(" "),
      abstract: `about ${s.titleWords.join(" and ")}`,
      tags: s.tags,
      ...(s.track === undefined ? {} : { trackId: `t${s.track}` }),
      ...(s.scheduled ? { startsAt: minutes(s.start), endsAt: minutes(s.start + s.length) } : {})
    }))
    const people: Array<Attendee> = attendees.map((a, i) => ({
      id: `a${i}`,
      registrations: [...new Set(a.registrations.map((r) => `s${r % built.length}`))],
      preferences: a.preferences.map((p) => ({ type: "topic", ...p }))
    }))
    return { sessions: built, attendees: people }
  })

describe("Ranker hard filters", () => {
  it("recommends zero sessions that clash with a registration, and none already registered (random instances)", () =>
    fc.assert(fc.property(
    fc.record({ input: instance, limit: fc.integer({ min: 0, max: 30 }), trackPenalty: fc.double({ min: 0, max: 0.9, noNaN: true }) }),
    ({ input, limit, trackPenalty }) => {
      const output = Ranker.rank(input, { ...RankerConfig.defaults, limit, trackPenalty })
      const byId = new Map(input.sessions.map((s) => [s.id, s]))
      assert.strictEqual(output.attendees.length, input.attendees.length)
      output.attendees.forEach((result, i) => {
        const attendee = input.attendees[i]!
        assert.strictEqual(result.attendeeId, attendee.id)
        assert.isTrue(result.recommendations.length <= limit)
        const registered = attendee.registrations.map((id) => byId.get(id)!)
        const seen = new Set<string>()
        for (const r of result.recommendations) {
          assert.isFalse(attendee.registrations.includes(r.sessionId), `${r.sessionId} is registered`)
          const session = byId.get(r.sessionId)!
          for (const reg of registered) assert.isFalse(overlaps(reg, session), `${r.sessionId} clashes with ${reg.id}`)
          assert.isFalse(seen.has(r.sessionId))
          seen.add(r.sessionId)
        }
        // every session passing the filters is recommended when the limit allows
        const eligible = input.sessions.filter((s) =>
          !attendee.registrations.includes(s.id) && !registered.some((reg) => overlaps(reg, s))
        )
        assert.strictEqual(result.recommendations.length, Math.min(limit, eligible.length))
        assert.strictEqual(result.excluded.clashing + eligible.length + result.excluded.registered, input.sessions.length)
      })
    }),
    { numRuns: 150 }
  ))

  it("on generated events: zero clashing or registered sessions among 150 attendees' top 10 (seeds 1-3)", () => {
    for (const seed of [1, 2, 3]) {
      const event = Generator.make({ seed })
      const byId = new Map(event.input.sessions.map((s) => [s.id, s]))
      const output = Ranker.rank(event.input)
      let clashes = 0
      output.attendees.forEach((result, i) => {
        const attendee = event.input.attendees[i]!
        for (const r of result.recommendations) {
          if (attendee.registrations.includes(r.sessionId)) clashes++
          if (attendee.registrations.some((id) => overlaps(byId.get(id)!, byId.get(r.sessionId)!))) clashes++
        }
      })
      assert.strictEqual(clashes, 0)
    }
  })
})

describe("Ranker output", () => {
  it("confidence in [0, 1], ranks 1..n with non-increasing ranking score, reasoning non-empty and naming real matched terms", () =>
    fc.assert(fc.property(
    fc.record({ input: instance }),
    ({ input }) => {
      const output = Ranker.rank(input)
      const byId = new Map(input.sessions.map((s) => [s.id, s]))
      output.attendees.forEach((result, i) => {
        const attendee = input.attendees[i]!
        const registeredTags = attendee.registrations.flatMap((id) => byId.get(id)!.tags.flatMap(words))
        const queryTerms = new Set([...attendee.preferences.flatMap((p) => words(p.value)), ...registeredTags])
        let previous = Number.POSITIVE_INFINITY
        result.recommendations.forEach((r, k) => {
          assert.strictEqual(r.rank, k + 1)
          assert.isTrue(r.confidence >= 0 && r.confidence <= 1, `confidence ${r.confidence}`)
          for (const v of Object.values(r.score)) assert.isTrue(v >= 0 && v <= 1)
          assert.isTrue(r.score.rankingScore <= previous + 1e-12)
          previous = r.score.rankingScore
          assert.isTrue(r.reasoning.summary.length > 0)
          assert.strictEqual(r.reasoning.signals.length, 3)
          const total = r.reasoning.signals.reduce((acc, s) => acc + s.contribution, 0)
          assert.isTrue(Math.abs(total - r.confidence) < 1e-9, "contributions add up to the confidence")
          const session = byId.get(r.sessionId)!
          const fieldText: Record<string, string> = {
            title: session.title,
            abstract: session.abstract ?? "",
            tags: session.tags.join(" ")
          }
          for (const m of r.reasoning.matchedTerms) {
            assert.isTrue(queryTerms.has(m.term), `${m.term} is not one of the attendee's terms`)
            assert.isTrue(m.fields.length > 0)
            for (const f of m.fields) assert.isTrue(words(fieldText[f] ?? "").includes(m.term), `${m.term} not in ${f}`)
            assert.isTrue(r.reasoning.summary.includes(`"${m.term}"`))
          }
          for (const tag of r.reasoning.matchedTags) assert.isTrue(session.tags.includes(tag))
          if (r.score.text > 0) assert.isTrue(r.reasoning.matchedTerms.length > 0)
        })
      })
      // the output is what the Schema says
      assert.isTrue(Schema.is(Model.RecommendationOutput)(output))
    }),
    { numRuns: 100 }
  ))

  it("names the matched preference terms: an attendee who wants 'kubernetes' gets the Kubernetes talk first", () => {
    const input: RecommendationInput = {
      sessions: [
        { id: "k8s", title: "Kubernetes in production", abstract: "Operating clusters", tags: ["kubernetes", "cloud"], trackId: "ops", startsAt: minutes(60), endsAt: minutes(105) },
        { id: "css", title: "Modern CSS", abstract: "Layouts with grid", tags: ["css"], trackId: "web", startsAt: minutes(60), endsAt: minutes(105) },
        { id: "clash", title: "Kubernetes security", tags: ["kubernetes"], trackId: "ops", startsAt: minutes(0), endsAt: minutes(45) },
        { id: "keynote", title: "Opening keynote", tags: [], startsAt: minutes(10), endsAt: minutes(50) }
      ],
      attendees: [
        {
          id: "ana",
          preferences: [{ type: "topic", value: "Kubernetes", source: "explicit", confidence: 0.9 }],
          registrations: ["keynote"]
        },
        { id: "bo", preferences: [], registrations: ["keynote", "css"] }
      ]
    }
    const [ana] = Ranker.rank(input).attendees
    assert.deepStrictEqual(ana!.recommendations.map((r) => r.sessionId), ["k8s", "css"])
    assert.deepStrictEqual(ana!.excluded, { registered: 1, clashing: 1 })
    const top = ana!.recommendations[0]!
    assert.deepStrictEqual(top.reasoning.matchedTerms.map((m) => m.term), ["kubernetes"])
    assert.deepStrictEqual(top.reasoning.matchedTerms[0]!.fields, ["tags", "title"])
    assert.deepStrictEqual(top.reasoning.matchedTerms[0]!.sources, ["explicit"])
    assert.deepStrictEqual(top.reasoning.matchedTags, ["kubernetes"])
    assert.strictEqual(top.score.text, 1)
    assert.include(top.reasoning.summary, `"kubernetes"`)
    // "css" is registered by bo together with the keynote that ana registered for: the co-registration signal
    const css = ana!.recommendations[1]!
    assert.deepStrictEqual(css.reasoning.coRegisteredWith, ["keynote"])
    assert.isTrue(css.score.collaborative > 0)
  })

  it("preference weights order text relevance: confidence first, then source (explicit over behavioural over inferred)", () => {
    const sessions: Array<Session> = ["rust", "graphs", "privacy"].map((topic) => ({
      id: topic,
      title: `Talk on ${topic}`,
      tags: [topic]
    }))
    const order = (preferences: Attendee["preferences"]) =>
      Ranker.rank({ sessions, attendees: [{ id: "a", registrations: [], preferences }] }, {
        ...RankerConfig.defaults,
        popularityWeight: 0,
        collaborativeWeight: 0
      }).attendees[0]!.recommendations.filter((r) => r.score.text > 0).map((r) => r.sessionId)
    assert.deepStrictEqual(
      order([
        { type: "topic", value: "rust", source: "explicit", confidence: 0.3 },
        { type: "topic", value: "graphs", source: "explicit", confidence: 0.9 }
      ]),
      ["graphs", "rust"]
    )
    assert.deepStrictEqual(
      order([
        { type: "topic", value: "rust", source: "inferred", confidence: 0.5 },
        { type: "topic", value: "graphs", source: "behavioral", confidence: 0.5 },
        { type: "topic", value: "privacy", source: "explicit", confidence: 0.5 }
      ]),
      ["privacy", "graphs", "rust"]
    )
  })

  it("minConfidence drops the candidates below it", () => {
    const event = Generator.make({ seed: 6, attendees: 50 })
    const output = Ranker.rank(event.input, { ...RankerConfig.defaults, minConfidence: 0.5 })
    const all = output.attendees.flatMap((a) => a.recommendations)
    assert.isTrue(all.length > 0)
    assert.isTrue(all.every((r) => r.confidence >= 0.5))
    const unfiltered = Ranker.rank(event.input).attendees.flatMap((a) => a.recommendations)
    assert.isTrue(unfiltered.some((r) => r.confidence < 0.5))
  })

  it("the track penalty spreads the top 5 over more tracks (seed 2)", () => {
    const event = Generator.make({ seed: 2 })
    const track = new Map(event.input.sessions.map((s) => [s.id, s.trackId]))
    const distinct = (trackPenalty: number) => {
      const output = Ranker.rank(event.input, { ...RankerConfig.defaults, trackPenalty })
      return output.attendees.reduce(
        (acc, a) => acc + new Set(a.recommendations.slice(0, 5).map((r) => track.get(r.sessionId))).size,
        0
      ) / output.attendees.length
    }
    const none = distinct(0)
    const strong = distinct(0.6)
    assert.isTrue(strong > none, `distinct tracks in the top 5: ${none} without, ${strong} with the penalty`)
  })
})

describe("Ranker determinism", () => {
  it("the same input gives the same output; the generator is a function of its seed", () => {
    const a = Generator.make({ seed: 7, attendees: 60 })
    const b = Generator.make({ seed: 7, attendees: 60 })
    assert.deepStrictEqual(a.input, b.input)
    assert.deepStrictEqual([...a.truth.relevant.entries()], [...b.truth.relevant.entries()])
    assert.deepStrictEqual(Ranker.rank(a.input), Ranker.rank(b.input))
    assert.notDeepEqual(Generator.make({ seed: 8, attendees: 60 }).input, a.input)
  })

  it("ranking is independent of the order attendees are listed in", () =>
    fc.assert(fc.property(instance, (input) => {
      const forward = Ranker.rank(input)
      const backward = Ranker.rank({ ...input, attendees: [...input.attendees].reverse() })
      assert.deepStrictEqual([...backward.attendees].reverse(), [...forward.attendees])
    }), { numRuns: 50 }))
})

describe("Ranker.recommend (Effect entry point)", () => {
  it.effect("decodes, applies a partial config, and returns what rank returns", () =>
    Effect.gen(function*() {
      const event = Generator.make({ seed: 3, attendees: 40 })
      const output = yield* Ranker.recommend(event.input, { config: { limit: 3, trackPenalty: 0.3 } })
      assert.deepStrictEqual(output, Ranker.rank(event.input, { ...RankerConfig.defaults, limit: 3, trackPenalty: 0.3 }))
      assert.isTrue(output.attendees.every((a) => a.recommendations.length === 3))
    }))

  it.effect("fails with InvalidRecommendationInput on a bad input or config", () =>
    Effect.gen(function*() {
      const unknownSession = yield* Effect.result(Ranker.recommend({
        sessions: [{ id: "s1", title: "A", tags: [] }],
        attendees: [{ id: "a1", preferences: [], registrations: ["nope"] }]
      }))
      assert.isTrue(Result.isFailure(unknownSession))
      if (Result.isFailure(unknownSession)) {
        assert.strictEqual(unknownSession.failure._tag, "InvalidRecommendationInput")
        assert.include(unknownSession.failure.reason, "unknown session nope")
      }
      const backwards = yield* Effect.result(Ranker.recommend({
        sessions: [{ id: "s1", title: "A", tags: [], startsAt: minutes(30), endsAt: minutes(0) }],
        attendees: []
      }))
      assert.isTrue(Result.isFailure(backwards))
      const badConfidence = yield* Effect.result(Ranker.recommend({
        sessions: [],
        attendees: [{ id: "a1", preferences: [{ type: "t", value: "x", source: "explicit", confidence: 2 }], registrations: [] }]
      }))
      assert.isTrue(Result.isFailure(badConfidence))
      const badConfig = yield* Effect.result(Ranker.recommend({ sessions: [], attendees: [] }, { config: { trackPenalty: 1 } }))
      assert.isTrue(Result.isFailure(badConfig))
    }))
})

describe("Feedback into behavioural preferences", () => {
  const sessions: Array<Session> = [
    { id: "k8s", title: "Kubernetes", tags: ["Kubernetes", "cloud"] },
    { id: "css", title: "CSS", tags: ["css"] }
  ]

  it("acceptance and a 5 raise a tag's confidence, rejection and a 1 lower it: hand-computed", () => {
    // learning rate 0.3: accepted (s = 1) from 0 -> 0.3; then score 5 (s = 1) -> 0.3 + 0.3 * 0.7 = 0.51
    const up = Feedback.behavioralPreferences(sessions, [], [
      { sessionId: "k8s", accepted: true },
      { sessionId: "k8s", feedbackScore: 5 }
    ])
    assert.deepStrictEqual(up.map((p) => [p.value, p.source, p.type]), [
      ["cloud", "behavioral", "tag"],
      ["kubernetes", "behavioral", "tag"]
    ])
    assert.isTrue(Math.abs(up[1]!.confidence - 0.51) < 1e-12)
    // rejected with score 2: s = (-1 + (2 - 3) / 2) / 2 = -0.75; 0.51 - 0.3 * 0.75 * 0.51 = 0.39525
    const down = Feedback.behavioralPreferences(sessions, up, [{ sessionId: "k8s", accepted: false, feedbackScore: 2 }])
    assert.isTrue(Math.abs(down[1]!.confidence - 0.39525) < 1e-12)
    assert.strictEqual(Feedback.signal({ sessionId: "x", feedbackScore: 3 }), 0)
  })

  it("updates are behavioural, with confidence in [0, 1]; explicit and inferred preferences are kept as they were", () =>
    fc.assert(fc.property(
    fc.record({
      events: fc.array(
        fc.record(
          {
            sessionId: fc.constantFrom("k8s", "css", "unknown"),
            accepted: fc.boolean(),
            feedbackScore: fc.integer({ min: 1, max: 5 })
          },
          { requiredKeys: ["sessionId"] }
        ),
        { maxLength: 30 }
      )
    }),
    ({ events }) => {
      const explicit = { type: "topic", value: "rust", source: "explicit" as const, confidence: 0.7 }
      const updated = Feedback.applyFeedback(sessions, [explicit], events)
      assert.deepStrictEqual(updated[0], explicit)
      for (const p of updated.slice(1)) {
        assert.strictEqual(p.source, "behavioral")
        assert.isTrue(p.confidence >= Feedback.defaults.minConfidence && p.confidence <= 1)
      }
    })
  ))

  it("feedback changes what is recommended next: liked Kubernetes talks raise another Kubernetes talk", () => {
    const programme: Array<Session> = [
      { id: "k8s-1", title: "Kubernetes basics", tags: ["kubernetes"], startsAt: minutes(0), endsAt: minutes(45) },
      { id: "k8s-2", title: "Scaling Kubernetes", tags: ["kubernetes"], startsAt: minutes(60), endsAt: minutes(105) },
      { id: "css-2", title: "CSS grid", tags: ["css"], startsAt: minutes(60), endsAt: minutes(105) },
      // unrelated sessions, so that document frequencies are not those of a three-document corpus
      ...["rust", "privacy", "graphs", "sql", "ux", "edge"].map((topic, i) => ({
        id: `other-${i}`,
        title: `About ${topic}`,
        tags: [topic],
        startsAt: minutes(120 + 60 * i),
        endsAt: minutes(165 + 60 * i)
      }))
    ]
    const before: Attendee = {
      id: "a",
      registrations: [],
      preferences: [{ type: "topic", value: "css", source: "explicit", confidence: 0.3 }]
    }
    const liked = { sessionId: "k8s-1", accepted: true, feedbackScore: 5 }
    const recommendationsFor = (preferences: Attendee["preferences"]) =>
      Ranker.rank({ sessions: programme, attendees: [{ ...before, preferences }] }).attendees[0]!.recommendations
    const k8s2 = (preferences: Attendee["preferences"]) => recommendationsFor(preferences).find((r) => r.sessionId === "k8s-2")!

    assert.strictEqual(k8s2(before.preferences).score.text, 0)
    assert.strictEqual(recommendationsFor(before.preferences)[0]!.sessionId, "css-2")
    // one round of feedback: a behavioural "kubernetes" term now matches k8s-2 and is named in the reasoning
    const once = Feedback.applyFeedback(programme, before.preferences, [liked])
    assert.isTrue(k8s2(once).score.text > 0)
    assert.deepStrictEqual(k8s2(once).reasoning.matchedTerms.map((m) => [m.term, m.sources]), [["kubernetes", ["behavioral"]]])
    // consistent feedback (four likes: confidence 1 - 0.7^4 = 0.76) puts it above the weakly stated CSS preference
    const often = Feedback.applyFeedback(programme, before.preferences, [liked, liked, liked, liked])
    const ranking = recommendationsFor(often).map((r) => r.sessionId)
    assert.isTrue(ranking.indexOf("k8s-2") < ranking.indexOf("css-2"), ranking.join(", "))
  })
})
