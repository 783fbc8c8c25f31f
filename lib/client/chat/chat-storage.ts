import { z } from "zod";
import type { StateStorage } from "zustand/middleware";
import { DEFAULT_LANGUAGE } from "./chat-languages";

// What Ask keeps in this browser (the server keeps the conversations): the answer language,
// the Ask panel's state, the open conversation of each repository, and the research answers
// Ask started, which the server's conversation does not hold. localStorage, written in
// batches and read back checked.

/** A research answer of a conversation: enough to follow its run again, or read its report. */
export const researchTurnSchema = z.object({
  id: z.string(),
  repoId: z.string(),
  question: z.string(),
  runId: z.string(),
  /** How many of the server's stored messages come before it. */
  after: z.number().int().min(0),
  askedAt: z.number(),
  status: z.enum(["streaming", "done", "stopped", "failed"]),
  error: z.string().optional(),
});
export type ResearchTurn = z.infer<typeof researchTurnSchema>;

export interface KeptChatState {
  language: string;
  askPanelOpen: boolean;
  /** The open conversation (`chat_id`) of each repository; none means a new one. */
  activeByRepo: Record<string, string>;
  /** Research answers by `chat_id`, in the order they were asked. */
  research: Record<string, ResearchTurn[]>;
}

export const keptDefaults: KeptChatState = {
  language: DEFAULT_LANGUAGE,
  askPanelOpen: false,
  activeByRepo: {},
  research: {},
};

const keptSchema = z.object({
  language: z.string().catch(DEFAULT_LANGUAGE),
  askPanelOpen: z.boolean().catch(false),
  activeByRepo: z.record(z.string(), z.string()).catch({}),
  research: z.record(z.string(), z.array(z.unknown())).catch({}),
});

/** The kept state, checked: a damaged entry is dropped, not shown. */
export function readKept(persisted: unknown): KeptChatState {
  const parsed = keptSchema.safeParse(persisted ?? {});
  if (!parsed.success) return keptDefaults;
  const research: Record<string, ResearchTurn[]> = {};
  for (const [chatId, turns] of Object.entries(parsed.data.research)) {
    const valid = turns.flatMap((turn) => {
      const checked = researchTurnSchema.safeParse(turn);
      return checked.success ? [checked.data] : [];
    });
    if (valid.length > 0) research[chatId] = valid;
  }
  return { ...parsed.data, research };
}

/** Written at most this often: a streaming research answer changes its status a few times. */
const SAVE_DELAY_MS = 300;
const unsaved = new Map<string, string>();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  for (const [name, value] of unsaved) {
    try {
      window.localStorage.setItem(name, value);
    } catch {
      // A private mode or a full quota: Ask keeps working, unsaved.
    }
  }
  unsaved.clear();
}
// Whatever is still waiting is written when the page goes away (a reload, a closed tab).
if (typeof window !== "undefined") window.addEventListener("pagehide", saveNow);

/** localStorage, written in batches and never throwing. */
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
