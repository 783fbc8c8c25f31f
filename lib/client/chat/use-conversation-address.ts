import { useEffect, useRef } from "react";
import { askHref } from "../code/source-links";
import { useChatStore } from "./chat-store";
import { useChatStoreHydrated } from "./use-chat-store-hydrated";

/**
 * Ties the open conversation to the address: `/repos/{id}/ask/{chat_id}` opens that
 * conversation (in any browser: the server keeps it), and opening, starting or deleting
 * one replaces the address, so it can always be copied and shared. Nothing happens until
 * `enabled` (the address's conversation is known to exist: an unknown one is a 404 page).
 */
export function useConversationAddress(
  repoId: string,
  chatIdInAddress: string | null,
  enabled = true,
): void {
  const hydrated = useChatStoreHydrated() && enabled;
  const active = useChatStore((state) => state.activeByRepo[repoId] ?? null);
  const select = useChatStore((state) => state.select);
  // The address's conversation, until the store has it open: the address waits for it.
  const arriving = useRef<string | null | undefined>(undefined);

  useEffect(() => {
    if (!hydrated || arriving.current !== undefined) return;
    arriving.current = chatIdInAddress;
    if (chatIdInAddress) select(repoId, chatIdInAddress);
  }, [hydrated, repoId, chatIdInAddress, select]);

  useEffect(() => {
    if (!hydrated || arriving.current === undefined) return;
    if (arriving.current !== null && active !== arriving.current) return;
    arriving.current = null;
    const wanted = askHref(repoId, active);
    if (window.location.pathname !== wanted)
      window.history.replaceState(window.history.state, "", wanted);
  }, [hydrated, repoId, active]);
}
