"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchOutline } from "@/lib/client/repos/repos-api";

const kindMark: Record<string, string> = {
  function: "ƒ",
  method: "m",
  class: "C",
  interface: "I",
  type: "T",
  enum: "E",
  variable: "v",
  module: "M",
};

/**
 * The file's symbols as the index stored them, in a menu under the file header: choosing
 * one selects and scrolls to its line. Nothing is shown for a file without symbols.
 */
export function SymbolOutline({
  repoId,
  path,
  commit,
  onChoose,
}: {
  repoId: string;
  path: string;
  commit: string;
  onChoose: (line: number) => void;
}) {
  const outline = useRemote(`outline:${repoId}:${commit}:${path}`, (signal) =>
    fetchOutline(repoId, path, commit, signal),
  );
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);

  // A click elsewhere or Esc closes the menu.
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const symbols = outline.data?.symbols ?? [];
  if (symbols.length === 0) return null;
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
        className="rounded-md px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-white dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800"
      >
        Outline <span className="text-zinc-500 dark:text-zinc-400">{symbols.length}</span>
      </button>
      {open ? (
        <nav
          id={listId}
          aria-label="Symbols in this file"
          className="absolute right-0 z-30 mt-1 max-h-80 w-72 overflow-auto rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <ul>
            {symbols.map((symbol) => (
              <li key={`${symbol.name}:${symbol.line}`}>
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    onChoose(symbol.line);
                  }}
                  className="flex w-full items-baseline gap-2 rounded px-2 py-1 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  <span
                    aria-hidden="true"
                    title={symbol.kind}
                    className="w-4 shrink-0 text-center font-mono text-xs text-sky-700 dark:text-sky-300"
                  >
                    {kindMark[symbol.kind] ?? "·"}
                  </span>
                  <span className="min-w-0 flex-1 truncate font-mono">{symbol.name}</span>
                  <span className="shrink-0 text-xs tabular-nums text-zinc-400">{symbol.line}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
