"use client";

import Link from "next/link";
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import {
  ancestorFolders,
  baseName,
  buildFileTree,
  filterFiles,
  type TreeFolder,
} from "@/lib/client/code/file-tree";
import { sourceHref } from "@/lib/client/code/source-links";
import type { TreeFile } from "@/lib/client/repos/repo-schemas";

interface FileTreePanelProps {
  repoId: string;
  files: TreeFile[];
  currentPath: string | null;
  /** The ref the viewer was opened at, kept in every link. */
  gitRef: string | null;
}

/**
 * The snapshot's files: folders collapse, the open file is marked, a filter lists matching
 * paths. Only open folders are rendered, so a tree of thousands of files stays quick.
 */
export function FileTreePanel({ repoId, files, currentPath, gitRef }: FileTreePanelProps) {
  const root = useMemo(() => buildFileTree(files), [files]);
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(currentPath ? ancestorFolders(currentPath) : []),
  );
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  // Opening a file elsewhere (a search result, a link) unfolds the folders above it.
  useEffect(() => {
    if (!currentPath) return;
    setOpen((previous) => {
      const missing = ancestorFolders(currentPath).filter((folder) => !previous.has(folder));
      return missing.length ? new Set([...previous, ...missing]) : previous;
    });
  }, [currentPath]);

  useEffect(() => {
    if (!currentPath) return;
    const item = listRef.current?.querySelector<HTMLElement>('[aria-current="page"]');
    item?.scrollIntoView({ block: "nearest" });
  }, [currentPath]);

  const toggle = useCallback((path: string) => {
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  }, []);

  const hrefFor = useCallback(
    (path: string) => sourceHref(repoId, path, { ref: gitRef }),
    [repoId, gitRef],
  );
  const filtered = useMemo(
    () => (filter.trim() ? filterFiles(files, filter) : null),
    [files, filter],
  );

  return (
    <nav aria-label="Files" className="flex min-h-0 flex-col">
      <div className="pb-2">
        <label htmlFor={filterId} className="sr-only">
          Filter files
        </label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder={`Filter ${files.length.toLocaleString("en")} files…`}
          spellCheck={false}
          autoComplete="off"
          className="block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500"
        />
      </div>
      <div ref={listRef} className="min-h-0 flex-1 overflow-auto text-sm">
        {filtered ? (
          <FilteredFiles
            matches={filtered.matches}
            total={filtered.total}
            currentPath={currentPath}
            hrefFor={hrefFor}
          />
        ) : (
          <ul aria-label="File tree">
            <FolderContents
              folder={root}
              depth={0}
              open={open}
              currentPath={currentPath}
              toggle={toggle}
              hrefFor={hrefFor}
            />
          </ul>
        )}
      </div>
    </nav>
  );
}

interface FolderProps {
  folder: TreeFolder;
  depth: number;
  open: ReadonlySet<string>;
  currentPath: string | null;
  toggle: (path: string) => void;
  hrefFor: (path: string) => string;
}

const FolderContents = memo(function FolderContents(props: FolderProps) {
  const { folder, depth, currentPath, hrefFor } = props;
  return (
    <>
      {folder.folders.map((child) => (
        <FolderItem key={child.path} {...props} folder={child} />
      ))}
      {folder.files.map((file) => (
        <li key={file.path}>
          <FileLink
            path={file.path}
            label={baseName(file.path)}
            depth={depth}
            current={file.path === currentPath}
            href={hrefFor(file.path)}
          />
        </li>
      ))}
    </>
  );
});

function FolderItem(props: FolderProps) {
  const { folder, depth, open, toggle } = props;
  const expanded = open.has(folder.path);
  return (
    <li>
      <button
        type="button"
        aria-expanded={expanded}
        onClick={() => toggle(folder.path)}
        title={folder.path}
        style={{ paddingLeft: `${depth * 0.875 + 0.25}rem` }}
        className="flex w-full items-center gap-1 rounded py-0.5 pr-2 text-left text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800/70"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className={`size-3.5 shrink-0 text-zinc-400 transition-transform motion-reduce:transition-none ${expanded ? "rotate-90" : ""}`}
          fill="currentColor"
        >
          <path d="M6 4l4 4-4 4z" />
        </svg>
        <span className="truncate font-medium">{folder.name}</span>
        {!expanded ? (
          <span className="ml-auto pl-2 text-xs tabular-nums text-zinc-400 dark:text-zinc-500">
            {folder.fileCount}
          </span>
        ) : null}
      </button>
      {expanded ? (
        <ul aria-label={folder.name}>
          <FolderContents {...props} depth={depth + 1} />
        </ul>
      ) : null}
    </li>
  );
}

function FileLink({
  path,
  label,
  depth,
  current,
  href,
  detail,
}: {
  path: string;
  label: string;
  depth: number;
  current: boolean;
  href: string;
  detail?: string;
}) {
  return (
    <Link
      href={href}
      prefetch={false}
      title={path}
      aria-current={current ? "page" : undefined}
      style={{ paddingLeft: `${depth * 0.875 + 1.125}rem` }}
      className={`block truncate rounded py-0.5 pr-2 ${
        current
          ? "bg-sky-100 font-medium text-sky-900 dark:bg-sky-400/15 dark:text-sky-200"
          : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800/70"
      }`}
    >
      {label}
      {detail ? (
        <span className="ml-1.5 text-xs text-zinc-400 dark:text-zinc-500">{detail}</span>
      ) : null}
    </Link>
  );
}

function FilteredFiles({
  matches,
  total,
  currentPath,
  hrefFor,
}: {
  matches: TreeFile[];
  total: number;
  currentPath: string | null;
  hrefFor: (path: string) => string;
}) {
  if (total === 0) {
    return <p className="px-1 py-2 text-zinc-500 dark:text-zinc-400">No file matches.</p>;
  }
  return (
    <>
      <ul aria-label="Matching files">
        {matches.map((file) => {
          const folder = file.path.slice(0, Math.max(0, file.path.lastIndexOf("/")));
          return (
            <li key={file.path}>
              <FileLink
                path={file.path}
                label={baseName(file.path)}
                detail={folder}
                depth={0}
                current={file.path === currentPath}
                href={hrefFor(file.path)}
              />
            </li>
          );
        })}
      </ul>
      {total > matches.length ? (
        <p className="px-1 py-2 text-xs text-zinc-500 dark:text-zinc-400">
          {total - matches.length} more; type more of the path to narrow the list.
        </p>
      ) : null}
    </>
  );
}
