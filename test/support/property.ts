/**
 * fast-check properties whose body is an Effect, run with the services of the
 * surrounding test (so a shared database layer is available to every run).
 * A falsified property fails the test with fast-check's counterexample report.
 */
import { Effect } from "effect"
import fc from "fast-check"

export const property = <T, A, E, R>(
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Effect.Effect<A, E, R>,
  parameters: fc.Parameters<[T]> = {}
): Effect.Effect<void, never, R> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<R>()
    const run = Effect.runPromiseWith(context)
    yield* Effect.promise(() =>
      fc.assert(fc.asyncProperty(arbitrary, (value) => run(Effect.asVoid(body(value)))), parameters)
    )
  })
