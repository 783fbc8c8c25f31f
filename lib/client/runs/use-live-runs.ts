import { useEffect, useRef, useState } from "react";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { type FeedTransport, followRun } from "./follow-run";
import { useRunsStore } from "./runs-store";

/**
 * Keeps the runs on screen current: every unfinished run in the store's page is followed
 * from its current state (the list needs the state, not a replay of every event) until
 * it finishes or leaves the page. A queued run's place in line is read again by its follower.
 * Returns "reconnecting" while any of them reaches the server neither by socket nor by
 * polling (the list's live badges may be behind), else null.
 */
export function useLiveRunUpdates(): FeedTransport | null {
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
  const [cutOff, setCutOff] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    const wanted = new Set(unfinished ? unfinished.split(" ") : []);
    const mark = (id: string, reconnecting: boolean) =>
      setCutOff((current) => {
        if (current.has(id) === reconnecting) return current;
        const next = new Set(current);
        if (reconnecting) next.add(id);
        else next.delete(id);
        return next;
      });
    for (const [id, stop] of followed.current) {
      if (wanted.has(id)) continue;
      stop();
      followed.current.delete(id);
      mark(id, false);
    }
    const { fold } = useRunsStore.getState();
    for (const id of wanted) {
      if (followed.current.has(id)) continue;
      followed.current.set(
        id,
        followRun(
          id,
          {
            onEvent: fold,
            onSnapshot: fold,
            onTransport: (transport) => mark(id, transport === "reconnecting"),
          },
          { fromNow: true },
        ),
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

  return cutOff.size > 0 ? "reconnecting" : null;
}
