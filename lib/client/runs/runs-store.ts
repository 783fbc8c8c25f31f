import { create } from "zustand";
import type { RunInput } from "./run-state";
import { foldRunSummary, type RunSummary, summaryFromHistory } from "./run-summary";
import { deleteRun, fetchHistory, type HistoryFilters } from "./runs-api";

export interface HistoryQuery extends HistoryFilters {
  limit: number;
  offset: number;
}

/** Two queries ask for the same page of the same filtered list. */
export const sameHistoryQuery = (a: HistoryQuery | null, b: HistoryQuery) =>
  a !== null &&
  a.limit === b.limit &&
  a.offset === b.offset &&
  (a.status ?? "") === (b.status ?? "") &&
  (a.kind ?? "") === (b.kind ?? "") &&
  (a.q ?? "").trim() === (b.q ?? "").trim();

interface RunsState {
  /** Every run the client knows of, kept current by progress events. */
  byId: Record<string, RunSummary>;
  /** The ids of the page of history on screen, newest first. */
  ids: string[];
  total: number;
  query: HistoryQuery | null;
  loading: boolean;
  error: string | null;
  loadHistory(query: HistoryQuery): Promise<void>;
  /** Deletes a run and reloads the page on screen; throws the server's refusal. */
  deleteRun(runId: string): Promise<void>;
  /** Folds in what a run's follower delivered. */
  fold(input: RunInput): void;
}

/** Only the latest history request may write its answer; older ones are abandoned. */
let latestLoad: AbortController | null = null;

export const useRunsStore = create<RunsState>()((set, get) => ({
  byId: {},
  ids: [],
  total: 0,
  query: null,
  loading: false,
  error: null,

  async loadHistory(query) {
    latestLoad?.abort();
    const controller = new AbortController();
    latestLoad = controller;
    const samePage = sameHistoryQuery(get().query, query);
    // A different page shows a loading state; a refresh of the same page keeps its rows.
    set({ loading: true, error: null, query, ...(samePage ? {} : { ids: [] }) });
    try {
      const page = await fetchHistory(query, controller.signal);
      if (controller.signal.aborted) return;
      const byId = { ...get().byId };
      for (const item of page.items) byId[item.id] = summaryFromHistory(item, byId[item.id]);
      set({ byId, ids: page.items.map((item) => item.id), total: page.total, loading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      set({ loading: false, error: (error as Error).message || "Could not load runs" });
    }
  },

  async deleteRun(runId) {
    await deleteRun(runId);
    const { query, byId } = get();
    const rest = { ...byId };
    delete rest[runId];
    set({ byId: rest, ids: get().ids.filter((id) => id !== runId) });
    if (query) await get().loadHistory(query);
  },

  fold(input) {
    const run = get().byId[input.research_id];
    if (!run) return;
    const next = foldRunSummary(run, input);
    if (next !== run) set({ byId: { ...get().byId, [run.runId]: next } });
  },
}));
