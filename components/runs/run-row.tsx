"use client";

import Link from "next/link";
import { useState } from "react";
import type { RunSummary } from "@/lib/client/runs/run-summary";
import { useRunsStore } from "@/lib/client/runs/runs-store";
import { formatDuration, formatRelativeTime, kindLabel, repositoryLabel } from "./run-format";
import { RunProgressBar } from "./run-progress-bar";
import { RunStatusBadge } from "./run-status-badge";

export function RunRow({
  run,
  now,
  deletable = false,
}: {
  run: RunSummary;
  now: number;
  deletable?: boolean;
}) {
  const live = run.status === "in_progress";
  const detail =
    run.status === "completed" && run.durationSeconds !== null
      ? `took ${formatDuration(run.durationSeconds)}`
      : run.status === "failed"
        ? (run.error ?? run.message)
        : live
          ? run.message
          : "";
  const title = run.query || "Untitled run";
  const createdAt = run.createdAt ?? "";
  return (
    <li data-testid="run-row" data-run-id={run.runId} className="px-4 py-3.5 sm:px-5">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <Link
            href={`/research/${encodeURIComponent(run.runId)}`}
            title={run.query}
            className="block truncate rounded-sm font-medium text-zinc-900 hover:underline underline-offset-2 dark:text-zinc-100"
          >
            {title}
          </Link>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
            <span className="rounded bg-zinc-100 px-1.5 py-px text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              {kindLabel(run.kind)}
            </span>
            {run.repository ? (
              <span className="max-w-[16rem] truncate" title={run.repository}>
                {repositoryLabel(run.repository)}
              </span>
            ) : null}
            <time dateTime={createdAt} title={new Date(createdAt).toLocaleString()}>
              {formatRelativeTime(createdAt, now)}
            </time>
            {detail ? (
              <>
                <span aria-hidden="true">·</span>
                <span className="truncate">{detail}</span>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <RunStatusBadge run={run} />
          {deletable ? <DeleteRunButton runId={run.runId} title={title} /> : null}
        </div>
      </div>
      {live ? (
        <div className="mt-3">
          <RunProgressBar value={run.progress} label={`Progress of ${title}`} />
        </div>
      ) : null}
    </li>
  );
}

/** Asks once more before deleting; the server's refusal (a run still going) is shown as is. */
function DeleteRunButton({ runId, title }: { runId: string; title: string }) {
  const deleteRun = useRunsStore((state) => state.deleteRun);
  const [step, setStep] = useState<"idle" | "confirm" | "busy">("idle");
  const [error, setError] = useState<string | null>(null);

  const small =
    "rounded-md px-2 py-1 text-xs font-medium ring-1 ring-inset disabled:cursor-wait disabled:opacity-60";
  if (step === "idle") {
    return (
      <span className="flex items-center gap-2">
        {error ? (
          <span
            role="alert"
            data-testid="run-delete-error"
            className="max-w-56 text-xs text-red-700 dark:text-red-400"
          >
            {error}
          </span>
        ) : null}
        <button
          type="button"
          aria-label={`Delete ${title}`}
          onClick={() => {
            setError(null);
            setStep("confirm");
          }}
          className={`${small} text-zinc-600 ring-zinc-300 hover:bg-zinc-100 hover:text-red-700 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-red-300`}
        >
          Delete
        </button>
      </span>
    );
  }
  return (
    <span className="flex items-center gap-1">
      <button
        type="button"
        disabled={step === "busy"}
        onClick={async () => {
          setStep("busy");
          try {
            await deleteRun(runId);
          } catch (failure) {
            setError((failure as Error).message);
            setStep("idle");
          }
        }}
        className={`${small} bg-red-600 text-white ring-red-600 hover:bg-red-700 dark:bg-red-500`}
      >
        {step === "busy" ? "Deleting…" : "Confirm delete"}
      </button>
      <button
        type="button"
        onClick={() => setStep("idle")}
        className={`${small} text-zinc-700 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800`}
      >
        Keep
      </button>
    </span>
  );
}
