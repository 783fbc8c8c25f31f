"use client";

import { useEffect } from "react";
import { Alert, RetryButton } from "@/components/ui/alert";
import { useReposStore } from "@/lib/client/repos/repos-store";
import { useNow } from "@/lib/client/ui/use-now";
import { RepositoryRow } from "./repository-row";

/** Every repository with its latest snapshot; refreshed when the tab is looked at again. */
export function RepositoryList() {
  const items = useReposStore((state) => state.items);
  const loaded = useReposStore((state) => state.loaded);
  const error = useReposStore((state) => state.error);
  const load = useReposStore((state) => state.load);
  const now = useNow();

  useEffect(() => {
    void load();
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [load]);

  if (error && !loaded) {
    return (
      <Alert action={<RetryButton onClick={() => void load()} />}>
        Could not load repositories: {error}
      </Alert>
    );
  }

  if (!loaded) {
    return (
      <div aria-busy="true" className={frame}>
        <p className="sr-only">Loading repositories…</p>
        {[0, 1].map((row) => (
          <div key={row} className="space-y-2 px-5 py-4">
            <div className="h-4 w-1/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-3 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
          </div>
        ))}
      </div>
    );
  }

  if (items.length === 0) {
    return (
      <div
        data-testid="repos-empty"
        className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700"
      >
        <p className="font-medium text-zinc-900 dark:text-zinc-100">No repositories yet</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">
          Add one above: Cartograph reads it, indexes every file and makes it searchable.
        </p>
      </div>
    );
  }

  return (
    <ul aria-label="Repositories" className={frame}>
      {items.map((repository) => (
        <RepositoryRow key={repository.repo_id} repository={repository} now={now} />
      ))}
    </ul>
  );
}

const frame =
  "divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40";
