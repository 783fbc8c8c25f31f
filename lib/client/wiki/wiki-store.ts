import { create } from "zustand";
import { isTerminalStatus } from "@/lib/protocol/runs";
import type { WikiTypeName, WikiView } from "@/lib/protocol/wiki";
import type { RunSubscriptionOptions } from "../runs/progress-socket";
import { followRun } from "../runs/run-subscription";
import { cancelRun } from "../runs/runs-api";
import {
  getRepoWiki,
  getWiki,
  regenerateWikiPage,
  resumeWiki,
  startWiki,
  updateWiki,
} from "./wiki-api";
import {
  applyWikiEvent,
  applyWikiSnapshot,
  initialWikiLiveState,
  liveStateFor,
  type WikiLiveState,
} from "./wiki-live-state";

/** The calls the store makes; the browser's come from wiki-api.ts, tests pass fakes. */
export interface WikiStoreDeps {
  getWiki(wikiId: string, signal?: AbortSignal): Promise<WikiView>;
  getRepoWiki(
    repoId: string,
    choice: { language?: string; wikiType?: string },
    signal?: AbortSignal,
  ): Promise<WikiView | null>;
  startWiki(input: {
    repo_url: string;
    language?: string;
    wiki_type?: WikiTypeName;
    force?: boolean;
  }): Promise<{ research_id: string | null; wiki_id: string; queue_position?: number }>;
  regenerateWikiPage(wikiId: string, pageId: string): Promise<string>;
  updateWiki(wikiId: string): Promise<{ research_id: string; wiki_id: string }>;
  resumeWiki(wikiId: string): Promise<string | null>;
  cancelRun(runId: string): Promise<string>;
  subscribeToRun(runId: string, options: RunSubscriptionOptions): () => void;
  /** Stored content is read again this long after the run says it changed (bursts merge). */
  refetchDelayMs: number;
  /** While a wiki is generating it is also read this often, in case the socket is quiet. */
  pollMs: number;
}

export type WikiAction =
  | "generate"
  | "regenerate-all"
  | "regenerate-page"
  | "update"
  | "stop"
  | "resume";

export interface WikiStoreState {
  repoId: string | null;
  /** The wiki on screen; null when the repository has none (or it is loading). */
  view: WikiView | null;
  /** The last run event seen when `view` was requested: later page news overrides it. */
  viewSeq: number;
  loading: boolean;
  /** True once the repository was found to have no wiki (for the choice asked). */
  missing: boolean;
  loadError: string | null;
  live: WikiLiveState;
  /** What the user last asked for, while it is being sent. */
  pending: WikiAction | null;
  actionError: string | null;
  /** Shows one wiki by id, or the repository's newest in this language and type when given. */
  open(
    repoId: string,
    choice: { wikiId?: string; language?: string; wikiType?: string },
  ): Promise<void>;
  /** Reads the wiki on screen again. */
  reload(): Promise<void>;
  generate(input: {
    repoUrl: string;
    language: string;
    wikiType: WikiTypeName;
    force?: boolean;
  }): Promise<void>;
  regeneratePage(pageId: string): Promise<void>;
  /** Starts the wiki of the newest commit; resolves to its id. */
  update(): Promise<string | null>;
  /** Cancels the run writing the wiki; pages written so far stay. */
  stop(): Promise<void>;
  /** Writes the pages a stopped or partly failed generation left unwritten. */
  resume(): Promise<void>;
  /** Stops following the run and forgets the wiki (the page is left). */
  close(): void;
}

