"use client";

import { useEffect, useRef } from "react";
import { wikiExportHref } from "@/lib/client/wiki/wiki-api";
import type { ExportFormat } from "@/lib/protocol/wiki";

const formats: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "markdown", label: "Markdown", hint: "one file with a table of contents" },
  { format: "zip", label: "Markdown (zip)", hint: "a folder per section" },
  { format: "json", label: "JSON", hint: "structure and pages" },
];

/** The wiki as a download: a native disclosure, so it opens and closes from the keyboard. */
export function WikiExportMenu({ wikiId }: { wikiId: string }) {
  const menu = useRef<HTMLDetailsElement>(null);
  // Escape and a click elsewhere close it, as a menu would.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details ref={menu} className="relative">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded-md px-2.5 py-1 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 select-none hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900 [&::-webkit-details-marker]:hidden">
        Export
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M4 6l4 4 4-4" />
        </svg>
      </summary>
      <ul
        aria-label="Export formats"
        className="absolute right-0 z-20 mt-1 w-64 rounded-lg border border-zinc-200 bg-white p-1 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        {formats.map(({ format, label, hint }) => (
          <li key={format}>
            <a
              href={wikiExportHref(wikiId, format)}
              download
              data-format={format}
              className="block rounded-md px-3 py-1.5 hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
            >
              <span className="font-medium">{label}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
