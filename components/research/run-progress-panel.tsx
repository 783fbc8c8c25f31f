"use client";

import { useEffect, useState } from "react";
import { formatDuration, ordinal } from "@/components/runs/run-format";
import { RunProgressBar } from "@/components/runs/run-progress-bar";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import type { ResearchView } from "@/lib/client/research/research-view";
import type { FeedTransport } from "@/lib/client/runs/follow-run";
import { phaseLabel, stepsLabel } from "@/lib/client/runs/run-labels";
import { useTimeLeft } from "@/lib/client/runs/use-time-left";
import { useNow } from "@/lib/client/ui/use-now";

/** Seconds without an event before the page says the run has not moved. */
const STALL_AFTER_S = 20;

/** Status, progress, phase and steps, timing, queue place, and how updates arrive. */
export function RunProgressPanel({
  view,
  transport,
}: {
  view: ResearchView;
  transport: FeedTransport | null;
}) {
  const status = view.status;
  const live = status === "in_progress";
  const now = useNow(1_000);
  const start = view.startedAt ? Date.parse(view.startedAt) : null;
  const end = view.completedAt ? Date.parse(view.completedAt) : now;
  const elapsed = start !== null ? Math.max(0, (end - start) / 1000) : null;
  const movedAt = useMovedAt(view.stateSeq, view.status);
  const still = Math.floor((now - movedAt) / 1000);
  const steps = stepsLabel(view.phase, view.steps, view.kind);
  const timeLeft = useTimeLeft(view.phase, view.steps, live);

  if (!status) {
    return (
      <div
        aria-busy="true"
        className="h-20 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900"
      />
    );
  }

  return (
    <section
      aria-label="Progress"
      data-testid="run-progress"
      data-transport={transport ?? undefined}
      className="rounded-xl border border-zinc-200 bg-white px-4 py-4 shadow-xs sm:px-5 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <RunStatusBadge
            run={{
              status,
              progress: view.progress,
              queuePosition: view.queuePosition,
            }}
          />
          {view.phase && live ? (
            <span data-testid="run-phase" className="font-medium text-zinc-800 dark:text-zinc-200">
              {phaseLabel(view.phase)}
            </span>
          ) : null}
          {steps && live ? (
            <span data-testid="run-steps" className="text-zinc-600 tabular-nums dark:text-zinc-400">
              {steps}
            </span>
          ) : null}
          {timeLeft ? (
            <span data-testid="run-time-left" className="text-zinc-600 dark:text-zinc-400">
              {timeLeft}
            </span>
          ) : null}
        </div>
        <p className="flex items-center gap-3 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {elapsed !== null ? (
            <span data-testid="run-elapsed">
              {live ? "Running for" : "Took"} {formatDuration(elapsed)}
            </span>
          ) : null}
          <TransportNote transport={transport} live={!view.completedAt} />
        </p>
      </div>
      {status === "queued" ? (
        <p data-testid="run-queue" className="mt-3 text-sm text-amber-800 dark:text-amber-300">
          {view.queuePosition
            ? `Waiting for a free slot: ${ordinal(view.queuePosition)} in line. It starts by itself.`
            : "Waiting for a free slot. It starts by itself."}
        </p>
      ) : null}
      {live || status === "queued" ? (
        <div className="mt-3">
          <RunProgressBar value={view.progress} label="Run progress" />
        </div>
      ) : null}
      {live && view.message ? (
        <p
          role="status"
          className="mt-2 truncate text-sm text-zinc-600 dark:text-zinc-400"
          title={view.message}
        >
          {view.message}
        </p>
      ) : null}
      {live && still >= STALL_AFTER_S ? (
        <p data-testid="run-stalled" className="mt-1 text-xs text-amber-700 dark:text-amber-400">
          No progress for {formatDuration(still)}; the model may be slow. The run keeps going on the
          server.
        </p>
      ) : null}
      {status === "failed" ? (
        <p
          role="alert"
          data-testid="run-error"
          className="mt-3 text-sm text-red-700 dark:text-red-400"
        >
          Failed: {view.error || view.message || "the run stopped with an error"}
        </p>
      ) : null}
      {status === "cancelled" ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
          Cancelled. What was written before it stopped is kept below.
        </p>
      ) : null}
    </section>
  );
}

function TransportNote({ transport, live }: { transport: FeedTransport | null; live: boolean }) {
  if (!live || !transport) return null;
  if (transport === "socket") return <span className="sr-only">Live updates connected</span>;
  return (
    <span
      data-testid="run-transport"
      data-transport={transport}
      title="The live connection could not be used; updates are read over HTTP every second or two."
      className="rounded border border-zinc-200 px-1 text-[11px] dark:border-zinc-700"
    >
      {transport === "polling"
        ? "updating by polling"
        : transport === "reconnecting"
          ? "reconnecting…"
          : "connecting…"}
    </span>
  );
}

/** When the run was last seen to move: its state changed (a newer event or snapshot, or its status). */
function useMovedAt(stateSeq: number, status: string | null): number {
  const [movedAt, setMovedAt] = useState(() => Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: the run moved when these change.
  useEffect(() => setMovedAt(Date.now()), [stateSeq, status]);
  return movedAt;
}
