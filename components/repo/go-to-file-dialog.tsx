"use client";

import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { rankPaths } from "@/lib/client/code/fuzzy-match";
import { sourceHref } from "@/lib/client/code/source-links";
import type { TreeFile } from "@/lib/client/repos/repo-schemas";

const SHOWN = 50;

/**
 * Go to file (`t`): a fuzzy finder over the snapshot's files. Arrows move through the
 * matches, Enter opens one, Esc closes.
 */
export function GoToFileDialog({
  repoId,
  files,
  gitRef,
  open,
  onClose,
}: {
  repoId: string;
  files: readonly TreeFile[];
  gitRef: string | null;
  open: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const id = useId();
  const paths = useMemo(() => files.map((file) => file.path), [files]);
  const matches = useMemo(() => rankPaths(paths, query, SHOWN), [paths, query]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setQuery("");
      setActive(0);
      element.showModal();
    } else if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, id]);

  function go(path: string) {
    onClose();
    router.push(sourceHref(repoId, path, { ref: gitRef }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => (matches.length ? (index + step + matches.length) % matches.length : 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = matches[active];
      if (chosen) go(chosen.path);
    }
  }

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; Esc does from the keyboard.
    <dialog
      ref={dialog}
      aria-label="Go to file"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[12vh] w-full max-w-xl rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="border-b border-zinc-200 p-3 dark:border-zinc-800">
        <input
          role="combobox"
          aria-label="File name"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={matches.length ? `${id}-option-${active}` : undefined}
          aria-autocomplete="list"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder={`Go to one of ${files.length.toLocaleString("en")} files…`}
          spellCheck={false}
          autoComplete="off"
          className="block w-full bg-transparent px-1 py-1 font-mono text-sm focus:outline-none"
        />
      </div>
      {matches.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No file matches.</p>
      ) : (
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label="Matching files"
          className="max-h-[50vh] overflow-auto p-1"
        >
          {matches.map((match, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox chooses from the keyboard (arrows, Enter)
            <div
              key={match.path}
              id={`${id}-option-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseMove={() => setActive(index)}
              onClick={() => go(match.path)}
              className={`cursor-pointer truncate rounded px-3 py-1.5 font-mono text-sm ${
                index === active
                  ? "bg-sky-100 text-sky-950 dark:bg-sky-400/15 dark:text-sky-100"
                  : ""
              }`}
            >
              <MarkedPath path={match.path} positions={match.positions} />
            </div>
          ))}
        </div>
      )}
      <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        ↑ ↓ to choose · Enter to open · Esc to close
      </p>
    </dialog>
  );
}

/** The path with the characters the query matched in bold. */
function MarkedPath({ path, positions }: { path: string; positions: number[] }) {
  const marked = new Set(positions);
  const parts: { text: string; hit: boolean }[] = [];
  for (let index = 0; index < path.length; index++) {
    const hit = marked.has(index);
    const last = parts.at(-1);
    if (last && last.hit === hit) last.text += path[index];
    else parts.push({ text: path[index], hit });
  }
  return (
    <>
      {parts.map((part, index) =>
        part.hit ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <b key={index} className="font-semibold text-sky-700 dark:text-sky-300">
            {part.text}
          </b>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
