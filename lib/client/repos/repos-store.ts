import { create } from "zustand";
import type { Visibility } from "@/lib/protocol/visibility";
import type { RepositorySummary } from "./repo-schemas";
import { deleteRepository, listRepositories, setRepositoryVisibility } from "./repos-api";

interface ReposState {
  items: RepositorySummary[];
  /** True once a list has arrived, so an empty list is told apart from "not loaded". */
  loaded: boolean;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Deletes on the server, then drops the row; throws with the server's message. */
  remove(repoId: string): Promise<void>;
  /** The owner shares a repository or makes it private; throws with the server's message. */
  setVisibility(repoId: string, visibility: Visibility): Promise<void>;
}

/** Only the latest list request may write its answer. */
let latestLoad: AbortController | null = null;

export const useReposStore = create<ReposState>()((set, get) => ({
  items: [],
  loaded: false,
  loading: false,
  error: null,

  async load() {
    latestLoad?.abort();
    const controller = new AbortController();
    latestLoad = controller;
    set({ loading: true, error: null });
    try {
      const items = await listRepositories(controller.signal);
      if (controller.signal.aborted) return;
      set({ items, loaded: true, loading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      set({ loading: false, error: (error as Error).message || "Could not load repositories" });
    }
  },

  async remove(repoId) {
    await deleteRepository(repoId);
    set({ items: get().items.filter((item) => item.repo_id !== repoId) });
  },

  async setVisibility(repoId, visibility) {
    const updated = await setRepositoryVisibility(repoId, visibility);
    set({
      items: get().items.map((item) =>
        item.repo_id === repoId ? { ...item, visibility: updated.visibility } : item,
      ),
    });
  },
}));
