import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Generator from "../../src/agents/builtin/recommendation/Generator.ts"
import * as Ranker from "../../src/agents/builtin/recommendation/Ranker.ts"
import * as Rows from "../../src/agents/builtin/recommendation/Rows.ts"

describe("Rows: user_preferences in, ai_recommendations out", () => {
  it.effect("reads user_preferences rows: string, array and object values; numeric as string; NULL defaults", () =>
    Effect.gen(function*() {
      const rows = yield* Schema.decodeUnknownEffect(Schema.Array(Rows.PreferenceRow))([
        { user_id: "u1", preference_type: "topic", preference_value: "machine learning", confidence_level: "0.80", source: "explicit" },
        { user_id: "u1", preference_type: "tags", preference_value: ["rust", "wasm"], confidence_level: 0.4, source: "inferred" },
        { user_id: "u2", preference_type: "topic", preference_value: { value: "security" }, confidence_level: null, source: null },
        { user_id: "u2", preference_type: "seat", preference_value: 12 }
      ])
      const prefs = Rows.preferencesFromRows(rows)
      assert.deepStrictEqual(prefs.get("u1"), [
        { type: "topic", value: "machine learning", source: "explicit", confidence: 0.8 },
        { type: "tags", value: "rust", source: "inferred", confidence: 0.4 },
        { type: "tags", value: "wasm", source: "inferred", confidence: 0.4 }
      ])
      assert.deepStrictEqual(prefs.get("u2"), [{ type: "topic", value: "security", source: "explicit", confidence: 0.5 }])
    }))

  it("writes ai_recommendations rows: confidence to two decimals within [0, 1], reasoning with rank and score parts", () => {
    const event = Generator.make({ seed: 5, attendees: 20 })
    const output = Ranker.rank(event.input)
    const expiresAt = new Date("2026-06-03T00:00:00Z")
    const rows = Rows.toRecommendationRows(output, {
      eventId: "e1",
      userIdOf: (id) => (id === "a0001" ? undefined : `user-${id}`),
      expiresAt
    })
    const expected = output.attendees.filter((a) => a.attendeeId !== "a0001")
      .reduce((n, a) => n + a.recommendations.length, 0)
    assert.strictEqual(rows.length, expected)
    for (const row of rows) {
      assert.isTrue(row.user_id.startsWith("user-a"))
      assert.strictEqual(row.recommendation_type, "session")
      assert.isTrue(row.confidence_score >= 0 && row.confidence_score <= 1)
      assert.strictEqual(Math.round(row.confidence_score * 100) / 100, row.confidence_score)
      assert.isTrue(row.reasoning.summary.length > 0)
      assert.strictEqual(row.expires_at, expiresAt)
    }
    // the reasoning is plain JSON (the column is jsonb)
    assert.deepStrictEqual(JSON.parse(JSON.stringify(rows[0]!.reasoning)), rows[0]!.reasoning)
  })
})
