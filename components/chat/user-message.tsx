import { memo } from "react";
import {
  type ConversationMessage,
  isContinueResearch,
  isDeepResearch,
  withoutMarker,
} from "@/lib/client/chat/chat-messages";

/** A question; the automatic "continue the research" turns show as a quiet divider. */
export const UserMessage = memo(function UserMessage({
  message,
}: {
  message: ConversationMessage;
}) {
  if (isContinueResearch(message.content)) {
    return (
      <div
        data-testid="research-continue"
        className="flex items-center gap-3 text-xs text-zinc-400 dark:text-zinc-500"
      >
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        Continuing the research
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
    );
  }
  // Conversations from before research runs marked the question in its text.
  const research = message.deepResearch || isDeepResearch(message.content);
  return (
    <div data-testid="question" className="flex justify-end">
      <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-zinc-100 px-4 py-2.5 text-[15px] dark:bg-zinc-800/80">
        {research || message.filePath || message.page ? (
          <p className="mb-1 flex flex-wrap gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            {research ? (
              <span className="font-semibold text-violet-700 dark:text-violet-300">
                Deep research
              </span>
            ) : null}
            {message.page ? (
              <span data-testid="question-page" title="Asked beside this wiki page">
                Reading “{message.page}”
              </span>
            ) : null}
            {message.filePath ? (
              <span className="font-mono" title="Sent as context">
                {message.filePath}
              </span>
            ) : null}
          </p>
        ) : null}
        <p className="whitespace-pre-wrap break-words">{withoutMarker(message.content)}</p>
      </div>
    </div>
  );
});
