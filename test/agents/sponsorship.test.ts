/**
 * The sponsorship engine: leads never exceed an entitlement or a cap, never
 * go to opted-out attendees or declined pairs (fast-check); lead quality
 * against random and popularity baselines on generated events with a planted
 * truth; the matcher's gap to the HiGHS optimum; insights against a hand
 * case (reference values from scipy) and against planted niche and
 * weak-offer sponsors; the rows' reading of entitlements and answers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import fc from "fast-check"
import * as Baseline from "../../src/agents/builtin/sponsorship/Baseline.ts"
import * as Exact from "../../src/agents/builtin/sponsorship/Exact.ts"
import * as Generator from "../../src/agents/builtin/sponsorship/Generator.ts"
import * as Insights from "../../src/agents/builtin/sponsorship/Insights.ts"
import * as Matcher from "../../src/agents/builtin/sponsorship/Matcher.ts"
import * as Metrics from "../../src/agents/builtin/sponsorship/Metrics.ts"
import type { Input, LeadPair } from "../../src/agents/builtin/sponsorship/Model.ts"
import * as Rows from "../../src/agents/builtin/sponsorship/Rows.ts"
import { property } from "../support/property.ts"

const vocabulary = ["ai", "cloud", "security", "data", "devops", "payments", "hiring", "iot"]

/** small instances: sponsors, attendees, and earlier leads kept within the limits */
const instance: fc.Arbitrary<{ input: Input; cap: number }> = fc
  .record({
    sponsors: fc.array(fc.record({ topics: fc.subarray(vocabulary), entitlement: fc.nat(8) }), { maxLength: 6 }),
    attendees: fc.array(
      fc.record({
        interests: fc.subarray(vocabulary),
        optedOut: fc.boolean(),
        maxSponsors: fc.option(fc.nat(3), { nil: undefined })
      }),
      { maxLength: 30 }
    ),
    history: fc.array(fc.record({ s: fc.nat(), a: fc.nat(), accepted: fc.boolean() }), { maxLength: 20 }),
    cap: fc.nat(3)
  })
  .map(({ attendees, cap, history, sponsors }) => {
    const input: Input = {
      sponsors: sponsors.map((s, k) => ({ id: `s${k}`, topics: s.topics, entitlement: s.entitlement })),
      attendees: attendees.map((a, i) => ({
        id: `a${i}`,
        interests: a.interests,
        ...(a.optedOut ? { optedOut: true } : {}),
        ...(a.maxSponsors === undefined ? {} : { maxSponsors: a.maxSponsors })
      })),
      accepted: [],
      declined: []
    }
    const accepted: Array<LeadPair> = []
    const declined: Array<LeadPair> = []
    const perS = new Map<string, number>()
    const perA = new Map<string, number>()
    const seen = new Set<string>()
    if (input.sponsors.length > 0 && input.attendees.length > 0) {
      for (const h of history) {
        const s = input.sponsors[h.s % input.sponsors.length]!
        const a = input.attendees[h.a % input.attendees.length]!
        const key = `${s.id}|${a.id}`
        if (seen.has(key)) continue
        seen.add(key)
        const pair = { sponsorId: s.id, attendeeId: a.id }
        if (!h.accepted) declined.push(pair)
        else if ((perS.get(s.id) ?? 0) < s.entitlement && (perA.get(a.id) ?? 0) < (a.maxSponsors ?? cap) && a.optedOut !== true) {
          perS.set(s.id, (perS.get(s.id) ?? 0) + 1)
          perA.set(a.id, (perA.get(a.id) ?? 0) + 1)
          accepted.push(pair)
        }
      }
    }
    return { input: { ...input, accepted, declined }, cap }
  })

const noViolations: Metrics.Violations = { overEntitlement: 0, overCap: 0, optedOut: 0, declined: 0, duplicates: 0, unknown: 0 }

