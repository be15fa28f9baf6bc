/**
 * A per-key rate limit: a token bucket per API key, in memory, driven by
 * `Clock` (so `TestClock` moves it). A bucket holds at most `burst` tokens
 * and refills at `perSecond`; each request takes one. An empty bucket
 * answers how long until the next token.
 *
 * In memory means per process: several processes behind one balancer each
 * allow the rate (say so to whoever sizes it).
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"

/**
 * The limit: the bucket's size and its refill rate.
 *
 * @since 0.1.0
 * @category models
 */
export const RateLimit = Schema.Struct({
  burst: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  perSecond: Schema.Finite.check(Schema.isGreaterThan(0))
})

/**
 * @since 0.1.0
 * @category models
 */
export type RateLimit = typeof RateLimit.Type

/**
 * The default limit: bursts of 120 requests, 20 per second sustained.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultLimit: RateLimit = { burst: 120, perSecond: 20 }

/**
 * The answer of `take`.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterMillis: number }

/**
 * The rate limiter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shape {
  readonly limit: RateLimit
  /** Takes a token from `key`'s bucket, if there is one. */
  readonly take: (key: string) => Effect.Effect<Decision>
}

interface Bucket {
  tokens: number
  at: number
}

/**
 * Makes a limiter.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (limit: RateLimit = defaultLimit): Shape => {
  const buckets = new Map<string, Bucket>()
  const perMilli = limit.perSecond / 1000
  const take = (key: string) =>
    Effect.map(Clock.currentTimeMillis, (now): Decision => {
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now }
      // a clock that moved back refills nothing
      const elapsed = Math.max(0, now - bucket.at)
      bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * perMilli)
      bucket.at = Math.max(bucket.at, now)
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { allowed: true, remaining: Math.floor(bucket.tokens) }
      }
      return { allowed: false, retryAfterMillis: Math.ceil((1 - bucket.tokens) / perMilli) }
    })
  return { limit, take }
}

/**
 * The per-key rate limiter of the HTTP API.
 *
 * @since 0.1.0
 * @category services
 */
export class RateLimiter extends Context.Service<RateLimiter, Shape>()("ringmaster/http/RateLimiter") {
  /**
   * A limiter with the given limit (default {@link defaultLimit}).
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer = (limit: RateLimit = defaultLimit): Layer.Layer<RateLimiter> =>
    Layer.sync(RateLimiter, () => make(limit))
}
