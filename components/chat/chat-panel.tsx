"use client";

import { useEffect, useState } from "react";
import { ordinal } from "@/components/runs/run-format";
import type { ResearchProgress } from "@/lib/client/chat/chat-messages";
import type { PageContext } from "@/lib/client/chat/chat-state";
import { useChatStore } from "@/lib/client/chat/chat-store";
import { useOpenConversation } from "@/lib/client/chat/use-conversations";
import { phaseLabel, stepsLabel } from "@/lib/client/runs/run-labels";
import { TransportHint } from "./assistant-message";
import { Composer } from "./composer";
import { MessageList } from "./message-list";

interface ChatPanelProps {
  repoId: string;
  /** The repository's `source`, sent as `repo_url`; null while it loads. */
  repoUrl: string | null;
  repoTitle: string;
  /** A file to offer as context (the one open in the viewer); the user may remove it. */
  defaultFilePath?: string | null;
  /** The wiki page on screen, offered as context (its title and files); the user may remove it. */
  page?: PageContext | null;
  compact?: boolean;
}

/** The open conversation of a repository: its messages, what is running, and the question box. */
export function ChatPanel({
  repoId,
  repoUrl,
  repoTitle,
  defaultFilePath = null,
  page = null,
  compact = false,
}: ChatPanelProps) {
  const { chatId, messages, loading, error, run, hydrated } = useOpenConversation(repoId);
  const language = useChatStore((state) => state.language);
  const setLanguage = useChatStore((state) => state.setLanguage);
  const ask = useChatStore((state) => state.ask);
  const stop = useChatStore((state) => state.stop);
  const [filePath, setFilePath] = useState<string | null>(defaultFilePath);

  // A file opened in the viewer becomes the offered context.
  useEffect(() => setFilePath(defaultFilePath), [defaultFilePath]);
  // So does the wiki page on screen (a removed page comes back when another one opens).
  const [pageContext, setPageContext] = useState<PageContext | null>(page);
  const pageKey = page ? `${page.title}\u0000${page.filePaths.join("\u0000")}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: the page is compared by its content.
  useEffect(() => setPageContext(page), [pageKey]);

  const research = messages.at(-1)?.research;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MessageList
        key={chatId ?? "new"}
        messages={messages}
        repoId={repoId}
        repoTitle={repoTitle}
        empty={
          error ? (
            <p role="alert" className="py-8 text-center text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : loading ? (
            <p role="status" className="py-8 text-center text-sm text-zinc-500">
              Loading the conversation…
            </p>
          ) : (
            <EmptyConversation repoTitle={repoTitle} loading={!hydrated} compact={compact} />
          )
        }
      />
      <div className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
        {run ? (
          <p
            role="status"
            data-testid="run-status"
            className="mb-2 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
          >
            <span className="size-1.5 animate-pulse rounded-full bg-sky-500 motion-reduce:animate-none" />
            {run.deepResearch ? (
              <span data-testid="research-progress">
                Deep research · {researchProgressText(research)}
              </span>
            ) : (
              <span>Answering…</span>
            )}
            {run.transport === "http" ? <TransportHint /> : null}
          </p>
        ) : null}
        <Composer
          repoId={repoId}
          ready={hydrated && repoUrl !== null && !loading}
          running={run !== null}
          language={language}
          onLanguageChange={setLanguage}
          filePath={filePath}
          onFilePathChange={setFilePath}
          page={pageContext}
          onPageRemove={() => setPageContext(null)}
          compact={compact}
          onAsk={({ question, deepResearch }) => {
            if (!repoUrl) return;
            ask({
              repoId,
              repoUrl,
              chatId,
              question,
              filePath,
              page: pageContext,
              language,
              deepResearch,
            });
          }}
          onStop={() => {
            if (chatId) stop(chatId);
          }}
        />
      </div>
    </div>
  );
}

/** "Retrieving and reading · iteration 2 of 5 · 34%", "queued, 1st in line", "starting". */
function researchProgressText(research: ResearchProgress | undefined): string {
  if (!research) return "starting";
  if (research.status === "queued") {
    return research.queue_position
      ? `queued, ${ordinal(research.queue_position)} in line`
      : "queued";
  }
  const steps = stepsLabel(research.phase, research.steps, "research");
  return [phaseLabel(research.phase) || "starting", steps, `${Math.floor(research.progress)}%`]
    .filter(Boolean)
    .join(" · ");
}

function EmptyConversation({
  repoTitle,
  loading,
  compact,
}: {
  repoTitle: string;
  loading: boolean;
  compact: boolean;
}) {
  if (loading) return <p className="sr-only">Loading conversations…</p>;
  return (
    <div className={`mx-auto max-w-md text-center ${compact ? "py-8" : "py-16"}`}>
      <h2 className="font-medium text-zinc-900 dark:text-zinc-100">Ask about {repoTitle}</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Answers are grounded in the indexed code and cite the lines they rely on; each citation
        opens the source viewer at that commit. Turn on deep research for questions that need
        several rounds of reading: it runs on the server and has its own page.
      </p>
    </div>
  );
}
