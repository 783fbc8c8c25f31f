"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { AskPanelToggle, AskSidePanel } from "@/components/chat/ask-side-panel";
import { RepoBreadcrumb } from "@/components/repo/repo-breadcrumb";
import { repositoryTitle } from "@/components/repo/repo-names";
import { Alert, alertActionStyle } from "@/components/ui/alert";
import { NotFoundState, UnknownRepository } from "@/components/ui/not-found-state";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import { useRemote } from "@/lib/client/api/use-remote";
import { getRepository } from "@/lib/client/repos/repos-api";
import { isLive } from "@/lib/client/runs/run-state";
import { pageContextOf } from "@/lib/client/wiki/page-context";
import { wikiHref } from "@/lib/client/wiki/wiki-links";
import { wikiOutline } from "@/lib/client/wiki/wiki-outline";
import { shownPage } from "@/lib/client/wiki/wiki-run-view";
import { seenSeqOf, useWikiStore } from "@/lib/client/wiki/wiki-store";
import type { WikiPageView, WikiTypeName } from "@/lib/protocol/wiki";
import type { PageState } from "./page-state-icon";
import { WikiEmptyState } from "./wiki-empty-state";
import { WikiHeader } from "./wiki-header";
import { isStopped } from "./wiki-labels";
import { WikiNotices } from "./wiki-notices";
import { WikiPageArticle } from "./wiki-page-article";
import { WikiRunProgress } from "./wiki-run-progress";
import { WikiTree } from "./wiki-tree";

const asType = (value: string | null): WikiTypeName | null =>
  value === "comprehensive" || value === "concise" ? value : null;

/**
 * `/repos/{id}/wiki`: the repository's wiki with its tree of pages, the open page, the run
 * writing it (pages appear after planning and fill in live) and the Ask panel beside it.
 * The address holds the page (`page`) and which wiki (`wiki`, or `language` and `wiki_type`).
 */
