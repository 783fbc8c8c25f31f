"use client";

import Link from "next/link";
import { shortSha, sourceHref } from "@/lib/client/code/source-links";
import { grammarFor } from "@/lib/client/code/syntax-highlight";
import { useHighlightedLines } from "@/lib/client/code/use-highlighted-lines";
import type { SearchResult } from "@/lib/client/repos/repo-schemas";
import { CodeView } from "./code-view";

/** "src/cart.ts:12-30", or ":12" for one line. */
export function resultLocation(result: Pick<SearchResult, "path" | "start_line" | "end_line">) {
  const lines =
    result.start_line === result.end_line
      ? `${result.start_line}`
      : `${result.start_line}-${result.end_line}`;
  return `${result.path}:${lines}`;
}

export function SearchResultItem({
  repoId,
  commit,
  result,
  terms,
}: {
  repoId: string;
  commit: string;
  result: SearchResult;
  terms: readonly string[];
}) {
  const { lines } = useHighlightedLines(result.snippet, grammarFor({ path: result.path }), terms);
  const href = sourceHref(repoId, result.path, {
    ref: shortSha(commit),
    range: { start: result.start_line, end: result.end_line },
  });
  const location = resultLocation(result);

  return (
    <li
      data-testid="search-result"
      className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 bg-zinc-50 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900">
        <Link
          href={href}
          className="min-w-0 truncate font-mono text-sm font-medium text-sky-700 hover:underline underline-offset-2 dark:text-sky-300"
        >
          {location}
        </Link>
        {result.symbol ? (
          <code
            data-testid="result-symbol"
            className="rounded bg-violet-50 px-1.5 py-px text-xs text-violet-800 ring-1 ring-violet-600/15 ring-inset dark:bg-violet-400/10 dark:text-violet-200 dark:ring-violet-400/25"
          >
            {result.symbol}
          </code>
        ) : null}
        <span
          className="ml-auto text-xs tabular-nums text-zinc-400 dark:text-zinc-500"
          title="Relevance score"
        >
          {result.score.toFixed(2)}
        </span>
      </div>
      <CodeView lines={lines} firstLine={result.start_line} label={`Excerpt of ${location}`} />
    </li>
  );
}
