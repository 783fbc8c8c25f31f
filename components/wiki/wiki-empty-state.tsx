"use client";

import { Alert } from "@/components/ui/alert";
import { useWikiStore } from "@/lib/client/wiki/wiki-store";
import type { WikiTypeName } from "@/lib/protocol/wiki";
import { WikiGenerateForm } from "./wiki-generate-form";

/** A repository without a wiki (in the language and type asked for): what it would be, and Generate. */
export function WikiEmptyState({
  title,
  repoUrl,
  initialLanguage,
  initialType,
}: {
  title: string;
  repoUrl: string | null;
  initialLanguage: string | null;
  initialType: WikiTypeName | null;
}) {
  const pending = useWikiStore((state) => state.pending);
  const actionError = useWikiStore((state) => state.actionError);
  const generate = useWikiStore((state) => state.generate);
  return (
    <section
      aria-labelledby="wiki-empty-heading"
      data-testid="wiki-empty"
      className="rounded-xl border border-dashed border-zinc-300 px-6 py-8 dark:border-zinc-700"
    >
      <h1 id="wiki-empty-heading" className="text-xl font-semibold tracking-tight">
        No wiki for {title} yet
      </h1>
      <p className="mt-2 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
        {initialLanguage || initialType
          ? "There is no wiki in this language and of this type. "
          : ""}
        A wiki is planned from the repository&apos;s structure, then written page by page from its
        source, with diagrams and citations that link into the code. You can watch the pages fill
        in, or leave and come back: it is written on the server.
      </p>
      <div className="mt-5">
        <WikiGenerateForm
          initialLanguage={initialLanguage}
          initialType={initialType}
          submitting={pending === "generate"}
          disabled={!repoUrl}
          onSubmit={({ language, wikiType }) => {
            if (repoUrl) void generate({ repoUrl, language, wikiType });
          }}
        />
      </div>
      {actionError ? <Alert className="mt-4">{actionError}</Alert> : null}
    </section>
  );
}
