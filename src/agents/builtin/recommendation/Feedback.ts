/**
 * Turns feedback on recommendations (`ai_recommendations.is_accepted`,
 * `feedback_score` 1–5) into behavioural preferences (`user_preferences`
 * rows with `source = 'behavioral'`), purely.
 *
 * Each feedback is a signal s in [-1, 1]: acceptance is +1, rejection -1,
 * a score f is (f - 3) / 2; with both, their weighted mean. Every tag of the
 * session is a preference value; its confidence c moves toward 1 (s > 0) or
 * 0 (s < 0) by `learningRate * |s|`: `c ← c + learningRate * |s| * (target - c)`,
 * starting from the existing behavioural confidence (0 when new). Feedback
 * is applied in the given order. Preferences whose confidence falls below
 * `minConfidence` are dropped.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Preference, Session } from "./Model.ts"
import * as Text from "./internal/text.ts"

/**
 * One piece of feedback on a recommended session.
 *
 * @since 0.1.0
 * @category models
 */
export const FeedbackEvent = Schema.Struct({
  sessionId: Schema.String,
  accepted: Schema.optionalKey(Schema.Boolean),
  feedbackScore: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 })))
})

/**
 * @since 0.1.0
 * @category models
 */
export type FeedbackEvent = typeof FeedbackEvent.Type

const nonNegative = (value: number) =>
  Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefaultKey(Effect.succeed(value)))

/**
 * How feedback moves confidences; decode `{}` for the defaults.
 *
 * @since 0.1.0
 * @category models
 */
export const FeedbackConfig = Schema.Struct({
  /** step size toward the target confidence, in [0, 1] */
  learningRate: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.3))
  ),
  /** weight of acceptance / rejection in the signal */
  acceptanceWeight: nonNegative(1),
  /** weight of the 1–5 score in the signal */
  scoreWeight: nonNegative(1),
  /** behavioural preferences below this confidence are dropped */
  minConfidence: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed(0.05))
  ),
  /** `preference_type` of the preferences produced */
  preferenceType: Schema.String.pipe(Schema.withDecodingDefaultKey(Effect.succeed("tag")))
})

/**
 * @since 0.1.0
 * @category models
 */
export type FeedbackConfig = typeof FeedbackConfig.Type

/**
 * The default feedback configuration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: FeedbackConfig = Schema.decodeUnknownSync(FeedbackConfig)({})

/**
 * The signal of one feedback in [-1, 1]; 0 when it carries neither
 * acceptance nor a score.
 *
 * @since 0.1.0
 * @category feedback
 */
export const signal = (event: FeedbackEvent, config: FeedbackConfig = defaults): number => {
  let sum = 0
  let weight = 0
  if (event.accepted !== undefined) {
    sum += config.acceptanceWeight * (event.accepted ? 1 : -1)
    weight += config.acceptanceWeight
  }
  if (event.feedbackScore !== undefined) {
    sum += config.scoreWeight * ((event.feedbackScore - 3) / 2)
    weight += config.scoreWeight
  }
  return weight > 0 ? Math.max(-1, Math.min(1, sum / weight)) : 0
}

/**
 * The attendee's behavioural preferences after the feedback: the existing
 * behavioural ones (other sources in `existing` are ignored) updated, plus
 * new ones for tags seen for the first time, sorted by value. Feedback on a
 * session not in `sessions` is ignored.
 *
 * @since 0.1.0
 * @category feedback
 */
export const behavioralPreferences = (
  sessions: ReadonlyArray<Session>,
  existing: ReadonlyArray<Preference>,
  feedback: ReadonlyArray<FeedbackEvent>,
  config: FeedbackConfig = defaults
): Array<Preference> => {
  const byId = new Map(sessions.map((s) => [s.id, s]))
  const confidence = new Map<string, number>()
  for (const p of existing) {
    if (p.source !== "behavioral" || p.type !== config.preferenceType) continue
    confidence.set(p.value, p.confidence)
  }
  const others = existing.filter((p) => p.source === "behavioral" && p.type !== config.preferenceType)
  for (const event of feedback) {
    const session = byId.get(event.sessionId)
    if (session === undefined) continue
    const s = signal(event, config)
    if (s === 0) continue
    const target = s > 0 ? 1 : 0
    const step = config.learningRate * Math.abs(s)
    for (const tag of new Set(session.tags.map((t) => t.trim().toLowerCase()).filter((t) => Text.terms(t).length > 0))) {
      const c = confidence.get(tag) ?? 0
      confidence.set(tag, Math.max(0, Math.min(1, c + step * (target - c))))
    }
  }
  const updated: Array<Preference> = [...confidence.entries()]
    .filter(([, c]) => c >= config.minConfidence)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value, c]) => ({ type: config.preferenceType, value, source: "behavioral", confidence: c }))
  return [...others, ...updated]
}

/**
 * The attendee's whole preference list after the feedback: explicit and
 * inferred preferences unchanged, behavioural ones replaced by
 * {@link behavioralPreferences}.
 *
 * @since 0.1.0
 * @category feedback
 */
export const applyFeedback = (
  sessions: ReadonlyArray<Session>,
  preferences: ReadonlyArray<Preference>,
  feedback: ReadonlyArray<FeedbackEvent>,
  config: FeedbackConfig = defaults
): Array<Preference> => [
  ...preferences.filter((p) => p.source !== "behavioral"),
  ...behavioralPreferences(sessions, preferences, feedback, config)
]