describe("sponsorship engine", () => {
  it("never exceeds an entitlement or a cap, never leads to an opted-out attendee, a declined or a kept pair", () => {
    fc.assert(
      fc.property(instance, ({ cap, input }) => {
        const out = Matcher.matchSync(input, { maxSponsorsPerAttendee: cap })
        assert.deepStrictEqual(Metrics.violations(input, out.leads, cap), noViolations)
        const kept = new Set(input.accepted.map((p) => `${p.sponsorId}|${p.attendeeId}`))
        for (const l of out.leads) {
          assert.isFalse(kept.has(`${l.sponsorId}|${l.attendeeId}`), "an accepted lead is kept, not proposed again")
          assert.isAbove(l.score, 0)
          assert.isAtMost(l.score, 1)
          assert.isAbove(l.topics.length, 0, "every lead names a matched topic")
        }
        for (const s of out.sponsors) assert.isAtMost(s.kept + s.delivered, s.entitlement)
        assert.isAtLeast(out.totalScore + 1e-9, out.stats.greedyScore, "the improvement never lowers the total")
        // the baselines keep the same rules, so they are fair comparisons
        assert.deepStrictEqual(Metrics.violations(input, Baseline.random(input, { maxSponsorsPerAttendee: cap }, 7), cap), noViolations)
        assert.deepStrictEqual(Metrics.violations(input, Baseline.popularity(input, { maxSponsorsPerAttendee: cap }), cap), noViolations)
      }),
      { numRuns: 300 }
    )
  })

  it.effect("the exact solver keeps the rules too and is never below the matcher", () =>
    property(instance, ({ cap, input }) =>
      Effect.gen(function*() {
        const exact = yield* Exact.solve(input, { maxSponsorsPerAttendee: cap })
        const out = Matcher.matchSync(input, { maxSponsorsPerAttendee: cap })
        assert.isTrue(exact.optimal)
        assert.deepStrictEqual(Metrics.violations(input, exact.leads, cap), noViolations)
        assert.isAtLeast(exact.totalScore + 1e-9, out.totalScore)
        // the greedy's guarantee: at least half the optimum
        assert.isAtLeast(out.stats.greedyScore + 1e-9, exact.totalScore / 2)
      }), { numRuns: 40 }))

  it("beats random and popularity leads on planted interests by a wide margin", () => {
    // measured on seeds 1..8 (600 attendees, 12 sponsors, default options):
    // precision 0.565–0.725 (pooled 0.655), popularity 0.109–0.155 (pooled 0.127), random 0.036–0.099 (pooled 0.067);
    // per seed the matcher's precision was at least 4.56× popularity's and 6.61× random's, and its true leads
    // at least 3.59× popularity's although it hands out fewer leads (niche sponsors are not filled with guesses)
    const agg = { engine: { hits: 0, leads: 0 }, popularity: { hits: 0, leads: 0 }, random: { hits: 0, leads: 0 } }
    for (const seed of [1, 2, 3, 4, 5]) {
      const g = Generator.generate({ seed, attendees: 600, sponsors: 12 })
      const engine = Metrics.quality(Matcher.matchSync(g.input).leads, g.truth)
      const popularity = Metrics.quality(Baseline.popularity(g.input), g.truth)
      const random = Metrics.quality(Baseline.random(g.input, {}, seed), g.truth)
      assert.isAtLeast(engine.precision, 3.5 * popularity.precision, `seed ${seed}: precision vs popularity`)
      assert.isAtLeast(engine.precision, 5 * random.precision, `seed ${seed}: precision vs random`)
      assert.isAtLeast(engine.hits, 3 * popularity.hits, `seed ${seed}: true leads vs popularity`)
      for (const [k, q] of [["engine", engine], ["popularity", popularity], ["random", random]] as const) {
        agg[k].hits += q.hits
        agg[k].leads += q.leads
      }
    }
    assert.isAtLeast(agg.engine.hits / agg.engine.leads, 0.6)
    assert.isAtMost(agg.popularity.hits / agg.popularity.leads, 0.16)
  })

  it.effect("is within 1% of the HiGHS optimum on tight small instances, and the local improvement helps", () =>
    Effect.gen(function*() {
      // measured on seeds 1..12 (120 attendees, 10 sponsors, one sponsor per attendee): gap after improvement
      // max 0.72% (seed 7), mean 0.12%; the greedy alone max 2.79% (seed 1), mean 1.04%. HiGHS proved optimality each time.
      let greedyGaps = 0
      let improvedGaps = 0
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const g = Generator.generate({ seed, attendees: 120, sponsors: 10 })
        const options = { maxSponsorsPerAttendee: 1 }
        const exact = yield* Exact.solve(g.input, options)
        const out = Matcher.matchSync(g.input, options)
        assert.isTrue(exact.optimal)
        const gap = (exact.totalScore - out.totalScore) / exact.totalScore
        assert.isAtLeast(gap, -1e-12, `seed ${seed}: no better than optimal`)
        assert.isAtMost(gap, 0.01, `seed ${seed}: gap ${gap}`)
        improvedGaps += gap
        greedyGaps += (exact.totalScore - out.stats.greedyScore) / exact.totalScore
      }
      assert.isBelow(improvedGaps, greedyGaps / 3, "the local improvement closes most of the greedy's gap")
      assert.isAtMost(improvedGaps / 8, 0.003)
    }))

  it("computes the hand case's insight figures (posterior probabilities from scipy 1.17.1)", () => {
    const insights = Insights.compute({
      sponsors: [
        { id: "A", name: "Acme", topics: ["Rust"], contractAmount: 1000 },
        { id: "B", name: "Bolt", topics: ["go"], contractAmount: 500 }
      ],
      stats: [
        { sponsorId: "A", entitlement: 4, kept: 1, delivered: 2, demand: 3 },
        { sponsorId: "B", entitlement: 2, kept: 0, delivered: 2, demand: 5 }
      ],
      leads: [
        { sponsorId: "A", attendeeId: "x1", score: 0.8, topics: ["rust"] },
        { sponsorId: "A", attendeeId: "x2", score: 0.6, topics: ["rust"] },
        { sponsorId: "B", attendeeId: "x3", score: 0.5, topics: ["go"] },
        { sponsorId: "B", attendeeId: "x4", score: 0.3, topics: ["go"] }
      ],
      kept: [{ sponsorId: "A", attendeeId: "x5" }],
      outcomes: [
        ...Array.from({ length: 10 }, (_, i) => ({ sponsorId: "A", attendeeId: `h${i}`, accepted: i < 2 })),
        ...Array.from({ length: 20 }, (_, i) => ({ sponsorId: "B", attendeeId: `h${i}`, accepted: i < 12 }))
      ],
      engagement: [
        ["x1", ["rust"]], ["x2", []], ["x5", ["Rust "]], ["x3", ["go"]], ["x4", ["go"]], ["y1", ["go"]], ["y2", []], ["y3", ["rust"]]
      ].map(([id, tags]) => ({ attendeeId: id as string, checkedIn: id !== "y2", attendedTopics: tags as Array<string> }))
    })
    assert.strictEqual(insights.length, 2)
    const [a, b] = insights as [Insights.Insight, Insights.Insight]
    // Acme: 3 of 4 leads, demand 3 < 4 -> under-delivered (0.25) with "broaden_topics";
    // acceptance 2/10 vs Bolt's 12/20 = 0.6: P(rate < 0.6) = scipy.stats.beta.cdf(0.6, 2.5, 8.5) = 0.9951135644967707;
    // severity (0.6 - 2.5/11) / 0.6 = 0.6212121...; topic engagement 2/3 vs 3/8: P(below) = beta.cdf(0.375, 2.5, 1.5)
    // = 0.1498924324679276 (no finding at 0.9); weight 0.5 + 0.5 * 1000/1000 = 1
    assert.deepStrictEqual(a.findings.map((f) => f.kind), ["under_delivered", "low_acceptance"])
    assert.closeTo(a.figures.acceptance.probabilityBelow!, 0.9951135644967707, 1e-10)
    assert.closeTo(a.figures.topicEngagement.probabilityBelow!, 0.1498924324679276, 1e-10)
    assert.closeTo(a.confidence, 0.9951135644967707, 1e-10)
    assert.closeTo(a.impact, (0.6 - 2.5 / 11) / 0.6, 1e-12)
    assert.deepStrictEqual(a.actions.map((x) => x.action), ["broaden_topics", "review_offer"])
    assert.strictEqual(a.figures.delivered, 3)
    assert.closeTo(a.figures.meanScore!, 0.7, 1e-12)
    assert.closeTo(a.figures.eventMeanScore!, 0.55, 1e-12)
    // Bolt: acceptance 12/20 vs 0.2: P(below) = beta.cdf(0.2, 12.5, 8.5) = 4.0251270935757124e-05 -> high acceptance;
    // engagement 2/2 vs 3/8: P(below) = beta.cdf(0.375, 2.5, 0.5) = 0.034316599206396375 -> high engagement,
    // severity (2.5/3 - 0.375) / 0.625 = 0.7333..., the head finding; weight 0.5 + 0.5 * 500/1000 = 0.75
    assert.deepStrictEqual(b.findings.map((f) => f.kind), ["high_acceptance", "high_engagement"])
    assert.closeTo(b.figures.acceptance.probabilityBelow!, 4.0251270935757124e-05, 1e-12)
    assert.closeTo(b.confidence, 1 - 0.034316599206396375, 1e-10)
    assert.closeTo(b.impact, 0.75 * (2.5 / 3 - 0.375) / 0.625, 1e-12)
    assert.deepStrictEqual(b.actions.map((x) => x.action), ["offer_more_leads", "share_engagement_report"])
  })

  it("flags the planted niche and weak-offer sponsors", () => {
    // measured on seeds 1..10 (600 attendees, 12 sponsors): all 30 niche sponsors under-delivered with
    // "broaden_topics", none of the 90 others; 17 of 20 weak-offer sponsors flagged for low acceptance,
    // 5 of the 100 others (the 0.9 evidence level lets about one in ten through by design)
    const count = { niche: 0, nicheFlagged: 0, others: 0, othersUnder: 0, weak: 0, weakFlagged: 0, normal: 0, normalFlagged: 0 }
    for (let seed = 1; seed <= 10; seed++) {
      const g = Generator.generate({ seed, attendees: 600, sponsors: 12 })
      const out = Matcher.matchSync(g.input)
      const insights = Insights.compute({
        sponsors: g.profiles,
        stats: out.sponsors,
        leads: out.leads,
        kept: g.input.accepted,
        outcomes: g.outcomes,
        engagement: g.engagement
      })
      assert.strictEqual(insights.length, g.profiles.length)
      for (const x of insights) {
        const kinds = x.findings.map((f) => f.kind)
        assert.isAtLeast(x.confidence, 0)
        assert.isAtMost(x.confidence, 1)
        assert.isAtLeast(x.impact, 0)
        assert.isAtMost(x.impact, 1)
        assert.isAbove(x.actions.length, 0)
        if (g.niche.includes(x.sponsorId)) {
          count.niche++
          if (kinds.includes("under_delivered") && x.actions[0]!.action === "broaden_topics") count.nicheFlagged++
        } else {
          count.others++
          if (kinds.includes("under_delivered")) count.othersUnder++
        }
        if (g.weakOffer.includes(x.sponsorId)) {
          count.weak++
          if (kinds.includes("low_acceptance")) count.weakFlagged++
        } else {
          count.normal++
          if (kinds.includes("low_acceptance")) count.normalFlagged++
        }
      }
    }
    assert.strictEqual(count.nicheFlagged, count.niche)
    assert.strictEqual(count.othersUnder, 0)
    assert.isAtLeast(count.weakFlagged / count.weak, 0.75)
    assert.isAtMost(count.normalFlagged / count.normal, 0.1)
  })

  it.effect("reads entitlements from package benefits in both forms, and names what is wrong", () =>
    Effect.gen(function*() {
      const pkg = (benefits: unknown) => ({ id: "p1", benefits })
      assert.strictEqual(yield* Rows.entitlement(pkg([{ kind: "booth", size_m2: 18 }, { kind: "leads", count: 40 }, "10 passes", "25 qualified leads"])), 65)
      assert.strictEqual(yield* Rows.entitlement(pkg(["premium booth", "10 passes"])), 0)
      const bad = yield* Effect.flip(Rows.entitlement(pkg([{ kind: "leads", count: -3 }])))
      assert.strictEqual(bad.field, "sponsorship_packages[p1].benefits[0].count")
      assert.include(bad.message, "-3")
      const notArray = yield* Effect.flip(Rows.entitlement(pkg({ leads: 5 })))
      assert.strictEqual(notArray.field, "sponsorship_packages[p1].benefits")
      const packages = new Map([["p1", pkg(["30 leads"])]])
      const sponsor = yield* Rows.toSponsor({ id: "s1", package_id: "p1", status: "confirmed", metadata: { topics: ["AI"] } }, packages)
      assert.deepStrictEqual(sponsor, { id: "s1", topics: ["AI"], entitlement: 30 })
      const prospect = yield* Rows.toSponsor({ id: "s2", package_id: "p1", status: "prospect", metadata: {} }, packages)
      assert.strictEqual(prospect.entitlement, 0)
      const badTopics = yield* Effect.flip(Rows.toSponsor({ id: "s3", package_id: null, status: "confirmed", metadata: { topics: "ai" } }, packages))
      assert.strictEqual(badTopics.field, "sponsors[s3].metadata.topics")
      const attendee = yield* Rows.toAttendee({
        id: "a1",
        status: "confirmed",
        interests: ["data"],
        answers: { sponsorship: { maxSponsors: 1, lookingFor: ["payments"] } }
      })
      assert.deepStrictEqual(attendee, { id: "a1", interests: ["data", "payments"], maxSponsors: 1 })
      const cancelled = yield* Rows.toAttendee({ id: "a2", status: "cancelled", interests: [], answers: {} })
      assert.isTrue(cancelled.optedOut)
      const hostile = yield* Effect.flip(Rows.toAttendee({ id: "a3", status: "registered", interests: [], answers: { sponsorship: { maxSponsors: -1 } } }))
      assert.strictEqual(hostile.field, "attendees[a3].answers.sponsorship")
    }))

  it.effect("fails with a typed error naming the field on bad input or options", () =>
    Effect.gen(function*() {
      const input: Input = {
        sponsors: [{ id: "s", topics: ["ai"], entitlement: 1 }, { id: "s", topics: [], entitlement: 1 }],
        attendees: [],
        accepted: [],
        declined: []
      }
      const dup = yield* Effect.flip(Matcher.match(input))
      assert.strictEqual(dup._tag, "InvalidInput")
      assert.strictEqual(dup.field, "sponsors.id")
      const ok = { ...input, sponsors: [input.sponsors[0]!] }
      assert.strictEqual((yield* Effect.flip(Matcher.match(ok, { maxSponsorsPerAttendee: 1.5 }))).field, "maxSponsorsPerAttendee")
      assert.strictEqual((yield* Effect.flip(Matcher.match(ok, { minScore: 1 }))).field, "minScore")
      const decoded = yield* Effect.exit(Matcher.matchUnknown({ sponsors: [{ id: "s", topics: ["ai"], entitlement: -1 }], attendees: [], accepted: [], declined: [] }))
      assert.isTrue(Exit.isFailure(decoded))
      const exact = yield* Effect.flip(Exact.solve(input))
      assert.strictEqual(exact._tag === "InvalidInput" ? exact.field : exact._tag, "sponsors.id")
    }))
})
