import type { StateStorage } from "zustand/middleware";
import { conversationSchema } from "./chat-conversations";
import type { ChatState } from "./chat-store";

// How the chat store is kept in this browser: localStorage written in batches, and read
// back checked.

/** A streaming answer changes the store many times a second; storage is written at most this often. */
const SAVE_DELAY_MS = 300;
const unsaved = new Map<string, string>();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  for (const [name, value] of unsaved) {
    try {
      window.localStorage.setItem(name, value);
    } catch (error) {
      console.warn("[chat] conversations could not be saved:", (error as Error).message);
    }
  }
  unsaved.clear();
}
// Whatever is still waiting is written when the page goes away (a reload, a closed tab).
if (typeof window !== "undefined") window.addEventListener("pagehide", saveNow);

/**
 * localStorage, written in batches and never throwing: private modes and full quotas keep
 * the chat working, unsaved.
 */
export const batchedStorage: StateStorage = {
  getItem: (name) => {
    try {
      return unsaved.get(name) ?? window.localStorage.getItem(name);
    } catch {
      return null;
    }
  },
  setItem: (name, value) => {
    unsaved.set(name, value);
    saveTimer ??= setTimeout(saveNow, SAVE_DELAY_MS);
  },
  removeItem: (name) => {
    unsaved.delete(name);
    try {
      window.localStorage.removeItem(name);
    } catch {
      // nothing to remove then
    }
  },
};

/** The stored state, checked: damaged conversations are dropped, answers cut off by a reload are "stopped". */
export function readStored(persisted: unknown): Partial<ChatState> {
  if (typeof persisted !== "object" || persisted === null) return {};
  const stored = persisted as Record<string, unknown>;
  const conversations = (Array.isArray(stored.conversations) ? stored.conversations : [])
    .map((item) => conversationSchema.safeParse(item))
    .filter((parsed) => parsed.success)
    .map(({ data }) => ({
      ...data,
      // A research run goes on without the page: its answer is followed again (resumeResearch).
      messages: data.messages.map((m) =>
        m.status === "streaming" && !m.research ? { ...m, status: "stopped" as const } : m,
      ),
    }));
  const known = new Set(conversations.map((c) => c.id));
  const activeByRepo = Object.fromEntries(
    Object.entries(
      typeof stored.activeByRepo === "object" && stored.activeByRepo !== null
        ? stored.activeByRepo
        : {},
    ).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && known.has(entry[1]),
    ),
  );
  const deletedChats = Array.isArray(stored.deletedChats)
    ? stored.deletedChats.filter((id): id is string => typeof id === "string")
    : [];
  return {
    conversations,
    activeByRepo,
    deletedChats,
    ...(typeof stored.language === "string" ? { language: stored.language } : {}),
    ...(typeof stored.askPanelOpen === "boolean" ? { askPanelOpen: stored.askPanelOpen } : {}),
  };
}
