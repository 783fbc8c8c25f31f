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
  }));

  useEffect(() => {
    setFollowed({ runId, state: view.initial(runId ?? ""), transport: null, error: null });
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
        update(() => ({ error: null }));
      },
      onTransport: (transport) => update(() => ({ transport })),
      onError: (error) => update(() => ({ error })),
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [runId, view]);

  const current =
    followed.runId === runId
      ? followed
      : { state: view.initial(runId ?? ""), transport: null, error: null };
  return { state: current.state, transport: current.transport, error: current.error };
}
