/**
 * A host whose wall clock reads a chosen time: `currentTimeMillis` (and the
 * nanos) say `millis`, while sleeping and monotonic time stay those of the
 * live clock, so database drivers' timers keep working. Used to test
 * what happens when a clock is moved, on a real server, where a `TestClock`
 * jumping years would also move the connection pool's timers.
 */
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"

export const atTime = (millis: number) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  TestClock.withLive(Effect.flatMap(Effect.clockWith(Effect.succeed), (live) => {
    const shifted: Clock.Clock = {
      currentTimeMillisUnsafe: () => millis,
      currentTimeMillis: Effect.succeed(millis),
      currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
      currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: live.monotonicTimeNanos,
      sleep: (duration) => live.sleep(duration)
    }
    return Effect.provideService(self, Clock.Clock, shifted)
  }))
