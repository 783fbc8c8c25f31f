"use client";

import { useEffect, useRef, useState } from "react";
import { outlineButton } from "./controls";

interface ConfirmActionProps {
  /** The button's text, and the confirming button's unless `confirmLabel` says otherwise. */
  label: string;
  /** Asked in place before anything happens: "Stop writing the wiki?". */
  question: string;
  confirmLabel?: string;
  /** The safe choice, focused when the question shows. */
  keepLabel?: string;
  /** Shown on the button while the action runs ("Stopping…"). */
  busyLabel?: string;
  busy?: boolean;
  disabled?: boolean;
  title?: string;
  /** The first button's look; a neutral outline by default. */
  className?: string;
  onConfirm: () => void;
}

/**
 * An action that cannot be taken back (stop a run, cancel it, regenerate everything): the
 * button asks in place first, with the safe choice focused, as Regenerate all always did.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel = label,
  keepLabel = "Keep going",
  busyLabel,
  busy = false,
  disabled = false,
  title,
  className = outlineButton,
  onConfirm,
}: ConfirmActionProps) {
  const [confirming, setConfirming] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        type="button"
        disabled={disabled || busy}
        title={title}
        onClick={() => setConfirming(true)}
        className={className}
      >
        {busy && busyLabel ? busyLabel : label}
      </button>
    );
  }
  return (
    <fieldset className="flex flex-wrap items-center gap-2 text-sm">
      <legend className="float-left text-zinc-600 dark:text-zinc-400">{question}</legend>
      <button
        type="button"
        onClick={() => {
          setConfirming(false);
          onConfirm();
        }}
        className="rounded-md bg-sky-600 px-2.5 py-1 font-medium text-white hover:bg-sky-700 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400"
      >
        {confirmLabel}
      </button>
      <button
        ref={keepRef}
        type="button"
        onClick={() => setConfirming(false)}
        className={outlineButton}
      >
        {keepLabel}
      </button>
    </fieldset>
  );
}
