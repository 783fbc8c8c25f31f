"use client";

import Link from "next/link";
import type { OutlineSection, WikiOutline } from "@/lib/client/wiki/wiki-outline";
import type { WikiPageView } from "@/lib/protocol/wiki";
import { type PageState, PageStateIcon, pageStateLabels } from "./page-state-icon";

interface WikiTreeProps {
  outline: WikiOutline;
  currentPageId: string | null;
  /** Each page's state as shown now (the run's word when it is newer than the stored copy). */
  stateOf: (page: WikiPageView) => PageState;
  hrefOf: (pageId: string) => string;
}

/** The wiki's sections and pages, nested, each page with its state; the open one is marked. */
export function WikiTree({ outline, currentPageId, stateOf, hrefOf }: WikiTreeProps) {
  const item = (page: WikiPageView) => (
    <PageItem
      key={page.id}
      page={page}
      current={page.id === currentPageId}
      state={stateOf(page)}
      href={hrefOf(page.id)}
    />
  );
  return (
    <nav aria-label="Wiki pages" data-testid="wiki-tree" className="text-sm">
      {outline.pages.length > 0 ? <ul className="space-y-px">{outline.pages.map(item)}</ul> : null}
      {outline.sections.map((entry) => (
        <Section key={entry.section.id} entry={entry} depth={0} item={item} />
      ))}
    </nav>
  );
}

function Section({
  entry,
  depth,
  item,
}: {
  entry: OutlineSection;
  depth: number;
  item: (page: WikiPageView) => React.ReactNode;
}) {
  const headingId = `wiki-section-${entry.section.id}`;
  return (
    <section aria-labelledby={headingId} className={depth === 0 ? "mt-4 first:mt-0" : "mt-2 pl-3"}>
      <h3
        id={headingId}
        className={`px-2 pb-1 font-semibold ${
          depth === 0
            ? "text-xs tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
            : "text-xs text-zinc-600 dark:text-zinc-300"
        }`}
      >
        {entry.section.title}
      </h3>
      {entry.pages.length > 0 ? <ul className="space-y-px">{entry.pages.map(item)}</ul> : null}
      {entry.children.map((child) => (
        <Section key={child.section.id} entry={child} depth={depth + 1} item={item} />
      ))}
    </section>
  );
}

function PageItem({
  page,
  current,
  state,
  href,
}: {
  page: WikiPageView;
  current: boolean;
  state: PageState;
  href: string;
}) {
  return (
    <li>
      <Link
        href={href}
        scroll={false}
        aria-current={current ? "page" : undefined}
        data-page-id={page.id}
        className={`flex items-start gap-2 rounded-md px-2 py-1 ${
          current
            ? "bg-sky-50 font-medium text-sky-900 dark:bg-sky-950/50 dark:text-sky-100"
            : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-900 dark:hover:text-zinc-100"
        }`}
      >
        <span className="mt-0.5">
          <PageStateIcon state={state} spoken={false} />
        </span>
        <span className="min-w-0 break-words">
          {page.title}
          <span className="sr-only"> ({pageStateLabels[state]})</span>
        </span>
      </Link>
    </li>
  );
}
