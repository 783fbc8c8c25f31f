"use client";

import { type ReactNode, useEffect, useLayoutEffect, useRef } from "react";
import { type ConversationMessage, questionBefore } from "@/lib/client/chat/chat-messages";
import { AssistantMessage } from "./assistant-message";
import { UserMessage } from "./user-message";

/** How close to the end a reader counts as following the answer. */
const FOLLOW_PX = 80;

/**
 * The conversation, scrolled along with a streaming answer while the reader is at the
 * end; a reader who scrolled up to read stays where they are.
 */
export function MessageList({
  messages,
  repoId,
  repoTitle,
  empty,
}: {
  messages: readonly ConversationMessage[];
  repoId: string;
  repoTitle: string;
  empty: ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const last = messages.at(-1);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      following.current =
        element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_PX;
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the end of the conversation changes.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, last?.content, last?.status]);

  return (
    <div
      ref={scroller}
      className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
      data-testid="messages"
    >
      {messages.length === 0 ? (
        empty
      ) : (
        <ol aria-label="Conversation" className="space-y-6 px-1 py-4">
          {messages.map((message) => (
            <li key={message.id}>
              {message.role === "user" ? (
                <UserMessage message={message} />
              ) : (
                <AssistantMessage
                  message={message}
                  repoId={repoId}
                  repoTitle={repoTitle}
                  question={questionBefore(messages, message.id)}
                />
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
