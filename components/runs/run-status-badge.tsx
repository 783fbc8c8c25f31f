import type { RunStatus } from "@/lib/protocol/runs";
import { ordinal, statusLabels } from "./run-format";

const tone: Record<RunStatus, string> = {
  queued:
    "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  in_progress:
    "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
  completed:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  failed:
    "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25",
  cancelled:
    "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
};

const dot: Record<RunStatus, string> = {
  queued: "bg-amber-500",
  in_progress: "bg-sky-500 animate-pulse motion-reduce:animate-none",
  completed: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-zinc-400",
};

/** What the badge reads of a run's state. */
export interface BadgeRun {
  status: RunStatus;
  progress: number;
  queuePosition: number | null;
}

/** The run's status in words: with its place in the queue, or its percentage. */
export function runStatusText(run: BadgeRun) {
  const label = statusLabels[run.status];
  if (run.status === "queued" && run.queuePosition)
    return `${label} · ${ordinal(run.queuePosition)} in line`;
  if (run.status === "in_progress") return `${label} · ${Math.floor(run.progress)}%`;
  return label;
}

export function RunStatusBadge({ run }: { run: BadgeRun }) {
  return (
    <span
      data-testid="run-status"
      data-status={run.status}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium tabular-nums ring-1 ring-inset ${tone[run.status]}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${dot[run.status]}`} />
      {runStatusText(run)}
    </span>
  );
}
