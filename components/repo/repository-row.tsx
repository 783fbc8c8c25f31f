"use client";

import Link from "next/link";
import { useEffect } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { RunProgressBar } from "@/components/runs/run-progress-bar";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import { repoHref, shortSha } from "@/lib/client/code/source-links";
import { indexRunFold } from "@/lib/client/repos/index-run-view";
import type { RepositorySummary } from "@/lib/client/repos/repo-schemas";
import { useReposStore } from "@/lib/client/repos/repos-store";
import { useRun } from "@/lib/client/runs/use-run";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { contentCounts, repositoryTitle } from "./repo-names";
import { VisibilityBadge, VisibilityToggle } from "./repository-visibility";
import { SnapshotStatusBadge } from "./snapshot-status-badge";

export function RepositoryRow({ repository, now }: { repository: RepositorySummary; now: number }) {
  const remove = useReposStore((state) => state.remove);
  const snapshot = repository.latest_snapshot;
  const title = repositoryTitle(repository);
  const counts =
    snapshot?.status === "ready"
      ? contentCounts(snapshot.file_count, snapshot.chunk_count, snapshot.skipped)
      : null;

  return (
    <li
      data-testid="repository-row"
      data-repo-id={repository.repo_id}
      className="px-4 py-3.5 sm:px-5"
    >
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="flex items-center gap-2">
            <Link
              href={repoHref(repository.repo_id)}
              className="truncate rounded font-medium text-zinc-900 hover:text-sky-700 hover:underline underline-offset-2 dark:text-zinc-100 dark:hover:text-sky-300"
            >
              {title}
            </Link>
            {repository.kind === "local" ? (
              <span className="rounded bg-zinc-100 px-1.5 py-px text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                Local
              </span>
            ) : null}
            {repository.visibility ? <VisibilityBadge visibility={repository.visibility} /> : null}
          </p>
          <p
            className="mt-0.5 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400"
            title={repository.source}
          >
            {repository.source}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
            {snapshot ? (
              <>
                <code
                  title={snapshot.commit}
                  className="rounded bg-zinc-100 px-1.5 py-px text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                >
                  {shortSha(snapshot.commit)}
                </code>
                {snapshot.ref ? <span>{snapshot.ref}</span> : null}
                {counts ? (
                  <>
                    <span aria-hidden="true">·</span>
                    <span data-testid="repository-counts">{counts}</span>
                  </>
                ) : null}
                {snapshot.indexed_at ? (
                  <>
                    <span aria-hidden="true">·</span>
                    <span>
                      indexed{" "}
                      <time
                        dateTime={snapshot.indexed_at}
                        title={new Date(snapshot.indexed_at).toLocaleString()}
                      >
                        {formatRelativeTime(snapshot.indexed_at, now)}
                      </time>
                    </span>
                  </>
                ) : null}
              </>
            ) : (
              <span>No snapshot yet</span>
            )}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <VisibilityToggle repository={repository} />
          <SnapshotStatusBadge status={snapshot?.status ?? null} />
        </div>
      </div>
      {snapshot?.status === "indexing" && snapshot.research_id ? (
        <LiveIndexing runId={snapshot.research_id} title={title} />
      ) : null}
      <ConfirmDelete
        label={`Delete ${title}`}
        question={`Delete ${title} and everything indexed from it?`}
        failureMessage="Could not delete the repository"
        disabledReason={repository.owned === false ? "Only its owner can delete it" : null}
        onDelete={() => remove(repository.repo_id)}
      />
    </li>
  );
}

/** A row whose snapshot is being indexed follows the run, and the list refreshes when it ends. */
function LiveIndexing({ runId, title }: { runId: string; title: string }) {
  const { state: run, transport } = useRun(runId, indexRunFold);
  const load = useReposStore((state) => state.load);
  const finished = run.status !== null && isTerminalStatus(run.status);
  useEffect(() => {
    if (finished) void load();
  }, [finished, load]);
  if (finished) return null;
  return (
    <>
      <ReconnectingBanner transport={transport} />
      <div className="mt-2 flex items-center gap-3">
        <div className="flex-1">
          <RunProgressBar value={run.progress} label={`Indexing progress of ${title}`} />
        </div>
        <span className="shrink-0 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
          {run.steps ? `${run.steps.done} of ${run.steps.total} files` : "Starting…"}
        </span>
      </div>
    </>
  );
}
