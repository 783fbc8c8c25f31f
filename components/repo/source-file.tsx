"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { clampRange, describeRange } from "@/lib/client/code/line-range";
import { shortSha, sourceHref } from "@/lib/client/code/source-links";
import { grammarFor } from "@/lib/client/code/syntax-highlight";
import { useHighlightedLines } from "@/lib/client/code/use-highlighted-lines";
import { useLineSelection } from "@/lib/client/code/use-line-selection";
import type { FileResponse } from "@/lib/client/repos/repo-schemas";
import { CodeView } from "./code-view";

/** One file of a snapshot: its header, its highlighted lines and the selection in the hash. */
export function SourceFile({ repoId, file }: { repoId: string; file: FileResponse }) {
  const grammar = grammarFor({ language: file.language, path: file.path });
  const { lines, highlighted } = useHighlightedLines(file.content, grammar);
  const selection = useLineSelection(`${file.commit}:${file.path}`);
  const range = clampRange(selection.range, lines.length);
  const viewRef = useRef<HTMLDivElement>(null);

  // Scroll only when the range came from the address, and once the lines exist.
  const { scrollRequest } = selection;
  const start = range?.start;
  useEffect(() => {
    if (!scrollRequest || !start) return;
    const row = viewRef.current?.querySelector<HTMLElement>(`[data-line="${start}"]`);
    row?.scrollIntoView({ block: "center" });
  }, [scrollRequest, start]);

  const permalink = sourceHref(repoId, file.path, { ref: shortSha(file.commit), range });
  const size = new Blob([file.content]).size;

  return (
    <article
      aria-label={file.path}
      className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800"
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="min-w-0 truncate font-mono font-medium" title={file.path}>
          {file.path}
        </h1>
        <span className="text-zinc-500 dark:text-zinc-400">
          {lines.length.toLocaleString("en")} {lines.length === 1 ? "line" : "lines"} ·{" "}
          {formatBytes(size)}
          {file.language && file.language !== "text" ? ` · ${file.language}` : ""}
        </span>
        <span className="ml-auto flex items-center gap-3">
          {range ? (
            <>
              <span data-testid="selected-lines" className="text-zinc-600 dark:text-zinc-300">
                Selected {describeRange(range)}
              </span>
              <CopyButton
                text={() => new URL(permalink, window.location.origin).toString()}
                label="Copy link"
                copiedLabel="Link copied"
                className="rounded-md px-2 py-0.5 text-xs font-medium text-sky-700 ring-1 ring-sky-600/30 hover:bg-sky-50 dark:text-sky-300 dark:ring-sky-400/30 dark:hover:bg-sky-400/10"
              />
              <button
                type="button"
                onClick={selection.clear}
                className="rounded text-xs font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              >
                Clear
              </button>
            </>
          ) : (
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              Click a line number to select it; shift-click for a range.
            </span>
          )}
        </span>
      </header>
      <div ref={viewRef} data-highlighted={highlighted ? "true" : "false"}>
        {file.content === "" ? (
          <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">This file is empty.</p>
        ) : (
          <CodeView
            lines={lines}
            selected={range}
            onSelectLine={selection.select}
            label={`Source of ${file.path} at ${shortSha(file.commit)}`}
          />
        )}
      </div>
    </article>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
