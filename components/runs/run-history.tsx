"use client";

import Link from "next/link";
import { useRunsStore } from "@/lib/client/runs-store";
import { RunList } from "./run-list";
import { RunsEmptyState } from "./runs-empty-state";

export const HISTORY_PAGE_SIZE = 20;

/** The whole history, a page at a time (`?page=N`, from 1). */
export function RunHistory({ page }: { page: number }) {
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  const total = useRunsStore((state) =>
    state.query?.offset === offset && state.query.limit === HISTORY_PAGE_SIZE && !state.loading
      ? state.total
      : null,
  );
  const pages = total === null ? null : Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));

  return (
    <div>
      <RunList
        limit={HISTORY_PAGE_SIZE}
        offset={offset}
        label="Run history"
        empty={
          total && offset >= total ? (
            <RunsEmptyState title="Nothing on this page">
              There are {total} runs in all.{" "}
              <Link href="/research" className="font-medium underline underline-offset-2">
                Back to the first page
              </Link>
            </RunsEmptyState>
          ) : (
            <RunsEmptyState title="No runs yet">
              Every wiki generation and deep research you start is kept here with its outcome.
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
            <PageLink page={page - 1} disabled={page <= 1}>
              Previous
            </PageLink>
            <PageLink page={page + 1} disabled={page >= pages}>
              Next
            </PageLink>
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function PageLink({
  page,
  disabled,
  children,
}: {
  page: number;
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
      href={page === 1 ? "/research" : `/research?page=${page}`}
      className={`${style} text-zinc-800 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800`}
    >
      {children}
    </Link>
  );
}
