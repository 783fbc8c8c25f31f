"use client";

import { useEffect, useRef } from "react";
import { outlineButton } from "@/components/ui/controls";
import { SHORTCUTS, type ShortcutAction, shortcutOf } from "@/lib/client/ui/shortcuts";

/** The first element marked for an action that is on screen. */
function marked(action: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>(`[data-shortcut="${action}"]`)) {
    if (element.offsetParent !== null || element.getClientRects().length > 0) return element;
  }
  return null;
}

/** A field is focused (its text selected), a button pressed (one that opens a dialog). */
function activate(element: HTMLElement | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLButtonElement) {
    if (element.disabled) return false;
    element.click();
    return true;
  }
  element.focus();
  if (element instanceof HTMLInputElement) element.select();
  return true;
}

/** Acts on a shortcut; false when this page has nothing for it (the key then does its usual thing). */
function perform(action: ShortcutAction, openHelp: () => void): boolean {
  switch (action) {
    case "search":
      return activate(marked("search"));
    case "go-to-file":
      return activate(marked("go-to-file"));
    case "previous-page":
    case "next-page": {
      const link = marked(action);
      link?.click();
      return link !== null;
    }
    case "stop-answer": {
      const stop = marked("stop-answer");
      if (stop instanceof HTMLButtonElement && !stop.disabled) stop.click();
      return stop !== null;
    }
    case "help":
      openHelp();
      return true;
  }
}

/** The app's keyboard shortcuts, and the `?` dialog that lists them. */
export function KeyboardShortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialog.current?.open) return;
      const action = shortcutOf({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: event.target instanceof HTMLElement ? event.target : null,
      });
      if (action && perform(action, () => dialog.current?.showModal())) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      className="m-auto w-full max-w-md rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold tracking-tight">
        Keyboard shortcuts
      </h2>
      <dl className="mt-4 space-y-2 text-sm">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} className="flex items-center justify-between gap-4">
            <dt className="text-zinc-700 dark:text-zinc-300">{shortcut.label}</dt>
            <dd>
              <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800">
                {shortcut.keys}
              </kbd>
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">
        Keys typed into a field stay in the field; Esc stops an answer from anywhere.
      </p>
      <form method="dialog" className="mt-4 flex justify-end">
        <button type="submit" className={outlineButton}>
          Close
        </button>
      </form>
    </dialog>
  );
}
