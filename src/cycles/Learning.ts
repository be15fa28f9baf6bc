/**
 * How decision cycles learn, purely: scoring a decision's predicted impact
 * against what happened, and calibrating confidence per decision type.
 *
 * **Scoring.** A decision predicted that a metric moves by `p` over its
 * window; it moved by `a` (the window after the change against the same
 * weekdays whole weeks before it, so the weekly pattern cancels). The
 * decision is *validated* when `a` has the predicted sign and is material
 * (`a · p > 0` and `|a|` above a tolerance: 10% of the metric's baseline in
 * cycles), or when neither `p` nor `a` is material; *incorrect* otherwise.
 * The size of the miss is the symmetric absolute percentage error
 * `sAPE = |a − p| / ((|a| + |p|) / 2)` (0 when both are 0), which lies in
 * [0, 2] and does not explode when `a` is near 0; cycles report its mean.
 *
 * **Calibration.** Each decision type's chance of being right is a Beta
 * posterior. Its prior is centred on the provider's own confidence `c` with
 * strength `k` (`Beta(c·k, (1 − c)·k)`); every piece of feedback adds its
 * weight to the right or the wrong side: validated and approved decisions are
 * right, incorrect and rejected ones wrong. The confidence the envelope sees
 * is the posterior mean `(c·k + right) / (k + right + wrong)`. A type that is
 * consistently wrong sinks below the envelope's `minConfidence` and its
 * actions wait for approval; one that is consistently right rises to
 * automatic application. Equivalently, the automatic-approval threshold on
 * the provider's raw confidence moves with the evidence.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * One piece of feedback on a decision type.
 *
 * @since 0.1.0
 * @category models
 */
export interface Feedback {
  readonly decisionType: string
  readonly correct: boolean
  /** `learning_weight`, ≥ 0 */
  readonly weight: number
}

/**
 * The evidence on one decision type.
 *
 * @since 0.1.0
 * @category models
 */
export class TypeEvidence extends Schema.Class<TypeEvidence>("ringmaster/cycles/Learning/TypeEvidence")({
  decisionType: Schema.String,
  right: Schema.Finite,
  wrong: Schema.Finite
}) {}

/**
 * Sums feedback per decision type.
 *
 * @since 0.1.0
 * @category learning
 */
export const evidence = (feedback: ReadonlyArray<Feedback>): ReadonlyMap<string, TypeEvidence> => {
  const sums = new Map<string, { right: number; wrong: number }>()
  for (const f of feedback) {
    const w = Number.isFinite(f.weight) && f.weight > 0 ? f.weight : 0
    const s = sums.get(f.decisionType) ?? { right: 0, wrong: 0 }
    if (f.correct) s.right += w
    else s.wrong += w
    sums.set(f.decisionType, s)
  }
  return new Map([...sums].map(([decisionType, s]) => [decisionType, new TypeEvidence({ decisionType, ...s })]))
}

/**
 * The calibrated confidence (0–1) of a decision of a type whose provider
 * said `raw`, given the type's evidence, with prior strength `strength`.
 *
 * @since 0.1.0
 * @category learning
 */
export const calibrate = (raw: number, evidence: TypeEvidence | undefined, strength: number): number => {
  const c = Math.min(1, Math.max(0, Number.isFinite(raw) ? raw : 0))
  if (evidence === undefined) return c
  const k = Math.max(0, strength)
  const total = k + evidence.right + evidence.wrong
  return total === 0 ? c : (c * k + evidence.right) / total
}

/**
 * The verdict on a decision. Changes within `tolerance` of zero (say 10% of
 * the metric's baseline) are "no material change": a decision that predicted
 * none is right when none happened, and one that predicted a material change
 * is right when the actual change has its sign and is itself material.
 *
 * @since 0.1.0
 * @category learning
 */
export const isCorrect = (predicted: number, actual: number, tolerance = 0): boolean => {
  const tol = Math.max(0, tolerance)
  if (Math.abs(predicted) <= tol) return Math.abs(actual) <= tol
  return predicted * actual > 0 && Math.abs(actual) > tol
}

/**
 * The symmetric absolute percentage error of a prediction, in [0, 2].
 *
 * @since 0.1.0
 * @category learning
 */
export const sape = (predicted: number, actual: number): number => {
  const scale = (Math.abs(predicted) + Math.abs(actual)) / 2
  return scale === 0 ? 0 : Math.abs(actual - predicted) / scale
}
