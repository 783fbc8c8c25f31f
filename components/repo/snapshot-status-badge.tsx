import type { SnapshotStatus } from "@/lib/client/repos/repo-schemas";

const labels: Record<SnapshotStatus, string> = {
  indexing: "Indexing",
  ready: "Ready",
  failed: "Failed",
};

const tone: Record<SnapshotStatus, string> = {
  indexing:
    "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
  ready:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  failed:
    "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25",
};

const dot: Record<SnapshotStatus, string> = {
  indexing: "bg-sky-500 animate-pulse motion-reduce:animate-none",
  ready: "bg-emerald-500",
  failed: "bg-red-500",
};

/** A snapshot's index state; a repository with no snapshot says so. */
export function SnapshotStatusBadge({ status }: { status: SnapshotStatus | null }) {
  const style = status
    ? tone[status]
    : "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25";
  return (
    <span
      data-testid="snapshot-status"
      data-status={status ?? "none"}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}
    >
      <span
        aria-hidden="true"
        className={`size-1.5 rounded-full ${status ? dot[status] : "bg-zinc-400"}`}
      />
      {status ? labels[status] : "Not indexed"}
    </span>
  );
}
