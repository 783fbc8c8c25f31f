import {
  isTerminalStatus,
  type LogEntryType,
  type RunEvent,
  type RunSnapshot,
  type RunStatus,
  type Steps,
} from "@/lib/protocol/runs";

/** One line of a run's log console. */
export interface LogLine {
  seq: number;
  time: string;
  message: string;
  type: LogEntryType;
  phase: string;
}

/** What the run page knows of one run, folded from its snapshot and its events. */
export interface RunView {
  runId: string;
  kind: string | null;
  /** Null until the first snapshot or event. */
  status: RunStatus | null;
  progress: number;
  message: string;
  phase: string;
  steps: Steps | null;
  queuePosition: number | null;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  error: string | null;
  /** The seq the state fields above are current to. */
  stateSeq: number;
  logs: LogLine[];
  /**
   * The report as streamed so far, by part in the order parts began: text without a page
   * first, then `section-1`, `section-2`… A section written again (after a restart) starts over.
   */
  reportParts: { id: string; text: string }[];
  /** The `result` event's payload, once the run has one. */
  result: unknown;
  /**
   * What the report being written may cite: the commit and files the research read (a log
   * entry says so before writing), so its citations link while it streams.
   */
  evidence: { commit: string; paths: string[] } | null;
  /** When the run was last seen to move (ms since the epoch). */
  lastMovedAt: number;
}

export function emptyRunView(runId: string, now: number): RunView {
  return {
    runId,
    kind: null,
    status: null,
    progress: 0,
    message: "",
    phase: "",
    steps: null,
    queuePosition: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
    error: null,
    stateSeq: 0,
    logs: [],
    reportParts: [],
    result: null,
    evidence: null,
    lastMovedAt: now,
  };
}

/**
 * Folds a batch of events in (delivered once each, in seq order). Log lines and report
 * text come from every event; the state fields only from events newer than the snapshot
 * already applied.
 */
export function applyRunEvents(view: RunView, events: readonly RunEvent[], now: number): RunView {
  if (events.length === 0) return view;
  const next: RunView = { ...view };
  const lines: LogLine[] = [];
  let parts = view.reportParts;
  const writePart = (id: string, update: (text: string) => string) => {
    if (parts === view.reportParts) parts = [...parts];
    const at = parts.findIndex((part) => part.id === id);
    if (at === -1) parts.push({ id, text: update("") });
    else parts[at] = { id, text: update(parts[at].text) };
  };
  for (const event of events) {
    next.kind ??= event.kind;
    const rewrite = event.log_entry?.metadata.rewrite_page_id;
    if (typeof rewrite === "string") writePart(rewrite, () => "");
    if (event.log_entry) {
      lines.push({
        seq: event.seq,
        time: event.log_entry.time,
        message: event.log_entry.message,
        type: event.log_entry.type,
        phase: event.log_entry.metadata.phase || event.phase,
      });
    }
    const evidence = evidenceOf(event.log_entry?.metadata);
    if (evidence) next.evidence = evidence;
    const partial = event.partial;
    if (partial && (next.kind === "research" || !partial.page_id)) {
      writePart(partial.page_id ?? "", (text) => text + partial.text);
    }
    if (event.type === "result") next.result = event.result ?? null;
    if (event.seq <= next.stateSeq) continue;
    const when = event.log_entry?.time ?? new Date(now).toISOString();
    next.stateSeq = event.seq;
    next.status = event.status;
    next.progress = Math.max(next.progress, event.progress);
    next.message = event.message ?? next.message;
    // Steps count the units of one phase: a new phase without steps has none yet.
    next.steps = event.steps ?? (event.phase === next.phase ? next.steps : null);
    next.phase = event.phase;
    if (event.status !== "queued") next.queuePosition = null;
    if (event.status !== "queued" && !next.startedAt) next.startedAt = when;
    if (isTerminalStatus(event.status)) {
      next.completedAt ??= when;
      if (event.status === "failed") next.error ??= event.message ?? next.message;
    }
    next.lastMovedAt = now;
  }
  if (lines.length > 0) next.logs = view.logs.concat(lines);
  next.reportParts = parts;
  return next;
}

/** The streamed report as one Markdown text. */
export const reportText = (view: RunView) => view.reportParts.map((part) => part.text).join("");

/** A snapshot replaces the state fields unless newer events were applied already. */
export function applyRunSnapshot(view: RunView, snapshot: RunSnapshot, now: number): RunView {
  if (snapshot.seq < view.stateSeq) return view;
  const moved = snapshot.seq > view.stateSeq || snapshot.status !== view.status;
  return {
    ...view,
    kind: snapshot.kind,
    status: snapshot.status,
    progress: Math.max(view.progress, snapshot.progress),
    message: snapshot.message,
    phase: snapshot.phase,
    steps: snapshot.steps,
    queuePosition: snapshot.status === "queued" ? (snapshot.queue_position ?? null) : null,
    createdAt: snapshot.created_at,
    startedAt: snapshot.started_at ?? view.startedAt,
    completedAt: snapshot.completed_at ?? view.completedAt,
    error: snapshot.error ?? view.error,
    stateSeq: snapshot.seq,
    lastMovedAt: moved ? now : view.lastMovedAt,
  };
}

export type LogFilter = "all" | "milestones" | "problems";

export function matchesLogFilter(line: LogLine, filter: LogFilter): boolean {
  if (filter === "milestones") return line.type === "milestone";
  if (filter === "problems") return line.type === "warning" || line.type === "error";
  return true;
}

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

function evidenceOf(metadata: Record<string, unknown> | undefined): RunView["evidence"] {
  const paths = metadata?.evidence_paths;
  const commit = metadata?.commit;
  if (!Array.isArray(paths) || typeof commit !== "string") return null;
  return { commit, paths: paths.filter((path): path is string => typeof path === "string") };
}
