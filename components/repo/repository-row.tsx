"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { RunProgressBar } from "@/components/runs/run-progress-bar";
import type { RepositorySummary } from "@/lib/client/repo-schemas";
import { useReposStore } from "@/lib/client/repos-store";
import { repoHref, shortSha } from "@/lib/client/source-links";
import { useIndexRun } from "@/lib/client/use-index-run";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { contentCounts, repositoryTitle } from "./repo-names";
import { SnapshotStatusBadge } from "./snapshot-status-badge";

export function RepositoryRow({ repository, now }: { repository: RepositorySummary; now: number }) {
  const snapshot = repository.latest_snapshot;
  const title = repositoryTitle(repository);
  const counts =
    snapshot?.status === "ready" ? contentCounts(snapshot.file_count, snapshot.chunk_count) : null;

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
          <SnapshotStatusBadge status={snapshot?.status ?? null} />
        </div>
      </div>
      {snapshot?.status === "indexing" && snapshot.research_id ? (
        <LiveIndexing runId={snapshot.research_id} title={title} />
      ) : null}
      <DeleteRepository repoId={repository.repo_id} title={title} />
    </li>
  );
}

/** A row whose snapshot is being indexed follows the run, and the list refreshes when it ends. */
function LiveIndexing({ runId, title }: { runId: string; title: string }) {
  const run = useIndexRun(runId);
  const load = useReposStore((state) => state.load);
  const finished = run.status !== null && isTerminalStatus(run.status);
  useEffect(() => {
    if (finished) void load();
  }, [finished, load]);
  if (finished) return null;
  return (
    <div className="mt-2 flex items-center gap-3">
      <div className="flex-1">
        <RunProgressBar value={run.progress} label={`Indexing progress of ${title}`} />
      </div>
      <span className="shrink-0 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
        {run.steps ? `${run.steps.done} of ${run.steps.total} files` : "Starting…"}
      </span>
    </div>
  );
}

/** Deleting asks first, in place: the row says what will go and offers to keep it. */
function DeleteRepository({ repoId, title }: { repoId: string; title: string }) {
  const remove = useReposStore((state) => state.remove);
  const [step, setStep] = useState<"idle" | "confirming" | "deleting">("idle");
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirming = step === "confirming";

  // The Delete button that was focused is gone: the safe choice takes the focus.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  async function confirm() {
    setStep("deleting");
    setError(null);
    try {
      await remove(repoId);
    } catch (failure) {
      setError((failure as Error).message || "Could not delete the repository");
      setStep("idle");
    }
  }

  if (step === "idle") {
    return (
      <div className="mt-2 flex items-center gap-3">
        <button
          type="button"
          onClick={() => setStep("confirming")}
          aria-label={`Delete ${title}`}
          className="rounded text-xs font-medium text-zinc-500 hover:text-red-700 hover:underline underline-offset-2 dark:text-zinc-400 dark:hover:text-red-300"
        >
          Delete
        </button>
        {error ? (
          <span role="alert" className="text-xs text-red-700 dark:text-red-300">
            {error}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <fieldset className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200">
      <legend className="float-left">Delete {title} and everything indexed from it?</legend>
      <span className="flex gap-2">
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={step === "deleting"}
          className="rounded-md bg-red-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-red-700 disabled:opacity-60 dark:bg-red-500 dark:hover:bg-red-400"
        >
          {step === "deleting" ? "Deleting…" : "Delete"}
        </button>
        <button
          ref={cancelRef}
          type="button"
          onClick={() => setStep("idle")}
          disabled={step === "deleting"}
          className="rounded-md px-2.5 py-1 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-white dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
        >
          Cancel
        </button>
      </span>
    </fieldset>
  );
}
