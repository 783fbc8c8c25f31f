"use client";

import Link from "next/link";
import { useEffect } from "react";
import { RunProgressBar } from "@/components/runs/run-progress-bar";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { Alert } from "@/components/ui/alert";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import { type IndexRunView, indexRunFold } from "@/lib/client/repos/index-run-view";
import { useRun } from "@/lib/client/runs/use-run";
import { useTimeLeft } from "@/lib/client/runs/use-time-left";
import { describeIndexed, describeSkipped } from "@/lib/protocol/index-summary";
import { isTerminalStatus, type LogEntryType, type RunStatus } from "@/lib/protocol/runs";

const logTone: Record<LogEntryType, string> = {
  info: "text-zinc-600 dark:text-zinc-400",
  milestone: "text-zinc-900 dark:text-zinc-100",
  warning: "text-amber-700 dark:text-amber-300",
  error: "text-red-700 dark:text-red-300",
};

const timeOfDay = new Intl.DateTimeFormat("en", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** The live state of one index run: progress, files parsed, the latest log lines, the outcome. */
export function IndexRunProgress({
  runId,
  title,
  repoHref,
  onFinished,
}: {
  runId: string;
  title: string;
  repoHref: string;
  /** Called when the run ends, however it ends; pass a stable function. */
  onFinished?: () => void;
}) {
  const { state: run, error: followError, transport } = useRun(runId, indexRunFold);
  const status = run.status ?? "queued";
  const problem =
    status === "failed"
      ? (run.error ?? "Indexing failed")
      : run.status === null
        ? followError
        : null;
  const finished = isTerminalStatus(status);
  useEffect(() => {
    if (finished) onFinished?.();
  }, [finished, onFinished]);
  const live = status === "queued" || status === "in_progress";
  const timeLeft = useTimeLeft(run.phase, run.steps, status === "in_progress");

  return (
    <section
      aria-label={`Indexing ${title}`}
      data-testid="index-run"
      className="mt-6 rounded-xl border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="truncate font-medium">
            {status === "completed" ? "Indexed" : "Indexing"} {title}
          </p>
          <p
            aria-live="polite"
            data-testid="index-run-detail"
            className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400"
          >
            {progressLine(status, run)}
            {timeLeft ? <span data-testid="run-time-left"> · {timeLeft}</span> : null}
          </p>
          {live ? <ReconnectingBanner transport={transport} /> : null}
        </div>
        <RunStatusBadge run={{ ...run, status }} />
      </div>
      {live ? (
        <div className="mt-3">
          <RunProgressBar value={run.progress} label={`Indexing progress of ${title}`} />
        </div>
      ) : null}
      {run.logs.length > 0 ? (
        <ol
          aria-label="Latest log lines"
          className="mt-3 space-y-0.5 overflow-hidden rounded-lg bg-white px-3 py-2 font-mono text-xs ring-1 ring-zinc-200 dark:bg-zinc-950 dark:ring-zinc-800"
        >
          {run.logs.map((line) => (
            <li key={line.seq} className={`flex gap-3 ${logTone[line.type]}`}>
              <time
                dateTime={line.time}
                className="shrink-0 tabular-nums text-zinc-400 dark:text-zinc-500"
              >
                {formatTime(line.time)}
              </time>
              <span className="min-w-0 break-words">{line.message}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {status === "completed" ? (
        <p className="mt-3">
          <Link
            href={repoHref}
            className="inline-flex items-center gap-1 rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400"
          >
            Open {title} <span aria-hidden="true">→</span>
          </Link>
        </p>
      ) : null}
      {status === "completed" && run.summary && describeSkipped(run.summary.skipped) ? (
        <p
          data-testid="index-run-skipped"
          className="mt-1 text-xs text-zinc-500 dark:text-zinc-400"
        >
          {describeSkipped(run.summary.skipped)}
        </p>
      ) : null}
      {problem ? (
        <Alert className="mt-3">
          {status === "failed" && run.error ? "Indexing failed: " : ""}
          {problem}
        </Alert>
      ) : null}
    </section>
  );
}

function progressLine(status: RunStatus, run: IndexRunView): string {
  // The same count as the repository's row: the files indexed (skipped ones are said below).
  if (status === "completed" && run.summary) return describeIndexed(run.summary);
  if (status === "completed" && run.steps) {
    return `${run.steps.total} ${run.steps.total === 1 ? "file" : "files"} indexed`;
  }
  if (status === "in_progress" && run.steps) {
    return `Parsed ${run.steps.done} of ${run.steps.total} files`;
  }
  if (status === "queued") return run.message || "Waiting for the indexer…";
  return run.message;
}

function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "" : timeOfDay.format(time);
}
