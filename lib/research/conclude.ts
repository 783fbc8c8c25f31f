import type { ResearchSource } from "../protocol/research";
import { progressOf, type ResearchEnv } from "./context";
import type { ResearchState } from "./input";
import { getChunksByIds } from "./queries";
import { checkCitations, unlinkInvalidCitations } from "./verify";

const MAX_SOURCES = 60;

export interface ConcludedReport {
  content: string;
  sources: ResearchSource[];
  citations: { valid: number; unverified: number };
}

/**
 * Phase `concluding`: every `path:start-end` of the report checked against the snapshot;
 * those that do not resolve are unlinked and counted in a note, then the sources are listed.
 */
export async function concludeReport(
  env: ResearchEnv,
  state: ResearchState,
  body: string,
): Promise<ConcludedReport> {
  const { run } = env;
  run.progress({
    phase: "concluding",
    message: "Checking citations",
    progress: progressOf("concluding", 0, 1),
    steps: { done: 0, total: 1 },
  });
  const checked = await checkCitations(env.db, env.snapshot.id, [body]);
  const unverified = [...new Set(checked.filter((c) => !c.valid).map((c) => c.text))];
  let content = unlinkInvalidCitations(body, checked).trimEnd();
  if (unverified.length > 0) {
    content += `\n\n> **Note:** ${unverified.length} citation${unverified.length === 1 ? "" : "s"} did not match commit ${env.snapshot.commit.slice(0, 12)} and ${unverified.length === 1 ? "is" : "are"} marked "unverified" instead of linked.`;
    run.log(`Unlinked ${unverified.length} citations that do not resolve in the snapshot`, {
      type: "warning",
      phase: "concluding",
      metadata: { citations: unverified },
    });
  }

  const read = await getChunksByIds(env.db, { ids: state.read_chunk_ids });
  const overlapping =
    (source: { path: string; start_line: number; end_line: number }) =>
    (row: { path: string; start_line: number; end_line: number }) =>
      source.path === row.path &&
      source.start_line <= row.end_line &&
      source.end_line >= row.start_line;
  const symbolOf = (row: { symbol?: string | null } | undefined) =>
    row?.symbol ? { symbol: row.symbol } : {};
  const sources: ResearchSource[] = [];
  const seen = new Set<string>();
  for (const citation of checked) {
    const key = `${citation.path}:${citation.start_line}-${citation.end_line}`;
    if (!citation.valid || seen.has(key)) continue;
    seen.add(key);
    sources.push({
      path: citation.path,
      start_line: citation.start_line,
      end_line: citation.end_line,
      cited: true,
      ...symbolOf(read.find(overlapping(citation))),
    });
  }
  for (const row of read) {
    if (sources.length >= MAX_SOURCES) break;
    if (sources.some((source) => overlapping(source)(row))) continue;
    sources.push({
      path: row.path,
      start_line: row.start_line,
      end_line: row.end_line,
      cited: false,
      ...symbolOf(row),
    });
  }

  const cited = sources.filter((source) => source.cited);
  if (cited.length > 0) {
    const list = cited.map((s) => `- ${s.path}:${s.start_line}-${s.end_line}`).join("\n");
    content += `\n\n## Sources\n\n${list}\n`;
  }
  const valid = checked.filter((c) => c.valid).length;
  run.log(`Report complete: ${valid} verified citations, ${unverified.length} unverified`, {
    type: "milestone",
    phase: "concluding",
    metadata: { citations: valid, unverified: unverified.length, sources: sources.length },
  });
  run.progress({
    phase: "concluding",
    message: "Report complete",
    progress: progressOf("concluding", 1, 1),
    steps: { done: 1, total: 1 },
  });
  return { content, sources, citations: { valid, unverified: unverified.length } };
}
