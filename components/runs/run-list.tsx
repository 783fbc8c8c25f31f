"use client";

import { type ReactNode, useEffect } from "react";
import { Alert, RetryButton } from "@/components/ui/alert";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import { type HistoryQuery, sameHistoryQuery, useRunsStore } from "@/lib/client/runs/runs-store";
import { useLiveRunUpdates } from "@/lib/client/runs/use-live-runs";
import { useNow } from "@/lib/client/ui/use-now";
import { RunRow } from "./run-row";

interface RunListProps {
  /** The page (and filters) of the history to show. */
  query: HistoryQuery;
  /** Names the list for assistive technology, e.g. "Recent runs". */
  label: string;
  empty: ReactNode;
  /** Offers to delete each run (the full history; the home page's recent runs only list). */
  deletable?: boolean;
}

/** One page of the run history; unfinished runs update live. */
export function RunList({ query: wanted, label, empty, deletable = false }: RunListProps) {
  const loadHistory = useRunsStore((state) => state.loadHistory);
  const ids = useRunsStore((state) => state.ids);
  const byId = useRunsStore((state) => state.byId);
  const query = useRunsStore((state) => state.query);
  // The effect below runs when the query's content changes, not its identity.
  const key = JSON.stringify(wanted);
  const loading = useRunsStore((state) => state.loading);
  const error = useRunsStore((state) => state.error);
  const now = useNow();
  const transport = useLiveRunUpdates();

  useEffect(() => {
    const parsed = JSON.parse(key) as HistoryQuery;
    void loadHistory(parsed);
    // Runs started in another tab show up when this one is looked at again.
    const onVisible = () => {
      if (document.visibilityState === "visible") void loadHistory(parsed);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [loadHistory, key]);

  const current = sameHistoryQuery(query, wanted);
  const runs = current ? ids.map((id) => byId[id]).filter(Boolean) : [];

  if (error && runs.length === 0) {
    return (
      <Alert action={<RetryButton onClick={() => void loadHistory(wanted)} />}>
        Could not load runs: {error}
      </Alert>
    );
  }

  if (runs.length === 0 && (!current || loading)) {
    return (
      <div aria-busy="true" className={frame}>
        <p className="sr-only">Loading {label.toLowerCase()}…</p>
        {[0, 1, 2].map((row) => (
          <div key={row} className="space-y-2 px-5 py-4">
            <div className="h-4 w-2/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-3 w-1/4 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
          </div>
        ))}
      </div>
    );
  }

  if (runs.length === 0) return <>{empty}</>;

  return (
    <>
      <ReconnectingBanner transport={transport} />
      <ul aria-label={label} className={frame}>
        {runs.map((run) => (
          <RunRow key={run.runId} run={run} now={now} deletable={deletable} />
        ))}
      </ul>
    </>
  );
}

const frame =
  "divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40";
