// What an index run says about the files of a commit, in the same words wherever it is
// shown (the run's last log line, its progress panel, the repository's row): how many
// were indexed, how many of those were parsed or reused, and why the others were skipped.

/** The reasons the index gives (file-filter.ts, parse-file.ts), in the words people read. */
const REASON_LABELS: Record<string, string> = {
  "dependency, build or VCS folder": "vendored or build output",
  lockfile: "lockfiles",
  binary: "binary",
  "minified or generated": "generated or minified",
  generated: "generated or minified",
  "over the size limit": "too large",
  "excluded by a pattern": "excluded by the filters",
  "not in the included patterns": "excluded by the filters",
  ".gitignore": "ignored by .gitignore",
  unparseable: "unreadable",
  unreadable: "unreadable",
};

/** The reason a file could not be read or parsed; also what is left when counts do not add up. */
export const UNREADABLE = "unreadable";

const count = (value: number) => value.toLocaleString("en");

/** Counts by reason merged into counts by label, largest first. */
export function skippedByLabel(skipped: Record<string, number>): [string, number][] {
  const labels = new Map<string, number>();
  for (const [reason, n] of Object.entries(skipped)) {
    if (!(n > 0)) continue;
    const label = REASON_LABELS[reason] ?? reason;
    labels.set(label, (labels.get(label) ?? 0) + n);
  }
  return [...labels].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** "3,100 skipped: 2,900 vendored or build output, 200 too large"; "" when none was. */
export function describeSkipped(skipped: Record<string, number>): string {
  const labels = skippedByLabel(skipped);
  const total = labels.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return "";
  return `${count(total)} skipped: ${labels.map(([label, n]) => `${count(n)} ${label}`).join(", ")}`;
}

/**
 * "405 files: 12 parsed, 393 already analysed" (unchanged since an earlier commit, or the same
 * content analysed in another snapshot), or "405 files parsed".
 */
export function describeIndexed({
  files,
  parsed,
  reused,
}: {
  files: number;
  parsed: number;
  reused: number;
}): string {
  const noun = files === 1 ? "file" : "files";
  if (reused === 0) return `${count(files)} ${noun} parsed`;
  return `${count(files)} ${noun}: ${count(parsed)} parsed, ${count(reused)} already analysed`;
}

/**
 * The files of a commit the index left out, counted by reason: those the listing left out
 * (folders, patterns, sizes), those left out by their content (as stored), and whatever
 * else of the commit is not indexed, which could not be read or parsed.
 */
export function skippedFiles({
  listed,
  indexed,
  byListing,
  byContent,
}: {
  listed: number;
  indexed: number;
  byListing: Record<string, number>;
  byContent: Record<string, number>;
}): Record<string, number> {
  const skipped: Record<string, number> = {};
  for (const counts of [byListing, byContent]) {
    for (const [reason, n] of Object.entries(counts)) skipped[reason] = (skipped[reason] ?? 0) + n;
  }
  const accounted = Object.values(skipped).reduce((sum, n) => sum + n, 0);
  const rest = listed - indexed - accounted;
  if (rest > 0) skipped[UNREADABLE] = (skipped[UNREADABLE] ?? 0) + rest;
  return skipped;
}

/** Reasons counted: ["binary", "binary", "lockfile"] → {binary: 2, lockfile: 1}. */
export function countReasons(reasons: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}
