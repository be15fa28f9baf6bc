import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Generator from "../../src/agents/builtin/recommendation/Generator.ts"
import type { Session } from "../../src/agents/builtin/recommendation/Model.ts"

const overlaps = (a: Session, b: Session) =>
  a.startsAt!.getTime() < b.endsAt!.getTime() && b.startsAt!.getTime() < a.endsAt!.getTime()

describe("Generator: the planted truth is what it claims", () => {
  it("registrations never clash; the truth is the unregistered, non-clashing sessions of the attendee's interests", () =>
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          topics: fc.integer({ min: 1, max: 8 }),
          tracks: fc.integer({ min: 1, max: 6 }),
          slots: fc.integer({ min: 1, max: 10 }),
          parallel: fc.integer({ min: 1, max: 6 }),
          attendees: fc.integer({ min: 0, max: 40 }),
          registrationsPerAttendee: fc.integer({ min: 0, max: 6 })
        }),
        (options) => {
          const { input, truth } = Generator.make(options)
          assert.strictEqual(input.sessions.length, options.slots * options.parallel)
          assert.strictEqual(input.attendees.length, options.attendees)
          const byId = new Map(input.sessions.map((s) => [s.id, s]))
          for (const s of input.sessions) {
            assert.isTrue(s.endsAt!.getTime() > s.startsAt!.getTime())
            assert.isTrue(s.tags.length >= 1)
          }
          for (const a of input.attendees) {
            const regs = a.registrations.map((id) => byId.get(id)!)
            assert.strictEqual(new Set(a.registrations).size, regs.length)
            assert.isTrue(regs.length <= options.registrationsPerAttendee)
            regs.forEach((r, i) => regs.slice(i + 1).forEach((q) => assert.isFalse(overlaps(r, q))))
            const interests = new Set(truth.interests.get(a.id))
            assert.isTrue(interests.size >= 1)
            const expected = input.sessions
              .filter((s) => interests.has(truth.sessionTopics.get(s.id)!))
              .filter((s) => !a.registrations.includes(s.id) && !regs.some((r) => overlaps(r, s)))
              .map((s) => s.id)
            assert.deepStrictEqual([...truth.relevant.get(a.id)!].sort(), expected.sort())
            for (const t of interests) assert.isTrue(truth.topicWords.has(t))
            for (const p of a.preferences) assert.isTrue(p.confidence >= 0 && p.confidence <= 1)
          }
        }
      ),
      { numRuns: 60 }
    ))

  it("explicit preferences are a noisy, partial view: most point at a true interest, not all", () => {
    const { input, truth } = Generator.make({ seed: 11, attendees: 300 })
    let onTopic = 0
    let offTopic = 0
    let none = 0
    for (const a of input.attendees) {
      const explicit = a.preferences.filter((p) => p.source === "explicit")
      if (explicit.length === 0) none++
      for (const p of explicit) {
        const interests = truth.interests.get(a.id)!
        if (interests.some((t) => truth.topicWords.get(t)!.includes(p.value))) onTopic++
        else offTopic++
      }
    }
    assert.isTrue(onTopic > 2 * offTopic, `${onTopic} on topic, ${offTopic} off`)
    assert.isTrue(offTopic > 0)
    assert.isTrue(none > 0)
  })
})
