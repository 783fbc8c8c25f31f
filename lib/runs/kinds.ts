import type { z } from "zod";
import type { OwnedRepository } from "../auth/ownership";
import type { LogEntryType, Steps } from "../protocol/runs";

export interface ProgressUpdate {
  /** 0–100; lower values than already reported are ignored (progress never decreases). */
  progress?: number;
  message?: string;
  phase?: string;
  steps?: Steps;
}

export interface LogOptions {
  type?: LogEntryType;
  phase?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Why a run's signal was aborted: a user's cancel, a lost lease, the server stopping, or
 * DATA_DIR running out of space (the run waits in the queue for room).
 */
export type AbortReason = { kind: "cancelled" | "lease_lost" | "shutdown" | "disk_low" };

/** True when a user cancelled the run (a shutdown, lost lease or full disk hands it back to resume). */
export const cancelledByUser = (signal: AbortSignal): boolean =>
  signal.aborted && (signal.reason as AbortReason | undefined)?.kind === "cancelled";

/** What a run kind's `execute` gets: the only way it talks to the platform. */
export interface RunContext<Input> {
  runId: string;
  userId: string;
  input: Input;
  /** 1 on the first execution, more when resumed after its worker died. */
  attempt: number;
  /** Aborted when the run is cancelled, its lease is lost, the server stops or the disk is low. */
  signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  log(message: string, options?: LogOptions): void;
  /** Streams content (a page, a report) to subscribers as `partial` events. */
  partial(text: string, options?: { pageId?: string }): void;
  /** Any event of the protocol; `progress`, `log` and `partial` are shorthands for it. */
  emit(event: RunEmit): void;
  /**
   * Runs `fn` once per run: when a resumed run reaches a step that already completed,
   * the stored result is returned instead. `fn` must be safe to run again if it was cut short.
   */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export type RunEmit =
  | ({ type: "progress" } & ProgressUpdate)
  | { type: "log"; message: string; options?: LogOptions }
  | { type: "partial"; text: string; pageId?: string }
  | { type: "result"; message?: string; result: unknown };

export interface RunKind<Input = unknown> {
  kind: string;
  input: z.ZodType<Input>;
  /** The line shown in history (the query, the repository). */
  describe(input: Input): string;
  /** True when every step is idempotent, so a run whose worker died can be resumed. */
  resumable: boolean;
  /** True when `POST /api/runs` may start it; features with their own endpoint say false. */
  startable?: boolean;
  /**
   * The repository the run works on, for kinds whose runs follow its visibility
   * (lib/auth/ownership.ts REPOSITORY_RUN_KINDS); null when it is gone.
   */
  repositoryOf?(input: Input): Promise<OwnedRepository | null>;
  execute(context: RunContext<Input>): Promise<unknown>;
}

/** Kinds are registered by server.ts; the platform knows none of them itself. */
export class RunKindRegistry {
  private readonly kinds = new Map<string, RunKind>();

  register<Input>(kind: RunKind<Input>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`Run kind ${kind.kind} is registered twice`);
    this.kinds.set(kind.kind, kind as unknown as RunKind);
  }

  get(kind: string): RunKind | undefined {
    return this.kinds.get(kind);
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }
}
