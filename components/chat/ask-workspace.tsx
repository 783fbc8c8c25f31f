"use client";

import Link from "next/link";
import { RepoBreadcrumb } from "@/components/repo/repo-breadcrumb";
import { repositoryTitle } from "@/components/repo/repo-names";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { NotFoundState, UnknownRepository } from "@/components/ui/not-found-state";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchStoredChat } from "@/lib/client/chat/chat-api";
import { useChatStore } from "@/lib/client/chat/chat-store";
import { useChatStoreHydrated } from "@/lib/client/chat/use-chat-store-hydrated";
import { useConversationAddress } from "@/lib/client/chat/use-conversation-address";
import { askHref, repoHref, sourceHref } from "@/lib/client/code/source-links";
import { getRepository } from "@/lib/client/repos/repos-api";
import { ChatPanel } from "./chat-panel";
import { ConversationList } from "./conversation-list";

/**
 * `/repos/{id}/ask` and `/repos/{id}/ask/{chat_id}`: the repository's conversations beside
 * the open one, whose address is always in the address bar to share.
 */
export function AskWorkspace({
  repoId,
  chatId = null,
}: {
  repoId: string;
  chatId?: string | null;
}) {
  const addressed = useAddressedConversation(repoId, chatId);
  useConversationAddress(repoId, chatId, addressed !== "checking" && addressed !== "unknown");
  const active = useChatStore((state) => state.activeByRepo[repoId] ?? null);
  const repository = useRemote(`repo:${repoId}`, (signal) => getRepository(repoId, signal));
  const detail = repository.data;
  const title = detail ? repositoryTitle(detail) : repoId;
  const ready = detail?.snapshots.some((snapshot) => snapshot.status === "ready") ?? false;
  if (repository.errorStatus === 404 && !repository.data) return <UnknownRepository />;
  if (addressed === "unknown") {
    return (
      <NotFoundState
        title="No such conversation"
        back={{ href: askHref(repoId), label: "Ask about this repository" }}
      >
        No conversation about this repository has this id. It may have been deleted, or the link is
        mistyped.
      </NotFoundState>
    );
  }

  return (
    <div className="mx-auto flex h-[calc(100dvh-3.5rem)] w-full max-w-6xl flex-col gap-4 px-4 pt-4 pb-4 sm:px-6 md:flex-row md:gap-6">
      <aside className="flex max-h-48 shrink-0 flex-col md:max-h-none md:w-64 md:pt-2">
        <ConversationList repoId={repoId} />
      </aside>
      <section aria-labelledby="ask-heading" className="flex min-h-0 min-w-0 flex-1 flex-col">
        <header className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <RepoBreadcrumb repoId={repoId} title={title} />
          <h1 id="ask-heading" className="text-lg font-semibold tracking-tight">
            Ask
          </h1>
          {active ? (
            <CopyButton
              label="Copy link"
              copiedLabel="Link copied"
              text={() => new URL(askHref(repoId, active), window.location.origin).toString()}
            />
          ) : null}
          {ready ? (
            <Link
              href={sourceHref(repoId, null)}
              className="ml-auto text-sm font-medium text-sky-700 hover:underline dark:text-sky-300"
            >
              Browse source
            </Link>
          ) : null}
        </header>
        {repository.error && !detail ? (
          <Alert>This repository could not be loaded: {repository.error}</Alert>
        ) : detail && !ready ? (
          <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            Ask opens once a snapshot of this repository is indexed.{" "}
            <Link href={repoHref(repoId)} className="font-medium underline underline-offset-2">
              See its progress
            </Link>
          </p>
        ) : (
          <ChatPanel repoId={repoId} repoUrl={detail?.source ?? null} repoTitle={title} />
        )}
      </section>
    </div>
  );
}

/**
 * Whether the conversation the address names exists for this repository: on the server,
 * or as a research answer this browser keeps (which the server stores only once written).
 * "none" when the address names no conversation; a server that cannot be reached does
 * not make it unknown (the conversation shows its own error).
 */
function useAddressedConversation(
  repoId: string,
  chatId: string | null,
): "none" | "checking" | "known" | "unknown" {
  const hydrated = useChatStoreHydrated();
  const keptHere = useChatStore((state) =>
    chatId ? (state.research[chatId]?.length ?? 0) > 0 : false,
  );
  const stored = useRemote(chatId ? `chat:${chatId}` : null, (signal) =>
    fetchStoredChat(chatId ?? "", signal).then((chat) => ({ chat })),
  );
  if (!chatId) return "none";
  if (!hydrated) return "checking";
  if (keptHere) return "known";
  if (stored.error) return "known";
  if (!stored.data) return "checking";
  const { chat } = stored.data;
  return chat && (chat.repo_id === null || chat.repo_id === repoId) ? "known" : "unknown";
}
