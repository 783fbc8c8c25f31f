"use client";

import { useMemo, useRef } from "react";
import type { CitationScope } from "@/components/chat/citation-context";
import { MarkdownAnswer } from "@/components/chat/markdown-answer";
import { SourceCards } from "@/components/chat/source-cards";
import { OnThisPage } from "@/components/ui/on-this-page";
import { shortSha } from "@/lib/client/code/source-links";
import type { ResearchReport as Report } from "@/lib/protocol/research";

/**
 * The report: streamed Markdown while the run writes it, then the stored report with its
 * citations linked into the source viewer at the commit the research read. While it
 * streams, a citation of a file the research read links already; once it is stored, only
 * the citations the server verified do.
 */
export function ResearchReport({
  content,
  streaming,
  report,
  evidence,
  repoId,
}: {
  content: string;
  streaming: boolean;
  report: Report | null;
  /** The commit and files the report is being written from, before it is stored. */
  evidence: { commit: string; paths: string[] } | null;
  /** The repository the research read, when it is listed here: citations link into it. */
  repoId: string | null;
}) {
  const scope = useMemo<CitationScope>(() => {
    // Without the repository there is nowhere to link: citations stay plain text.
    if (!repoId) return { repoId: "", sources: [] };
    if (report)
      return {
        repoId,
        commit: report.metadata.commit,
        sources: report.sources.map((source) => ({ ...source, score: source.score ?? 0 })),
      };
    return {
      repoId,
      commit: evidence?.commit,
      sources: (evidence?.paths ?? []).map((path) => ({
        path,
        start_line: 1,
        end_line: 1,
        score: 0,
      })),
    };
  }, [repoId, report, evidence]);
  const body = useRef<HTMLDivElement>(null);

  return (
    <section aria-labelledby="report-heading" data-testid="research-report" aria-busy={streaming}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="report-heading" className="text-lg font-semibold tracking-tight">
          Report
        </h2>
        {report ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {report.metadata.model_written ? report.metadata.model : "no model: ranked passages"}
            {" · "}
            {report.metadata.mode === "quick"
              ? "quick"
              : `${report.metadata.iterations} of ${report.metadata.iterations_requested} iterations`}
            {" · "}
            <code title={report.metadata.commit}>{shortSha(report.metadata.commit)}</code>
          </p>
        ) : null}
      </div>
      {content.trim() ? (
        <div className="flex flex-col rounded-xl border border-zinc-200 px-4 py-4 sm:px-6 lg:grid lg:grid-cols-[minmax(0,1fr)_11rem] lg:gap-6 dark:border-zinc-800">
          <div ref={body} className="min-w-0">
            <MarkdownAnswer content={content} complete={!streaming} scope={scope} anchors />
            {streaming ? (
              <span
                aria-hidden="true"
                className="mt-1 inline-block h-4 w-1.5 animate-pulse bg-sky-500 align-middle motion-reduce:animate-none"
              />
            ) : null}
          </div>
          <OnThisPage
            containerRef={body}
            version={content}
            className="lg:sticky lg:top-20 lg:self-start"
          />
        </div>
      ) : (
        <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-6 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {streaming
            ? "The report appears here as it is written, after the research has read enough."
            : "This run wrote no report."}
        </p>
      )}
      {report && report.sources.length > 0 ? (
        <ResearchSources report={report} repoId={repoId} />
      ) : null}
    </section>
  );
}

function ResearchSources({ report, repoId }: { report: Report; repoId: string | null }) {
  const cited = report.sources.filter((source) => source.cited).length;
  return (
    <SourceCards
      testId="research-sources"
      heading={`Passages read (${report.sources.length}, ${cited} cited)`}
      sources={report.sources}
      content={report.content}
      repoId={repoId}
      commit={report.metadata.commit}
    />
  );
}
