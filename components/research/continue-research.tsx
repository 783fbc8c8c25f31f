"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchResearchThread, startResearch } from "@/lib/client/research/research-api";
import type { ResearchMetadata } from "@/lib/protocol/research";

/** A follow-up question that starts from this research's findings; opens the new run. */
export function ContinueResearchForm({
  runId,
  metadata,
}: {
  runId: string;
  metadata: ResearchMetadata;
}) {
  const router = useRouter();
  const id = useId();
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const query = question.trim();
    if (!query || busy) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startResearch({
        query,
        parent_id: runId,
        repo_url: metadata.repo_url,
        ...(metadata.ref ? { ref: metadata.ref } : {}),
        mode: metadata.mode,
        iterations: metadata.iterations_requested,
        language: metadata.language,
      });
      router.push(`/research/${encodeURIComponent(started.research_id)}`);
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-zinc-200 px-4 py-4 sm:px-5 dark:border-zinc-800"
    >
      <h2 id={`${id}-title`} className="text-sm font-semibold">
        Continue this research
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        A follow-up starts from what this run found and read, and only looks for what is new.
      </p>
      <label htmlFor={`${id}-question`} className="sr-only">
        Follow-up question
      </label>
      <textarea
        id={`${id}-question`}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        rows={2}
        placeholder="What should the next round find out?"
        className={`${inputStyle} mt-3 resize-y`}
      />
      {error ? <Alert className="mt-2">{error}</Alert> : null}
      <div className="mt-3 flex justify-end">
        <button type="submit" disabled={busy || !question.trim()} className={primaryButton}>
          {busy ? "Starting…" : "Continue research"}
        </button>
      </div>
    </form>
  );
}

/** The researches of this thread, first to last; each is a link but the current one. */
export function ResearchThread({ runId, version }: { runId: string; version: string }) {
  const thread = useRemote(
    `thread:${runId}:${version}`,
    (signal) => fetchResearchThread(runId, signal),
    { keepPrevious: true },
  );
  const items = thread.data?.items ?? [];
  if (items.length < 2) return null;
  return (
    <nav aria-label="Research thread" data-testid="research-thread" className="text-sm">
      <h2 className="mb-2 font-semibold">
        Thread <span className="font-normal text-zinc-500">({items.length} researches)</span>
      </h2>
      <ol className="space-y-1 border-l-2 border-violet-300 pl-4 dark:border-violet-500/50">
        {items.map((item) => (
          <li key={item.id} className="truncate">
            {item.id === runId ? (
              <span aria-current="page" className="font-medium">
                {item.query} <span className="font-normal text-zinc-500">(this run)</span>
              </span>
            ) : (
              <Link
                href={`/research/${encodeURIComponent(item.id)}`}
                className="text-sky-700 hover:underline dark:text-sky-300"
              >
                {item.query}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
