"use client";

import Link from "next/link";
import { useCallback, useMemo, useRef } from "react";
import type { CitationScope } from "@/components/chat/citation-context";
import { MarkdownAnswer } from "@/components/chat/markdown-answer";
import { Alert } from "@/components/ui/alert";
import { outlineButton } from "@/components/ui/controls";
import { OnThisPage } from "@/components/ui/on-this-page";
import { sourceHref } from "@/lib/client/code/source-links";
import { repoFileLinkTarget, wikiLinkTarget } from "@/lib/client/wiki/wiki-links";
import { checksSummary, pageCitations } from "@/lib/client/wiki/wiki-page-checks";
import type { ShownPage } from "@/lib/client/wiki/wiki-run-view";
import type { WikiPageView, WikiView } from "@/lib/protocol/wiki";
import { PageStateIcon } from "./page-state-icon";

interface WikiPageArticleProps {
  wiki: WikiView;
  page: WikiPageView;
  shown: ShownPage;
  hrefOf: (pageId: string) => string;
  onRegenerate: () => void;
  /** A run is going: pages cannot be regenerated until it ends. */
  busy: boolean;
  /** The generation was stopped: a page still waiting will not be written until resumed. */
  stopped?: boolean;
  /** The pages before and after this one in reading order (the tree's), if any. */
  previous?: Pick<WikiPageView, "id" | "title"> | null;
  next?: Pick<WikiPageView, "id" | "title"> | null;
}

/** One page: its title and state, its text as in Ask (checked citations link to the source), related pages. */
export function WikiPageArticle({
  wiki,
  page,
  shown,
  hrefOf,
  onRegenerate,
  busy,
  stopped = false,
  previous = null,
  next = null,
}: WikiPageArticleProps) {
  const body = useRef<HTMLDivElement>(null);
  // No run is writing it: a page still "pending" waits for Resume, not for its turn.
  const unwritten = !busy && shown.status === "pending";
  const titleOf = useMemo(() => new Map(wiki.pages.map((p) => [p.id, p.title])), [wiki.pages]);
  const stale = page.stale || wiki.stale_pages.includes(page.id);

  // Checked citations link to the source, those that did not hold are marked; a draft's
  // are not checked yet, so they stay plain text until the page is stored.
  const scope = useMemo<CitationScope>(
    () => ({
      repoId: wiki.repo_id,
      commit: wiki.commit,
      citations: pageCitations(
        { checks: page.checks },
        { content: shown.content, draft: shown.draft },
      ),
    }),
    [wiki.repo_id, wiki.commit, page.checks, shown.content, shown.draft],
  );
  const problems = shown.draft ? null : checksSummary(page.checks);

  const resolveLink = useCallback(
    (href: string) => {
      const target = wikiLinkTarget(href);
      if (target !== null) return titleOf.has(target) ? hrefOf(target) : null;
      const file = repoFileLinkTarget(href);
      return file ? sourceHref(wiki.repo_id, file, { ref: wiki.commit }) : null;
    },
    [titleOf, hrefOf, wiki.repo_id, wiki.commit],
  );

  return (
    <article aria-labelledby="wiki-page-title" data-testid="wiki-page" data-page-id={page.id}>
      <header className="mb-4 border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <div className="flex flex-wrap items-start gap-3">
          <h1
            id="wiki-page-title"
            className="min-w-0 flex-1 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50"
          >
            {page.title}
          </h1>
          <button
            type="button"
            onClick={onRegenerate}
            disabled={busy}
            title={busy ? "Wait until the current run ends" : undefined}
            className={outlineButton}
          >
            Regenerate this page
          </button>
        </div>
        {page.description ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{page.description}</p>
        ) : null}
        <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          <PageStateIcon state={shown.status === "done" && stale ? "stale" : shown.status} />
          <span data-testid="wiki-page-status">
            {unwritten ? "Not written" : statusLine(shown.status, stale)}
          </span>
        </p>
        {problems ? (
          <p
            role="note"
            data-testid="wiki-page-checks"
            className="mt-2 text-xs text-amber-800 dark:text-amber-300"
          >
            Kept as imported, checked against this commit: {problems}.
          </p>
        ) : null}
      </header>

      {shown.status === "failed" ? (
        <Alert title="This page could not be written" className="mb-4">
          {page.error ? <p>{page.error}</p> : null}
          <p className={page.error ? "mt-1" : undefined}>
            The rest of the wiki is unaffected; regenerate the page to try again.
          </p>
        </Alert>
      ) : null}

      {shown.status !== "done" && page.file_paths.length > 0 ? (
        <SourceFiles wiki={wiki} paths={page.file_paths} />
      ) : null}

      {shown.content ? (
        <div className="flex flex-col lg:grid lg:grid-cols-[minmax(0,1fr)_12rem] lg:gap-8">
          <div ref={body} aria-busy={shown.status === "generating"} aria-live="off">
            <MarkdownAnswer
              content={shown.content}
              complete={!shown.draft}
              scope={scope}
              resolveLink={resolveLink}
              anchors
            />
          </div>
          <OnThisPage
            containerRef={body}
            version={shown.content}
            className="lg:sticky lg:top-20 lg:self-start"
          />
        </div>
      ) : unwritten ? (
        <p
          data-testid="wiki-page-unwritten"
          className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        >
          {stopped
            ? "Not written: the generation was stopped before this page. Resume it from the notice above, or regenerate this page on its own."
            : "Not written yet. Resume the generation from the notice above, or regenerate this page on its own."}
        </p>
      ) : shown.status === "pending" || shown.status === "generating" ? (
        <PageSkeleton writing={shown.status === "generating"} />
      ) : null}

      {page.related_pages.some((id) => titleOf.has(id)) ? (
        <footer className="mt-8 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">Related pages</h2>
          <ul className="mt-2 flex flex-wrap gap-2">
            {page.related_pages
              .filter((id) => titleOf.has(id))
              .map((id) => (
                <li key={id}>
                  <Link
                    href={hrefOf(id)}
                    scroll={false}
                    className="inline-block rounded-md px-2 py-0.5 text-sm text-sky-700 ring-1 ring-zinc-200 hover:bg-sky-50 dark:text-sky-300 dark:ring-zinc-800 dark:hover:bg-sky-950/40"
                  >
                    {titleOf.get(id)}
                  </Link>
                </li>
              ))}
          </ul>
        </footer>
      ) : null}
      <PreviousNext previous={previous} next={next} hrefOf={hrefOf} />
    </article>
  );
}

