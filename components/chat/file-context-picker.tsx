"use client";

import { useId, useMemo, useState } from "react";
import { useRemote } from "@/lib/client/api/use-remote";
import { baseName, buildFileTree, filterFiles, type TreeFolder } from "@/lib/client/code/file-tree";
import { fetchTree } from "@/lib/client/repos/repos-api";

/**
 * Chooses one file of the repository (its newest snapshot) to send with the question as
 * context: a filter over the paths, or the folders to unfold.
 */
export function FileContextPicker({
  repoId,
  onPick,
  onClose,
}: {
  repoId: string;
  onPick: (path: string) => void;
  onClose: () => void;
}) {
  const tree = useRemote(`tree:${repoId}:`, (signal) => fetchTree(repoId, undefined, signal));
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const files = tree.data?.files;
  const root = useMemo(() => (files ? buildFileTree(files) : null), [files]);
  const matches = useMemo(
    () => (files && filter.trim() ? filterFiles(files, filter, 50) : null),
    [files, filter],
  );

  return (
    <div
      role="dialog"
      aria-label="Choose a file for context"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
      className="absolute bottom-full left-0 z-30 mb-2 flex max-h-80 w-full max-w-md flex-col rounded-lg border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      <label htmlFor={filterId} className="sr-only">
        Filter files
      </label>
      <input
        id={filterId}
        type="search"
        // biome-ignore lint/a11y/noAutofocus: the picker was opened to type a path.
        autoFocus
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        placeholder={
          files ? `Filter ${files.length.toLocaleString("en")} files…` : "Loading files…"
        }
        spellCheck={false}
        autoComplete="off"
        className="mb-2 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:placeholder:text-zinc-500"
      />
      <div className="min-h-0 flex-1 overflow-auto text-sm">
        {tree.error ? (
          <p role="alert" className="px-1 py-2 text-red-700 dark:text-red-300">
            {tree.error}
          </p>
        ) : !root ? (
          <p className="px-1 py-2 text-zinc-500">Loading files…</p>
        ) : matches ? (
          matches.total === 0 ? (
            <p className="px-1 py-2 text-zinc-500 dark:text-zinc-400">No file matches.</p>
          ) : (
            <ul aria-label="Matching files">
              {matches.matches.map((file) => (
                <li key={file.path}>
                  <FileButton path={file.path} depth={0} detail onPick={onPick} />
                </li>
              ))}
            </ul>
          )
        ) : (
          <ul aria-label="Files">
            <FolderEntries folder={root} depth={0} onPick={onPick} />
          </ul>
        )}
      </div>
    </div>
  );
}

function FolderEntries({
  folder,
  depth,
  onPick,
}: {
  folder: TreeFolder;
  depth: number;
  onPick: (path: string) => void;
}) {
  return (
    <>
      {folder.folders.map((child) => (
        <FolderEntry key={child.path} folder={child} depth={depth} onPick={onPick} />
      ))}
      {folder.files.map((file) => (
        <li key={file.path}>
          <FileButton path={file.path} depth={depth} onPick={onPick} />
        </li>
      ))}
    </>
  );
}

function FolderEntry({
  folder,
  depth,
  onPick,
}: {
  folder: TreeFolder;
  depth: number;
  onPick: (path: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        style={{ paddingLeft: `${depth * 0.875 + 0.25}rem` }}
        className="flex w-full items-center gap-1 rounded py-0.5 pr-2 text-left font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className={`size-3.5 shrink-0 text-zinc-400 ${open ? "rotate-90" : ""}`}
          fill="currentColor"
        >
          <path d="M6 4l4 4-4 4z" />
        </svg>
        <span className="truncate">{folder.name}</span>
        <span className="ml-auto pl-2 text-xs font-normal text-zinc-400">{folder.fileCount}</span>
      </button>
      {open ? (
        <ul aria-label={folder.name}>
          <FolderEntries folder={folder} depth={depth + 1} onPick={onPick} />
        </ul>
      ) : null}
    </li>
  );
}

function FileButton({
  path,
  depth,
  detail = false,
  onPick,
}: {
  path: string;
  depth: number;
  detail?: boolean;
  onPick: (path: string) => void;
}) {
  const folder = path.slice(0, Math.max(0, path.lastIndexOf("/")));
  return (
    <button
      type="button"
      title={path}
      onClick={() => onPick(path)}
      style={{ paddingLeft: `${depth * 0.875 + 1.125}rem` }}
      className="block w-full truncate rounded py-0.5 pr-2 text-left text-zinc-700 hover:bg-sky-50 hover:text-sky-900 dark:text-zinc-300 dark:hover:bg-sky-400/10 dark:hover:text-sky-200"
    >
      {baseName(path)}
      {detail && folder ? <span className="ml-1.5 text-xs text-zinc-400">{folder}</span> : null}
    </button>
  );
}
