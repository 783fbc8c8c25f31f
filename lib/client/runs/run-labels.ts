import type { Steps } from "@/lib/protocol/runs";
import type { LogLine } from "./run-state";

const phaseNames: Record<string, string> = {
  queued: "Waiting for a slot",
  indexing: "Indexing the repository",
  planning: "Planning",
  retrieving: "Retrieving and reading",
  searching: "Searching the code",
  reading: "Reading the evidence",
  writing: "Writing the report",
  concluding: "Concluding",
};

/** `page:overview` → "Page overview"; known phases by name; others spelled out. */
export function phaseLabel(phase: string): string {
  if (!phase) return "";
  const known = phaseNames[phase];
  if (known) return known;
  if (phase.startsWith("page:")) return `Writing page ${phase.slice(5)}`;
  const words = phase.replace(/[._:-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "";
}

/** The steps in the unit the phase counts: "iteration 2 of 5", "3 of 6 queries", "section 3 of 6". */
export function stepsLabel(phase: string, steps: Steps | null, kind: string | null): string {
  if (!steps || steps.total === 0) return "";
  const { done, total } = steps;
  if (phase === "retrieving" || phase === "reading") {
    return `iteration ${Math.min(total, done + (done < total ? 1 : 0))} of ${total}`;
  }
  if (phase === "searching") return `${done} of ${total} queries`;
  if (phase === "writing") {
    return done < total ? `section ${done + 1} of ${total}` : `${total} of ${total} sections`;
  }
  if (phase === "planning" || phase === "concluding" || phase === "indexing") return "";
  if (kind === "wiki" || phase.startsWith("page:")) return `${done} of ${total} pages`;
  if (kind === "index") return `${done} of ${total} files`;
  return `${done} of ${total}`;
}

export type LogFilter = "all" | "milestones" | "problems";

export function matchesLogFilter(line: LogLine, filter: LogFilter): boolean {
  if (filter === "milestones") return line.type === "milestone";
  if (filter === "problems") return line.type === "warning" || line.type === "error";
  return true;
}
