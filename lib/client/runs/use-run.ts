import { useEffect, useState } from "react";
import { type FeedTransport, followRun } from "./follow-run";
import type { RunInput, RunState } from "./run-state";

/** How a view folds a run: its state before the first event, and foldRunState extended. */
export interface RunFold<S extends RunState> {
  initial(runId: string): S;
  fold(state: S, input: RunInput): S;
}

export interface FollowedRun<S> {
  state: S;
  /** How updates arrive; null before the follower has decided. */
  transport: FeedTransport | null;
  /** Why the run cannot be followed (it does not exist, it is not this user's); null while all is well. */
  error: string | null;
  /** The server refused the run for good (it does not exist or is not this user's). */
  missing: boolean;
}

/** Events are folded in at most this often: a render per token of a report would stall. */
const FLUSH_MS = 60;

/** Follows one run from its first event and folds it with the view's reducer; null follows nothing. */
export function useRun<S extends RunState>(runId: string | null, view: RunFold<S>): FollowedRun<S> {
  const [followed, setFollowed] = useState<FollowedRun<S> & { runId: string | null }>(() => ({
    runId,
    state: view.initial(runId ?? ""),
    transport: null,
    error: null,
    missing: false,
  }));

  useEffect(() => {
    setFollowed({
      runId,
      state: view.initial(runId ?? ""),
      transport: null,
      error: null,
      missing: false,
    });
    if (!runId) return;
    const update = (change: (current: FollowedRun<S>) => Partial<FollowedRun<S>>) =>
      setFollowed((current) =>
        current.runId === runId ? { ...current, ...change(current) } : current,
      );
    let pending: RunInput[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      update(({ state }) => ({ state: batch.reduce(view.fold, state) }));
    };
    const stop = followRun(runId, {
      onEvent: (event) => {
        pending.push(event);
        timer ??= setTimeout(flush, FLUSH_MS);
      },
      onSnapshot: (snapshot) => {
        pending.push(snapshot);
        flush();
        update(() => ({ error: null, missing: false }));
      },
      onTransport: (transport) => update(() => ({ transport })),
      onError: (error, final) => update(() => ({ error, missing: final })),
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [runId, view]);

  const current =
    followed.runId === runId
      ? followed
      : { state: view.initial(runId ?? ""), transport: null, error: null, missing: false };
  const { state, transport, error, missing } = current;
  return { state, transport, error, missing };
}
