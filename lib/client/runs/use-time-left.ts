import { useEffect, useState } from "react";
import type { Steps } from "@/lib/protocol/runs";
import { estimateTimeLeft, type StepsBaseline, timeLeftLabel } from "./time-left";

/** The estimate for a live run's current phase, from the steps this page sees arrive. */
export function useTimeLeft(phase: string, steps: Steps | null, live: boolean): string | null {
  const [track, setTrack] = useState<{ baseline: StepsBaseline | null; left: number | null }>({
    baseline: null,
    left: null,
  });
  const done = steps?.done ?? null;
  const total = steps?.total ?? null;
  useEffect(() => {
    if (!live || done === null || total === null) return;
    const at = Date.now();
    setTrack((current) => {
      // A new phase (or steps counted afresh) starts a new baseline.
      if (!current.baseline || current.baseline.phase !== phase || done < current.baseline.done)
        return { baseline: { phase, at, done }, left: null };
      return {
        baseline: current.baseline,
        left: estimateTimeLeft(current.baseline, { at, steps: { done, total } }),
      };
    });
  }, [phase, done, total, live]);
  return live && track.left !== null ? timeLeftLabel(track.left) : null;
}
