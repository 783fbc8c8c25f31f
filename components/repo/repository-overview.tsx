"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { Alert, alertActionStyle } from "@/components/ui/alert";
import { UnknownRepository } from "@/components/ui/not-found-state";
import { useRemote } from "@/lib/client/api/use-remote";
import { repoHref, shortSha, sourceHref } from "@/lib/client/code/source-links";
import type { RepositoryDetail } from "@/lib/client/repos/repo-schemas";
import { getRepository } from "@/lib/client/repos/repos-api";
import { useNow } from "@/lib/client/ui/use-now";
import { CodeSearch } from "./code-search";
import { IndexRunProgress } from "./index-run-progress";
import { contentCounts, repositoryTitle } from "./repo-names";
import { SnapshotStatusBadge } from "./snapshot-status-badge";

/** A repository's page: where it comes from, its snapshots, and search over the newest one. */
export function RepositoryOverview({
  repoId,
  initialQuery,
}: {
  repoId: string;
  initialQuery: string;
}) {
  const [version, setVersion] = useState(0);
  const repository = useRemote(
    `repo:${repoId}:${version}`,
    (signal) => getRepository(repoId, signal),
    { keepPrevious: true },
  );
  const refresh = useCallback(() => setVersion((count) => count + 1), []);

  if (repository.errorStatus === 404 && !repository.data) return <UnknownRepository />;
  if (repository.error && !repository.data) {
    return (
      <Alert
        title="This repository could not be loaded"
        action={
          <Link href="/repos" className={alertActionStyle}>
            All repositories
          </Link>
        }
      >
        {repository.error}
      </Alert>
    );
  }
  if (!repository.data) {
    return (
      <div aria-busy="true" className="space-y-3">
        <p className="sr-only">Loading the repository…</p>
        <div className="h-7 w-1/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
      </div>
    );
  }

  const detail = repository.data;
  const ready = detail.snapshots.find((snapshot) => snapshot.status === "ready") ?? null;
  const indexing = detail.snapshots.find(
    (snapshot) => snapshot.status === "indexing" && snapshot.research_id,
  );
  const title = repositoryTitle(detail);

  return (
    <div>
      <RepositoryHeader detail={detail} readyCommit={ready?.commit ?? null} />
      {indexing?.research_id ? (
        <IndexRunProgress
          key={indexing.research_id}
          runId={indexing.research_id}
          title={title}
          repoHref={repoHref(repoId)}
          onFinished={refresh}
        />
      ) : null}
      <SnapshotList detail={detail} />
      <div className="mt-10">
        {ready ? (
          <CodeSearch repoId={repoId} initialQuery={initialQuery} />
        ) : (
          <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            Search and the source viewer open once a snapshot is indexed.
          </p>
        )}
      </div>
    </div>
  );
}

function RepositoryHeader({
  detail,
  readyCommit,
}: {
  detail: RepositoryDetail;
  readyCommit: string | null;
}) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          <Link
            href="/repos"
            className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
          >
            Repositories
          </Link>
        </p>
        <h1 className="mt-1 truncate text-2xl font-semibold tracking-tight">
          {repositoryTitle(detail)}
        </h1>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-zinc-500 dark:text-zinc-400">Source</dt>
          <dd className="min-w-0 truncate font-mono text-xs leading-5" title={detail.source}>
            {detail.source}
          </dd>
          {detail.default_branch ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Default branch</dt>
              <dd className="font-mono text-xs leading-5">{detail.default_branch}</dd>
            </>
          ) : null}
          {readyCommit ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Indexed commit</dt>
              <dd>
                <code data-testid="repository-commit" title={readyCommit} className="text-xs">
                  {shortSha(readyCommit)}
                </code>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {readyCommit ? (
        <div className="flex items-center gap-2">
          <Link
            href={`${repoHref(detail.repo_id)}/wiki`}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
          >
            Wiki
          </Link>
          <Link
            href={`${repoHref(detail.repo_id)}/ask`}
            className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-sky-700 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400"
          >
            Ask
          </Link>
          <Link
            href={sourceHref(detail.repo_id, null, { ref: shortSha(readyCommit) })}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
          >
            Browse source
          </Link>
        </div>
      ) : null}
    </header>
  );
}

function SnapshotList({ detail }: { detail: RepositoryDetail }) {
  const now = useNow();
  if (detail.snapshots.length === 0) return null;
  return (
    <section aria-labelledby="snapshots-heading" className="mt-8">
      <h2
        id="snapshots-heading"
        className="mb-2 text-sm font-semibold text-zinc-700 dark:text-zinc-300"
      >
        Snapshots
      </h2>
      <ul
        aria-label="Snapshots"
        className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800"
      >
        {detail.snapshots.map((snapshot) => {
          const counts =
            snapshot.status === "ready"
              ? contentCounts(snapshot.file_count, snapshot.chunk_count, snapshot.skipped)
              : null;
          return (
            <li
              key={snapshot.snapshot_id}
              data-testid="snapshot-row"
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5"
            >
              {snapshot.status === "ready" ? (
                <Link
                  href={sourceHref(detail.repo_id, null, { ref: shortSha(snapshot.commit) })}
                  title={snapshot.commit}
                  className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
                >
                  {shortSha(snapshot.commit)}
                </Link>
              ) : (
                <code title={snapshot.commit} className="text-xs">
                  {shortSha(snapshot.commit)}
                </code>
              )}
              {snapshot.ref ? (
                <span className="text-zinc-600 dark:text-zinc-400">{snapshot.ref}</span>
              ) : null}
              {counts ? <span className="text-zinc-500 dark:text-zinc-400">{counts}</span> : null}
              {snapshot.indexed_at ? (
                <time
                  dateTime={snapshot.indexed_at}
                  title={new Date(snapshot.indexed_at).toLocaleString()}
                  className="text-zinc-500 dark:text-zinc-400"
                >
                  {formatRelativeTime(snapshot.indexed_at, now)}
                </time>
              ) : null}
              <span className="ml-auto">
                <SnapshotStatusBadge status={snapshot.status} />
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
