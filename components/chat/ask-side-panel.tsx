"use client";

import Link from "next/link";
import type { PageContext } from "@/lib/client/chat/chat-state";
import { useChatStore } from "@/lib/client/chat/chat-store";
import { useChatStoreHydrated } from "@/lib/client/chat/use-chat-store-hydrated";
import { useConversationRows } from "@/lib/client/chat/use-conversations";
import { askHref } from "@/lib/client/code/source-links";
import { ChatPanel } from "./chat-panel";

/** Opens and closes the Ask panel beside the source viewer; the choice is remembered. */
export function AskPanelToggle() {
  const hydrated = useChatStoreHydrated();
  const open = useChatStore((state) => state.askPanelOpen);
  const setOpen = useChatStore((state) => state.setAskPanelOpen);
  return (
    <button
      type="button"
      aria-expanded={hydrated ? open : false}
      aria-controls="ask-panel"
      onClick={() => setOpen(!open)}
      className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        className="size-4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      >
        <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
      </svg>
      Ask
    </button>
  );
}

/**
 * Ask docked beside the source viewer or a wiki page: the repository's open conversation,
 * with what is on screen offered as context (the open file; the page's title and files).
 * Beside the content on wide screens, a bottom sheet on narrow ones; "Expand" opens the
 * same conversation on the full Ask page.
 */
export function AskSidePanel({
  repoId,
  repoUrl,
  repoTitle,
  currentPath,
  page = null,
}: {
  repoId: string;
  repoUrl: string | null;
  repoTitle: string;
  currentPath: string | null;
  page?: PageContext | null;
}) {
  const hydrated = useChatStoreHydrated();
  const open = useChatStore((state) => state.askPanelOpen);
  const setOpen = useChatStore((state) => state.setAskPanelOpen);
  const activeChatId = useChatStore((state) => state.activeByRepo[repoId] ?? null);
  if (!hydrated || !open) return null;
  return (
    <aside
      id="ask-panel"
      aria-labelledby="ask-panel-heading"
      className="fixed inset-x-0 bottom-0 z-40 flex h-[75vh] flex-col rounded-t-2xl border border-zinc-200 bg-white p-3 shadow-2xl lg:sticky lg:inset-auto lg:top-20 lg:z-auto lg:h-[calc(100vh-8rem)] lg:w-[26rem] lg:shrink-0 lg:rounded-xl lg:bg-transparent lg:shadow-none dark:border-zinc-800 dark:bg-zinc-950 lg:dark:bg-transparent"
    >
      <header className="mb-1 flex items-center gap-2">
        <h2 id="ask-panel-heading" className="font-semibold">
          Ask
        </h2>
        <ConversationSwitcher repoId={repoId} />
        <Link
          href={askHref(repoId, activeChatId)}
          title="Open this conversation on the full Ask page"
          className="ml-auto text-xs font-medium text-sky-700 hover:underline dark:text-sky-300"
        >
          Expand
        </Link>
        <button
          type="button"
          aria-label="Close the Ask panel"
          onClick={() => setOpen(false)}
          className="inline-flex size-7 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 16 16"
            className="size-3.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          >
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </header>
      <ChatPanel
        repoId={repoId}
        repoUrl={repoUrl}
        repoTitle={repoTitle}
        defaultFilePath={currentPath}
        page={page}
        compact
      />
    </aside>
  );
}

/** A compact choice among the repository's conversations, or a new one. */
function ConversationSwitcher({ repoId }: { repoId: string }) {
  const conversations = useConversationRows(repoId) ?? [];
  const activeId = useChatStore((state) => state.activeByRepo[repoId] ?? "");
  const select = useChatStore((state) => state.select);
  return (
    <select
      aria-label="Conversation"
      value={activeId}
      onChange={(event) => select(repoId, event.target.value || null)}
      className="min-w-0 max-w-48 truncate rounded-md border border-zinc-300 bg-white py-0.5 pr-7 pl-2 text-xs dark:border-zinc-700 dark:bg-zinc-900"
    >
      <option value="">New conversation</option>
      {conversations.map((conversation) => (
        <option key={conversation.chatId} value={conversation.chatId}>
          {conversation.title}
        </option>
      ))}
    </select>
  );
}
