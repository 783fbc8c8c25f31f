"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { Alert, RetryButton } from "@/components/ui/alert";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { inputStyle, outlineButton } from "@/components/ui/controls";
import { useRemote } from "@/lib/client/api/use-remote";
import { shortSha } from "@/lib/client/code/source-links";
import { useNow } from "@/lib/client/ui/use-now";
import { deleteWiki, listWikis, resumeWiki } from "@/lib/client/wiki/wiki-api";
import { wikiHref } from "@/lib/client/wiki/wiki-links";
import { nativeLanguageName } from "@/lib/protocol/languages";
import type { WikiListItem } from "@/lib/protocol/wiki";
import { modelLabel, wikiStatusLabels, wikiTypeLabels } from "./wiki-labels";

/** Typing settles this long before the list is searched. */
const SEARCH_DELAY_MS = 250;

/** Every wiki, newest first, with search and delete. */
export function WikiProjects() {
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState("");
  const [version, setVersion] = useState(0);
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const now = useNow();

  useEffect(() => {
    const timer = setTimeout(() => setSearched(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const list = useRemote(`wikis:${searched}:${version}`, (signal) => listWikis(searched, signal), {
    keepPrevious: true,
  });
  const items = (list.data ?? []).filter((item) => !deleted.has(item.wiki_id));

  return (
    <div>
      <search className="mb-4 block">
        <label htmlFor="wiki-search" className="sr-only">
          Search wikis
        </label>
        <input
          id="wiki-search"
          type="search"
          data-shortcut="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Search by repository, title or language"
          className={inputStyle}
        />
      </search>
      {list.error ? (
        <Alert action={<RetryButton onClick={() => setVersion((count) => count + 1)} />}>
          Could not load the wikis: {list.error}
        </Alert>
      ) : !list.data ? (
        <div aria-busy="true" className="space-y-2">
          <p className="sr-only">Loading wikis…</p>
          <div className="h-14 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900" />
        </div>
      ) : items.length === 0 ? (
        <p
          data-testid="wikis-empty"
          className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        >
          {searched ? (
            <>No wiki matches “{searched}”.</>
          ) : (
            <>
              No wikis yet. Open a{" "}
              <Link href="/repos" className="font-medium text-sky-700 underline dark:text-sky-300">
                repository
              </Link>{" "}
              and generate one from its Wiki tab.
            </>
          )}
        </p>
      ) : (
        <ul
          aria-label="Wikis"
          aria-busy={list.loading}
          className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        >
          {items.map((item) => (
            <WikiRow
              key={item.wiki_id}
              item={item}
              now={now}
              onDeleted={() => setDeleted((set) => new Set([...set, item.wiki_id]))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function WikiRow({
  item,
  now,
  onDeleted,
}: {
  item: WikiListItem;
  now: number;
  onDeleted: () => void;
}) {
  const repository =
    item.owner && item.owner !== "local" ? `${item.owner}/${item.name}` : item.name;
  return (
    <li data-testid="wiki-row" data-wiki-id={item.wiki_id} className="px-4 py-3 sm:px-5">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <Link
              href={wikiHref(item.repo_id, { wiki: item.wiki_id })}
              className="font-medium text-zinc-900 hover:text-sky-700 hover:underline underline-offset-2 dark:text-zinc-100 dark:hover:text-sky-300"
            >
              {item.title || repository}
            </Link>
            {item.title && item.title !== repository ? (
              <span className="text-sm text-zinc-500 dark:text-zinc-400">{repository}</span>
            ) : null}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
            <code
              title={item.commit}
              className="rounded bg-zinc-100 px-1.5 py-px text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            >
              {shortSha(item.commit)}
            </code>
            <span>{nativeLanguageName(item.language)}</span>
            <span aria-hidden="true">·</span>
            <span>{wikiTypeLabels[item.wiki_type]}</span>
            <span aria-hidden="true">·</span>
            <span>{modelLabel(item)}</span>
            <span aria-hidden="true">·</span>
            <span>
              {item.page_count} {item.page_count === 1 ? "page" : "pages"}
            </span>
            <span aria-hidden="true">·</span>
            <span>
              updated{" "}
              <time dateTime={item.updated_at} title={new Date(item.updated_at).toLocaleString()}>
                {formatRelativeTime(item.updated_at, now)}
              </time>
            </span>
          </p>
        </div>
        <span className="flex shrink-0 items-center gap-2">
          {item.stopped ? <ResumeWikiButton item={item} /> : null}
          <span
            data-testid="wiki-row-status"
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${
              item.stopped ? stoppedTone : statusTone[item.status]
            }`}
          >
            {item.stopped ? "Stopped" : wikiStatusLabels[item.status]}
          </span>
        </span>
      </div>
      <ConfirmDelete
        label={`Delete the wiki ${item.title || repository}`}
        question="Delete this wiki and all its pages? The repository stays."
        confirmLabel="Delete wiki"
        keepLabel="Keep it"
        disabledReason={item.status === "generating" ? "Wait until the wiki is generated" : null}
        failureMessage="Could not delete the wiki"
        onDelete={async () => {
          await deleteWiki(item.wiki_id);
          onDeleted();
        }}
      />
    </li>
  );
}

/** Resumes a stopped generation and opens the wiki, which shows it going on. */
function ResumeWikiButton({ item }: { item: WikiListItem }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  return (
    <>
      {state === "failed" ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          Could not resume
        </span>
      ) : null}
      <button
        type="button"
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          try {
            await resumeWiki(item.wiki_id);
            router.push(wikiHref(item.repo_id, { wiki: item.wiki_id }));
          } catch {
            setState("failed");
          }
        }}
        className={outlineButton}
      >
        {state === "busy" ? "Resuming…" : "Resume"}
      </button>
    </>
  );
}

/** Stopped on purpose: neutral, not an alarm. */
const stoppedTone = "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";

const statusTone: Record<WikiListItem["status"], string> = {
  generating: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  ready: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  partial: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};
