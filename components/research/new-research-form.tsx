"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { repositoryTitle } from "@/components/repo/repo-names";
import { NoModelNotice } from "@/components/settings/configure-model-advice";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { useRemote } from "@/lib/client/api/use-remote";
import { listRepositories } from "@/lib/client/repos/repos-api";
import { startResearch } from "@/lib/client/research/research-api";
import { useModelConfigured } from "@/lib/client/settings/use-model-configured";

/** The repository select's value for "type a URL or path instead". */
const OTHER = "__other__";

/**
 * Starts a deep research: which repository (an added one, or any URL or allowed path),
 * the question, quick or detailed, and how many iterations a detailed one may take.
 */
export function NewResearchForm({ initialRepoId }: { initialRepoId?: string }) {
  const router = useRouter();
  const id = useId();
  const repos = useRemote("repos", (signal) => listRepositories(signal));
  const modelConfigured = useModelConfigured();
  const [picked, setPicked] = useState<string | null>(initialRepoId ?? null);
  const [url, setUrl] = useState("");
  const [question, setQuestion] = useState("");
  const [mode, setMode] = useState<"quick" | "detailed">("detailed");
  const [iterations, setIterations] = useState(5);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const list = repos.data ?? [];
  // Until the user picks, the first repository (or the URL field when there is none).
  const choice = picked ?? (list[0]?.repo_id || (repos.data ? OTHER : ""));
  const repoUrl =
    choice === OTHER ? url.trim() : (list.find((r) => r.repo_id === choice)?.source ?? "");
  const canStart = !busy && question.trim() !== "" && repoUrl !== "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canStart) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startResearch({
        query: question.trim(),
        repo_url: repoUrl,
        mode,
        ...(mode === "detailed" ? { iterations } : {}),
      });
      router.push(`/research/${encodeURIComponent(started.research_id)}`);
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <form
      id="new-research"
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-zinc-200 bg-white px-4 py-5 shadow-xs sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
        New deep research
      </h2>
      {modelConfigured === false ? (
        <NoModelNotice className="mt-3">
          the research will not be written up: its report lists the ranked source passages found for
          each question.
        </NoModelNotice>
      ) : null}
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Cartograph plans, searches and reads the code in several rounds, then writes a report that
        cites the lines it relies on. It keeps going if you close the tab.
      </p>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-repo`} className="block text-sm font-medium">
            Repository
          </label>
          <select
            id={`${id}-repo`}
            value={choice}
            onChange={(event) => setPicked(event.target.value)}
            disabled={!repos.data && !repos.error}
            className={`${inputStyle} mt-1`}
          >
            {!repos.data && !repos.error ? <option value="">Loading…</option> : null}
            {list.map((repo) => (
              <option key={repo.repo_id} value={repo.repo_id}>
                {repositoryTitle(repo)}
              </option>
            ))}
            <option value={OTHER}>Another repository (URL or path)…</option>
          </select>
        </div>
        {choice === OTHER ? (
          <div>
            <label htmlFor={`${id}-url`} className="block text-sm font-medium">
              Repository URL or path
            </label>
            <input
              id={`${id}-url`}
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              placeholder="https://github.com/owner/repo"
              className={`${inputStyle} mt-1`}
            />
          </div>
        ) : null}
      </div>

      <label htmlFor={`${id}-question`} className="mt-4 block text-sm font-medium">
        Question
      </label>
      <textarea
        id={`${id}-question`}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        rows={3}
        placeholder="How does an order get its price, from the cart to the invoice?"
        className={`${inputStyle} mt-1 resize-y`}
      />

      <div className="mt-4 flex flex-wrap items-end gap-x-6 gap-y-3">
        <fieldset>
          <legend className="text-sm font-medium">Depth</legend>
          <div className="mt-1 flex gap-4 text-sm">
            <label className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === "quick"}
                onChange={() => setMode("quick")}
                className="accent-sky-600"
              />
              Quick <span className="text-zinc-500">(one round)</span>
            </label>
            <label className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === "detailed"}
                onChange={() => setMode("detailed")}
                className="accent-sky-600"
              />
              Detailed
            </label>
          </div>
        </fieldset>
        {mode === "detailed" ? (
          <div>
            <label htmlFor={`${id}-iterations`} className="block text-sm font-medium">
              Iterations (at most)
            </label>
            <input
              id={`${id}-iterations`}
              type="number"
              min={1}
              max={10}
              value={iterations}
              onChange={(event) =>
                setIterations(Math.min(10, Math.max(1, Number(event.target.value) || 1)))
              }
              className={`${inputStyle} mt-1 w-24`}
            />
          </div>
        ) : null}
        <button type="submit" disabled={!canStart} className={`${primaryButton} ml-auto`}>
          {busy ? "Starting…" : "Start research"}
        </button>
      </div>
      {error || repos.error ? (
        <Alert className="mt-3">{error ?? `Could not list the repositories: ${repos.error}`}</Alert>
      ) : null}
    </form>
  );
}