export function WikiWorkspace({ repoId }: { repoId: string }) {
  const search = useSearchParams();
  const router = useRouter();
  const pageParam = search.get("page");
  const wikiParam = search.get("wiki");
  const languageParam = search.get("language");
  const typeParam = asType(search.get("wiki_type"));

  const repository = useRemote(`repo:${repoId}`, (signal) => getRepository(repoId, signal));
  const { view, seenSeq, loading, missing, unknownWiki, loadError, live, transport } = useWikiStore(
    useShallow((state) => ({
      view: state.view,
      seenSeq: state.seenSeq,
      loading: state.loading,
      missing: state.missing,
      unknownWiki: state.unknownWiki,
      loadError: state.loadError,
      live: state.live,
      transport: state.transport,
    })),
  );

  useEffect(() => {
    const store = useWikiStore.getState();
    void store.open(repoId, {
      wikiId: wikiParam ?? undefined,
      language: languageParam ?? undefined,
      wikiType: typeParam ?? undefined,
    });
    return () => useWikiStore.getState().close();
  }, [repoId, wikiParam, languageParam, typeParam]);

  // An update (or a regeneration for a newer commit) moves to another wiki: so does the address.
  useEffect(() => {
    if (wikiParam && view && view.wiki_id !== wikiParam) {
      router.replace(wikiHref(repoId, { wiki: view.wiki_id, page: pageParam }), { scroll: false });
    }
  }, [wikiParam, view, repoId, pageParam, router]);

  const hrefOf = useCallback(
    (page: string) =>
      wikiHref(repoId, { wiki: wikiParam, language: languageParam, wikiType: typeParam, page }),
    [repoId, wikiParam, languageParam, typeParam],
  );

  const outline = useMemo(() => (view ? wikiOutline(view) : null), [view]);
  const current = outline?.order.find((page) => page.id === pageParam) ?? outline?.order[0] ?? null;
  const stateOf = useCallback(
    (page: WikiPageView): PageState => {
      const status = shownPage(page, live, seenSeqOf({ seenSeq }, page.id)).status;
      const stale = page.stale || (view?.stale_pages.includes(page.id) ?? false);
      return status === "done" && stale ? "stale" : status;
    },
    [live, seenSeq, view],
  );

  const neighbours = useMemo(() => {
    const order = outline?.order ?? [];
    const at = current ? order.findIndex((page) => page.id === current.id) : -1;
    return {
      previous: at > 0 ? order[at - 1] : null,
      next: at >= 0 ? (order[at + 1] ?? null) : null,
    };
  }, [outline, current]);

  const pageContext = useMemo(() => (current ? pageContextOf(current) : null), [current]);

  const title = repository.data ? repositoryTitle(repository.data) : (view?.name ?? repoId);
  const repoUrl = view?.source ?? repository.data?.source ?? null;
  const running = isLive(live) || view?.status === "generating";

  if (repository.errorStatus === 404 && !view) return <UnknownRepository />;
  if (unknownWiki) {
    return (
      <NotFoundState
        title="No such wiki"
        back={{ href: wikiHref(repoId), label: "This repository's wiki" }}
      >
        No wiki of this repository has this id. It may have been deleted, or the link is mistyped.
      </NotFoundState>
    );
  }
  return (
    <div className="mx-auto w-full max-w-[96rem] px-4 py-6 sm:px-6">
      <RepoBreadcrumb repoId={repoId} title={title} className="mb-3">
        <li aria-hidden="true">/</li>
        <li aria-current="page">Wiki</li>
        <li className="ml-auto">
          <AskPanelToggle />
        </li>
      </RepoBreadcrumb>

      {repository.error && !view ? (
        <Alert
          title="This repository could not be loaded"
          className="mb-4"
          action={
            <Link href="/repos" className={alertActionStyle}>
              All repositories
            </Link>
          }
        >
          {repository.error}
        </Alert>
      ) : null}
      {loadError ? <Alert title="The wiki could not be loaded">{loadError}</Alert> : null}

      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:gap-6">
        <div className="min-w-0 flex-1">
          {view && outline ? (
            <>
              <WikiHeader wiki={view} running={running} />
              <WikiNotices wiki={view} running={running} />
              {running ? <ReconnectingBanner transport={transport} /> : null}
              {running ? <WikiRunProgress live={live} pages={view.pages} /> : null}
              <div className="flex flex-col gap-6 md:flex-row md:items-start">
                <aside className="md:sticky md:top-20 md:max-h-[calc(100vh-6.5rem)] md:w-64 md:shrink-0 md:overflow-y-auto">
                  {outline.order.length > 0 ? (
                    <WikiTree
                      outline={outline}
                      currentPageId={current?.id ?? null}
                      stateOf={stateOf}
                      hrefOf={hrefOf}
                    />
                  ) : (
                    <p className="px-2 text-sm text-zinc-500 dark:text-zinc-400">
                      {running
                        ? "Pages appear here once the plan is made."
                        : "This wiki has no pages."}
                    </p>
                  )}
                </aside>
                <section aria-label="Page" className="min-w-0 flex-1">
                  {current ? (
                    <WikiPageArticle
                      key={current.id}
                      wiki={view}
                      page={current}
                      shown={shownPage(current, live, seenSeqOf({ seenSeq }, current.id))}
                      hrefOf={hrefOf}
                      busy={running}
                      stopped={isStopped(view)}
                      previous={neighbours.previous}
                      next={neighbours.next}
                      onRegenerate={() => void useWikiStore.getState().regeneratePage(current.id)}
                    />
                  ) : running ? (
                    <PlanningPlaceholder />
                  ) : null}
                </section>
              </div>
            </>
          ) : missing && !repository.error ? (
            <WikiEmptyState
              title={title}
              repoUrl={repoUrl}
              initialLanguage={languageParam}
              initialType={typeParam}
            />
          ) : !repository.error && (loading || !loadError) ? (
            <WikiSkeleton />
          ) : null}
        </div>
        <AskSidePanel
          repoId={repoId}
          repoUrl={repoUrl}
          repoTitle={title}
          currentPath={null}
          page={pageContext}
        />
      </div>
    </div>
  );
}

function PlanningPlaceholder() {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      The model is reading the repository map and planning sections and pages. They appear on the
      left as soon as the plan is made, then fill in one by one.
    </div>
  );
}

function WikiSkeleton() {
  return (
    <div aria-busy="true" className="space-y-3">
      <p className="sr-only">Loading the wiki…</p>
      <div className="h-7 w-1/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
    </div>
  );
}
