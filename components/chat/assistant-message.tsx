"use client";

import Link from "next/link";
import { memo, useMemo } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { ReconnectingBanner } from "@/components/ui/reconnecting-banner";
import {
  answerAsMarkdown,
  type ConversationMessage,
  indexingLabel,
  markdownFileName,
  stageLabel,
} from "@/lib/client/chat/chat-messages";
import { shortSha } from "@/lib/client/code/source-links";
import { UsageSummary } from "../usage/usage-summary";
import { DownloadAnswerButton } from "./download-answer-button";
import { MarkdownAnswer } from "./markdown-answer";
import { SourceCards } from "./source-cards";

interface AssistantMessageProps {
  message: ConversationMessage;
  repoId: string;
  repoTitle: string;
  /** The question it answers, for the downloaded file. */
  question: string | null;
}

/** One answer: its research stage, the streamed Markdown, how it ended, its actions and sources. */
export const AssistantMessage = memo(function AssistantMessage({
  message,
  repoId,
  repoTitle,
  question,
}: AssistantMessageProps) {
  const streaming = message.status === "streaming";
  const scope = useMemo(
    () => ({
      repoId,
      commit: message.commit,
      citations: message.citations,
      sources: message.sources,
    }),
    [repoId, message.commit, message.citations, message.sources],
  );
  const hasText = message.content.trim() !== "";

  return (
    <article
      aria-label={message.stage ? stageLabel(message.stage) : "Answer"}
      aria-busy={streaming}
      data-testid="answer"
      data-status={message.status}
      className="min-w-0"
    >
      {message.stage ? (
        <p
          data-testid="research-stage"
          className={`mb-2 inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${
            message.stage.stage === "conclusion"
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-400/15 dark:text-emerald-300"
              : "bg-violet-100 text-violet-800 dark:bg-violet-400/15 dark:text-violet-300"
          }`}
        >
          {stageLabel(message.stage)}
        </p>
      ) : null}

      {message.research ? <ResearchRunLink runId={message.research.run_id} /> : null}
      {streaming && message.research ? (
        <ReconnectingBanner transport={message.research.transport ?? null} />
      ) : null}

      {hasText ? (
        <MarkdownAnswer content={message.content} complete={!streaming} scope={scope} />
      ) : streaming ? (
        <p className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
          <span className="size-2 animate-pulse rounded-full bg-sky-500 motion-reduce:animate-none" />
          {message.research
            ? "Researching: planning, searching and reading before the report is written…"
            : message.sources
              ? "Writing the answer…"
              : message.indexing
                ? indexingLabel(message.indexing)
                : "Reading the repository…"}
        </p>
      ) : null}

      {message.status === "stopped" ? (
        <p
          data-testid="answer-stopped"
          className="mt-2 text-xs font-medium text-amber-700 dark:text-amber-400"
        >
          Stopped{hasText ? "; the answer above is incomplete." : "."}
        </p>
      ) : null}
      {message.status === "failed" ? (
        <Alert className="mt-2">{message.error ?? "The answer failed."}</Alert>
      ) : null}

      {!streaming && hasText ? (
        <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
          <CopyButton text={message.content} label="Copy answer" />
          <DownloadAnswerButton
            fileName={markdownFileName(question ?? "answer")}
            markdown={answerAsMarkdown({
              question,
              repository: repoTitle,
              commit: message.commit,
              answer: message.content,
            })}
          />
          <AnswerOrigin message={message} />
        </div>
      ) : null}
      {message.sources && !streaming ? (
        <SourceCards
          testId="answer-sources"
          heading="Sources"
          sources={message.sources}
          content={message.content}
          citations={message.citations}
          repoId={repoId}
          commit={message.commit}
        />
      ) : null}
    </article>
  );
});

/** The research run that writes this answer, and a way to watch it in full. */
function ResearchRunLink({ runId }: { runId: string }) {
  return (
    <p className="mb-2 flex flex-wrap items-center gap-2 text-xs">
      <span className="rounded-full bg-violet-100 px-2.5 py-0.5 font-semibold text-violet-800 dark:bg-violet-400/15 dark:text-violet-300">
        Deep research
      </span>
      <Link
        href={`/research/${encodeURIComponent(runId)}`}
        data-testid="research-link"
        className="font-medium text-sky-700 hover:underline dark:text-sky-300"
      >
        Open the research page <span aria-hidden="true">→</span>
      </Link>
    </p>
  );
}

/** Which model wrote it, at which commit, and (discreetly) when the HTTP fallback carried it. */
function AnswerOrigin({ message }: { message: ConversationMessage }) {
  const model = message.provider === "none" ? "no model" : message.model ? message.model : null;
  return (
    <span className="ml-auto flex items-center gap-2">
      <UsageSummary usage={message.usage} label="Tokens" />
      {model ? <span>{model}</span> : null}
      {message.commit ? (
        <code title={message.commit} className="text-[11px]">
          {shortSha(message.commit)}
        </code>
      ) : null}
      {message.transport === "http" ? <TransportHint /> : null}
    </span>
  );
}

export function TransportHint() {
  return (
    <span
      data-testid="transport-hint"
      title="The chat socket could not be used, so this answer came over the HTTP fallback."
      className="rounded border border-zinc-200 px-1 text-[11px] text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
    >
      using HTTP
    </span>
  );
}