export function createWikiStore(deps: WikiStoreDeps) {
  return create<WikiStoreState>()((set, get) => {
    /** Bumped by open and close: answers for an earlier wiki are dropped. */
    let generation = 0;
    let unsubscribe: (() => void) | null = null;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let loadController: AbortController | null = null;

    const stopFollowing = () => {
      unsubscribe?.();
      unsubscribe = null;
      clearTimeout(refetchTimer);
      refetchTimer = undefined;
    };

    const scheduleRefetch = () => {
      if (refetchTimer) return;
      refetchTimer = setTimeout(() => {
        refetchTimer = undefined;
        void get().reload();
      }, deps.refetchDelayMs);
    };

    /** Follows the run writing the wiki on screen, from its first event. */
    const follow = (runId: string) => {
      if (get().live.runId === runId && unsubscribe) return;
      stopFollowing();
      set({ live: liveStateFor(runId) });
      const update = (next: (live: WikiLiveState) => WikiLiveState) => {
        const before = get().live;
        if (before.runId !== runId) return;
        const after = next(before);
        if (after === before) return;
        set({ live: after });
        const ended =
          after.status !== null && isTerminalStatus(after.status) && before.status !== after.status;
        if (after.changedSeq !== before.changedSeq || ended) scheduleRefetch();
      };
      unsubscribe = deps.subscribeToRun(runId, {
        afterSeq: 0,
        onEvent: (event) => update((live) => applyWikiEvent(live, event)),
        onSnapshot: (snapshot) => update((live) => applyWikiSnapshot(live, snapshot)),
        onError: (message) =>
          update((live) => (live.status === null ? { ...live, error: message } : live)),
      });
    };

    /** Shows a wiki and follows its run while it is generating. */
    const show = (view: WikiView, viewSeq: number) => {
      set({ view, viewSeq, missing: false, loading: false, loadError: null });
      if (view.status === "generating" && view.research_id) follow(view.research_id);
      const generating = view.status === "generating";
      if (generating && !pollTimer) {
        pollTimer = setInterval(() => void get().reload(), deps.pollMs);
      } else if (!generating && pollTimer) {
        clearInterval(pollTimer);
        pollTimer = undefined;
      }
    };

    const loadWiki = async (wikiId: string) => {
      const mine = generation;
      const seq = get().live.seq;
      const view = await deps.getWiki(wikiId);
      if (mine !== generation) return;
      show(view, seq);
    };

    const act = async <T>(action: WikiAction, run: () => Promise<T>): Promise<T | null> => {
      set({ pending: action, actionError: null });
      try {
        return await run();
      } catch (error) {
        set({ actionError: (error as Error).message || "That did not work" });
        return null;
      } finally {
        set({ pending: null });
      }
    };

    return {
      repoId: null,
      view: null,
      viewSeq: 0,
      loading: false,
      missing: false,
      loadError: null,
      live: initialWikiLiveState,
      pending: null,
      actionError: null,

      async open(repoId, choice) {
        get().close();
        const mine = generation;
        loadController = new AbortController();
        set({ repoId, loading: true });
        try {
          const { signal } = loadController;
          const view = choice.wikiId
            ? await deps.getWiki(choice.wikiId, signal)
            : await deps.getRepoWiki(repoId, choice, signal);
          if (mine !== generation) return;
          if (view) show(view, 0);
          else set({ loading: false, missing: true });
        } catch (error) {
          if (mine !== generation) return;
          set({ loading: false, loadError: (error as Error).message || "Could not load the wiki" });
        }
      },

      async reload() {
        const wikiId = get().view?.wiki_id;
        if (!wikiId) return;
        try {
          await loadWiki(wikiId);
        } catch {
          // A failed refresh keeps what is on screen; the next event or poll tries again.
        }
      },

      async generate({ repoUrl, language, wikiType, force }) {
        await act(force ? "regenerate-all" : "generate", async () => {
          const mine = generation;
          const started = await deps.startWiki({
            repo_url: repoUrl,
            language,
            wiki_type: wikiType,
            ...(force ? { force: true } : {}),
          });
          if (mine !== generation) return;
          if (started.research_id) follow(started.research_id);
          if (started.queue_position !== undefined) {
            set({ live: { ...get().live, queuePosition: started.queue_position } });
          }
          await loadWiki(started.wiki_id);
        });
      },

      async regeneratePage(pageId) {
        const wikiId = get().view?.wiki_id;
        if (!wikiId) return;
        await act("regenerate-page", async () => {
          const runId = await deps.regenerateWikiPage(wikiId, pageId);
          follow(runId);
          await loadWiki(wikiId);
        });
      },

      async update() {
        const wikiId = get().view?.wiki_id;
        if (!wikiId) return null;
        return act("update", async () => {
          const started = await deps.updateWiki(wikiId);
          follow(started.research_id);
          await loadWiki(started.wiki_id);
          return started.wiki_id;
        });
      },

      async stop() {
        const runId = get().live.runId;
        if (!runId) return;
        await act("stop", async () => {
          await deps.cancelRun(runId);
          // The run's final status event ends the progress and reloads the wiki.
        });
      },

      async resume() {
        const wikiId = get().view?.wiki_id;
        if (!wikiId) return;
        await act("resume", async () => {
          const runId = await deps.resumeWiki(wikiId);
          if (runId) follow(runId);
          await loadWiki(wikiId);
        });
      },

      close() {
        generation++;
        loadController?.abort();
        loadController = null;
        stopFollowing();
        clearInterval(pollTimer);
        pollTimer = undefined;
        set({
          repoId: null,
          view: null,
          viewSeq: 0,
          loading: false,
          missing: false,
          loadError: null,
          live: initialWikiLiveState,
          pending: null,
          actionError: null,
        });
      },
    };
  });
}

/** The browser's wiki store: one wiki page is open at a time. */
export const useWikiStore = createWikiStore({
  getWiki,
  getRepoWiki,
  startWiki,
  regenerateWikiPage,
  updateWiki,
  resumeWiki,
  cancelRun,
  // The run feed falls back to polling when the socket cannot connect.
  subscribeToRun: (runId, { onEvent, onSnapshot, onError }) =>
    followRun(runId, {
      onEvent: (event) => onEvent?.(event),
      onSnapshot: (snapshot) => onSnapshot?.(snapshot),
      onError,
    }),
  refetchDelayMs: 300,
  pollMs: 5_000,
});
