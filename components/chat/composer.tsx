"use client";

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { ANSWER_LANGUAGES } from "@/lib/client/chat/chat-languages";
import type { PageContext } from "@/lib/client/chat/chat-state";
import { ContextChip } from "./context-chip";
import { FileContextPicker } from "./file-context-picker";

export interface ComposedQuestion {
  question: string;
  deepResearch: boolean;
}

interface ComposerProps {
  repoId: string;
  /** False until the repository's source is known. */
  ready: boolean;
  running: boolean;
  language: string;
  onLanguageChange: (language: string) => void;
  filePath: string | null;
  onFilePathChange: (path: string | null) => void;
  /** The wiki page being read, sent as context with its files (the user may remove it). */
  page?: PageContext | null;
  onPageRemove?: () => void;
  onAsk: (question: ComposedQuestion) => void;
  onStop: () => void;
  compact?: boolean;
}

/** The question box with its context file, answer language, deep-research switch, Ask and Stop. */
export function Composer(props: ComposerProps) {
  const { ready, running, filePath, page = null, compact = false } = props;
  const [draft, setDraft] = useState("");
  const [deepResearch, setDeepResearch] = useState(false);
  const id = useId();
  const canAsk = ready && !running && draft.trim() !== "";

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canAsk) return;
    props.onAsk({ question: draft.trim(), deepResearch });
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter asks, Shift+Enter is a new line; never while an input method is composing.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form onSubmit={submit} aria-label="Ask a question" className="relative">
      {(filePath || page) && !deepResearch ? (
        <div className="mb-2 flex flex-wrap gap-1.5">
          {page ? (
            <ContextChip
              testId="page-context"
              kind="Wiki page"
              label={page.title}
              detail={[page.title, ...page.filePaths].join("\n")}
              onRemove={() => props.onPageRemove?.()}
            />
          ) : null}
          {filePath ? (
            <ContextChip
              testId="file-context"
              kind="Context file"
              label={filePath}
              mono
              onRemove={() => props.onFilePathChange(null)}
            />
          ) : null}
        </div>
      ) : null}
      <label htmlFor={`${id}-question`} className="sr-only">
        Question
      </label>
      <textarea
        id={`${id}-question`}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        rows={compact ? 2 : 3}
        placeholder={
          deepResearch
            ? "What should the research find out?"
            : "Ask about this repository… (Enter to ask, Shift+Enter for a new line)"
        }
        className={`${inputStyle} resize-none`}
      />
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
        {/* A research run reads the repository itself: no context file goes with it. */}
        {deepResearch ? null : (
          <FileContextControl
            repoId={props.repoId}
            hasFile={filePath !== null}
            onPick={(path) => props.onFilePathChange(path)}
          />
        )}
        <label className="sr-only" htmlFor={`${id}-language`}>
          Answer language
        </label>
        <select
          id={`${id}-language`}
          value={props.language}
          onChange={(event) => props.onLanguageChange(event.target.value)}
          className="rounded-md border border-zinc-300 bg-white py-1 pr-7 pl-2 text-xs dark:border-zinc-700 dark:bg-zinc-900"
        >
          {ANSWER_LANGUAGES.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
        <label className="inline-flex cursor-pointer items-center gap-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          <input
            type="checkbox"
            role="switch"
            aria-checked={deepResearch}
            checked={deepResearch}
            onChange={(event) => setDeepResearch(event.target.checked)}
            className="size-3.5 accent-violet-600"
          />
          Deep research
        </label>
        <span className="ml-auto">
          {running ? (
            <button
              type="button"
              data-shortcut="stop-answer"
              title="Stop (Esc)"
              onClick={props.onStop}
              className="inline-flex items-center gap-1.5 rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
            >
              <span aria-hidden="true" className="size-2.5 rounded-[2px] bg-current" />
              Stop
            </button>
          ) : (
            <button
              type="submit"
              disabled={!canAsk}
              className={`${primaryButton} disabled:cursor-not-allowed`}
            >
              Ask
            </button>
          )}
        </span>
      </div>
    </form>
  );
}

function FileContextControl({
  repoId,
  hasFile,
  onPick,
}: {
  repoId: string;
  hasFile: boolean;
  onPick: (path: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div ref={wrapper} className="static">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-zinc-600 ring-1 ring-zinc-300 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="M4 1.75h5l3.25 3.25v9.25H4z M9 1.75V5h3.25" strokeLinejoin="round" />
        </svg>
        {hasFile ? "Change file" : "Add file"}
      </button>
      {open ? (
        <FileContextPicker
          repoId={repoId}
          onPick={(path) => {
            onPick(path);
            close();
          }}
          onClose={close}
        />
      ) : null}
    </div>
  );
}
