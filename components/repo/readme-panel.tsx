"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { MarkdownAnswer } from "@/components/chat/markdown-answer";
import { Alert } from "@/components/ui/alert";
import { useRemote } from "@/lib/client/api/use-remote";
import { isMarkdownPath } from "@/lib/client/code/readme";
import { repoRelativeHref } from "@/lib/client/code/repo-relative-link";
import { shortSha, sourceHref } from "@/lib/client/code/source-links";
import { grammarFor } from "@/lib/client/code/syntax-highlight";
import { useHighlightedLines } from "@/lib/client/code/use-highlighted-lines";
import { fetchFile, rawFileHref } from "@/lib/client/repos/repos-api";
import { CodeView } from "./code-view";
import { headerAction } from "./source-file";

/**
 * The repository's README, shown when no file is chosen: Markdown rendered (no raw HTML;
 * links to the repository's files open here at the same commit, images are links), with a
 * toggle to its text. A README in another format is shown as text.
 */
export function ReadmePanel({
  repoId,
  path,
  commit,
}: {
  repoId: string;
  path: string;
  commit: string;
}) {
  const file = useRemote(`file:${repoId}:${commit}:${path}`, (signal) =>
    fetchFile(repoId, path, commit, signal),
  );
  const markdown = isMarkdownPath(path);
  const [raw, setRaw] = useState(false);
  const ref = shortSha(commit);
  const resolveLink = useCallback(
    (href: string) => repoRelativeHref(href, { repoId, documentPath: path, ref }),
    [repoId, path, ref],
  );

  if (file.error) return <Alert title={`${path} could not be shown`}>{file.error}</Alert>;
  return (
    <article
      aria-label="README"
      data-testid="readme"
      className="overflow-clip rounded-xl border border-zinc-200 dark:border-zinc-800"
    >
      <header className="sticky top-14 z-10 flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50/95 px-4 py-2 text-sm backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95">
        <h1 className="font-mono font-medium">{path}</h1>
        <span className="ml-auto flex items-center gap-2">
          {markdown ? (
            <span className="flex gap-1">
              <ViewButton pressed={!raw} onClick={() => setRaw(false)}>
                Preview
              </ViewButton>
              <ViewButton pressed={raw} onClick={() => setRaw(true)}>
                Raw
              </ViewButton>
            </span>
          ) : null}
          <Link href={sourceHref(repoId, path, { ref })} className={headerAction}>
            Open as a file
          </Link>
          <a
            href={rawFileHref(repoId, path, commit)}
            target="_blank"
            rel="noopener"
            className={headerAction}
          >
            Raw file
          </a>
        </span>
      </header>
      {!file.data ? (
        <div aria-busy="true" className="space-y-2 p-6">
          <p className="sr-only">Loading the README…</p>
          {[70, 90, 50].map((width) => (
            <div
              key={width}
              style={{ width: `${width}%` }}
              className="h-3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/70"
            />
          ))}
        </div>
      ) : markdown && !raw ? (
        <div data-testid="readme-rendered" className="px-6 py-5">
          <MarkdownAnswer
            content={file.data.content}
            complete
            scope={{ repoId, commit }}
            resolveLink={resolveLink}
            anchors
          />
        </div>
      ) : (
        <ReadmeText content={file.data.content} path={path} />
      )}
    </article>
  );
}

function ReadmeText({ content, path }: { content: string; path: string }) {
  const { lines } = useHighlightedLines(content, grammarFor({ language: null, path }));
  return (
    <div data-testid="readme-raw">
      <CodeView lines={lines} label={`Text of ${path}`} />
    </div>
  );
}

function ViewButton({
  pressed,
  onClick,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  children: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-md px-2 py-0.5 text-xs font-medium ring-1 ${
        pressed
          ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
          : "text-zinc-700 ring-zinc-300 hover:bg-white dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800"
      }`}
    >
      {children}
    </button>
  );
}
