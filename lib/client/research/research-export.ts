import type { ResearchReport } from "@/lib/protocol/research";
import type { RunStatus } from "@/lib/protocol/runs";
import { markdownFileName } from "../chat/chat-messages";

export interface ExportableRun {
  runId: string;
  query: string;
  status: RunStatus | null;
  /** The report as streamed; the stored report replaces it once the run has one. */
  streamed: string;
  report: ResearchReport | null;
}

/** The report as a Markdown file: the question, where it was asked, the report, what it read. */
export function researchAsMarkdown(run: ExportableRun): string {
  const meta = run.report?.metadata;
  const lines = [`# ${run.query.replace(/\s+/g, " ").trim() || "Research"}`, ""];
  if (meta) {
    lines.push(`_${meta.repo_url} at commit ${meta.commit.slice(0, 12)} · ${meta.model}_`, "");
  }
  if (run.status && run.status !== "completed") lines.push(`> Status: ${run.status}`, "");
  lines.push((run.report?.content ?? run.streamed).trim());
  // The report already ends with the sources it cites; the passages it read besides follow.
  const uncited = (run.report?.sources ?? []).filter((source) => !source.cited);
  if (uncited.length > 0) {
    lines.push("", "## Also read", "");
    for (const source of uncited) {
      lines.push(`- \`${source.path}:${source.start_line}-${source.end_line}\``);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON: the `GET /api/report` shape with the run's id, question and status. */
export function researchAsJson(run: ExportableRun): string {
  return `${JSON.stringify(
    {
      research_id: run.runId,
      query: run.query,
      status: run.status,
      content: run.report?.content ?? run.streamed,
      sources: run.report?.sources ?? [],
      metadata: run.report?.metadata ?? null,
    },
    null,
    2,
  )}\n`;
}

export function researchFileName(query: string, extension: "md" | "json"): string {
  return markdownFileName(query || "research").replace(/\.md$/, `.${extension}`);
}
