import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunFeedHandlers } from "../runs/follow-run";
import { createWikiStore, seenSeqOf, type WikiStoreDeps } from "./wiki-store";
import {
  pageEvent,
  partialEvent,
  structureEvent,
  wikiEvent,
  wikiPage,
  wikiView,
} from "./wiki-test-data";

/** Fake API and socket: each test says what the server answers and plays the run's events. */
function setUp(overrides: Partial<WikiStoreDeps> = {}) {
  const subscriptions = new Map<string, Pick<RunFeedHandlers, "onEvent" | "onSnapshot">>();
  const unsubscribed: string[] = [];
  const deps: WikiStoreDeps = {
    getWiki: vi.fn(async () => wikiView()),
    getRepoWiki: vi.fn(async () => null),
    getWikiPage: vi.fn(async (_wikiId: string, pageId: string) => wikiPage(pageId)),
    startWiki: vi.fn(async () => ({ research_id: "run1", wiki_id: "w1" })),
    regenerateWikiPage: vi.fn(async () => "run2"),
    updateWiki: vi.fn(async () => ({ research_id: "run3", wiki_id: "w2" })),
    resumeWiki: vi.fn(async () => "run4"),
    cancelRun: vi.fn(async () => "Cancelled"),
    followRun: (runId, handlers) => {
      subscriptions.set(runId, handlers);
      return () => unsubscribed.push(runId);
    },
    refetchDelayMs: 100,
    ...overrides,
  };
  const store = createWikiStore(deps);
  const emit = (runId: string, ...events: Parameters<RunFeedHandlers["onEvent"]>[0][]) => {
    for (const event of events) subscriptions.get(runId)?.onEvent({ ...event, research_id: runId });
  };
  return { store, deps, subscriptions, unsubscribed, emit };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the wiki store", () => {
  it("says when the repository has no wiki yet", async () => {
    const { store } = setUp();
    await store.getState().open("local~shop", {});
    expect(store.getState()).toMatchObject({ missing: true, view: null, loading: false });
  });

  it("says when the wiki the address names does not exist, or is another repository's", async () => {
    const gone = Object.assign(new Error("Wiki not found"), { status: 404 });
    const { store } = setUp({ getWiki: vi.fn(async () => Promise.reject(gone)) });
    await store.getState().open("local~shop", { wikiId: "nope" });
    expect(store.getState()).toMatchObject({ unknownWiki: true, loadError: null, view: null });

    const other = setUp({ getWiki: vi.fn(async () => wikiView({ repo_id: "local~other" })) });
    await other.store.getState().open("local~shop", { wikiId: "w1" });
    expect(other.store.getState()).toMatchObject({ unknownWiki: true, view: null });

    const down = Object.assign(new Error("The server could not be reached"), { status: 0 });
    const failing = setUp({ getWiki: vi.fn(async () => Promise.reject(down)) });
    await failing.store.getState().open("local~shop", { wikiId: "w1" });
    expect(failing.store.getState()).toMatchObject({
      unknownWiki: false,
      loadError: "The server could not be reached",
    });
  });

  it("follows the run of a wiki that is still generating", async () => {
    const { store, subscriptions } = setUp({ getRepoWiki: vi.fn(async () => wikiView()) });
    await store.getState().open("local~shop", {});
    expect(subscriptions.has("run1")).toBe(true);
    expect(store.getState().live.runId).toBe("run1");
  });

  it("does not follow anything for a finished wiki", async () => {
    const { store, subscriptions } = setUp({
      getRepoWiki: vi.fn(async () => wikiView({ status: "ready" })),
    });
    await store.getState().open("local~shop", {});
    expect(subscriptions.size).toBe(0);
  });

  it("generates: follows the run, shows pages as planned, reads each page again once written", async () => {
    const planned = wikiView({ pages: [wikiPage("intro"), wikiPage("api")] });
    const finished = wikiView({
      status: "ready",
      pages: [
        wikiPage("intro", { status: "done", content: "Checked text" }),
        wikiPage("api", { status: "done", content: "API text" }),
      ],
    });
    const getWiki = vi
      .fn<WikiStoreDeps["getWiki"]>()
      .mockResolvedValueOnce(wikiView())
      .mockResolvedValueOnce(planned)
      .mockResolvedValueOnce(finished);
    const getWikiPage = vi.fn(async (_wikiId: string, pageId: string) =>
      wikiPage(pageId, { status: "done", content: "Checked text" }),
    );
    const { store, deps, emit } = setUp({ getWiki, getWikiPage });
    await store.getState().open("local~shop", {});
    await store
      .getState()
      .generate({ repoUrl: "/repos/shop", language: "ja", wikiType: "concise" });
    expect(deps.startWiki).toHaveBeenCalledWith({
      repo_url: "/repos/shop",
      language: "ja",
      wiki_type: "concise",
    });

    emit("run1", structureEvent(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().view?.pages.map((page) => page.id)).toEqual(["intro", "api"]);
    expect(getWiki).toHaveBeenCalledTimes(2);

    emit("run1", pageEvent(2, "intro", "generating"), partialEvent(3, "intro", "Draft"));
    expect(store.getState().live.drafts.intro).toBe("Draft");

    // A page written: that page is read again, not the whole wiki.
    emit("run1", pageEvent(4, "intro", "done"));
    await vi.advanceTimersByTimeAsync(100);
    expect(getWikiPage).toHaveBeenCalledWith("w1", "intro");
    expect(getWiki).toHaveBeenCalledTimes(2);
    expect(store.getState().view?.pages.map((page) => page.content)).toEqual(["Checked text", ""]);
    expect(seenSeqOf(store.getState(), "intro")).toBe(4);
    expect(seenSeqOf(store.getState(), "api")).toBe(1);

    // The last page and the run's end together: one read of the whole wiki.
    emit("run1", pageEvent(5, "api", "done"), wikiEvent(6, { status: "completed", progress: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(getWikiPage).toHaveBeenCalledTimes(1);
    expect(getWiki).toHaveBeenCalledTimes(3);
    expect(store.getState().view?.pages[1].content).toBe("API text");
    expect(seenSeqOf(store.getState(), "api")).toBe(6);
  });

  it("asks for everything again when regenerating all", async () => {
    const { store, deps } = setUp();
    await store.getState().generate({
      repoUrl: "/repos/shop",
      language: "en",
      wikiType: "comprehensive",
      force: true,
    });
    expect(deps.startWiki).toHaveBeenCalledWith(expect.objectContaining({ force: true }));
  });

  it("regenerates one page and follows that run instead", async () => {
    const { store, subscriptions, unsubscribed } = setUp({
      getRepoWiki: vi.fn(async () => wikiView()),
      getWiki: vi.fn(async () => wikiView({ status: "ready", research_id: "run2" })),
    });
    await store.getState().open("local~shop", {});
    await store.getState().regeneratePage("intro");
    expect(unsubscribed).toContain("run1");
    expect(subscriptions.has("run2")).toBe(true);
    expect(store.getState().live.runId).toBe("run2");
  });

  it("moves to the new wiki of an update", async () => {
    const getWiki = vi.fn(async (id: string) => wikiView({ wiki_id: id, research_id: "run3" }));
    const { store } = setUp({
      getRepoWiki: vi.fn(async () => wikiView({ status: "ready", stale_pages: ["intro"] })),
      getWiki,
    });
    await store.getState().open("local~shop", {});
    expect(await store.getState().update()).toBe("w2");
    expect(getWiki).toHaveBeenCalledWith("w2");
    expect(store.getState()).toMatchObject({ view: { wiki_id: "w2" }, live: { runId: "run3" } });
  });

  it("stops the run it follows, then resumes the wiki and follows the new run", async () => {
    const getWiki = vi.fn(async () => wikiView({ status: "partial", research_id: "run4" }));
    const { store, deps, subscriptions } = setUp({
      getRepoWiki: vi.fn(async () => wikiView()),
      getWiki,
    });
    await store.getState().open("local~shop", {});
    await store.getState().stop();
    expect(deps.cancelRun).toHaveBeenCalledWith("run1");
    expect(store.getState().pending).toBeNull();

    await store.getState().resume();
    expect(deps.resumeWiki).toHaveBeenCalledWith("w1");
    expect(subscriptions.has("run4")).toBe(true);
    expect(store.getState().live.runId).toBe("run4");
    expect(getWiki).toHaveBeenCalledWith("w1");
  });

  it("keeps the wiki on screen and reports an action the server refused", async () => {
    const { store } = setUp({
      getRepoWiki: vi.fn(async () => wikiView({ status: "ready" })),
      regenerateWikiPage: vi.fn(async () => {
        throw new Error("The wiki is being generated");
      }),
    });
    await store.getState().open("local~shop", {});
    await store.getState().regeneratePage("intro");
    expect(store.getState()).toMatchObject({
      actionError: "The wiki is being generated",
      pending: null,
      view: { wiki_id: "w1" },
    });
  });

  it("drops an answer for a wiki that is no longer open", async () => {
    let answer: (view: ReturnType<typeof wikiView>) => void = () => undefined;
    const { store } = setUp({
      getRepoWiki: vi.fn(
        () => new Promise<ReturnType<typeof wikiView>>((resolve) => (answer = resolve)),
      ),
    });
    const opening = store.getState().open("local~shop", {});
    store.getState().close();
    answer(wikiView());
    await opening;
    expect(store.getState().view).toBeNull();
  });
});
