import { z } from "zod";
import {
  historyItemSchema,
  type RunSnapshot,
  runEventSchema,
  runSnapshotSchema,
} from "@/lib/protocol/runs";

const historyPageSchema = z.object({ items: z.array(historyItemSchema), total: z.number() });
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** A refused runs API call: the server's short, safe message and the HTTP status. */
export class RunApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "RunApiError";
  }
}

/** The API's error body carries a short, safe message; anything else gets a generic one. */
async function readJsonOrThrow(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const message = (body as { message?: unknown } | null)?.message;
  throw new RunApiError(
    typeof message === "string" ? message : `Request failed (${response.status})`,
    response.status,
  );
}

export interface HistoryFilters {
  /** A run status, or none for every status. */
  status?: string;
  kind?: string;
  /** Words of the run's query or repository. */
  q?: string;
}

export async function fetchHistory(
  { limit, offset, status, kind, q }: { limit: number; offset: number } & HistoryFilters,
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (status) query.set("status", status);
  if (kind) query.set("kind", kind);
  if (q?.trim()) query.set("q", q.trim());
  const response = await fetch(`/api/history?${query}`, { signal, cache: "no-store" });
  return historyPageSchema.parse(await readJsonOrThrow(response));
}

export async function fetchRunSnapshot(runId: string, signal?: AbortSignal): Promise<RunSnapshot> {
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/status`, {
    signal,
    cache: "no-store",
  });
  return runSnapshotSchema.parse(await readJsonOrThrow(response));
}

const eventPageSchema = z.object({ events: z.array(runEventSchema), next_seq: z.number() });

/** The run's stored events after `afterSeq`, oldest first (the polling fallback). */
export async function fetchRunEvents(
  runId: string,
  afterSeq: number,
  limit: number,
  signal?: AbortSignal,
): Promise<z.infer<typeof eventPageSchema>> {
  const query = new URLSearchParams({ after_seq: String(afterSeq), limit: String(limit) });
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/logs?${query}`, {
    signal,
    cache: "no-store",
  });
  return eventPageSchema.parse(await readJsonOrThrow(response));
}

const actionReplySchema = z.object({ status: z.string(), message: z.string().optional() });

/** `POST /api/terminate/{id}`; resolves with the server's message. */
export async function cancelRun(runId: string): Promise<string> {
  const response = await fetch(`/api/terminate/${encodeURIComponent(runId)}`, { method: "POST" });
  return actionReplySchema.parse(await readJsonOrThrow(response)).message ?? "Cancelled";
}

/** `DELETE /api/delete/{id}`; the server refuses a run still in progress (its message is thrown). */
export async function deleteRun(runId: string): Promise<void> {
  const response = await fetch(`/api/delete/${encodeURIComponent(runId)}`, { method: "DELETE" });
  actionReplySchema.parse(await readJsonOrThrow(response));
}

/** The run's history line (its question or repository), from its status. */
export async function fetchRunQuery(runId: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/status`, {
    signal,
    cache: "no-store",
  });
  const body = z.object({ query: z.string().optional() }).parse(await readJsonOrThrow(response));
  return body.query ?? "";
}
