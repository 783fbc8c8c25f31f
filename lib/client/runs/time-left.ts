import type { Steps } from "@/lib/protocol/runs";

/** Steps seen to finish before an estimate is worth showing. */
export const MIN_STEPS_FOR_ESTIMATE = 3;

/** When the steps of one phase were first seen, and how many were done then. */
export interface StepsBaseline {
  phase: string;
  at: number;
  done: number;
}

/**
 * Milliseconds left in the phase: the steps left times the time per step this page has
 * seen (from its baseline to the latest count). Null until a few steps have been seen.
 */
export function estimateTimeLeft(
  baseline: StepsBaseline,
  latest: { at: number; steps: Steps },
): number | null {
  const seen = latest.steps.done - baseline.done;
  if (seen < MIN_STEPS_FOR_ESTIMATE || latest.at <= baseline.at) return null;
  const perStep = (latest.at - baseline.at) / seen;
  return Math.max(0, latest.steps.total - latest.steps.done) * perStep;
}

/** "About 40s left", "About 3 min left", "Almost done". */
export function timeLeftLabel(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 5) return "Almost done";
  if (seconds < 60) return `About ${Math.ceil(seconds / 5) * 5}s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${minutes} min left`;
  return `About ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
