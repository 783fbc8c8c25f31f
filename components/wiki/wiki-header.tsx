"use client";

import Link from "next/link";
import { useState } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { outlineButton } from "@/components/ui/controls";
import { shortSha, sourceHref } from "@/lib/client/code/source-links";
import { useNow } from "@/lib/client/ui/use-now";
import { hasUsage, usageLine } from "@/lib/client/usage/usage-format";
import { useWikiStore } from "@/lib/client/wiki/wiki-store";
import { nativeLanguageName } from "@/lib/protocol/languages";
import type { WikiView } from "@/lib/protocol/wiki";
import { WikiExportMenu } from "./wiki-export-menu";
import { WikiGenerateForm } from "./wiki-generate-form";
import { modelLabel, wikiStatusLabel, wikiTypeLabels } from "./wiki-labels";

/** The wiki's title, what it was built from (commit, language, type, model) and its actions. */
export function WikiHeader({ wiki, running }: { wiki: WikiView; running: boolean }) {
  const now = useNow();
  const [newWikiOpen, setNewWikiOpen] = useState(false);
  const pending = useWikiStore((state) => state.pending);
  const generate = useWikiStore((state) => state.generate);
  const languageName = nativeLanguageName(wiki.language);

  return (
    <header className="mb-4">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight">{wiki.title || wiki.name}</h1>
          {wiki.description ? (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{wiki.description}</p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <RegenerateAll
            disabled={running || pending !== null}
            onConfirm={() =>
              void generate({
                repoUrl: wiki.source,
                language: wiki.language,
                wikiType: wiki.wiki_type,
                force: true,
              })
            }
          />
          <button
            type="button"
            aria-expanded={newWikiOpen}
            aria-controls="new-wiki-form"
            onClick={() => setNewWikiOpen(!newWikiOpen)}
            className={outlineButton}
          >
            Other language or type
          </button>
          <WikiExportMenu wikiId={wiki.wiki_id} />
        </div>
      </div>
      <dl
        data-testid="wiki-meta"
        className="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400"
      >
        <Meta term="Commit">
          <Link
            href={sourceHref(wiki.repo_id, null, { ref: wiki.commit })}
            title={wiki.commit}
            data-testid="wiki-commit"
            className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
          >
            {shortSha(wiki.commit)}
          </Link>
        </Meta>
        <Meta term="Language">{languageName}</Meta>
        <Meta term="Type">{wikiTypeLabels[wiki.wiki_type]}</Meta>
        <Meta term="Model">{modelLabel(wiki)}</Meta>
        <Meta term="Status">
          <span data-testid="wiki-status">{wikiStatusLabel(wiki)}</span>
        </Meta>
        <Meta term="Updated">
          <time dateTime={wiki.updated_at} title={new Date(wiki.updated_at).toLocaleString()}>
            {formatRelativeTime(wiki.updated_at, now)}
          </time>
        </Meta>
        {hasUsage(wiki.usage) ? (
          <Meta term="Usage">
            <span
              data-testid="wiki-usage"
              title={wiki.usage.estimated ? "Some tokens are estimated" : undefined}
            >
              {usageLine(wiki.usage)}
            </span>
          </Meta>
        ) : null}
      </dl>
      {newWikiOpen ? (
        <div
          id="new-wiki-form"
          className="mt-4 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Another wiki of this repository, in another language or of another type. This one stays
            as it is.
          </p>
          <WikiGenerateForm
            initialLanguage={wiki.language}
            initialType={wiki.wiki_type === "comprehensive" ? "concise" : "comprehensive"}
            submitting={pending === "generate"}
            disabled={pending !== null}
            onSubmit={({ language, wikiType }) => {
              setNewWikiOpen(false);
              void generate({ repoUrl: wiki.source, language, wikiType });
            }}
          />
        </div>
      ) : null}
    </header>
  );
}

function Meta({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline gap-1.5">
      <dt className="text-zinc-500 dark:text-zinc-500">{term}</dt>
      <dd className="text-zinc-800 dark:text-zinc-200">{children}</dd>
    </div>
  );
}

/** Everything planned and written again: asked once more in place before it starts. */
function RegenerateAll({ disabled, onConfirm }: { disabled: boolean; onConfirm: () => void }) {
  return (
    <ConfirmAction
      label="Regenerate all"
      question="Plan and write every page again?"
      keepLabel="Cancel"
      disabled={disabled}
      onConfirm={onConfirm}
    />
  );
}
