import Link from "next/link";
import { RunProgressBar } from "@/components/runs/run-progress-bar";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { useTimeLeft } from "@/lib/client/runs/use-time-left";
import type { WikiRunView } from "@/lib/client/wiki/wiki-run-view";
import { useWikiStore } from "@/lib/client/wiki/wiki-store";
import type { WikiPageView } from "@/lib/protocol/wiki";
import { phaseLabel } from "./wiki-labels";

/**
 * The run writing the wiki: overall progress, what it is doing, pages written of planned,
 * its run page (log and timing), and Stop: pages written so far stay, the rest can be resumed.
 */
export function WikiRunProgress({
  live,
  pages,
}: {
  live: WikiRunView;
  pages: readonly WikiPageView[];
}) {
  const pending = useWikiStore((state) => state.pending);
  const stop = useWikiStore((state) => state.stop);
  const queued = live.status === "queued" || live.status === null;
  const timeLeft = useTimeLeft(live.phase, live.steps, live.status === "in_progress");
  const detail = queued
    ? live.queuePosition
      ? `Queued: number ${live.queuePosition} in line`
      : "Waiting for a worker"
    : phaseLabel(live.phase, live.message, pages);
  return (
    <section
      aria-label="Wiki generation"
      data-testid="wiki-progress"
      className="mb-6 rounded-xl border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p aria-live="polite" data-testid="wiki-progress-phase" className="font-medium">
          {detail}
        </p>
        <div className="flex items-center gap-3">
          {live.steps && live.steps.total > 0 ? (
            <p
              data-testid="wiki-progress-steps"
              className="tabular-nums text-zinc-600 dark:text-zinc-400"
            >
              {live.steps.done} of {live.steps.total} pages
            </p>
          ) : null}
          {timeLeft ? (
            <p data-testid="run-time-left" className="text-zinc-600 dark:text-zinc-400">
              {timeLeft}
            </p>
          ) : null}
          {live.runId ? (
            <>
              <Link
                href={`/research/${encodeURIComponent(live.runId)}`}
                className="text-sky-700 hover:underline dark:text-sky-300"
              >
                Run details
              </Link>
              <ConfirmAction
                label="Stop"
                question="Stop writing the wiki? Written pages stay; the rest can be resumed."
                busy={pending === "stop"}
                busyLabel="Stopping…"
                onConfirm={() => void stop()}
              />
            </>
          ) : null}
        </div>
      </div>
      <div className="mt-3">
        <RunProgressBar value={live.progress} label="Wiki generation progress" />
      </div>
    </section>
  );
}
