"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { clampRange, describeRange } from "@/lib/client/code/line-range";
import { shortSha, sourceHref } from "@/lib/client/code/source-links";
import { grammarFor } from "@/lib/client/code/syntax-highlight";
import { useHighlightedLines } from "@/lib/client/code/use-highlighted-lines";
import { useLineSelection } from "@/lib/client/code/use-line-selection";
import type { FileResponse } from "@/lib/client/repos/repo-schemas";
import { rawFileHref } from "@/lib/client/repos/repos-api";
import { CodeView } from "./code-view";
import { SymbolOutline } from "./symbol-outline";

export const headerAction =
  "rounded-md px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-white dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800";

/**
 * One file of a snapshot: a header that stays on screen (its path, copy path, a permalink
 * pinned to the commit with the selected lines, raw, the outline), its highlighted lines,
 * and the selection in the address hash.
 */
export function SourceFile({ repoId, file }: { repoId: string; file: FileResponse }) {
  const grammar = grammarFor({ language: file.language, path: file.path });
  const { lines, highlighted } = useHighlightedLines(file.content, grammar);
  const selection = useLineSelection(`${file.commit}:${file.path}`);
  const range = clampRange(selection.range, lines.length);
  const viewRef = useRef<HTMLDivElement>(null);

  // Scroll when the range came from the address or the outline, once the lines exist.
  const { scrollRequest } = selection;
  const start = range?.start;
  useEffect(() => {
    if (!scrollRequest || !start) return;
    const row = viewRef.current?.querySelector<HTMLElement>(`[data-line="${start}"]`);
    row?.scrollIntoView({ block: "center" });
  }, [scrollRequest, start]);

  const permalink = sourceHref(repoId, file.path, { ref: shortSha(file.commit), range });
  const size = new Blob([file.content]).size;
  const segments = file.path.split("/");

  return (
    <article
      aria-label={file.path}
      className="overflow-clip rounded-xl border border-zinc-200 dark:border-zinc-800"
    >
      <header
        data-testid="file-header"
        className="sticky top-14 z-10 flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 bg-zinc-50/95 px-4 py-2 text-sm backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95"
      >
        <h1 className="min-w-0 truncate font-mono font-medium" title={file.path}>
          {segments.map((segment, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a path's segments are positional
            <span key={index}>
              {index > 0 ? <span className="text-zinc-400">/</span> : null}
              <span
                className={
                  index === segments.length - 1
                    ? "text-zinc-900 dark:text-zinc-100"
                    : "font-normal text-zinc-600 dark:text-zinc-400"
                }
              >
                {segment}
              </span>
            </span>
          ))}
        </h1>
        <CopyButton
          text={file.path}
          label="Copy path"
          copiedLabel="Path copied"
          className={headerAction}
        />
        <span className="text-zinc-500 dark:text-zinc-400">
          {lines.length.toLocaleString("en")} {lines.length === 1 ? "line" : "lines"} ·{" "}
          {formatBytes(size)}
          {file.language && file.language !== "text" ? ` · ${file.language}` : ""}
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-2">
          {range ? (
            <>
              <span data-testid="selected-lines" className="text-zinc-600 dark:text-zinc-300">
                Selected {describeRange(range)}
              </span>
              <button
                type="button"
                onClick={selection.clear}
                className="rounded text-xs font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              >
                Clear
              </button>
            </>
          ) : (
            <span className="hidden text-xs text-zinc-500 xl:inline dark:text-zinc-400">
              Click a line number to select it; shift-click for a range.
            </span>
          )}
          <CopyButton
            text={() => new URL(permalink, window.location.origin).toString()}
            label="Copy permalink"
            copiedLabel="Permalink copied"
            className={headerAction}
          />
          <a
            href={rawFileHref(repoId, file.path, file.commit)}
            target="_blank"
            rel="noopener"
            className={headerAction}
          >
            Raw
          </a>
          <SymbolOutline
            repoId={repoId}
            path={file.path}
            commit={file.commit}
            onChoose={selection.reveal}
          />
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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
