"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { inputStyle } from "@/components/ui/controls";
import type { HistoryFilters } from "@/lib/client/runs/runs-api";
import { sameHistoryQuery, useRunsStore } from "@/lib/client/runs/runs-store";
import { statusLabels } from "./run-format";
import { RunList } from "./run-list";
import { RunsEmptyState } from "./runs-empty-state";

export const HISTORY_PAGE_SIZE = 20;
/** Typing in the search box reloads the list once the typing pauses this long. */
const SEARCH_DELAY_MS = 300;

const kindOptions = [
  { value: "", label: "All kinds" },
  { value: "research", label: "Deep research" },
  { value: "wiki", label: "Wiki" },
  { value: "index", label: "Index" },
];

/** `/research?status=failed&kind=wiki&q=cart&page=2`, with empty values left out. */
export function historyHref(filters: HistoryFilters, page = 1): string {
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  if (filters.kind) query.set("kind", filters.kind);
  if (filters.q?.trim()) query.set("q", filters.q.trim());
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `/research?${search}` : "/research";
}

/** The whole history, filtered and a page at a time; the filters live in the address. */
export function RunHistory({ page, filters }: { page: number; filters: HistoryFilters }) {
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  const query = { limit: HISTORY_PAGE_SIZE, offset, ...filters };
  const total = useRunsStore((state) =>
    sameHistoryQuery(state.query, query) && !state.loading ? state.total : null,
  );
  const pages = total === null ? null : Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const filtered = Boolean(filters.status || filters.kind || filters.q);

  return (
    <div>
      <HistoryFilterBar filters={filters} />
      <RunList
        query={query}
        label="Run history"
        deletable
        empty={
          total && offset >= total ? (
            <RunsEmptyState title="Nothing on this page">
              There are {total} runs in all.{" "}
              <Link
                href={historyHref(filters)}
                className="font-medium underline underline-offset-2"
              >
                Back to the first page
              </Link>
            </RunsEmptyState>
          ) : filtered ? (
            <RunsEmptyState title="No run matches">
              Nothing matches these filters.{" "}
              <Link href="/research" className="font-medium underline underline-offset-2">
                Show every run
              </Link>
            </RunsEmptyState>
          ) : (
            <RunsEmptyState title="No runs yet">
              Every index, wiki generation and deep research you start is kept here with its
              outcome.
            </RunsEmptyState>
          )
        }
      />
      {total !== null && pages !== null && total > 0 && offset < total ? (
        <nav
          aria-label="Pagination"
          className="mt-4 flex items-center justify-between gap-4 text-sm text-zinc-600 dark:text-zinc-400"
        >
          <p className="tabular-nums">
            {offset + 1}–{Math.min(offset + HISTORY_PAGE_SIZE, total)} of {total} runs
          </p>
          <div className="flex gap-2">
            <PageLink href={historyHref(filters, page - 1)} disabled={page <= 1}>
              Previous
            </PageLink>
            <PageLink href={historyHref(filters, page + 1)} disabled={page >= pages}>
              Next
            </PageLink>
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function HistoryFilterBar({ filters }: { filters: HistoryFilters }) {
  const router = useRouter();
  const id = useId();
  const [search, setSearch] = useState(filters.q ?? "");
  const apply = (next: HistoryFilters) =>
    router.replace(historyHref({ ...filters, ...next }), { scroll: false });

  // Follows the address when it changes elsewhere (back, a link).
  useEffect(() => setSearch(filters.q ?? ""), [filters.q]);
  useEffect(() => {
    if (search.trim() === (filters.q ?? "").trim()) return;
    const timer = setTimeout(
      () => router.replace(historyHref({ ...filters, q: search }), { scroll: false }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [search, filters, router]);

  const select =
    "rounded-md border border-zinc-300 bg-white py-2 pr-8 pl-3 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <search className="mb-4 flex flex-wrap items-center gap-2">
      <label htmlFor={`${id}-q`} className="sr-only">
        Search runs
      </label>
      <input
        id={`${id}-q`}
        type="search"
        data-shortcut="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        placeholder="Search questions and repositories…"
        className={`${inputStyle} min-w-48 flex-1`}
      />
      <label htmlFor={`${id}-status`} className="sr-only">
        Status
      </label>
      <select
        id={`${id}-status`}
        value={filters.status ?? ""}
        onChange={(event) => apply({ status: event.target.value || undefined })}
        className={select}
      >
        <option value="">All statuses</option>
        {Object.entries(statusLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-kind`} className="sr-only">
        Kind
      </label>
      <select
        id={`${id}-kind`}
        value={filters.kind ?? ""}
        onChange={(event) => apply({ kind: event.target.value || undefined })}
        className={select}
      >
        {kindOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </search>
  );
}

function PageLink({
  href,
  disabled,
  children,
}: {
  href: string;
  disabled: boolean;
  children: string;
}) {
  const style = "rounded-md border border-zinc-200 px-3 py-1.5 font-medium dark:border-zinc-800";
  if (disabled) {
    return (
      <span aria-disabled="true" className={`${style} cursor-not-allowed opacity-50`}>
        {children}
      </span>
    );
  }
  return (
    <Link
      href={href}
      className={`${style} text-zinc-800 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800`}
    >
      {children}
    </Link>
  );
}
