// Go-to-file's matcher: the query's characters in order anywhere in a path, ranked so that
// what people mean comes first (the file name over its folders, word starts, runs of
// consecutive characters, shorter paths).

export interface FuzzyMatch {
  path: string;
  score: number;
  /** Indexes of the path's characters that matched, for highlighting. */
  positions: number[];
}

const SEPARATORS = new Set(["/", ".", "-", "_", " "]);

/** A word starts here: after a separator, at a lower-to-upper case change, or at the start. */
function startsWord(path: string, index: number): boolean {
  if (index === 0) return true;
  const before = path[index - 1];
  if (SEPARATORS.has(before)) return true;
  const char = path[index];
  return before === before.toLowerCase() && char !== char.toLowerCase();
}

/**
 * Scores `path` against `query` (spaces are ignored, case too), or null when the query's
 * characters do not all appear in order. Each character takes the next place it fits,
 * preferring a word start a little further on to the middle of a word.
 */
export function fuzzyScore(query: string, path: string): FuzzyMatch | null {
  const wanted = query.replace(/\s+/g, "").toLowerCase();
  if (!wanted) return { path, score: 0, positions: [] };
  const lower = path.toLowerCase();
  const nameStart = path.lastIndexOf("/") + 1;

  // The file name alone first: a query that fits in it ranks above any spread over folders.
  const inName = matchFrom(wanted, path, lower, nameStart);
  const anywhere = inName ?? matchFrom(wanted, path, lower, 0);
  if (!anywhere) return null;
  let score = anywhere.score + (inName ? 40 : 0);
  if (lower.slice(nameStart).startsWith(wanted)) score += 30;
  if (lower.slice(nameStart).replace(/\.[^.]*$/, "") === wanted) score += 50;
  score -= path.length * 0.2;
  return { path, score, positions: anywhere.positions };
}

function matchFrom(
  wanted: string,
  path: string,
  lower: string,
  from: number,
): { score: number; positions: number[] } | null {
  const positions: number[] = [];
  let score = 0;
  let at = from;
  for (let q = 0; q < wanted.length; q++) {
    const char = wanted[q];
    const first = lower.indexOf(char, at);
    if (first === -1) return null;
    // Prefer a word start a little further on over a mid-word match right here,
    // unless the previous character matched just before (a run).
    let chosen = first;
    const previous = positions.at(-1);
    if (previous === undefined || first !== previous + 1) {
      for (let index = first; index !== -1 && index < first + 24; ) {
        if (startsWord(path, index)) {
          chosen = index;
          break;
        }
        index = lower.indexOf(char, index + 1);
      }
    }
    if (previous !== undefined && chosen === previous + 1) score += 8;
    else if (previous !== undefined) score -= Math.min(10, chosen - previous - 1) * 0.5;
    if (startsWord(path, chosen)) score += 10;
    score += 1;
    positions.push(chosen);
    at = chosen + 1;
  }
  return { score, positions };
}

/** The best `limit` files for a query, best first; ties keep the shorter, then alphabetical, path. */
export function rankPaths(paths: readonly string[], query: string, limit = 50): FuzzyMatch[] {
  const matches: FuzzyMatch[] = [];
  for (const path of paths) {
    const match = fuzzyScore(query, path);
    if (match) matches.push(match);
  }
  matches.sort(
    (a, b) => b.score - a.score || a.path.length - b.path.length || a.path.localeCompare(b.path),
  );
  return matches.slice(0, limit);
}
