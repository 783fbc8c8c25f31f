import { z } from "zod";

/** Sequence numbers are Postgres integers: a larger one is bad input, not a failed query. */
export const MAX_SEQ = 2_147_483_647;

/** Statuses visible on the wire (PROTOCOLS.md section 3). */
export const runStatusSchema = z.enum([
  "queued",
  "in_progress",
  "completed",
  "failed",
  "cancelled",
]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const terminalStatuses: readonly RunStatus[] = ["completed", "failed", "cancelled"];
export const isTerminalStatus = (status: RunStatus) => terminalStatuses.includes(status);

export const runEventTypeSchema = z.enum(["status", "progress", "log", "partial", "result"]);
export type RunEventType = z.infer<typeof runEventTypeSchema>;

export const stepsSchema = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type Steps = z.infer<typeof stepsSchema>;

export const logEntryTypeSchema = z.enum(["info", "milestone", "warning", "error"]);
export type LogEntryType = z.infer<typeof logEntryTypeSchema>;

export const logEntrySchema = z.object({
  time: z.string(),
  message: z.string(),
  type: logEntryTypeSchema,
  metadata: z.object({ phase: z.string() }).catchall(z.unknown()),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/** One event of `research_progress_{id}`. */
export const runEventSchema = z.object({
  research_id: z.string(),
  seq: z.number().int().positive(),
  kind: z.string(),
  type: runEventTypeSchema,
  status: runStatusSchema,
  progress: z.number().min(0).max(100),
  /** A new human-readable line: absent when the event has nothing new to say. */
  message: z.string().optional(),
  phase: z.string(),
  steps: stepsSchema.optional(),
  log_entry: logEntrySchema.optional(),
  partial: z.object({ page_id: z.string().optional(), text: z.string() }).optional(),
  result: z.unknown().optional(),
});
export type RunEvent = z.infer<typeof runEventSchema>;

export const runSnapshotSchema = z.object({
  research_id: z.string(),
  kind: z.string(),
  status: runStatusSchema,
  progress: z.number(),
  message: z.string(),
  phase: z.string(),
  steps: stepsSchema.nullable(),
  seq: z.number().int().min(0),
  queue_position: z.number().int().positive().optional(),
  created_at: z.string(),
  started_at: z.string().optional(),
  completed_at: z.string().optional(),
  error: z.string().optional(),
});
export type RunSnapshot = z.infer<typeof runSnapshotSchema>;

/** Client-to-server payloads of the progress socket. */
export const subscribePayloadSchema = z.object({
  research_id: z.string().min(1).max(200),
  after_seq: z.number().int().min(0).max(MAX_SEQ).optional(),
});
export const unsubscribePayloadSchema = z.object({ research_id: z.string().min(1).max(200) });

export type SubscribeAck = { ok: true; snapshot: RunSnapshot } | { ok: false; error: string };

export const progressEventName = (runId: string) => `research_progress_${runId}`;

export const historyItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  query: z.string(),
  status: runStatusSchema,
  progress: z.number(),
  message: z.string(),
  error: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  /** The repository a research reads (as it was named), for runs whose title does not say it. */
  repository: z.string().nullable().optional(),
});
export type HistoryItem = z.infer<typeof historyItemSchema>;
