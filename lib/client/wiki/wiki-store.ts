import { create } from "zustand";
import type { WikiPageView, WikiTypeName, WikiView } from "@/lib/protocol/wiki";
import { type FeedTransport, followRun, type RunFeedHandlers } from "../runs/follow-run";
import { isFinished, type RunInput } from "../runs/run-state";
import { cancelRun } from "../runs/runs-api";
import {
  getRepoWiki,
  getWiki,
  getWikiPage,
  regenerateWikiPage,
  resumeWiki,
  startWiki,
  updateWiki,
} from "./wiki-api";
import {
  foldWikiRunView,
  initialWikiRunView,
  pagesFinished,
  type WikiRunView,
} from "./wiki-run-view";

/** The calls the store makes; the browser's come from wiki-api.ts and the run follower, tests pass fakes. */
export interface WikiStoreDeps {
  getWiki(wikiId: string, signal?: AbortSignal): Promise<WikiView>;
  getRepoWiki(
    repoId: string,
    choice: { language?: string; wikiType?: string },
    signal?: AbortSignal,
  ): Promise<WikiView | null>;
  getWikiPage(wikiId: string, pageId: string): Promise<WikiPageView>;
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
  followRun(
    runId: string,
    handlers: Pick<RunFeedHandlers, "onEvent" | "onSnapshot" | "onTransport">,
  ): () => void;
  /** Stored content is read this long after the run says it changed (bursts merge). */
  refetchDelayMs: number;
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
  /**
   * The last run event seen when each stored copy on screen was requested: the whole wiki
   * (`wiki`) and pages read again on their own. Later page news overrides a copy.
   */
  seenSeq: { wiki: number; pages: Record<string, number> };
  loading: boolean;
  /** True once the repository was found to have no wiki (for the choice asked). */
  missing: boolean;
  /** The wiki the address names (`?wiki=`) does not exist here, or is another repository's. */
  unknownWiki: boolean;
  loadError: string | null;
  live: WikiRunView;
  /** How the run's updates arrive (the page says when they cannot); null when none is followed. */
  transport: FeedTransport | null;
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

/** The seq after which a page's stored copy on screen was requested. */
export const seenSeqOf = (state: Pick<WikiStoreState, "seenSeq">, pageId: string) =>
  Math.max(state.seenSeq.wiki, state.seenSeq.pages[pageId] ?? 0);

const noneSeen = { wiki: 0, pages: {} };

/** The store with no wiki open: its first state, and the one `close` returns to. */
const closedState = () => ({
  repoId: null,
  view: null,
  seenSeq: noneSeen,
  loading: false,
  missing: false,
  unknownWiki: false,
  loadError: null,
  live: initialWikiRunView(""),
  transport: null,
  pending: null,
  actionError: null,
});

export function createWikiStore(deps: WikiStoreDeps) {
  return create<WikiStoreState>()((set, get) => {
    /** Bumped by open and close: answers for an earlier wiki are dropped. */
    let generation = 0;
    let unfollow: (() => void) | null = null;
    let loadController: AbortController | null = null;
    /** What the run changed since the last read: the whole wiki, or some of its pages. */
    let refetch: {
      timer: ReturnType<typeof setTimeout>;
      wiki: boolean;
      pages: Set<string>;
    } | null = null;

    const stopFollowing = () => {
      unfollow?.();
      unfollow = null;
      if (refetch) clearTimeout(refetch.timer);
      refetch = null;
    };

    /** The plan and the run's end change the whole wiki; a page finished changes that page. */
    const scheduleRefetch = (wiki: boolean, pages: string[]) => {
      refetch ??= {
        timer: setTimeout(runRefetch, deps.refetchDelayMs),
        wiki: false,
        pages: new Set(),
      };
      refetch.wiki ||= wiki;
      for (const page of pages) refetch.pages.add(page);
    };

    function runRefetch() {
      const due = refetch;
      refetch = null;
      if (!due) return;
      if (due.wiki) void get().reload();
      else for (const pageId of due.pages) void loadPage(pageId);
    }

    /** Follows the run writing the wiki on screen, from its first event. */
    const follow = (runId: string) => {
      if (get().live.runId === runId && unfollow) return;
      stopFollowing();
      set({ live: initialWikiRunView(runId), transport: null });
      const fold = (input: RunInput) => {
        const before = get().live;
        if (before.runId !== runId) return;
        const after = foldWikiRunView(before, input);
        if (after === before) return;
        set({ live: after });
        const ended = isFinished(after) && before.status !== after.status;
        const finished = pagesFinished(before, after);
        if (ended || after.planSeq !== before.planSeq || finished.length > 0) {
          scheduleRefetch(ended || after.planSeq !== before.planSeq, finished);
        }
      };
      unfollow = deps.followRun(runId, {
        onEvent: fold,
        onSnapshot: fold,
        onTransport: (transport) => {
          if (get().live.runId === runId) set({ transport });
        },
      });
    };

    /** Shows a wiki and follows its run while it is generating. */
    const show = (view: WikiView, seq: number) => {
      set({
        view,
        seenSeq: { wiki: seq, pages: {} },
        missing: false,
        loading: false,
        loadError: null,
      });
      if (view.status === "generating" && view.research_id) follow(view.research_id);
    };

    const loadWiki = async (wikiId: string) => {
      const mine = generation;
      const seq = get().live.seq;
      const view = await deps.getWiki(wikiId);
      if (mine !== generation) return;
      show(view, seq);
    };

    /** Reads one page again and puts it in place; the rest of the wiki stays as it is. */
    async function loadPage(pageId: string) {
      const mine = generation;
      const wikiId = get().view?.wiki_id;
      if (!wikiId) return;
      const seq = get().live.seq;
      try {
        const page = await deps.getWikiPage(wikiId, pageId);
        const { view, seenSeq } = get();
        if (mine !== generation || view?.wiki_id !== wikiId) return;
        set({
          view: {
            ...view,
            pages: view.pages.map((known) => (known.id === page.id ? page : known)),
          },
          seenSeq: { ...seenSeq, pages: { ...seenSeq.pages, [pageId]: seq } },
        });
      } catch {
        // The run's draft stays on screen; the end of the run reads the whole wiki again.
      }
    }

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
      ...closedState(),

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
          if (view && choice.wikiId && view.repo_id !== repoId)
            set({ loading: false, unknownWiki: true });
          else if (view) show(view, 0);
          else set({ loading: false, missing: true });
        } catch (error) {
          if (mine !== generation) return;
          if (choice.wikiId && (error as { status?: unknown }).status === 404)
            set({ loading: false, unknownWiki: true });
          else
            set({
              loading: false,
              loadError: (error as Error).message || "Could not load the wiki",
            });
        }
      },

      async reload() {
        const wikiId = get().view?.wiki_id;
        if (!wikiId) return;
        try {
          await loadWiki(wikiId);
        } catch {
          // A failed refresh keeps what is on screen; the run's next news tries again.
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
        set(closedState());
      },
    };
  });
}

/** The browser's wiki store: one wiki page is open at a time. */
export const useWikiStore = createWikiStore({
  getWiki,
  getRepoWiki,
  getWikiPage,
  startWiki,
  regenerateWikiPage,
  updateWiki,
  resumeWiki,
  cancelRun,
  followRun: (runId, handlers) => followRun(runId, handlers),
  refetchDelayMs: 300,
});
