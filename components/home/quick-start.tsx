"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { repositoryTitle } from "@/components/repo/repo-names";
import { NoModelNotice } from "@/components/settings/configure-model-advice";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { wikiTypeLabels } from "@/components/wiki/wiki-labels";
import { useRemote } from "@/lib/client/api/use-remote";
import { ANSWER_LANGUAGES, DEFAULT_LANGUAGE } from "@/lib/client/chat/chat-languages";
import { repoHref } from "@/lib/client/code/source-links";
import { listRepositories } from "@/lib/client/repos/repos-api";
import { useModelConfigured } from "@/lib/client/settings/use-model-configured";
import { getWiki, startWiki } from "@/lib/client/wiki/wiki-api";
import type { WikiTypeName } from "@/lib/protocol/wiki";

/**
 * Home's one box: a git URL, `owner/repo` or an allowed local folder, and Enter. The server
 * adds (or finds) the repository, indexes it and generates the wiki in one run; the page
 * then lands on that wiki, which shows the progress live.
 */
export function QuickStart() {
  const router = useRouter();
  const id = useId();
  const modelConfigured = useModelConfigured();
  const [language, setLanguage] = useState<string>(DEFAULT_LANGUAGE);
  const [wikiType, setWikiType] = useState<WikiTypeName>("comprehensive");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const repoUrl = String(new FormData(event.currentTarget).get("repo_url") ?? "").trim();
    if (!repoUrl || busy) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startWiki({ repo_url: repoUrl, language, wiki_type: wikiType });
      const wiki = await getWiki(started.wiki_id);
      router.push(`${repoHref(wiki.repo_id)}/wiki?wiki=${encodeURIComponent(started.wiki_id)}`);
    } catch (failure) {
      setError((failure as Error).message || "The repository could not be added");
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Build a wiki"
      className="rounded-xl border border-zinc-200 p-4 shadow-xs sm:p-5 dark:border-zinc-800"
    >
      <label htmlFor={`${id}-repo`} className="block text-sm font-medium">
        Repository
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          id={`${id}-repo`}
          name="repo_url"
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="https://github.com/owner/repo, owner/repo, or an allowed local folder"
          className={inputStyle}
        />
        <button type="submit" disabled={busy} aria-busy={busy} className={primaryButton}>
          {busy ? "Starting…" : "Build the wiki"}
        </button>
      </div>
      <div className="mt-3 flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-2">
          Language
          <select
            value={language}
            onChange={(event) => setLanguage(event.target.value)}
            className={`${inputStyle} w-40 py-1`}
          >
            {ANSWER_LANGUAGES.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          Wiki type
          <select
            value={wikiType}
            onChange={(event) => setWikiType(event.target.value as WikiTypeName)}
            className={`${inputStyle} w-44 py-1`}
          >
            {(["comprehensive", "concise"] as const).map((type) => (
              <option key={type} value={type}>
                {wikiTypeLabels[type]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        Indexing and writing go on if you leave; the wiki page shows the progress.
      </p>
      {modelConfigured === false ? (
        <NoModelNotice className="mt-3">
          the wiki will be structural: built from the code alone.
        </NoModelNotice>
      ) : null}
      {error ? <Alert className="mt-3">{error}</Alert> : null}
    </form>
  );
}

/** The repositories added so far, each to its wiki. */
export function RecentRepositories() {
  const repos = useRemote("repos", (signal) => listRepositories(signal));
  const items = repos.data?.slice(0, 6) ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="recent-repos-heading" className="mb-10">
      <h2 id="recent-repos-heading" className="mb-3 text-lg font-semibold tracking-tight">
        Recent repositories
      </h2>
      <ul aria-labelledby="recent-repos-heading" className="grid gap-2 sm:grid-cols-2">
        {items.map((item) => (
          <li key={item.repo_id}>
            <Link
              href={`${repoHref(item.repo_id)}/wiki`}
              className="block truncate rounded-lg px-3 py-2 text-sm font-medium text-sky-700 ring-1 ring-zinc-200 hover:bg-zinc-50 dark:text-sky-300 dark:ring-zinc-800 dark:hover:bg-zinc-900"
            >
              {repositoryTitle(item)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
