"use client";

import { useEffect, useState } from "react";

/** Copies text to the clipboard and says so for two seconds; `text` may be computed on click. */
export function CopyButton({
  text,
  label,
  copiedLabel = "Copied",
  className,
}: {
  text: string | (() => string);
  label: string;
  copiedLabel?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      onClick={() => {
        const copied = navigator.clipboard?.writeText(typeof text === "function" ? text() : text);
        if (!copied) setState("failed");
        else
          copied.then(
            () => setState("copied"),
            () => setState("failed"),
          );
      }}
      className={className ?? actionButtonStyle}
    >
      <span aria-live="polite">
        {state === "copied" ? copiedLabel : state === "failed" ? "Could not copy" : label}
      </span>
    </button>
  );
}

/** The small text buttons under an answer and over a code block. */
export const actionButtonStyle =
  "rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";
