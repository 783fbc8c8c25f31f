import { useEffect, useRef } from "react";
import { isTerminalStatus, type RunEvent, type RunSnapshot } from "@/lib/protocol/runs";
import { followRun as followRunFeed } from "./run-subscription";
import { fetchRunSnapshot } from "./runs-api";
import { useRunsStore } from "./runs-store";

/**
 * Keeps the runs on screen current: every unfinished run in the store's page is followed
 * over the progress socket until it finishes or leaves the page.
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
    for (const id of wanted) if (!followed.current.has(id)) followed.current.set(id, followRun(id));
  }, [unfinished]);

  useEffect(() => {
    const current = followed.current;
    return () => {
      for (const stop of current.values()) stop();
      current.clear();
    };
  }, []);
}

/**
 * Reads the run's snapshot first so the subscription starts at its current seq: the
 * list needs the state, not a replay of every event the run has written.
 */
function followRun(runId: string): () => void {
  const { applyEvent, applySnapshot } = useRunsStore.getState();
  let stopped = false;
  let unsubscribe: (() => void) | undefined;

  const onEvent = (event: RunEvent) => {
    applyEvent(event);
    if (isTerminalStatus(event.status)) void settle(runId);
  };
  const subscribe = (afterSeq: number) => {
    // The feed polls over HTTP while the progress socket cannot connect.
    unsubscribe = followRunFeed(runId, { onEvent, onSnapshot: applySnapshot }, { afterSeq });
  };

  fetchRunSnapshot(runId).then(
    (snapshot: RunSnapshot) => {
      if (stopped) return;
      applySnapshot(snapshot);
      if (!isTerminalStatus(snapshot.status)) subscribe(snapshot.seq);
    },
    // Without a snapshot, follow from the start: replayed events fold in by seq.
    () => {
      if (!stopped) subscribe(0);
    },
  );

  return () => {
    stopped = true;
    unsubscribe?.();
  };
}

/**
 * A finished run: its final snapshot has the completion time, and the runs queued
 * behind it have moved up (queue positions travel in snapshots, not events).
 */
async function settle(finishedId: string): Promise<void> {
  const { byId, ids, applySnapshot } = useRunsStore.getState();
  const queued = ids.filter((id) => byId[id]?.status === "queued");
  await Promise.all(
    [finishedId, ...queued].map((id) => fetchRunSnapshot(id).then(applySnapshot, () => undefined)),
  );
}
