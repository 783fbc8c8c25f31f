import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { isTerminalStatus, type Steps } from "../protocol/runs";
import { stateOfRow } from "../runs/event-writer";
import type { RunRow } from "../runs/queries";
import { watchRun } from "../runs/run-watch";
import type { RunService } from "../runs/service";
import type { TokenVault } from "../security/token-vault";
import {
  claimSnapshotRun,
  getSnapshotById,
  insertSnapshotIfAbsent,
  type RepositoryRow,
  type SnapshotRow,
} from "./queries";
import type { SnapshotFilters } from "./repository-source";

export interface IndexingDeps {
  db: Database;
  runs: RunService;
  vault: TokenVault;
}

/** Where the index run of a snapshot is, as waiting callers show it. */
export interface IndexProgress {
  message: string;
  /** 0–100, never decreasing within one run. */
  progress: number;
  /** Files parsed of the files selected, once the run has listed them. */
  steps?: Steps;
}

/** How often a snapshot is read while the run that will index it is being started. */
const STARTING_POLL_MS = 250;
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * The snapshot of a commit with its index run: the run already working on it is joined,
 * otherwise one is started. Callers racing for the same snapshot (in this process or
 * another) share one run: each new run must claim the snapshot, and a run that loses the
 * claim is cancelled before it does anything.
 */
export async function startOrJoinIndexRun(
  deps: IndexingDeps,
  request: {
    principal: Principal;
    repository: RepositoryRow;
    commit: string;
    ref: string | null;
    filters: SnapshotFilters;
    filtersKey: string;
    token?: string;
  },
): Promise<{ snapshot: SnapshotRow; runId: string | null }> {
  const { db, runs, vault } = deps;
  const { repository, commit } = request;
  for (let attempt = 1; ; attempt++) {
    const snapshot = await insertSnapshotIfAbsent(db, {
      id: randomUUID(),
      repoId: repository.id,
      commit,
      ref: request.ref,
      filters: request.filters,
      filtersKey: request.filtersKey,
    });
    if (snapshot.status === "ready") return { snapshot, runId: null };
    vault.put(snapshot.id, request.token);
    const current = snapshot.runId ? await runs.peekRun(snapshot.runId) : null;
    if (current && !isTerminalStatus(stateOfRow(current).status)) {
      return { snapshot, runId: current.id };
    }
    const started = await runs.startRun({
      kind: "index",
      input: { snapshot_id: snapshot.id },
      principal: request.principal,
      title: `${repository.owner}/${repository.name} @ ${commit.slice(0, 10)}`,
    });
    const runId = started.snapshot.research_id;
    if (await claimSnapshotRun(db, { id: snapshot.id, runId, previousRunId: snapshot.runId })) {
      return { snapshot: { ...snapshot, status: "indexing", runId }, runId };
    }
    const unclaimed = await runs.peekRun(runId);
    if (unclaimed) await runs.cancelRun(unclaimed).catch(() => {});
    if (attempt >= MAX_CLAIM_ATTEMPTS)
      throw new AppError("unavailable:repo", "Indexing could not be started; try again");
  }
}

/**
 * Waits until a snapshot is indexed, following the run that indexes it: yields the run's
 * progress whenever it changes, returns the ready snapshot, and throws when indexing failed,
 * was cancelled or the repository was removed.
 */
export async function* waitForIndex(
  deps: Pick<IndexingDeps, "db" | "runs">,
  snapshotId: string,
  signal: AbortSignal,
): AsyncGenerator<IndexProgress, SnapshotRow> {
  let reported = "";
  for (;;) {
    signal.throwIfAborted();
    const snapshot = await requireSnapshot(deps.db, snapshotId);
    if (snapshot.status === "ready") return snapshot;
    if (snapshot.runId === null) {
      // A caller is starting the run for it right now.
      await sleep(STARTING_POLL_MS, undefined, { signal });
      continue;
    }
    let last: RunRow | null = null;
    for await (const run of watchRun(deps.runs, snapshot.runId, signal)) {
      last = run;
      const state = stateOfRow(run);
      if (isTerminalStatus(state.status)) break;
      const progress: IndexProgress = {
        message: state.message,
        progress: state.progress,
        ...(state.steps ? { steps: state.steps } : {}),
      };
      const key = JSON.stringify(progress);
      if (key !== reported) {
        reported = key;
        yield progress;
      }
    }
    const after = await requireSnapshot(deps.db, snapshotId);
    if (after.status === "ready") return after;
    // Another caller started a new run for it (the one followed had failed): follow that.
    if (after.runId !== snapshot.runId) continue;
    throw indexingFailure(last);
  }
}

async function requireSnapshot(db: Database, id: string): Promise<SnapshotRow> {
  const snapshot = await getSnapshotById(db, { id });
  if (!snapshot)
    throw new AppError("not_found:snapshot", "The repository was removed while indexing");
  return snapshot;
}

function indexingFailure(run: RunRow | null): AppError {
  if (run?.status === "cancelled")
    return new AppError("unavailable:repo", "Indexing the repository was cancelled");
  return new AppError(
    "unavailable:repo",
    `Indexing the repository failed${run?.error ? `: ${run.error}` : ""}`,
  );
}
