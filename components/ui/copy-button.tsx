"use client";

import { useEffect, useState } from "react";
import { actionButton } from "./controls";

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
      className={className ?? actionButton}
    >
      <span aria-live="polite">
        {state === "copied" ? copiedLabel : state === "failed" ? "Could not copy" : label}
      </span>
    </button>
  );
}
