"use client";

import { formatRelativeTime } from "@/components/runs/run-format";
import { useChatStore } from "@/lib/client/chat/chat-store";
import { useConversationRows } from "@/lib/client/chat/use-conversations";
import { useNow } from "@/lib/client/ui/use-now";

/** A repository's conversations (kept by the server), newest first: open, start, delete. */
export function ConversationList({ repoId }: { repoId: string }) {
  const conversations = useConversationRows(repoId);
  const activeId = useChatStore((state) => state.activeByRepo[repoId] ?? null);
  const runs = useChatStore((state) => state.runs);
  const select = useChatStore((state) => state.select);
  const remove = useChatStore((state) => state.remove);
  const now = useNow();

  return (
    <nav aria-label="Conversations" className="flex min-h-0 flex-col">
      <button
        type="button"
        onClick={() => select(repoId, null)}
        aria-pressed={activeId === null}
        className="mb-3 inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M8 3v10M3 8h10" />
        </svg>
        New conversation
      </button>
      {conversations === null ? null : conversations.length === 0 ? (
        <p className="px-1 text-sm text-zinc-500 dark:text-zinc-400">
          No conversations yet. They are saved, to come back to from any browser.
        </p>
      ) : (
        <ul aria-label="Past conversations" className="min-h-0 flex-1 space-y-0.5 overflow-y-auto">
          {conversations.map((conversation) => {
            const active = conversation.chatId === activeId;
            return (
              <li
                key={conversation.chatId}
                data-testid="conversation-row"
                className={`group flex items-center rounded-md ${
                  active
                    ? "bg-zinc-100 dark:bg-zinc-800"
                    : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
                }`}
              >
                <button
                  type="button"
                  aria-current={active ? "true" : undefined}
                  onClick={() => select(repoId, conversation.chatId)}
                  className="min-w-0 flex-1 px-2.5 py-1.5 text-left"
                >
                  <span className="block truncate text-sm font-medium text-zinc-800 dark:text-zinc-200">
                    {conversation.title}
                  </span>
                  <span className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
                    {runs[conversation.chatId] ? (
                      <span className="text-sky-700 dark:text-sky-300">answering…</span>
                    ) : (
                      <time dateTime={new Date(conversation.updatedAt).toISOString()}>
                        {formatRelativeTime(new Date(conversation.updatedAt).toISOString(), now)}
                      </time>
                    )}
                  </span>
                </button>
                <button
                  type="button"
                  aria-label={`Delete conversation ${conversation.title}`}
                  title="Delete conversation"
                  onClick={() => remove(repoId, conversation.chatId)}
                  className="mr-1 inline-flex size-7 shrink-0 items-center justify-center rounded text-zinc-400 opacity-60 hover:bg-zinc-200 hover:text-red-700 group-hover:opacity-100 focus-visible:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-red-400"
                >
                  <svg
                    aria-hidden="true"
                    viewBox="0 0 16 16"
                    className="size-3.5"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="1.5"
                  >
                    <path
                      d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.5 8.5h6l.5-8.5"
                      strokeLinejoin="round"
                    />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