/** The pages before and after in reading order (`[` and `]` go there too). */
function PreviousNext({
  previous,
  next,
  hrefOf,
}: {
  previous: Pick<WikiPageView, "id" | "title"> | null;
  next: Pick<WikiPageView, "id" | "title"> | null;
  hrefOf: (pageId: string) => string;
}) {
  if (!previous && !next) return null;
  const card =
    "flex min-w-0 flex-1 flex-col rounded-lg px-3 py-2 ring-1 ring-zinc-200 hover:bg-zinc-50 dark:ring-zinc-800 dark:hover:bg-zinc-900";
  return (
    <nav
      aria-label="Previous and next pages"
      className="mt-8 flex gap-3 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800"
    >
      {previous ? (
        <Link
          href={hrefOf(previous.id)}
          rel="prev"
          data-shortcut="previous-page"
          title="Previous page ([)"
          className={card}
        >
          <span className="text-xs text-zinc-500 dark:text-zinc-400">Previous</span>
          <span className="truncate font-medium text-sky-700 dark:text-sky-300">
            {previous.title}
          </span>
        </Link>
      ) : (
        <span className="flex-1" />
      )}
      {next ? (
        <Link
          href={hrefOf(next.id)}
          rel="next"
          data-shortcut="next-page"
          title="Next page (])"
          className={`${card} items-end text-right`}
        >
          <span className="text-xs text-zinc-500 dark:text-zinc-400">Next</span>
          <span className="max-w-full truncate font-medium text-sky-700 dark:text-sky-300">
            {next.title}
          </span>
        </Link>
      ) : (
        <span className="flex-1" />
      )}
    </nav>
  );
}

function statusLine(status: ShownPage["status"], stale: boolean): string {
  if (status === "pending") return "Waiting to be written";
  if (status === "generating") return "Being written…";
  if (status === "failed") return "Failed";
  return stale ? "Written · a source file changed in a newer commit" : "Written";
}

/** While a page is not written yet, its planned source files (a written page lists them itself). */
function SourceFiles({ wiki, paths }: { wiki: WikiView; paths: string[] }) {
  return (
    <section aria-label="Source files" className="mb-4">
      <h2 className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">Source files</h2>
      <ul className="mt-1 flex flex-wrap gap-1.5">
        {paths.map((path) => (
          <li key={path}>
            <Link
              href={sourceHref(wiki.repo_id, path, { ref: wiki.commit })}
              className="inline-block rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-sky-700 hover:underline dark:bg-zinc-800 dark:text-sky-300"
            >
              {path}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PageSkeleton({ writing }: { writing: boolean }) {
  return (
    <div aria-busy="true" className="space-y-2">
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        {writing
          ? "The model is starting on this page…"
          : "This page is planned and waits its turn."}
      </p>
      {[90, 75, 85, 60].map((width) => (
        <div
          key={width}
          style={{ width: `${width}%` }}
          className="h-3 animate-pulse rounded bg-zinc-100 motion-reduce:animate-none dark:bg-zinc-800/70"
        />
      ))}
    </div>
  );
}
