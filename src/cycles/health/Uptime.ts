/**
 * Uptime from heartbeats. A heartbeat at time `b` from a component that
 * promises to beat every `interval` covers `[b, b + interval)`: the
 * component was known to be alive then. The covered time is the union of
 * those intervals; the uptime over a window `[from, to)` is the share of
 * the window covered, in percent.
 *
 * The union is kept as sorted, disjoint spans: a beat inside (or at the end
 * of) the last span extends it, a beat after a gap starts a new span. So
 * the history of a component beating every minute for a day with one outage
 * is two spans, not 1,440 timestamps, and the uptime is exact.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A covered span `[start, end)` in epoch milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export const Span = Schema.Struct({ start: Schema.Finite, end: Schema.Finite })

/**
 * @since 0.1.0
 * @category models
 */
export type Span = typeof Span.Type

/**
 * The spans after a heartbeat at `at` promising the next within
 * `intervalMillis`. Beats are expected in time order; a beat before the
 * last span's start is merged where it falls.
 *
 * @since 0.1.0
 * @category combinators
 */
export const beat = (spans: ReadonlyArray<Span>, at: number, intervalMillis: number): ReadonlyArray<Span> => {
  const added = { start: at, end: at + intervalMillis }
  const all = [...spans, added].sort((a, b) => a.start - b.start)
  const out: Array<Span> = []
  for (const s of all) {
    const last = out.at(-1)
    if (last !== undefined && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) }
    else out.push({ ...s })
  }
  return out
}

/**
 * The spans that still reach past `from` (older ones are dropped).
 *
 * @since 0.1.0
 * @category combinators
 */
export const prune = (spans: ReadonlyArray<Span>, from: number): ReadonlyArray<Span> => spans.filter((s) => s.end > from)

/**
 * The milliseconds of `[from, to)` the spans cover.
 *
 * @since 0.1.0
 * @category getters
 */
export const covered = (spans: ReadonlyArray<Span>, from: number, to: number): number => {
  let total = 0
  for (const s of spans) total += Math.max(0, Math.min(s.end, to) - Math.max(s.start, from))
  return total
}

/**
 * The uptime in percent over `[from, to)`: covered / (to − from) × 100; 0
 * for an empty window.
 *
 * @since 0.1.0
 * @category getters
 */
export const uptime = (spans: ReadonlyArray<Span>, from: number, to: number): number =>
  to > from ? (covered(spans, from, to) / (to - from)) * 100 : 0
