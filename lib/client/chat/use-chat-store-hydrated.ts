import { useEffect, useSyncExternalStore } from "react";
import { useChatStore } from "./chat-store";

const subscribe = (listener: () => void) => useChatStore.persist.onFinishHydration(listener);
const hydrated = () => useChatStore.persist.hasHydrated();

let started = false;

/** Once per page: read what Ask keeps in this browser, and follow other tabs' changes while idle here. */
function startHydration() {
  if (started) return;
  started = true;
  void useChatStore.persist.rehydrate();
  window.addEventListener("storage", (event) => {
    if (event.key !== useChatStore.persist.getOptions().name) return;
    if (Object.keys(useChatStore.getState().runs).length === 0)
      void useChatStore.persist.rehydrate();
  });
}

/**
 * True once what Ask keeps in this browser (the open conversation of each repository, the
 * language, research answers) is read: after the first render (the server render has no
 * storage), so the page hydrates without a mismatch.
 */
export function useChatStoreHydrated(): boolean {
  useEffect(startHydration, []);
  return useSyncExternalStore(subscribe, hydrated, () => false);
}
