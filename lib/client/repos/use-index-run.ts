import { useEffect, useState } from "react";
import { subscribeToRun } from "../runs/progress-socket";
import { fetchRunSnapshot } from "../runs/runs-api";
import {
  applyIndexEvent,
  applyIndexSnapshot,
  type IndexRunState,
  initialIndexRunState,
  isFinished,
} from "./index-run-state";

/** While the socket is quiet, the run's state is also read over HTTP this often. */
const POLL_MS = 4_000;

/**
 * Follows an index run from its first event: progress, steps and the latest log lines.
 * Events come over the progress socket; a slow poll of the run's snapshot covers a socket
 * that cannot connect. Null follows nothing.
 */
export function useIndexRun(runId: string | null): IndexRunState {
  const [state, setState] = useState<{ runId: string | null; run: IndexRunState }>({
    runId,
    run: initialIndexRunState,
  });

  useEffect(() => {
    setState({ runId, run: initialIndexRunState });
    if (!runId) return;
    let finished = false;
    const update = (next: (run: IndexRunState) => IndexRunState) =>
      setState((current) => {
        if (current.runId !== runId) return current;
        const run = next(current.run);
        finished = isFinished(run);
        return run === current.run ? current : { runId, run };
      });

    const unsubscribe = subscribeToRun(runId, {
      afterSeq: 0,
      onEvent: (event) => update((run) => applyIndexEvent(run, event)),
      onSnapshot: (snapshot) => update((run) => applyIndexSnapshot(run, snapshot)),
      onError: (message) =>
        update((run) => (run.status === null ? { ...run, error: message } : run)),
    });
    const timer = setInterval(() => {
      if (finished) return;
      fetchRunSnapshot(runId).then(
        (snapshot) => update((run) => applyIndexSnapshot(run, snapshot)),
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [runId]);

  return state.runId === runId ? state.run : initialIndexRunState;
}
