"use client";

import { type FormEvent, useId, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { useRemote } from "@/lib/client/api/use-remote";
import { shortSha } from "@/lib/client/code/source-links";
import { searchRepository } from "@/lib/client/repos/repos-api";
import { SearchResultItem } from "./search-result-item";

const RESULTS = 20;

/** The words of a query, to mark in the snippets. */
export function queryTerms(query: string): string[] {
  return [...new Set(query.split(/[^\p{L}\p{N}_]+/u).filter((word) => word.length >= 2))];
}

/**
 * Searches the newest indexed snapshot (or the commit `gitRef` names); on the repository
 * page the query lives in the address (`?q=`) to be shared, in the source viewer's search
 * dialog (`inAddress` false) it does not.
 */
export function CodeSearch({
  repoId,
  initialQuery,
  gitRef,
  inAddress = true,
}: {
  repoId: string;
  initialQuery: string;
  gitRef?: string | null;
  inAddress?: boolean;
}) {
  const [draft, setDraft] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery.trim());
  const id = useId();
  const ref = gitRef ?? undefined;
  const search = useRemote(query ? `search:${repoId}:${ref ?? ""}:${query}` : null, (signal) =>
    searchRepository(repoId, { q: query, k: RESULTS, ref }, signal),
  );
  const terms = useMemo(() => queryTerms(query), [query]);
  const found = search.data;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = draft.trim();
    setQuery(next);
    if (!inAddress) return;
    const url = new URL(window.location.href);
    if (next) url.searchParams.set("q", next);
    else url.searchParams.delete("q");
    window.history.replaceState(window.history.state, "", url.toString());
  }

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight">
        Search the code
      </h2>
      <search>
        <form onSubmit={onSubmit} className="mt-3 flex gap-2">
          <label htmlFor={`${id}-query`} className="sr-only">
            Search query
          </label>
          <input
            id={`${id}-query`}
            type="search"
            data-shortcut="search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="A function, an identifier, or what the code does"
            spellCheck={false}
            autoComplete="off"
            className={inputStyle}
          />
          <button type="submit" className={primaryButton}>
            Search
          </button>
        </form>
      </search>
      <div aria-live="polite" className="mt-4">
        {search.loading ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Searching…</p>
        ) : search.error ? (
          <Alert>Search failed: {search.error}</Alert>
        ) : search.data ? (
          <p data-testid="search-summary" className="text-sm text-zinc-600 dark:text-zinc-400">
            {search.data.results.length === 0 ? (
              <>
                No code matches “{query}” at commit{" "}
                <code className="text-xs">{shortSha(search.data.commit)}</code>. Try fewer words, a
                symbol name or part of a path.
              </>
            ) : (
              <>
                {search.data.results.length}
                {search.data.results.length === RESULTS ? "+" : ""}{" "}
                {search.data.results.length === 1 ? "result" : "results"} for “{query}” at commit{" "}
                <code className="text-xs">{shortSha(search.data.commit)}</code>
              </>
            )}
          </p>
        ) : null}
      </div>
      {found && found.results.length > 0 ? (
        <ol aria-label="Search results" className="mt-3 space-y-4">
          {found.results.map((result) => (
            <SearchResultItem
              key={`${result.path}:${result.start_line}:${result.end_line}`}
              repoId={repoId}
              commit={found.commit}
              result={result}
              terms={terms}
            />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
