"use client";

import { useEffect, useRef } from "react";
import { outlineButton } from "@/components/ui/controls";
import { CodeSearch } from "./code-search";

/**
 * Search (`/`) in the source viewer: the repository's code search at the viewer's commit,
 * in a dialog; a result opens in the viewer and closes it.
 */
export function SourceSearchDialog({
  repoId,
  gitRef,
  open,
  onClose,
}: {
  repoId: string;
  gitRef: string | null;
  open: boolean;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    else if (!open && element.open) element.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop or a result closes it; Esc does from the keyboard.
    <dialog
      ref={dialog}
      aria-label="Search the code"
      onClose={onClose}
      onClick={(event) => {
        // The backdrop, or a result's link (it opens in the viewer behind).
        const target = event.target as HTMLElement;
        if (target === event.currentTarget || target.closest("a")) onClose();
      }}
      className="mx-auto mt-[8vh] max-h-[84vh] w-full max-w-3xl overflow-auto rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <CodeSearch repoId={repoId} initialQuery="" gitRef={gitRef} inAddress={false} />
      ) : null}
      <form method="dialog" className="mt-4 flex justify-end">
        <button type="submit" className={outlineButton}>
          Close
        </button>
      </form>
    </dialog>
  );
}
