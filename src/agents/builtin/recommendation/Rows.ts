/**
 * The engine's edges to the database, as pure mappings (no queries): rows
 * of `user_preferences` into {@link Preference}s, and a
 * {@link RecommendationOutput} into rows for `events_ai.ai_recommendations`.
 *
 * `ai_recommendations.user_id` references `users`, while registrations
 * (`session_attendees.attendee_id`) reference `attendees`; an attendee's
 * user is `attendees.user_id`, so {@link toRecommendationRows} takes the
 * mapping from attendee id to user id (and skips attendees without a user).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Preference, Reasoning, RecommendationOutput, ScoreParts } from "./Model.ts"
import { PreferenceSource } from "./Model.ts"

/**
 * The columns of a `user_preferences` row the engine reads. `confidence_level`
 * is `numeric(3,2)`, which SQL drivers may return as a string; `NULL`
 * confidence reads as the column default 0.5, `NULL` source as `explicit`.
 *
 * @since 0.1.0
 * @category models
 */
export const PreferenceRow = Schema.Struct({
  user_id: Schema.String,
  preference_type: Schema.String,
  preference_value: Schema.Unknown,
  confidence_level: Schema.optionalKey(Schema.NullOr(Schema.Union([Schema.Finite, Schema.FiniteFromString]))),
  source: Schema.optionalKey(Schema.NullOr(PreferenceSource))
})

/**
 * @since 0.1.0
 * @category models
 */
export type PreferenceRow = typeof PreferenceRow.Type

const valuesOf = (value: unknown): Array<string> => {
  if (typeof value === "string") return value.trim().length > 0 ? [value] : []
  if (Array.isArray(value)) return value.flatMap(valuesOf)
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>
    return ["value", "values", "terms", "tags", "topics"].flatMap((key) => valuesOf(record[key]))
  }
  return []
}

/**
 * The preferences of each user, from `user_preferences` rows. A
 * `preference_value` may be a string, an array of strings, or an object
 * with `value`, `values`, `terms`, `tags` or `topics`; each string becomes
 * one {@link Preference}. Other JSON (numbers, booleans) is skipped.
 * Confidences are clamped to [0, 1].
 *
 * @since 0.1.0
 * @category mappings
 */
export const preferencesFromRows = (rows: ReadonlyArray<PreferenceRow>): Map<string, Array<Preference>> => {
  const out = new Map<string, Array<Preference>>()
  for (const row of rows) {
    const raw = row.confidence_level ?? 0.5
    const confidence = Number.isFinite(raw) ? Math.max(0, Math.min(1, raw)) : 0.5
    const source = row.source ?? "explicit"
    const list = out.get(row.user_id) ?? []
    for (const value of valuesOf(row.preference_value)) {
      list.push({ type: row.preference_type, value, source, confidence })
    }
    out.set(row.user_id, list)
  }
  return out
}

/**
 * A row to insert into `events_ai.ai_recommendations`: `confidence_score`
 * rounded to the column's two decimals; `reasoning` holds the rank, the
 * score parts and the {@link Reasoning}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecommendationRow {
  readonly user_id: string
  readonly event_id: string
  readonly recommendation_type: "session"
  readonly recommended_item_id: string
  readonly recommended_item_type: "session"
  readonly confidence_score: number
  readonly reasoning: Reasoning & { readonly rank: number; readonly score: ScoreParts }
  readonly expires_at: Date | null
}

/**
 * The rows to insert for a ranker output.
 *
 * @since 0.1.0
 * @category mappings
 */
export const toRecommendationRows = (
  output: RecommendationOutput,
  options: {
    readonly eventId: string
    /** the user of an attendee (`attendees.user_id`); attendees without one are skipped */
    readonly userIdOf: (attendeeId: string) => string | undefined
    readonly expiresAt?: Date | undefined
  }
): Array<RecommendationRow> =>
  output.attendees.flatMap((attendee) => {
    const userId = options.userIdOf(attendee.attendeeId)
    if (userId === undefined) return []
    return attendee.recommendations.map((r): RecommendationRow => ({
      user_id: userId,
      event_id: options.eventId,
      recommendation_type: "session",
      recommended_item_id: r.sessionId,
      recommended_item_type: "session",
      confidence_score: Math.max(0, Math.min(1, Math.round(r.confidence * 100) / 100)),
      reasoning: { rank: r.rank, score: r.score, ...r.reasoning },
      expires_at: options.expiresAt ?? null
    }))
  })
