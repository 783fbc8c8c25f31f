import { useEffect, useState } from "react";
import type { RunEvent } from "@/lib/protocol/runs";
import {
  applyRunEvents,
  applyRunSnapshot,
  emptyRunView,
  type RunView,
} from "../research/research-run-state";
import { type FeedTransport, followRun } from "./run-subscription";

/** Events are folded in at most this often: a render per token of the report would stall. */
const FLUSH_MS = 60;

export interface LiveRun {
  view: RunView;
  transport: FeedTransport | null;
  /** The last error of the feed (e.g. the run does not exist); null while all is well. */
  error: string | null;
}

/** One run followed live from its first event: state, log lines and the streamed report. */
export function useRunView(runId: string): LiveRun {
  const [view, setView] = useState(() => emptyRunView(runId, Date.now()));
  const [transport, setTransport] = useState<FeedTransport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setView(emptyRunView(runId, Date.now()));
    setError(null);
    let pending: RunEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      setView((current) => applyRunEvents(current, batch, Date.now()));
    };
    const stop = followRun(runId, {
      onEvent: (event) => {
        pending.push(event);
        timer ??= setTimeout(flush, FLUSH_MS);
      },
      onSnapshot: (snapshot) => {
        flush();
        setError(null);
        setView((current) => applyRunSnapshot(current, snapshot, Date.now()));
      },
      onTransport: setTransport,
      onError: setError,
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [runId]);

  return { view, transport, error };
}
