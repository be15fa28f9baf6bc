/**
 * Acting on a winner goes through the safety envelope: these functions build
 * the envelope's `ActionRequest` for an experiment's winner, and build one
 * **only** when there is a valid verdict (a `Valid` verdict, or a stored row
 * that a valid verdict completed). Anything else gives `Option.none()`, so
 * automation cannot act on a winner that was never established.
 *
 * The request names the experiment as its entity (`{ type: "experiment",
 * id }`), carries the verdict's confidence (confidence level / 100) for the
 * envelope's minimum-confidence check, and the parameters the caller builds
 * from the winning variant (its key and stored `config`).
 *
 * @since 0.1.0
 */
import { Option } from "effect"
import type { Requester } from "../../actions/Action.ts"
import { ActionRequest } from "../../actions/SafetyEnvelope.ts"
import type { Variant } from "./Model.ts"
import type { Verdict } from "./Verdict.ts"

/**
 * What the caller says about the action to request.
 *
 * @since 0.1.0
 * @category models
 */
export interface WinnerActionOptions {
  /** the registered action's name (e.g. `apply_ad_copy`) */
  readonly action: string
  readonly requestId: string
  readonly requester: Requester
  /** the action's parameters, from the winning variant */
  readonly parameters: (winner: Variant) => unknown
  readonly runId?: string | undefined
  readonly shadow?: boolean | undefined
}

const build = (
  experimentId: string,
  winner: Variant,
  confidenceLevel: number,
  options: WinnerActionOptions
): ActionRequest =>
  new ActionRequest({
    requestId: options.requestId,
    action: options.action,
    parameters: options.parameters(winner),
    requester: options.requester,
    entity: { type: "experiment", id: experimentId },
    // the level has two decimals: 99.57 -> 0.9957 exactly (not 0.9956999999999999)
    confidence: Math.min(1, Math.max(0, Math.round(confidenceLevel * 100) / 10000)),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.shadow === undefined ? {} : { shadow: options.shadow })
  })

/**
 * The request for a verdict's winner; none unless the verdict is valid and
 * the winner is among `variants`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromVerdict = (
  experimentId: string,
  verdict: Verdict,
  variants: ReadonlyArray<Variant>,
  options: WinnerActionOptions
): Option.Option<ActionRequest> => {
  if (verdict._tag !== "Valid") return Option.none()
  const winner = variants.find((v) => v.key === verdict.winner)
  return winner === undefined ? Option.none() : Option.some(build(experimentId, winner, verdict.confidenceLevel, options))
}

/**
 * The request for a stored experiment's winner; none unless the row is
 * `completed` with a `winner_variant` and a `confidence_level` (what only a
 * valid verdict writes).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStored = (
  stored: {
    readonly id: string
    readonly status: string | null
    readonly winner_variant: string | null
    readonly confidence_level: number | null
  },
  variants: ReadonlyArray<Variant>,
  options: WinnerActionOptions
): Option.Option<ActionRequest> => {
  if (stored.status !== "completed" || stored.winner_variant === null || stored.confidence_level === null) {
    return Option.none()
  }
  const winner = variants.find((v) => v.key === stored.winner_variant)
  return winner === undefined ? Option.none() : Option.some(build(stored.id, winner, stored.confidence_level, options))
}
