"use client";

import Link from "next/link";
import { type FormEvent, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { repoHref } from "@/lib/client/code/source-links";
import { type AddRepositoryInput, addRepository } from "@/lib/client/repos/repos-api";
import { useReposStore } from "@/lib/client/repos/repos-store";
import { IndexRunProgress } from "./index-run-progress";
import { repositoryTitle } from "./repo-names";

type Submission =
  | { state: "idle" }
  | { state: "sending" }
  | { state: "failed"; message: string }
  | { state: "added"; repoId: string; runId: string | null; title: string };

const patternFields = [
  {
    name: "excluded_dirs",
    label: "Excluded folders",
    example: "docs/\nexamples/legacy",
  },
  { name: "excluded_files", label: "Excluded files", example: "*.test.ts\nCHANGELOG.md" },
  { name: "included_dirs", label: "Only these folders", example: "src/\npackages/core" },
  { name: "included_files", label: "Only these files", example: "*.py\n*.ts" },
] as const;

type PatternName = (typeof patternFields)[number]["name"];

const labelStyle = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";
const hintStyle = "mt-1 text-xs text-zinc-500 dark:text-zinc-400";

/**
 * Adds a repository and follows its index run. Fields are read from the form on submit,
 * so the access token never enters React state; its field is emptied as soon as it is sent.
 */
export function AddRepositoryForm() {
  const [submission, setSubmission] = useState<Submission>({ state: "idle" });
  const tokenRef = useRef<HTMLInputElement>(null);
  const loadRepositories = useReposStore((state) => state.load);
  const id = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: AddRepositoryInput = { repo_url: String(form.get("repo_url") ?? "").trim() };
    const ref = String(form.get("ref") ?? "").trim();
    if (ref) input.ref = ref;
    const token = tokenRef.current?.value ?? "";
    if (tokenRef.current) tokenRef.current.value = "";
    if (token) input.token = token;
    const visibility = String(form.get("visibility") ?? "");
    if (visibility === "private" || visibility === "shared") input.visibility = visibility;
    for (const field of patternFields) {
      const value = String(form.get(field.name) ?? "").trim();
      if (value) input[field.name as PatternName] = value;
    }

    setSubmission({ state: "sending" });
    try {
      const added = await addRepository(input);
      await loadRepositories();
      const listed = useReposStore.getState().items.find((item) => item.repo_id === added.repo_id);
      setSubmission({
        state: "added",
        repoId: added.repo_id,
        runId: added.research_id,
        title: listed ? repositoryTitle(listed) : added.repo_id,
      });
    } catch (error) {
      setSubmission({
        state: "failed",
        message: (error as Error).message || "The repository could not be added",
      });
    }
  }

  const sending = submission.state === "sending";
  return (
    <div>
      <form onSubmit={onSubmit} aria-labelledby={`${id}-heading`} className="space-y-4">
        <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight">
          Add repository
        </h2>
        <div>
          <label htmlFor={`${id}-url`} className={labelStyle}>
            Repository URL or local path
          </label>
          <input
            id={`${id}-url`}
            name="repo_url"
            required
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder="https://github.com/owner/repo or /srv/code/project"
            aria-describedby={`${id}-url-hint`}
            className={`mt-1 font-mono ${inputStyle}`}
          />
          <p id={`${id}-url-hint`} className={hintStyle}>
            Any https git URL, GitHub&apos;s owner/repo, or a folder under an allowed local root.
          </p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-ref`} className={labelStyle}>
              Branch, tag or commit <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <input
              id={`${id}-ref`}
              name="ref"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="default branch"
              className={`mt-1 font-mono ${inputStyle}`}
            />
          </div>
          <div>
            <label htmlFor={`${id}-token`} className={labelStyle}>
              Access token <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            {/* Uncontrolled on purpose: the token is read once on submit and never kept. */}
            <input
              ref={tokenRef}
              id={`${id}-token`}
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${id}-token-hint`}
              className={`mt-1 ${inputStyle}`}
            />
            <p id={`${id}-token-hint`} className={hintStyle}>
              For private repositories. Used for this fetch only, never stored in plain text.
            </p>
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-visibility`} className={labelStyle}>
            Who sees it
          </label>
          <select
            id={`${id}-visibility`}
            name="visibility"
            defaultValue=""
            aria-describedby={`${id}-visibility-hint`}
            className={`mt-1 ${inputStyle}`}
          >
            <option value="">Private with an access token, else shared</option>
            <option value="private">Private: only me</option>
            <option value="shared">Shared: everyone on this server</option>
          </select>
          <p id={`${id}-visibility-hint`} className={hintStyle}>
            Its wikis, index and source follow it; you can change this later in the list.
          </p>
        </div>
        <details className="group rounded-lg border border-zinc-200 dark:border-zinc-800">
          <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-900">
            Advanced: include and exclude patterns
          </summary>
          <div className="border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
            <p id={`${id}-patterns-hint`} className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
              One pattern per line. Folders match by name anywhere (<code>docs</code>) or from the
              root (<code>./docs/</code>); files take globs (<code>*.min.js</code>). When any
              &ldquo;only&rdquo; field is set, nothing else is indexed. Dependencies, build output,
              lockfiles and binaries are always left out.
            </p>
            <div className="grid gap-4 sm:grid-cols-2">
              {patternFields.map((field) => (
                <div key={field.name}>
                  <label htmlFor={`${id}-${field.name}`} className={labelStyle}>
                    {field.label}
                  </label>
                  <textarea
                    id={`${id}-${field.name}`}
                    name={field.name}
                    rows={3}
                    spellCheck={false}
                    placeholder={field.example}
                    aria-describedby={`${id}-patterns-hint`}
                    className={`mt-1 font-mono ${inputStyle}`}
                  />
                </div>
              ))}
            </div>
          </div>
        </details>
        <div className="flex items-center gap-3">
          <button type="submit" disabled={sending} className={primaryButton}>
            {sending ? "Adding…" : "Add repository"}
          </button>
          {sending ? (
            <span className="text-sm text-zinc-500 dark:text-zinc-400">
              Resolving the commit to index…
            </span>
          ) : null}
        </div>
        {submission.state === "failed" ? (
          <Alert data-testid="add-repository-error">{submission.message}</Alert>
        ) : null}
      </form>
      {submission.state === "added" && submission.runId ? (
        <IndexRunProgress
          key={submission.runId}
          runId={submission.runId}
          title={submission.title}
          repoHref={repoHref(submission.repoId)}
          onFinished={loadRepositories}
        />
      ) : null}
      {submission.state === "added" && !submission.runId ? (
        <p
          role="status"
          className="mt-6 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/30 dark:text-emerald-200"
        >
          {submission.title} is already indexed at this commit.{" "}
          <Link
            href={repoHref(submission.repoId)}
            className="font-medium underline underline-offset-2 hover:no-underline"
          >
            Open {submission.title}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
