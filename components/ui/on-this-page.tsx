"use client";

import { type RefObject, useEffect, useState } from "react";

interface TocEntry {
  id: string;
  text: string;
  level: number;
}

/** The headings the article shows, read from what was rendered (so the list and the anchors agree). */
function readHeadings(container: HTMLElement): TocEntry[] {
  return [...container.querySelectorAll<HTMLElement>("h2[id], h3[id], h4[id]")]
    .filter((heading) => heading.dataset.anchor === "true")
    .map((heading) => ({
      id: heading.id,
      text: heading.textContent ?? "",
      level: Number(heading.tagName.slice(1)),
    }));
}

/**
 * "On this page": the sections of a wiki page or a report, linked to their anchors, read
 * again whenever `version` (the content) changes. An address with `#anchor` scrolls there
 * once the section exists, since the text arrives after the page loads.
 */
export function OnThisPage({
  containerRef,
  version,
  className = "",
}: {
  containerRef: RefObject<HTMLElement | null>;
  version: string;
  className?: string;
}) {
  const [entries, setEntries] = useState<TocEntry[]>([]);
  const [scrolledTo, setScrolledTo] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: the content changed
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    setEntries(readHeadings(container));
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    if (wanted && wanted !== scrolledTo) {
      const target = document.getElementById(wanted);
      if (target && container.contains(target)) {
        target.scrollIntoView();
        setScrolledTo(wanted);
      }
    }
  }, [containerRef, version, scrolledTo]);

  if (entries.length < 2) return null;
  const top = Math.min(...entries.map((entry) => entry.level));
  const list = (
    <ul className="space-y-1 border-l border-zinc-200 dark:border-zinc-800">
      {entries.map((entry) => (
        <li key={entry.id} style={{ paddingLeft: `${0.75 + (entry.level - top) * 0.75}rem` }}>
          <a
            href={`#${entry.id}`}
            className="block truncate text-zinc-600 hover:text-sky-700 dark:text-zinc-400 dark:hover:text-sky-300"
            title={entry.text}
          >
            {entry.text}
          </a>
        </li>
      ))}
    </ul>
  );
  // Beside the text on wide screens; folded at its top on narrow ones (the parent lays its
  // children out in a column, so `order-first` puts it above the text).
  return (
    <>
      <details
        data-testid="on-this-page-narrow"
        className="order-first mb-4 rounded-lg border border-zinc-200 px-3 py-2 text-sm lg:hidden dark:border-zinc-800"
      >
        <summary className="cursor-pointer text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          On this page
        </summary>
        <nav aria-label="On this page" className="mt-2">
          {list}
        </nav>
      </details>
      <nav aria-label="On this page" className={`hidden text-sm lg:block ${className}`.trim()}>
        <p className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          On this page
        </p>
        {list}
      </nav>
    </>
  );
}
