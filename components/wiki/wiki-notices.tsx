"use client";

import { useCallback, useState } from "react";
import { IndexRunProgress } from "@/components/repo/index-run-progress";
import { ConfigureModelAdvice } from "@/components/settings/configure-model-advice";
import { Alert, Notice } from "@/components/ui/alert";
import { outlineButton } from "@/components/ui/controls";
import { repoHref, shortSha } from "@/lib/client/code/source-links";
import { refreshRepository } from "@/lib/client/wiki/wiki-api";
import { useWikiStore } from "@/lib/client/wiki/wiki-store";
import type { WikiView } from "@/lib/protocol/wiki";
import { isStopped, unwrittenLabel } from "./wiki-labels";

/** What the reader should know about this wiki: how it was built, what failed, what is out of date. */
export function WikiNotices({ wiki, running }: { wiki: WikiView; running: boolean }) {
  const actionError = useWikiStore((state) => state.actionError);
  const failedPages = wiki.pages.filter((page) => page.status === "failed").length;
  const unwritten = wiki.pages.filter((page) => page.status !== "done").length;
  return (
    <>
      {wiki.structural ? (
        <Notice data-testid="wiki-structural" className="mb-4">
          <strong>Structural wiki.</strong> No model was configured when it was built, so it comes
          from the code alone: an overview from the README and manifests, a page per module with its
          files, main symbols and dependency diagram, and the entry points. <ConfigureModelAdvice />{" "}
          Then choose Regenerate all for written pages.
        </Notice>
      ) : null}
      {actionError ? <Alert className="mb-4">{actionError}</Alert> : null}
      {!running && wiki.status === "failed" && !isStopped(wiki) ? (
        <Alert title="The wiki could not be generated" className="mb-4">
          {wiki.error ? <p>{wiki.error}</p> : null}
          <p className={wiki.error ? "mt-1" : undefined}>
            {unwritten > 0 ? "Resume to write its pages, or regenerate all" : "Regenerate all"} to
            try again.
          </p>
          {unwritten > 0 ? <ResumeButton unwritten={unwritten} /> : null}
        </Alert>
      ) : null}
      {!running && (wiki.status === "partial" || isStopped(wiki)) && unwritten > 0 ? (
        <Notice data-testid="wiki-unwritten" className="mb-4">
          <p>
            {unwrittenLabel(unwritten, failedPages, isStopped(wiki))} Resume to write{" "}
            {unwritten === 1 ? "it" : "them"}, or open a page and regenerate it on its own.
          </p>
          <ResumeButton unwritten={unwritten} />
        </Notice>
      ) : null}
      {running ? null : <Freshness wiki={wiki} />}
    </>
  );
}

/** Writes the pages a stopped or partly failed generation left, keeping those written. */
function ResumeButton({ unwritten }: { unwritten: number }) {
  const pending = useWikiStore((state) => state.pending);
  const resume = useWikiStore((state) => state.resume);
  return (
    <button
      type="button"
      onClick={() => void resume()}
      disabled={pending !== null}
      className={`${outlineButton} mt-2`}
    >
      {pending === "resume"
        ? "Resuming…"
        : `Resume: write ${unwritten === 1 ? "the missing page" : `the ${unwritten} missing pages`}`}
    </button>
  );
}

/**
 * A newer indexed commit marks the pages whose files changed; Update writes a wiki for that
 * commit, rewriting only those. Check for updates asks the remote for a newer commit first.
 */
function Freshness({ wiki }: { wiki: WikiView }) {
  const pending = useWikiStore((state) => state.pending);
  const update = useWikiStore((state) => state.update);
  const reload = useWikiStore((state) => state.reload);
  const [checking, setChecking] = useState<
    { step: "asking" } | { step: "indexing"; runId: string } | { step: "done" } | null
  >(null);
  const [error, setError] = useState<string | null>(null);

  const finished = useCallback(() => {
    void reload().then(() => setChecking({ step: "done" }));
  }, [reload]);

  async function check() {
    setChecking({ step: "asking" });
    setError(null);
    try {
      const runId = await refreshRepository(wiki.source);
      if (runId) setChecking({ step: "indexing", runId });
      else finished();
    } catch (failure) {
      setChecking(null);
      setError((failure as Error).message || "Could not check for updates");
    }
  }

  if (wiki.latest_commit) {
    const stale = wiki.stale_pages.length;
    return (
      <Notice data-testid="wiki-stale" className="mb-4 flex flex-wrap items-center gap-3">
        <p className="min-w-0 flex-1">
          Commit{" "}
          <code title={wiki.latest_commit} className="font-mono text-xs">
            {shortSha(wiki.latest_commit)}
          </code>{" "}
          is newer than this wiki&apos;s.{" "}
          {stale === 0
            ? "None of its pages' files changed."
            : `${stale === 1 ? "One page cites" : `${stale} pages cite`} files that changed (marked in the tree).`}
        </p>
        <button
          type="button"
          disabled={pending !== null}
          onClick={() => void update()}
          className={outlineButton}
        >
          {pending === "update"
            ? "Starting…"
            : stale === 0
              ? "Move to the new commit"
              : "Update the wiki"}
        </button>
      </Notice>
    );
  }

  return (
    <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">
        Written from commit{" "}
        <code title={wiki.commit} className="font-mono text-xs">
          {shortSha(wiki.commit)}
        </code>
        , the newest indexed.
      </span>
      <button
        type="button"
        disabled={checking?.step === "asking" || checking?.step === "indexing"}
        onClick={() => void check()}
        className={outlineButton}
      >
        {checking?.step === "asking" ? "Checking…" : "Check for updates"}
      </button>
      {checking?.step === "done" ? (
        <span role="status" className="text-zinc-600 dark:text-zinc-400">
          No newer commit: the wiki is up to date.
        </span>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </span>
      ) : null}
      {checking?.step === "indexing" ? (
        <div className="w-full">
          <IndexRunProgress
            runId={checking.runId}
            title={`${wiki.owner}/${wiki.name}`}
            repoHref={repoHref(wiki.repo_id)}
            onFinished={finished}
          />
        </div>
      ) : null}
    </div>
  );
}
