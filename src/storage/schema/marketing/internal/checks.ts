/**
 * Checks shared by the core marketing tables, each the Effect Schema twin of a
 * CHECK written in migration 0004.
 *
 * @since 0.1.0
 * @internal
 */
import { Schema } from "effect"

/** `CHECK (col ~ '^[a-z][a-z0-9_]*$')`: a platform key such as `google_ads` (an open vocabulary). */
export const platformKey = Schema.isPattern(/^[a-z][a-z0-9_]*$/, {
  expected: "a platform key (lower-case letters, digits and underscores, starting with a letter)"
})

/** `CHECK (length(col) <= 80)`: the longest keyword the major ad platforms accept. */
export const keywordMaxLength = Schema.isMaxLength(80)
