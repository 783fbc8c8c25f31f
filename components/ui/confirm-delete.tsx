"use client";

import { useEffect, useRef, useState } from "react";

interface ConfirmDeleteProps {
  /** The Delete button's accessible name: "Delete scratch", "Delete the wiki Shop". */
  label: string;
  /** What will go, asked in place: the confirmation group is named by it. */
  question: string;
  /** The confirming button: "Delete", "Delete wiki". */
  confirmLabel?: string;
  /** The safe choice, focused when the question shows: "Cancel", "Keep it". */
  keepLabel?: string;
  /** Why deleting is not possible now (the button is disabled and says so). */
  disabledReason?: string | null;
  /** Shown when the deletion fails without a message of its own. */
  failureMessage: string;
  /** Deletes; a rejection keeps the item and shows the error. */
  onDelete: () => Promise<void>;
}

/** Deleting asks first, in place: the row says what will go and offers to keep it. */
export function ConfirmDelete({
  label,
  question,
  confirmLabel = "Delete",
  keepLabel = "Cancel",
  disabledReason = null,
  failureMessage,
  onDelete,
}: ConfirmDeleteProps) {
  const [step, setStep] = useState<"idle" | "confirming" | "deleting">("idle");
  const [error, setError] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const confirming = step === "confirming";

  // The Delete button that was focused is gone: the safe choice takes the focus.
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  async function confirm() {
    setStep("deleting");
    setError(null);
    try {
      await onDelete();
    } catch (failure) {
      setError((failure as Error).message || failureMessage);
      setStep("idle");
    }
  }

  if (step === "idle") {
    return (
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => setStep("confirming")}
          disabled={disabledReason !== null}
          title={disabledReason ?? undefined}
          aria-label={label}
          className="rounded text-xs font-medium text-zinc-500 hover:text-red-700 hover:underline underline-offset-2 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-400 dark:hover:text-red-300"
        >
          Delete
        </button>
        {error ? (
          <span role="alert" className="text-xs text-red-700 dark:text-red-300">
            {error}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <fieldset className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200">
      <legend className="float-left">{question}</legend>
      <span className="flex gap-2">
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={step === "deleting"}
          className="rounded-md bg-red-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-red-700 disabled:opacity-60 dark:bg-red-500 dark:hover:bg-red-400"
        >
          {step === "deleting" ? "Deleting…" : confirmLabel}
        </button>
        <button
          ref={keepRef}
          type="button"
          onClick={() => setStep("idle")}
          disabled={step === "deleting"}
          className="rounded-md px-2.5 py-1 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-white dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
        >
          {keepLabel}
        </button>
      </span>
    </fieldset>
  );
}
