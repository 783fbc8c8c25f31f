import type { RunSummary } from "@/lib/client/run-summary";
import { formatDuration, formatRelativeTime, kindLabel } from "./run-format";
import { RunProgressBar } from "./run-progress-bar";
import { RunStatusBadge } from "./run-status-badge";

export function RunRow({ run, now }: { run: RunSummary; now: number }) {
  const live = run.status === "in_progress";
  const detail =
    run.status === "completed" && run.duration_seconds !== null
      ? `took ${formatDuration(run.duration_seconds)}`
      : run.status === "failed" || live
        ? run.message
        : "";
  return (
    <li data-testid="run-row" data-run-id={run.id} className="px-4 py-3.5 sm:px-5">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={run.query}>
            {run.query || "Untitled run"}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
            <span className="rounded bg-zinc-100 px-1.5 py-px text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              {kindLabel(run.kind)}
            </span>
            <time dateTime={run.created_at} title={new Date(run.created_at).toLocaleString()}>
              {formatRelativeTime(run.created_at, now)}
            </time>
            {detail ? (
              <>
                <span aria-hidden="true">·</span>
                <span className="truncate">{detail}</span>
              </>
            ) : null}
          </p>
        </div>
        <RunStatusBadge run={run} />
      </div>
      {live ? (
        <div className="mt-3">
          <RunProgressBar value={run.progress} label={`Progress of ${run.query || "run"}`} />
        </div>
      ) : null}
    </li>
  );
}
