"use client";

import { type ReactNode, useEffect, useState } from "react";
import { AskPanelToggle, AskSidePanel } from "@/components/chat/ask-side-panel";
import { Alert } from "@/components/ui/alert";
import { UnknownRepository } from "@/components/ui/not-found-state";
import { useRemote } from "@/lib/client/api/use-remote";
import { findReadme } from "@/lib/client/code/readme";
import { shortSha } from "@/lib/client/code/source-links";
import { fetchFile, fetchTree, getRepository } from "@/lib/client/repos/repos-api";
import { FileTreePanel } from "./file-tree-panel";
import { GoToFileDialog } from "./go-to-file-dialog";
import { ReadmePanel } from "./readme-panel";
import { RepoBreadcrumb } from "./repo-breadcrumb";
import { repositoryTitle } from "./repo-names";
import { SourceFile } from "./source-file";
import { SourceSearchDialog } from "./source-search-dialog";

interface SourceViewerProps {
  repoId: string;
  path: string | null;
  /** A commit (or its prefix) or ref name from the address; null reads the newest snapshot. */
  gitRef: string | null;
}

/**
 * The file tree beside one file of a snapshot (or its README when no file is chosen), at
 * the commit the address names, with go-to-file (`t`) and search (`/`). The right-hand
 * region (`dock`) holds the Ask panel.
 */
export function SourceViewer({ repoId, path, gitRef }: SourceViewerProps) {
  const ref = gitRef ?? undefined;
  const repository = useRemote(`repo:${repoId}`, (signal) => getRepository(repoId, signal));
  const tree = useRemote(`tree:${repoId}:${gitRef ?? ""}`, (signal) =>
    fetchTree(repoId, ref, signal),
  );
  const file = useRemote(path ? `file:${repoId}:${gitRef ?? ""}:${path}` : null, (signal) =>
    fetchFile(repoId, path ?? "", ref, signal),
  );
  const title = repository.data ? repositoryTitle(repository.data) : repoId;
  const commit = file.data?.commit ?? tree.data?.commit ?? null;
  const readme = !path && tree.data ? findReadme(tree.data.files) : null;
  const [dialog, setDialog] = useState<"go-to-file" | "search" | null>(null);
  // Another file (a choice in a dialog, a link) closes whichever dialog was open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the trigger
  useEffect(() => setDialog(null), [path, gitRef]);
  if (repository.errorStatus === 404 && !repository.data) return <UnknownRepository />;

  const dock: ReactNode = (
    <AskSidePanel
      repoId={repoId}
      repoUrl={repository.data?.source ?? null}
      repoTitle={title}
      currentPath={path}
    />
  );

  return (
    <div className="mx-auto w-full max-w-[96rem] px-4 py-6 sm:px-6">
      <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <RepoBreadcrumb repoId={repoId} title={title}>
          {path
            ? path.split("/").map((segment, index, all) => (
                <PathSegment
                  // biome-ignore lint/suspicious/noArrayIndexKey: a path's segments are positional
                  key={index}
                  segment={segment}
                  last={index === all.length - 1}
                />
              ))
            : null}
        </RepoBreadcrumb>
        <span className="ml-auto flex items-center gap-3">
          {commit ? (
            <span className="text-zinc-500 dark:text-zinc-400">
              at commit{" "}
              <code
                data-testid="source-commit"
                title={commit}
                className="rounded bg-zinc-100 px-1.5 py-px text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
              >
                {shortSha(commit)}
              </code>
            </span>
          ) : null}
          <button
            type="button"
            data-shortcut="go-to-file"
            disabled={!tree.data}
            onClick={() => setDialog("go-to-file")}
            className={toolbarButton}
          >
            Go to file <kbd className={kbd}>t</kbd>
          </button>
          <button
            type="button"
            data-shortcut="search"
            onClick={() => setDialog("search")}
            className={toolbarButton}
          >
            Search <kbd className={kbd}>/</kbd>
          </button>
          <AskPanelToggle />
        </span>
      </div>

      {tree.error ? (
        <ErrorPanel title="This repository's files could not be loaded" message={tree.error} />
      ) : (
        <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:gap-6">
          <aside className="flex max-h-72 flex-col lg:sticky lg:top-20 lg:max-h-[calc(100vh-6.5rem)] lg:w-72 lg:shrink-0">
            {tree.data ? (
              <FileTreePanel
                repoId={repoId}
                files={tree.data.files}
                currentPath={path}
                gitRef={gitRef}
              />
            ) : (
              <TreeSkeleton />
            )}
          </aside>
          <section aria-label="File" className="min-w-0 flex-1">
            {!path && readme && tree.data ? (
              <ReadmePanel repoId={repoId} path={readme.path} commit={tree.data.commit} />
            ) : !path ? (
              <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-16 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                <h1 className="font-medium text-zinc-900 dark:text-zinc-100">Choose a file</h1>
                <p className="mt-1 text-sm">
                  {tree.data
                    ? `${tree.data.files.length.toLocaleString("en")} files indexed at this commit; none is a README.`
                    : "Loading the file list…"}
                </p>
              </div>
            ) : file.error ? (
              <ErrorPanel title={`${path} could not be shown`} message={file.error} />
            ) : file.data ? (
              <SourceFile repoId={repoId} file={file.data} />
            ) : (
              <FileSkeleton />
            )}
          </section>
          {/* The dock: whatever works beside the file (Ask) mounts here. */}
          {dock}
        </div>
      )}
      {tree.data ? (
        <GoToFileDialog
          repoId={repoId}
          files={tree.data.files}
          gitRef={gitRef}
          open={dialog === "go-to-file"}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <SourceSearchDialog
        repoId={repoId}
        gitRef={gitRef}
        open={dialog === "search"}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}

const toolbarButton =
  "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:opacity-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900";
const kbd =
  "rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[11px] leading-4 text-zinc-500 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-400";

function PathSegment({ segment, last }: { segment: string; last: boolean }) {
  return (
    <>
      <li aria-hidden="true">/</li>
      <li
        aria-current={last ? "page" : undefined}
        className={last ? "font-medium text-zinc-900 dark:text-zinc-100" : undefined}
      >
        {segment}
      </li>
    </>
  );
}

function ErrorPanel({ title, message }: { title: string; message: string }) {
  return <Alert title={title}>{message}</Alert>;
}

function TreeSkeleton() {
  return (
    <div aria-busy="true" className="space-y-2 pt-1">
      <p className="sr-only">Loading files…</p>
      {[60, 45, 70, 50, 35, 55].map((width) => (
        <div
          key={width}
          style={{ width: `${width}%` }}
          className="h-3.5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800"
        />
      ))}
    </div>
  );
}

function FileSkeleton() {
  return (
    <div
      aria-busy="true"
      className="space-y-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <p className="sr-only">Loading the file…</p>
      {[80, 65, 90, 40, 75, 55, 85].map((width) => (
        <div
          key={width}
          style={{ width: `${width}%` }}
          className="h-3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/70"
        />
      ))}
    </div>
  );
}
