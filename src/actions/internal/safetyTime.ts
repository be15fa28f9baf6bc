/**
 * Time helpers of the safety envelope.
 *
 * @internal
 */
import { DateTime } from "effect"

/**
 * The UTC day (YYYY-MM-DD) of an epoch-millis time.
 *
 * @internal
 */
export const dayOf = (millis: number): string => DateTime.formatIsoDateUtc(DateTime.makeUnsafe(millis))
