/**
 * Ranking metrics and a popularity-only baseline ranker.
 *
 * Definitions (standard, as in Manning, Raghavan & Schütze, "Introduction to
 * Information Retrieval", ch. 8, and Järvelin & Kekäläinen 2002 for DCG):
 *
 * - precision@k = |relevant ∩ first k of the ranking| / k (a ranking shorter
 *   than k counts its missing positions as misses).
 * - DCG@k = Σ_{i=1..k} gain(item_i) / log2(i + 1); nDCG@k = DCG@k / IDCG@k,
 *   where IDCG@k is the DCG@k of the items sorted by gain (the ideal
 *   ranking); 0 when nothing is relevant.
 *
 * @since 0.1.0
 */
import type { RecommendationInput } from "./Model.ts"
import * as Programme from "./internal/programme.ts"

/**
 * precision@k of a ranking against a set of relevant ids.
 *
 * @since 0.1.0
 * @category metrics
 */
export const precisionAtK = (ranking: ReadonlyArray<string>, relevant: ReadonlySet<string>, k: number): number => {
  if (k <= 0) return 0
  let hits = 0
  for (const id of ranking.slice(0, k)) if (relevant.has(id)) hits++
  return hits / k
}

/**
 * DCG@k with graded gains (`gains.get(id)`, 0 when absent).
 *
 * @since 0.1.0
 * @category metrics
 */
export const dcgAtK = (ranking: ReadonlyArray<string>, gains: ReadonlyMap<string, number>, k: number): number => {
  let dcg = 0
  ranking.slice(0, Math.max(0, k)).forEach((id, i) => {
    dcg += (gains.get(id) ?? 0) / Math.log2(i + 2)
  })
  return dcg
}

/**
 * nDCG@k with graded gains; the ideal ranking sorts every id in `gains` by
 * gain.
 *
 * @since 0.1.0
 * @category metrics
 */
export const ndcgAtK = (ranking: ReadonlyArray<string>, gains: ReadonlyMap<string, number>, k: number): number => {
  const ideal = [...gains.entries()].filter(([, g]) => g > 0).sort((a, b) => b[1] - a[1]).map(([id]) => id)
  const idcg = dcgAtK(ideal, gains, k)
  return idcg > 0 ? dcgAtK(ranking, gains, k) / idcg : 0
}

/**
 * nDCG@k with binary relevance (gain 1 for a relevant id).
 *
 * @since 0.1.0
 * @category metrics
 */
export const binaryNdcgAtK = (ranking: ReadonlyArray<string>, relevant: ReadonlySet<string>, k: number): number =>
  ndcgAtK(ranking, new Map([...relevant].map((id) => [id, 1])), k)

/**
 * The popularity-only baseline: per attendee, the sessions that pass the
 * same hard filters as the ranker (not registered, no clash with a
 * registration), most registrations first, ties in input order.
 *
 * @since 0.1.0
 * @category baselines
 */
export const popularityBaseline = (
  input: RecommendationInput,
  limit: number
): ReadonlyMap<string, ReadonlyArray<string>> => {
  const programme = Programme.make(input)
  const out = new Map<string, ReadonlyArray<string>>()
  for (const attendee of input.attendees) {
    const { candidates } = Programme.candidates(programme, attendee)
    const ranked = [...candidates].sort((a, b) =>
      (programme.registrations.get(b.id) ?? 0) - (programme.registrations.get(a.id) ?? 0) ||
      programme.position.get(a.id)! - programme.position.get(b.id)!
    )
    out.set(attendee.id, ranked.slice(0, Math.max(0, limit)).map((s) => s.id))
  }
  return out
}

/**
 * Mean precision@k and nDCG@k over the attendees of `rankings` that have at
 * least one relevant session.
 *
 * @since 0.1.0
 * @category metrics
 */
export const evaluate = (
  rankings: ReadonlyMap<string, ReadonlyArray<string>>,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  options: { readonly precisionK: number; readonly ndcgK: number }
): { readonly precision: number; readonly ndcg: number; readonly attendees: number } => {
  let precision = 0
  let ndcg = 0
  let n = 0
  for (const [id, ranking] of rankings) {
    const rel = relevant.get(id)
    if (rel === undefined || rel.size === 0) continue
    precision += precisionAtK(ranking, rel, options.precisionK)
    ndcg += binaryNdcgAtK(ranking, rel, options.ndcgK)
    n++
  }
  return { precision: n > 0 ? precision / n : 0, ndcg: n > 0 ? ndcg / n : 0, attendees: n }
}
