import { useEffect, useRef } from "react";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { followRun } from "./follow-run";
import { useRunsStore } from "./runs-store";

/**
 * Keeps the runs on screen current: every unfinished run in the store's page is followed
 * from its current state (the list needs the state, not a replay of every event) until
 * it finishes or leaves the page. A queued run's place in line is read again by its follower.
 */
export function useLiveRunUpdates(): void {
  // A string, so the effect runs only when the set of unfinished runs changes.
  const unfinished = useRunsStore((state) =>
    state.ids
      .filter((id) => {
        const run = state.byId[id];
        return run && !isTerminalStatus(run.status);
      })
      .join(" "),
  );
  const followed = useRef(new Map<string, () => void>());

  useEffect(() => {
    const wanted = new Set(unfinished ? unfinished.split(" ") : []);
    for (const [id, stop] of followed.current) {
      if (wanted.has(id)) continue;
      stop();
      followed.current.delete(id);
    }
    const { fold } = useRunsStore.getState();
    for (const id of wanted) {
      if (followed.current.has(id)) continue;
      followed.current.set(
        id,
        followRun(id, { onEvent: fold, onSnapshot: fold }, { fromNow: true }),
      );
    }
  }, [unfinished]);

  useEffect(() => {
    const current = followed.current;
    return () => {
      for (const stop of current.values()) stop();
      current.clear();
    };
  }, []);
}
