/**
 * Hybrid retrieval arithmetic: vector similarity and reciprocal-rank fusion. RRF combines
 * rankings by position only, so BM25 scores and cosine similarities need no common scale.
 */

export interface Scored {
  id: string;
  score: number;
}

/** The customary RRF constant: damps the weight of the very top ranks relative to the rest. */
export const RRF_K = 60;

export interface FuseOptions {
  /** RRF constant (default 60). */
  rrfK?: number;
  /** One weight per list (default 1 each), e.g. to trust lexical matches more than vectors. */
  weights?: readonly number[];
}

/**
 * Fuses ranked lists (each best first) into one: score(id) = Σ weight / (rrfK + rank), rank
 * 1-based. Returns the best `k`. Ties go to the id ranked best in any list, then to id order,
 * so the result is deterministic.
 */
export function fuseRankings(
  lists: readonly (readonly Scored[])[],
  k: number,
  options: FuseOptions = {},
): Scored[] {
  const rrfK = options.rrfK ?? RRF_K;
  const fused = new Map<string, { score: number; bestRank: number }>();
  lists.forEach((list, listIndex) => {
    const weight = options.weights?.[listIndex] ?? 1;
    const seen = new Set<string>();
    list.forEach((item, index) => {
      // A list that repeats an id counts it once, at its best position.
      if (seen.has(item.id)) return;
      seen.add(item.id);
      const rank = index + 1;
      const entry = fused.get(item.id) ?? { score: 0, bestRank: rank };
      entry.score += weight / (rrfK + rank);
      entry.bestRank = Math.min(entry.bestRank, rank);
      fused.set(item.id, entry);
    });
  });
  return [...fused.entries()]
    .sort(
      ([idA, a], [idB, b]) =>
        b.score - a.score || a.bestRank - b.bestRank || (idA < idB ? -1 : idA > idB ? 1 : 0),
    )
    .slice(0, Math.max(0, k))
    .map(([id, { score }]) => ({ id, score }));
}

/**
 * The `k` vectors most similar to `query` by cosine similarity, best first. A zero vector is
 * similar to nothing (score 0); vectors of another dimension are a caller bug and throw.
 */
export function cosineTopK(
  query: ArrayLike<number>,
  vectors: readonly { id: string; vector: ArrayLike<number> }[],
  k: number,
): Scored[] {
  if (k <= 0) return [];
  const queryNorm = Math.sqrt(dot(query, query));
  const scored: Scored[] = vectors.map(({ id, vector }) => {
    if (vector.length !== query.length) {
      throw new RangeError(
        `Vector ${id} has ${vector.length} dimensions, the query ${query.length}`,
      );
    }
    const norm = Math.sqrt(dot(vector, vector));
    const score = queryNorm === 0 || norm === 0 ? 0 : dot(query, vector) / (queryNorm * norm);
    return { id, score };
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
